"""Translation currency: which aligned paragraphs of a document are out of date.

A row of aligned paragraphs (``procedure.alignment``) holds each language's text of the same
passage. For each language's text of a row the documents app keeps a *mark*: the hashes of
the texts it follows, as they were when it was last written or checked. A paragraph is out of
date when a text it follows has changed since.

The rule, as data (:data:`FOLLOWS`): a language version follows every *authentic* version
other than itself. In the SCO Russian and Chinese are equally authentic, English is a
working translation: English follows Russian and Chinese, Russian follows Chinese and
Chinese follows Russian; a changed English paragraph makes no one out of date.

A text that changes a paragraph it was behind on is catching up: the paragraph it caught up
with does not become out of date in turn (otherwise a revised Chinese paragraph would mark
the Russian one it translates out of date).

No Django here: texts and marks come in as plain values, marks go out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from secretariat.procedure.alignment import Paragraph, Row

#: What a language version follows: "authentic" = every authentic version but itself.
FOLLOWS = "authentic"

#: A language's text of a row, by hash; None where the language has no paragraph there.
RowKeys = Mapping[str, str | None]
#: (lang, hash of its text of a row) -> (followed lang -> hash of that lang's text then).
Marks = Mapping[tuple[str, str], Mapping[str, str]]


def followed(lang: str, authentic: Collection[str]) -> tuple[str, ...]:
    """The languages whose changes make ``lang``'s paragraphs out of date."""
    return tuple(sorted(a for a in authentic if a != lang))


def text_key(texts: Sequence[str]) -> str:
    """The hash a row's text in one language is known by (whitespace does not count)."""
    joined = "\n\n".join(" ".join(t.split()) for t in texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def row_keys(rows: Sequence[Row], paragraphs: Mapping[str, Sequence[Paragraph]]) -> list[RowKeys]:
    """Each row's text in each language, by hash."""
    return [
        {
            lang: text_key([paragraphs[lang][i].text for i in cell]) if cell else None
            for lang, cell in row.cells.items()
        }
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class Currency:
    """A language's text of a row: the languages it is out of date with (empty: current)."""

    lang: str
    behind: tuple[str, ...]

    @property
    def out_of_date(self) -> bool:
        return bool(self.behind)


def currency_of(keys: RowKeys, marks: Marks, authentic: Collection[str]) -> dict[str, Currency]:
    """Whether each language's text of a row is current with the texts it follows."""
    found: dict[str, Currency] = {}
    for lang, key in keys.items():
        if key is None:
            continue
        against = marks.get((lang, key))
        behind = tuple(
            other
            for other in followed(lang, authentic)
            if against is not None
            and keys.get(other) is not None
            and against.get(other) not in (None, keys[other])
        )
        found[lang] = Currency(lang, behind)
    return found


def marks_after_write(
    *,
    before: Sequence[RowKeys],
    after: Sequence[RowKeys],
    marks: Marks,
    written: str,
    authentic: Collection[str],
) -> dict[tuple[str, str], dict[str, str]]:
    """The marks to store after a new text in ``written``: rows ``before`` and ``after`` it.

    A paragraph of ``written`` that is new (no mark for its text) is revised against the
    texts it follows now. Other paragraphs keep their marks, so an authentic change leaves
    the paragraphs that follow it out of date; except where ``written`` was behind (or
    missing) and caught up: those rows' other texts take its new text as current.
    """
    behind_before = _behind(before, marks, authentic)
    changed: dict[tuple[str, str], dict[str, str]] = {}
    for keys in after:
        for lang, key in keys.items():
            if key is None:
                continue
            current = {o: k for o in followed(lang, authentic) if (k := keys.get(o)) is not None}
            mark = marks.get((lang, key))
            if mark is None:
                changed[(lang, key)] = current
                continue
            updated = dict(mark)
            for other, other_key in current.items():
                caught_up = other == written and (lang, key, other) in behind_before
                if other not in updated or caught_up:
                    updated[other] = other_key
            if updated != mark:
                changed[(lang, key)] = updated
    return changed


def _behind(
    rows: Sequence[RowKeys], marks: Marks, authentic: Collection[str]
) -> set[tuple[str, str, str]]:
    """(lang, key of its text, other): ``other`` was missing or out of date with that text."""
    found: set[tuple[str, str, str]] = set()
    for keys in rows:
        currency = currency_of(keys, marks, authentic)
        for lang, key in keys.items():
            if key is None:
                continue
            for other in keys:
                if other == lang:
                    continue
                if keys[other] is None or lang in currency[other].behind:
                    found.add((lang, key, other))
    return found


def mark_checked(keys: RowKeys, lang: str, authentic: Collection[str]) -> dict[str, str]:
    """The mark of ``lang``'s text of a row checked by a translator: current with all."""
    return {o: k for o in followed(lang, authentic) if (k := keys.get(o)) is not None}
