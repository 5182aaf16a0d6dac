"""Writes of the documents app: drafts, language versions, revisions, consultations,
assessments, circulation and adoption.

Each service runs in one transaction and locks the document row (``select_for_update``)
before changing it, raising its ``version``: two people acting on the same view get one
success and one ``stale_document``. A refusal raises ``RefusedError`` citing its rule and
writes nothing; the audit app records every row written, through signals. Uploaded files are
checked and their text extracted (secretariat.texts) before anything is written, so a corrupt
or oversized file leaves no row and no file behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.core.errors import refuse
from secretariat.core.locking import bump, lock_version
from secretariat.documents.models import (
    ASSESSED_TYPES,
    Assessment,
    AssessmentKind,
    Comment,
    Conclusion,
    Consultation,
    DocLang,
    Document,
    DocumentCirculation,
    DocumentStatus,
    DocumentType,
    LanguageVersion,
    Resolution,
    Revision,
)
from secretariat.documents.parallel import marks_after_revision
from secretariat.meetings import notices
from secretariat.meetings.models import AgendaItem, AgendaProposal, Meeting
from secretariat.procedure.conduct import drafting_kinds as engine_drafting_kinds
from secretariat.procedure.rules import rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import Message
from secretariat.registry.models import Body
from secretariat.registry.reference import reference
from secretariat.texts.extract import Extracted, extract_text

#: The catalogue's sentence for a document changed since the caller saw it.
STALE = "documents.stale"
#: Languages whose versions are authentic unless the document says otherwise: the working
#: languages of the Organisation (the Charter, art. 19).
AUTHENTIC_LANGS = frozenset({DocLang.RU, DocLang.ZH})


def drafting_kinds(body: Body) -> frozenset[str]:
    """Who prepares drafts for ``body``: the engine's drafting data (workflows.yaml)."""
    return engine_drafting_kinds(rulebook(), body.code)


def may_draft(kind: str, body: Body) -> bool:
    """Whether a delegation of ``kind`` prepares drafts for ``body``: the kinds of the
    drafting data, and the SCO Secretariat for any body."""
    return kind in drafting_kinds(body) or kind == DelegationKind.SCO_SECRETARIAT


def next_number(taken: Iterable[str], prefix: str, *, width: int = 0) -> str:
    """The number after the highest of ``taken`` (each ``prefix`` + digits): CNC-2026-3."""
    last = max((int(number.removeprefix(prefix)) for number in taken), default=0)
    return f"{prefix}{last + 1:0{width}d}"


def areas_valid(areas: Iterable[str]) -> list[str]:
    """The areas of cooperation given, checked against STRAT-AREAS; unknown ones refused."""
    known = [str(a) for a in rulebook().rule("STRAT-AREAS").param("areas")]
    given = list(dict.fromkeys(areas))
    unknown = [a for a in given if a not in known]
    if unknown:
        raise refuse(
            "unknown_area",
            "documents.unknown_area",
            ("STRAT-AREAS",),
            areas=unknown,
            known=known,
        )
    return given


#: Every column of a document: the caller's object takes them all from the saved row (as a
#: refresh would, without the query), so it shows the write and can pass the new version.
_DOCUMENT_COLUMNS = tuple(f.attname for f in Document._meta.concrete_fields)


def _check_editable(document: Document) -> None:
    if document.status in (DocumentStatus.ADOPTED, DocumentStatus.WITHDRAWN):
        raise refuse(
            "document_closed",
            "documents.closed",
            status=409,
            status_name=document.get_status_display(),
        )


def _check_owner(document: Document, by: User | None) -> None:
    """Only the delegation that prepared the draft, or the Secretariat, changes its texts."""
    if by is None or by.can("confidential.all"):
        return
    if by.delegation_id != document.owner_delegation_id:
        raise refuse("not_your_document", "documents.not_owner", status=403)


