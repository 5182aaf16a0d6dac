"""Schemas of the documents API: what it takes, with its columns' limits, and what it answers,
field by field as ``documents.presenters.document_out`` builds it."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from secretariat.core.schemas import Day, columns
from secretariat.documents.models import Assessment, Comment, Document, Revision
from secretariat.procedure.text import Lang
from secretariat.texts.compare import RowKind, SpanKind

# --- what it takes ----------------------------------------------------------------------------


@columns(Document)
class DocumentIn(Schema):
    type: str = Field(description="decision, declaration, agreement, regulation, plan, ...")
    body: str = Field(description="The code of the body that considers it (cnc, chs, bcb, ...).")
    title_en: str = ""
    title_ru: str = ""
    title_zh: str = ""
    meeting: int | None = None
    agenda_item: int | None = Field(None, description="The item's number on the meeting's agenda.")
    areas: list[str] = Field(default_factory=list, description="STRAT-AREAS codes.")
    proposals: list[int] = Field(default_factory=list, description="Agenda proposals' ids.")


class VersionedIn(Schema):
    expected_version: int | None = Field(
        None, description="The document's version you acted on; a newer one answers 409."
    )


@columns(Revision)
class TextIn(VersionedIn):
    lang: Lang = Field(description="ru, zh or en")
    text: str
    note: str = ""
    authentic: bool | None = Field(
        None, description="Default: Russian and Chinese authentic, English a translation."
    )


class ConsultationIn(VersionedIn):
    cnc_agreed_on: Day
    closes_on: Day


@columns(Comment)
class CommentIn(Schema):
    text: str
    reference: str = Field("", description="Article or paragraph the comment is on.")


@columns(Comment)
class ResolutionIn(VersionedIn):
    resolution: str = Field(description="accepted, partly or rejected")
    note: str = ""


@columns(Assessment)
class AssessmentIn(VersionedIn):
    kind: str = Field(description="legal or financial")
    conclusion: str = Field(description="favourable, remarks or unfavourable")
    text: str


class CirculationIn(VersionedIn):
    cnc_consent_on: Day | None = Field(description="The day the CNC consented.")
    circulated_on: Day | None = Field(None, description="Default: today.")


#: The limit of a revision's note, for the upload operations' multipart ``note``. It is given
#: there as ``Annotated[str, Form(max_length=...)] = ""``: ``Form[Annotated[str, Field(...)]]``
#: made the field required (the inner Field has no default), so a request without a note was
#: refused (schemathesis ST202).
NOTE_MAX_LENGTH: int = Revision._meta.get_field("note").max_length  # type: ignore[assignment]


# --- what it answers --------------------------------------------------------------------------

#: The revision number of each language version's text, by language (stored with an
#: assessment and a circulation: the texts they read).
RevisionNumbers = dict[Lang, int]


class DocumentRowOut(Schema):
    """A document in the list."""

    id: int
    type: str = Field(description="decision, declaration, agreement, regulation, plan, ...")
    status: str = Field(description="draft, consultation, circulated, adopted or withdrawn")
    status_name: str = Field(description="The status in the caller's language.")
    title: str = Field(description="In the caller's language, or English where not given.")
    body: str = Field(description="The code of the body that considers it.")
    owner: str = Field(description="The code of the delegation that prepared it.")
    adopted_on: dt.date | None
    version: int


class DocumentRevisionOut(Schema):
    id: int
    number: int
    made_at: dt.datetime
    made_by: str = Field(description="Who made it (user name), or empty.")
    note: str
    sha256: str = Field(description="Of the uploaded file, or of the text (UTF-8) typed in.")
    size: int = Field(description="The uploaded file's size in bytes; 0 for a typed text.")
    file_name: str = Field(description="The uploaded file's name; empty for a typed text.")
    media_type: str = Field(description="The uploaded file's media type; empty for a typed text.")


class DocumentLanguageOut(Schema):
    lang: str = Field(description="ru, zh or en")
    authentic: bool
    current: int | None = Field(description="The number of the current revision.")
    text: str = Field(description="The current revision's text.")
    revisions: list[DocumentRevisionOut]


class DocumentCommentOut(Schema):
    id: int
    delegation: str = Field(description="The commenting delegation's code.")
    delegation_name: str
    reference: str = Field(description="Article or paragraph the comment is on.")
    text: str
    submitted_at: dt.datetime
    resolution: str = Field(description="open, accepted, partly or rejected")
    resolution_name: str = Field(description="The resolution in the caller's language.")
    resolution_note: str


class DocumentConsultationOut(Schema):
    id: int
    cnc_agreed_on: dt.date
    closes_on: dt.date
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    comments: list[DocumentCommentOut]


class DocumentAssessmentOut(Schema):
    kind: str = Field(description="legal or financial")
    kind_name: str
    conclusion: str = Field(description="favourable, remarks or unfavourable")
    conclusion_name: str
    text: str
    revisions: RevisionNumbers = Field(description="The revision of each text it read.")
    made_at: dt.datetime


class DocumentSummaryOut(Schema):
    """A verdict's sentence in each language."""

    en: str = ""
    ru: str = ""
    zh: str = ""


