"""The wording check: messages that name a term-base concept in English must use one of the
concept's terms in Russian and in Chinese. No Django here: it reads catalogues as pairs.

Only concepts marked ``enforce: true`` are held to it: those whose words are fixed by the
Organisation's texts (consensus, depositary, certified copy, member state...). A concept is
"named in English" when the term base's longest match finds it there, so "Secretariat of the
Business Council" holds the message to that body's terms, not to the SCO Secretariat's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from secretariat.terms.matching import Entry, TermIndex
from secretariat.terms.termbase_file import ConceptRecord


@dataclass(frozen=True)
class Translated:
    """One message: its English and its translation into ``lang``, and where it is."""

    where: str
    english: str
    lang: str
    text: str


@dataclass(frozen=True)
class Offence:
    where: str
    concept: str
    lang: str
    english: str
    text: str
    #: The terms one of which the translation should have used.
    expected: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.english!r} names {self.concept}; its {self.lang} translation "
            f"{self.text!r} uses none of {', '.join(self.expected)}"
        )


def wording_offences(
    messages: Iterable[Translated], concepts: Sequence[ConceptRecord]
) -> list[Offence]:
    """The messages whose translation does not use the terms of a concept their English
    names (enforced concepts only)."""
    every = TermIndex(Entry(c.key, t.lang, t.text) for c in concepts for t in c.terms)
    enforced = {c.key: c for c in concepts if c.enforce}
    own = {
        key: {
            lang: TermIndex(Entry(key, t.lang, t.text) for t in c.in_language(lang))
            for lang in ("ru", "zh")
        }
        for key, c in enforced.items()
    }
    offences = []
    for message in messages:
        if not message.text.strip() or message.lang not in ("ru", "zh"):
            continue
        # A word left as it is in the translation is a literal, not a name to translate:
        # the command "secretariat registry load", the value "member_state".
        named = {
            hit.entry.concept
            for hit in every.find(message.english, "en")
            if message.english[hit.start : hit.end] not in message.text
        }
        for key in sorted(named & set(enforced)):
            if own[key][message.lang].find(message.text):
                continue
            expected = tuple(t.text for t in enforced[key].in_language(message.lang))
            offences.append(
                Offence(message.where, key, message.lang, message.english, message.text, expected)
            )
    return offences