@transaction.atomic
def document_create(
    *,
    type: str,
    body: Body,
    title: Mapping[str, str],
    owner: Delegation,
    by: User | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    areas: Iterable[str] = (),
    proposals: Iterable[AgendaProposal] = (),
) -> Document:
    """Open a draft prepared by ``owner`` (a member state or the Secretariat) for ``body``."""
    if type not in DocumentType.values:
        raise refuse("unknown_type", "documents.unknown_type", type=type, known=DocumentType.values)
    if not may_draft(owner.kind, body):
        raise refuse("not_a_drafter", "documents.not_a_drafter", ("SEC-CIRCULATE-CNC",), status=403)
    if not any((title.get(lang) or "").strip() for lang in ("ru", "zh", "en")):
        raise refuse("title_required", "documents.title_required")
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise refuse("item_of_other_meeting", "documents.item_of_other_meeting")
    if meeting is not None and meeting.body_id != body.pk:
        raise refuse("meeting_of_other_body", "documents.meeting_of_other_body")
    proposals = list(proposals)
    if meeting is not None and any(p.meeting_id != meeting.pk for p in proposals):
        raise refuse("proposal_of_other_meeting", "documents.proposal_of_other_meeting")
    document = Document.objects.create(
        type=type,
        body=body,
        title_en=(title.get("en") or "").strip(),
        title_ru=(title.get("ru") or "").strip(),
        title_zh=(title.get("zh") or "").strip(),
        meeting=meeting,
        agenda_item=agenda_item,
        areas=areas_valid(areas),
        owner_delegation=owner,
        created_by=by,
    )
    if proposals:
        document.proposals.set(proposals)
    return document


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as received: its bytes, the name it was sent with and, once read
    (``upload_read``), its text."""

    data: bytes
    name: str
    extracted: Extracted | None = None


def upload_read(data: bytes, name: str) -> Upload:
    """The file read (its text extracted, in a child process with limits: texts.isolated),
    or refused. Called by the pages and the API before any transaction opens: on SQLite a
    transaction holds the database's write lock, which no one should wait on while a file
    is read."""
    return Upload(data, name, extract_text(data, name))


def _revision_content(
    text: str | None, upload: Upload | None
) -> tuple[str, dict[str, object], ContentFile[bytes] | None]:
    """The revision's text and file fields, the upload checked and read (nothing written)."""
    if upload is not None:
        extracted = upload.extracted or extract_text(upload.data, upload.name)
        fields: dict[str, object] = {
            "file_name": upload.name[-255:],
            "media_type": extracted.media_type,
            "size": extracted.size,
            "sha256": extracted.sha256,
        }
        return extracted.text, fields, ContentFile(upload.data, name=upload.name[-100:])
    body = (text or "").replace("\r\n", "\n").strip()
    if not body:
        raise refuse("text_required", "documents.text_required")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return body, {"size": len(body.encode("utf-8")), "sha256": digest}, None


def _revision_write(
    version: LanguageVersion,
    number: int,
    text: str,
    fields: Mapping[str, object],
    file: ContentFile[bytes] | None,
    by: User | None,
    note: str,
) -> Revision:
    revision = Revision(
        language_version=version,
        number=number,
        text=text,
        note=note[:500],
        made_at=timezone.now(),
        made_by=by,
        **fields,
    )
    if file is not None:
        # Saved inside the transaction: a rollback after this point (a database failure)
        # leaves a file no row names, never a row without its file.
        revision.file.save(file.name or "upload", file, save=False)
    revision.save()
    marks_after_revision(revision)  # which aligned paragraphs of the others are out of date
    return revision