class DocumentCirculationOut(Schema):
    cnc_consent_on: dt.date
    circulated_on: dt.date
    due: dt.date | None = Field(description="The latest day by SEC-CIRCULATE-20D, if a meeting.")
    late: bool
    revisions: RevisionNumbers = Field(description="The revision of each text that was sent.")
    summary: DocumentSummaryOut = Field(description="What was recorded, in each language.")
    rules: list[str] = Field(description="The ids of the rules it applied.")


class DocumentDetailOut(Schema):
    """A document with its texts, consultations, assessments and circulation."""

    id: int
    type: str = Field(description="decision, declaration, agreement, regulation, plan, ...")
    type_name: str = Field(description="The type in the caller's language.")
    status: str = Field(description="draft, consultation, circulated, adopted or withdrawn")
    status_name: str = Field(description="The status in the caller's language.")
    title: str = Field(description="In the caller's language, or English where not given.")
    title_en: str
    title_ru: str
    title_zh: str
    body: str = Field(description="The code of the body that considers it.")
    body_name: str
    meeting: int | None = Field(description="The meeting's id.")
    agenda_item: int | None = Field(description="The item's number on the meeting's agenda.")
    areas: list[str] = Field(description="STRAT-AREAS codes.")
    area_names: list[str] = Field(description="The areas in the caller's language.")
    owner: str = Field(description="The code of the delegation that prepared it.")
    owner_name: str
    created_at: dt.datetime
    adopted_on: dt.date | None
    version: int = Field(description="Give it back as expected_version when you act on it.")
    languages: list[DocumentLanguageOut] = Field(description="Authentic texts first.")
    consultations: list[DocumentConsultationOut]
    assessments: list[DocumentAssessmentOut] = Field(
        description="The Secretariat's working papers: empty for the delegations."
    )
    assessments_missing: list[str] = Field(
        description="The kinds of assessment (legal, financial) still due of a draft."
    )
    consultation_open: bool
    circulation_due: dt.date | None = Field(
        description="The latest day of circulation by SEC-CIRCULATE-20D, if a meeting."
    )
    circulation: DocumentCirculationOut | None


class DocumentSpanOut(Schema):
    kind: SpanKind = Field(description="Kept (same), inserted (ins) or deleted (del).")
    text: str


class DocumentRowDiffOut(Schema):
    kind: RowKind
    old: str = Field(description="The paragraph in the old revision (empty if added).")
    new: str = Field(description="The paragraph in the new revision (empty if removed).")
    spans: list[DocumentSpanOut]


class DocumentCountsOut(Schema):
    paragraphs_same: int
    paragraphs_added: int
    paragraphs_removed: int
    paragraphs_changed: int
    words_inserted: int = Field(description="In Chinese each character counts as a word.")
    words_deleted: int
    characters_inserted: int = Field(description="Characters other than whitespace.")
    characters_deleted: int


class DocumentComparisonOut(Schema):
    lang: str
    old: int = Field(description="The old revision's number.")
    new: int = Field(description="The new revision's number.")
    counts: DocumentCountsOut
    rows: list[DocumentRowDiffOut] = Field(description="Paragraph by paragraph.")
    unified_diff: str
