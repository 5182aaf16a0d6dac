"""The parallel texts of a document in the JSON API (mounted by documents.api at its end):
the language versions side by side, row by aligned row, with their translation currency.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Schema

from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.schemas import ErrorOut
from secretariat.documents import selectors
from secretariat.documents.parallel import Parallel, paragraph_check, parallel_of

router = ActionRouter(tags=["documents"])


class ParallelColumnOut(Schema):
    lang: Literal["ru", "zh", "en"]
    name: str = Field(description="The language's name, in that language.")
    authentic: bool
    revision: int | None = Field(
        description="The revision shown; null when there is no text in this language yet."
    )


class ParallelCellOut(Schema):
    lang: Literal["ru", "zh", "en"]
    paragraphs: list[str]
    state: Literal["current", "out_of_date", "pending"] = Field(
        description="out_of_date: a text it follows changed since it was revised or checked; "
        "pending: no text in this language for this row yet."
    )
    behind: list[Literal["ru", "zh", "en"]] = Field(
        description="The languages whose text changed since this one was revised."
    )
    key: str = Field(description="What this text is known by, to mark it checked.")
    state_name: str = Field(description="The state in the caller's language.")


class ParallelRowOut(Schema):
    number: int
    label: str = Field(description="The article or point number the row opens with, if any.")
    cells: list[ParallelCellOut]


class DocumentParallelOut(Schema):
    document: int
    version: int
    columns: list[ParallelColumnOut]
    rows: list[ParallelRowOut]
    out_of_date: int = Field(description="How many cells are out of date.")


class ParagraphCheckIn(Schema):
    lang: Literal["ru", "zh", "en"]
    key: str = Field(max_length=64)
    expected_version: int | None = None


def state_names() -> dict[str, str]:
    """Each cell state as the reader reads it (the page shows the same words)."""
    from django.utils.translation import gettext as _

    return {
        "current": _("translation up to date"),
        "out_of_date": _("translation out of date"),
        "pending": _("translation pending"),
    }


def parallel_data(document_id: int, version: int, parallel: Parallel) -> DocumentParallelOut:
    names = state_names()
    return DocumentParallelOut(
        document=document_id,
        version=version,
        columns=[
            ParallelColumnOut(lang=c.lang, name=c.name, authentic=c.authentic, revision=c.revision)  # type: ignore[arg-type]  # a DocLang code
            for c in parallel.columns
        ],
        rows=[
            ParallelRowOut(
                number=r.number,
                label=r.label,
                cells=[
                    ParallelCellOut(
                        lang=c.lang,  # type: ignore[arg-type]  # a DocLang code
                        paragraphs=list(c.paragraphs),
                        state=c.state,
                        behind=list(c.behind),  # type: ignore[arg-type]  # DocLang codes
                        key=c.key,
                        state_name=names[c.state],
                    )
                    for c in r.cells
                ],
            )
            for r in parallel.rows
        ],
        out_of_date=parallel.out_of_date,
    )


@router.read(
    "/{document_id}/parallel",
    action="documents.view",
    response={200: DocumentParallelOut, 404: ErrorOut},
    summary="The language versions side by side",
)
def documents_parallel(request: HttpRequest, document_id: int) -> DocumentParallelOut:
    """The document's Russian, Chinese and English texts aligned paragraph by paragraph, each
    cell marked current, out of date (a text it follows changed since) or pending."""
    user = me(request)
    document = selectors.document_of(user, document_id)
    with translation.override(user.language):
        return parallel_data(document.pk, document.version, parallel_of(document))


@router.create(
    "/{document_id}/parallel/check",
    action="documents.draft",
    response={200: DocumentParallelOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Mark a translated paragraph checked",
)
def documents_paragraph_check(
    request: HttpRequest, document_id: int, payload: ParagraphCheckIn
) -> DocumentParallelOut:
    """A translator found the paragraph still says what the texts it follows say: it is no
    longer out of date. Recorded in the audit log, with who and when."""
    user = me(request)
    document = selectors.document_of(user, document_id)
    paragraph_check(
        document=document,
        lang=payload.lang,
        key=payload.key,
        by=user,
        expected_version=payload.expected_version,
    )
    with translation.override(user.language):
        return parallel_data(document.pk, document.version, parallel_of(document))