@transaction.atomic
def language_version_add(
    *,
    document: Document,
    lang: str,
    by: User | None = None,
    text: str | None = None,
    upload: Upload | None = None,
    authentic: bool | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> LanguageVersion:
    """Add the document's text in ``lang`` (its first revision); one version per language."""
    if lang not in DocLang.values:
        raise refuse("unknown_language", "documents.unknown_language", lang=lang)
    body, fields, file = _revision_content(text, upload)
    locked = lock_version(document, expected_version, code="stale_document", message=STALE)
    _check_editable(locked)
    _check_owner(locked, by)
    if locked.languages.filter(lang=lang).exists():
        raise refuse(
            "language_version_exists",
            "documents.language_version_exists",
            status=409,
            lang=DocLang(lang).label,
        )
    try:
        with transaction.atomic():
            version = LanguageVersion.objects.create(
                document=locked,
                lang=lang,
                authentic=(lang in AUTHENTIC_LANGS) if authentic is None else authentic,
                created_by=by,
            )
    except IntegrityError:  # the same language added at the same moment by someone else
        raise refuse(
            "language_version_exists",
            "documents.language_version_exists",
            status=409,
            lang=DocLang(lang).label,
        ) from None
    _revision_write(version, 1, body, fields, file, by, note)
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    return version


@transaction.atomic
def revision_add(
    *,
    document: Document,
    lang: str,
    by: User | None = None,
    text: str | None = None,
    upload: Upload | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Revision:
    """Add a new version of the text in ``lang``; an unchanged text is refused."""
    body, fields, file = _revision_content(text, upload)
    locked = lock_version(document, expected_version, code="stale_document", message=STALE)
    _check_editable(locked)
    _check_owner(locked, by)
    if locked.status == DocumentStatus.CIRCULATED:
        raise refuse("document_circulated", "documents.circulated_fixed", ("SEC-CIRCULATE-CNC",))
    version = locked.languages.filter(lang=lang).first()
    if version is None:
        raise refuse("no_language_version", "documents.no_language_version", lang=lang)
    current = version.revisions.order_by("-number").first()
    assert current is not None  # noqa: S101  # a language version is created with revision 1
    if current.text == body:
        raise refuse("revision_unchanged", "documents.revision_unchanged", status=409)
    revision = _revision_write(version, current.number + 1, body, fields, file, by, note)
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    return revision


def current_revisions(document: Document) -> dict[str, int]:
    """The latest revision number of each language version."""
    return {
        v.lang: n
        for v in document.languages.all()
        if (n := v.revisions.order_by("-number").values_list("number", flat=True).first())
    }


# --- consultations (SEC-CONSULT) ------------------------------------------------------------


@transaction.atomic
def consultation_open(
    *,
    document: Document,
    cnc_agreed_on: dt.date,
    closes_on: dt.date,
    by: User | None = None,
    expected_version: int | None = None,
) -> Consultation:
    """Open the member states' expert consultation on a draft, as agreed with the CNC."""
    locked = lock_version(document, expected_version, code="stale_document", message=STALE)
    if locked.status != DocumentStatus.DRAFT:
        raise refuse(
            "not_a_draft",
            "documents.not_a_draft",
            ("SEC-CONSULT",),
            status=409,
            status_name=locked.get_status_display(),
        )
    if not locked.languages.exists():
        raise refuse("no_text", "documents.no_text", ("SEC-CONSULT",))
    today = timezone.localdate()
    if cnc_agreed_on > today:
        raise refuse("date_in_future", "documents.date_in_future", day=cnc_agreed_on)
    if closes_on <= today:
        raise refuse("closes_in_past", "documents.closes_in_past", ("SEC-CONSULT",), day=closes_on)
    consultation = Consultation.objects.create(
        document=locked,
        cnc_agreed_on=cnc_agreed_on,
        closes_on=closes_on,
        opened_at=timezone.now(),
        opened_by=by,
    )
    # The member states' experts read the draft to comment on it.
    locked.status = DocumentStatus.CONSULTATION
    locked.circulated_to_members = True
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    return consultation


def open_consultation(document: Document) -> Consultation | None:
    return document.consultations.filter(closed_at__isnull=True).order_by("-opened_at").first()


@transaction.atomic
def comment_submit(
    *,
    document: Document,
    delegation: Delegation,
    text: str,
    reference: str = "",
    by: User | None = None,
) -> Comment:
    """Record a member state's comment in the open consultation; the same comment sent twice
    is recorded once."""
    locked = lock_version(document, None, code="stale_document", message=STALE)
    consultation = open_consultation(locked)
    if consultation is None:
        raise refuse("no_consultation", "documents.no_consultation", ("SEC-CONSULT",), status=409)
    if delegation.kind != DelegationKind.MEMBER_STATE:
        raise refuse(
            "not_a_member_state", "documents.comment_not_member", ("SEC-CONSULT",), status=403
        )
    if timezone.localdate() > consultation.closes_on:
        raise refuse(
            "consultation_closed",
            "documents.consultation_closed",
            ("SEC-CONSULT",),
            status=409,
            day=consultation.closes_on,
        )
    body = text.replace("\r\n", "\n").strip()
    if not body:
        raise refuse("text_required", "documents.text_required")
    same = consultation.comments.filter(
        delegation=delegation, text=body, reference=reference.strip()
    ).first()
    if same is not None:
        return same
    comment = Comment.objects.create(
        consultation=consultation,
        delegation=delegation,
        reference=reference.strip()[:200],
        text=body,
        submitted_at=timezone.now(),
        submitted_by=by,
    )
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    return comment


@transaction.atomic
def comment_resolve(
    *,
    comment: Comment,
    resolution: str,
    note: str = "",
    by: User | None = None,
    expected_version: int | None = None,
) -> Comment:
    """Say how the Secretariat resolved a comment (accepted, partly, not accepted)."""
    if resolution not in Resolution.values or resolution == Resolution.OPEN:
        raise refuse("unknown_resolution", "documents.unknown_resolution", value=resolution)
    if resolution != Resolution.ACCEPTED and not note.strip():
        raise refuse("resolution_note_required", "documents.resolution_note_required")
    locked = lock_version(
        comment.consultation.document, expected_version, code="stale_document", message=STALE
    )
    row = Comment.objects.select_for_update().get(pk=comment.pk)
    row.resolution = resolution
    row.resolution_note = note.strip()
    row.resolved_at = timezone.now()
    row.resolved_by = by
    row.save()
    bump(locked)
    notices.other_told(
        "comment_resolved",
        about=f"{row._meta.label_lower}:{row.pk}",
        key=f"{row.pk}:{row.resolved_at:%Y%m%d%H%M%S%f}",
        audiences={"commenter": User.objects.filter(delegation=row.delegation_id)},
        params={
            "document": notices.titles_of(locked),
            "resolution": notices.every_language(Resolution(resolution).label),
            "note": row.resolution_note,
            "rule": "SEC-CONSULT",
        },
        link=f"/documents/{locked.pk}/",
    )
    comment.refresh_from_db()
    return row


@transaction.atomic
def consultation_close(
    *, document: Document, by: User | None = None, expected_version: int | None = None
) -> Consultation:
    """Close the open consultation; the draft is a draft again, with its comments kept."""
    locked = lock_version(document, expected_version, code="stale_document", message=STALE)
    consultation = open_consultation(locked)
    if consultation is None:
        raise refuse("no_consultation", "documents.no_consultation", ("SEC-CONSULT",), status=409)
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["closed_at"])
    locked.status = DocumentStatus.DRAFT
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    return consultation


# --- assessments (SEC-ASSESS) ---------------------------------------------------------------

#: The role that makes each kind of assessment.
ASSESSORS = {
    AssessmentKind.LEGAL: "secretariat_legal",
    AssessmentKind.FINANCIAL: "secretariat_finance",
}


@transaction.atomic
def assessment_record(
    *,
    document: Document,
    kind: str,
    conclusion: str,
    text: str,
    by: User | None = None,
    expected_version: int | None = None,
) -> Assessment:
    """Record the Secretariat's preliminary legal or financial assessment of a draft."""
    if kind not in AssessmentKind.values:
        raise refuse("unknown_assessment", "documents.unknown_assessment", value=kind)
    if conclusion not in Conclusion.values:
        raise refuse("unknown_conclusion", "documents.unknown_conclusion", value=conclusion)
    if by is not None and by.role != ASSESSORS[AssessmentKind(kind)]:
        raise refuse(
            "not_your_assessment",
            "documents.not_your_assessment",
            ("SEC-ASSESS",),
            status=403,
            kind=AssessmentKind(kind).label,
        )
    if not text.strip():
        raise refuse("text_required", "documents.text_required")
    locked = lock_version(document, expected_version, code="stale_document", message=STALE)
    if locked.status not in (DocumentStatus.DRAFT, DocumentStatus.CONSULTATION):
        raise refuse(
            "not_a_draft",
            "documents.not_a_draft",
            ("SEC-ASSESS",),
            status=409,
            status_name=locked.get_status_display(),
        )
    if not locked.languages.exists():
        raise refuse("no_text", "documents.no_text", ("SEC-ASSESS",))
    assessment = Assessment.objects.create(
        document=locked,
        kind=kind,
        conclusion=conclusion,
        text=text.strip(),
        revisions=current_revisions(locked),
        made_at=timezone.now(),
        made_by=by,
    )
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    return assessment


def assessments_missing(document: Document) -> list[str]:
    """The assessments SEC-ASSESS still asks for, of the texts as they are now."""
    if document.type not in ASSESSED_TYPES:
        return []
    now = current_revisions(document)
    done = {a.kind for a in document.assessments.all() if a.revisions == now}
    return [k for k in AssessmentKind.values if k not in done]


# --- circulation (SEC-CIRCULATE-CNC, SEC-CIRCULATE-20D) --------------------------------------


def circulation_due(meeting: Meeting | None) -> dt.date | None:
    """The latest day of circulation by SEC-CIRCULATE-20D, counted from the meeting's start."""
    if meeting is None:
        return None
    # The timetable of a meeting the Secretariat serves (procedures.yaml: sco-meeting) holds
    # the rule; the engine counts it, as it does for every other deadline.
    schedule = compute_schedule(
        rulebook(),
        reference(),
        "sco-meeting",
        meeting_start=meeting.date_start,
        meeting_end=meeting.date_end,
    )
    return schedule.step("SEC-CIRCULATE-20D").due


@transaction.atomic
def document_circulate(
    *,
    document: Document,
    cnc_consent_on: dt.date | None,
    circulated_on: dt.date | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> DocumentCirculation:
    """Send the draft to every member state, with the CNC's consent; a late day is recorded
    with the rule it misses (the regulation allows another date to be set), never refused."""
    locked = lock_version(document, expected_version, code="stale_document", message=STALE)
    day = circulated_on or timezone.localdate()
    if locked.status not in (DocumentStatus.DRAFT, DocumentStatus.CONSULTATION):
        raise refuse(
            "not_a_draft",
            "documents.not_a_draft",
            ("SEC-CIRCULATE-CNC",),
            status=409,
            status_name=locked.get_status_display(),
        )
    if cnc_consent_on is None:
        raise refuse(
            "cnc_consent_required", "documents.cnc_consent_required", ("SEC-CIRCULATE-CNC",)
        )
    if cnc_consent_on > day:
        raise refuse(
            "cnc_consent_after_circulation",
            "documents.cnc_consent_after",
            ("SEC-CIRCULATE-CNC",),
            consent=cnc_consent_on,
            day=day,
        )
    if day > timezone.localdate():
        raise refuse("date_in_future", "documents.date_in_future", day=day)
    if not locked.languages.exists():
        raise refuse("no_text", "documents.no_text", ("SEC-CIRCULATE-CNC",))
    if open_consultation(locked) is not None:
        raise refuse(
            "consultation_open", "documents.consultation_open", ("SEC-CONSULT",), status=409
        )
    unresolved = Comment.objects.filter(
        consultation__document=locked, resolution=Resolution.OPEN
    ).count()
    if unresolved:
        raise refuse(
            "comments_unresolved",
            "documents.comments_unresolved",
            ("SEC-CONSULT",),
            count=unresolved,
        )
    if missing := assessments_missing(locked):
        raise refuse(
            "assessment_required",
            "documents.assessment_required",
            ("SEC-ASSESS",),
            kinds=[AssessmentKind(k).label for k in missing],
        )
    due = circulation_due(locked.meeting)
    late = due is not None and day > due
    rules = ("SEC-CIRCULATE-CNC", "SEC-CIRCULATE-20D") if due else ("SEC-CIRCULATE-CNC",)
    if late:
        days = rulebook().rule("SEC-CIRCULATE-20D").param("days")
        summary = Message("documents.circulated_late", {"day": day, "due": due, "days": days})
    elif due:
        summary = Message("documents.circulated_on_time", {"day": day, "due": due})
    else:
        summary = Message("documents.circulated", {"day": day})
    circulation = DocumentCirculation.objects.create(
        document=locked,
        cnc_consent_on=cnc_consent_on,
        circulated_on=day,
        due=due,
        late=late,
        revisions=current_revisions(locked),
        verdict={
            "rules": list(rules),
            "summary": {lang: summary.render(lang) for lang in ("en", "ru", "zh")},
        },
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    locked.status = DocumentStatus.CIRCULATED
    locked.circulated_to_members = True
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    notices.other_told(
        "documents_circulated",
        about=f"{locked._meta.label_lower}:{locked.pk}",
        key=str(circulation.pk),
        audiences={"addressee": User.objects.filter(delegation__kind=DelegationKind.MEMBER_STATE)},
        params={
            "document": notices.titles_of(locked),
            "day": notices.day_text(day),
            "rule": ", ".join(rules),
        },
        link=f"/documents/{locked.pk}/",
    )
    return circulation


@transaction.atomic
def document_withdraw(
    *, document: Document, by: User | None = None, expected_version: int | None = None
) -> Document:
    """Withdraw a draft that will not be adopted; its texts and history are kept."""
    locked = lock_version(document, expected_version, code="stale_document", message=STALE)
    _check_editable(locked)
    _check_owner(locked, by)
    consultation = open_consultation(locked)
    if consultation is not None:
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["closed_at"])
    locked.status = DocumentStatus.WITHDRAWN
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    return locked


def document_mark_adopted(*, document: Document, adopted_on: dt.date) -> Document:
    """Mark the document adopted (called by decisions.services inside its transaction)."""
    locked = lock_version(document, None, code="stale_document", message=STALE)
    if locked.status == DocumentStatus.ADOPTED:
        raise refuse("already_adopted", "documents.already_adopted", status=409)
    if locked.status == DocumentStatus.WITHDRAWN:
        raise refuse(
            "document_closed",
            "documents.closed",
            status=409,
            status_name=locked.get_status_display(),
        )
    if not locked.languages.exists():
        raise refuse("no_text", "documents.no_text")
    locked.status = DocumentStatus.ADOPTED
    locked.adopted_on = adopted_on
    # An adopted document is the Organisation's: every member sees it (publishing it to the
    # public is a separate choice).
    locked.circulated_to_members = True
    bump(locked, document, fields=_DOCUMENT_COLUMNS)
    return locked
