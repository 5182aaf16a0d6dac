"""Translation currency of a document's language versions, and their parallel view.

The language versions' current texts are aligned paragraph by paragraph
(``procedure.alignment``); for each language's text of an aligned row a ``ParagraphMark``
records the texts it was revised against (``procedure.currency``). Every new text of a
language version updates the marks (``marks_after_revision``, called by the services that
store a text); a translator may mark a paragraph checked (``paragraph_check``, an audited
write); ``parallel_of`` reads the rows with their marks for the page and the API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.core.locking import bump, lock_version
from secretariat.documents.models import (
    LANG_ORDER,
    DocLang,
    Document,
    ParagraphMark,
    Revision,
)
from secretariat.procedure.alignment import Paragraph, align, paragraphs_of
from secretariat.procedure.currency import (
    RowKeys,
    currency_of,
    mark_checked,
    marks_after_write,
    row_keys,
)

#: The columns of the parallel view, always all three: authentic Russian and Chinese first.
COLUMNS: tuple[str, ...] = tuple(sorted(LANG_ORDER, key=LANG_ORDER.__getitem__))

CellState = Literal["current", "out_of_date", "pending"]


@dataclass(frozen=True, slots=True)
class Version:
    lang: str
    authentic: bool
    revision: int
    text: str


def _versions(document: Document) -> dict[str, Version]:
    """The current text of each language version (one query)."""
    found: dict[str, Version] = {}
    revisions = Revision.objects.filter(language_version__document=document).select_related(
        "language_version"
    )
    for r in revisions.order_by("number"):
        v = r.language_version
        found[v.lang] = Version(v.lang, v.authentic, r.number, r.text)
    return found


@dataclass(frozen=True, slots=True)
class Aligned:
    paragraphs: Mapping[str, Sequence[Paragraph]]
    rows: list[dict[str, tuple[int, ...]]]
    keys: list[RowKeys]


def _aligned(texts: Mapping[str, str]) -> Aligned:
    paragraphs = {lang: paragraphs_of(text) for lang, text in texts.items()}
    rows = align(paragraphs)
    return Aligned(paragraphs, [dict(r.cells) for r in rows], row_keys(rows, paragraphs))


def _marks(document: Document) -> dict[tuple[str, str], ParagraphMark]:
    return {(m.lang, m.key): m for m in ParagraphMark.objects.filter(document=document)}


def _authentic(versions: Mapping[str, Version]) -> frozenset[str]:
    return frozenset(lang for lang, v in versions.items() if v.authentic)


def marks_after_revision(revision: Revision) -> None:
    """Update the marks after ``revision`` was stored (inside the service's transaction)."""
    version = revision.language_version
    document = version.document
    versions = _versions(document)
    after = {lang: v.text for lang, v in versions.items()}
    before = dict(after)
    previous = version.revisions.filter(number=revision.number - 1).first()
    if previous is None:
        del before[version.lang]
    else:
        before[version.lang] = previous.text
    marks = _marks(document)
    changed = marks_after_write(
        before=_aligned(before).keys,
        after=_aligned(after).keys,
        marks={k: m.against for k, m in marks.items()},
        written=version.lang,
        authentic=_authentic(versions),
    )
    now = timezone.now()
    for (lang, key), against in changed.items():
        mark = marks.get((lang, key)) or ParagraphMark(document=document, lang=lang, key=key)
        mark.against = against
        mark.updated_at = now
        if mark.pk is None:
            mark.revision = versions[lang].revision
        mark.save()


@transaction.atomic
def paragraph_check(
    *,
    document: Document,
    lang: str,
    key: str,
    by: User | None = None,
    expected_version: int | None = None,
) -> ParagraphMark:
    """Mark ``lang``'s text of an aligned row (known by ``key``) checked against the texts it
    follows: a translator found it still says what they say. Audited (the mark is saved)."""
    from secretariat.documents.services import STALE, _check_editable, _check_owner

    locked = lock_version(document, expected_version, code="stale_document", message=STALE)
    _check_editable(locked)
    _check_owner(locked, by)
    versions = _versions(locked)
    aligned = _aligned({code: v.text for code, v in versions.items()})
    keys = next((k for k in aligned.keys if k.get(lang) == key), None)
    if keys is None:
        raise refuse("no_such_paragraph", "documents.no_such_paragraph", status=404)
    mark = ParagraphMark.objects.filter(document=locked, lang=lang, key=key).first()
    mark = mark or ParagraphMark(document=locked, lang=lang, key=key)
    now = timezone.now()
    mark.against = mark_checked(keys, lang, _authentic(versions))
    mark.revision = versions[lang].revision
    mark.updated_at = now
    mark.checked_by = by
    mark.checked_at = now
    mark.save()
    bump(locked, document)
    return mark


# --- the parallel view -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One language's text of an aligned row."""

    lang: str
    #: Its paragraphs (none when the language has nothing for this row).
    paragraphs: tuple[str, ...]
    state: CellState
    #: The followed languages whose text changed since this one was revised.
    behind: tuple[str, ...]
    #: What the cell's text is known by, for marking it checked; "" when empty.
    key: str

    @property
    def html_lang(self) -> str:
        return "zh-Hans" if self.lang == "zh" else self.lang


@dataclass(frozen=True, slots=True)
class ParallelRow:
    number: int
    #: The article or point number the row's paragraphs open with, if any.
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Column:
    lang: str
    name: str
    authentic: bool
    #: The current revision shown; None when the language version does not exist yet.
    revision: int | None


@dataclass(frozen=True, slots=True)
class Parallel:
    columns: tuple[Column, ...]
    rows: tuple[ParallelRow, ...]

    @property
    def numbered(self) -> bool:
        """Whether the rows are known by article numbers (else by their order)."""
        return any(r.label for r in self.rows)

    @property
    def out_of_date(self) -> int:
        return sum(1 for r in self.rows for c in r.cells if c.state == "out_of_date")


def parallel_of(document: Document) -> Parallel:
    """The document's language versions side by side, row by aligned row, with their marks."""
    versions = _versions(document)
    aligned = _aligned({lang: v.text for lang, v in versions.items()})
    marks = {k: m.against for k, m in _marks(document).items()}
    authentic = _authentic(versions)
    rows = []
    for number, (cells, keys) in enumerate(zip(aligned.rows, aligned.keys, strict=True), 1):
        currency = currency_of(keys, marks, authentic)
        shown = []
        label = ""
        for lang in COLUMNS:
            indices = cells.get(lang, ())
            texts = tuple(aligned.paragraphs[lang][i].text for i in indices)
            label = label or next(
                (n for i in indices if (n := aligned.paragraphs[lang][i].number)), ""
            )
            behind = currency[lang].behind if lang in currency else ()
            state: CellState = "pending" if not texts else "out_of_date" if behind else "current"
            shown.append(Cell(lang, texts, state, behind, keys.get(lang) or ""))
        rows.append(ParallelRow(number, label, tuple(shown)))
    columns = tuple(
        Column(
            lang,
            DocLang(lang).label,
            versions[lang].authentic if lang in versions else False,
            versions[lang].revision if lang in versions else None,
        )
        for lang in COLUMNS
    )
    return Parallel(columns, tuple(rows))
