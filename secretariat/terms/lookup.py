"""The term base for other apps: which of its terms a text contains, and what they are in
the other languages (``equivalents``). Search expands a query with them; translators and
the wording checks read them.

The base is small (a few hundred terms): it is read whole into memory and kept until it
changes. Every write goes through ``terms.services``, which moves the concept's
``updated_at``; a lookup compares the base's fingerprint (number of concepts and terms,
latest change) with the one it was built from, so an edit in any process is seen by the
next lookup in every process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from secretariat.terms.matching import Entry, TermIndex
from secretariat.terms.models import LANGS, Concept, Term


@dataclass(frozen=True)
class Equivalent:
    """A term of the base found in a text, with the concept's terms in every language."""

    #: The concept's key ("depositary").
    concept: str
    domain: str
    #: The term of the base that was found, and its language.
    found: str
    lang: str
    #: Where in the text it was found (``text[start:end]``).
    start: int
    end: int
    #: The preferred term in each language (a language without terms is absent).
    preferred: dict[str, str]
    #: Every term in each language, the preferred first, then the admitted variants.
    terms: dict[str, tuple[str, ...]]

    def in_other_languages(self) -> dict[str, tuple[str, ...]]:
        """The concept's terms in the languages other than the one it was found in."""
        return {lang: found for lang, found in self.terms.items() if lang != self.lang}


@dataclass(frozen=True)
class _Base:
    fingerprint: tuple[object, ...]
    index: TermIndex
    concepts: dict[str, tuple[str, dict[str, tuple[str, ...]]]]


_lock = threading.Lock()
_base: _Base | None = None


def _fingerprint() -> tuple[object, ...]:
    found = Concept.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return (found["n"], found["last"], Term.objects.count())


def _build(fingerprint: tuple[object, ...]) -> _Base:
    terms: dict[str, dict[str, list[str]]] = {}
    domains = dict(Concept.objects.values_list("key", "domain"))
    rows = Term.objects.order_by("concept__key", "lang", "-preferred", "position", "pk")
    entries = []
    for key, lang, text in rows.values_list("concept__key", "lang", "text"):
        terms.setdefault(key, {}).setdefault(lang, []).append(text)
        entries.append(Entry(key, lang, text))
    concepts = {
        key: (domains[key], {lang: tuple(by_lang[lang]) for lang in LANGS if lang in by_lang})
        for key, by_lang in terms.items()
    }
    return _Base(fingerprint, TermIndex(entries), concepts)


def _current() -> _Base:
    global _base
    fingerprint = _fingerprint()
    base = _base
    if base is None or base.fingerprint != fingerprint:
        with _lock:
            base = _build(fingerprint)
            _base = base
    return base


def forget() -> None:
    """Drop the base held in memory (the next lookup reads it again)."""
    global _base
    _base = None


def equivalents(text: str, lang: str | None = None) -> list[Equivalent]:
    """The term-base terms ``text`` contains (in language ``lang`` only, if given), in the
    order they occur, each with its concept's terms in every language.

    Russian and English are matched on word stems (any case, any inflection), Chinese as a
    substring; overlapping finds keep the longest. A concept found twice is listed once.
    """
    if not text.strip():
        return []
    base = _current()
    found: list[Equivalent] = []
    seen: set[str] = set()
    for hit in base.index.find(text, lang):
        key = hit.entry.concept
        if key in seen or key not in base.concepts:
            continue
        seen.add(key)
        domain, terms = base.concepts[key]
        found.append(
            Equivalent(
                concept=key,
                domain=domain,
                found=hit.entry.text,
                lang=hit.entry.lang,
                start=hit.start,
                end=hit.end,
                preferred={lang: texts[0] for lang, texts in terms.items()},
                terms=terms,
            )
        )
    return found
