"""JSON API of the documents app, mounted at /api/documents/: drafts, texts, consultations,
assessments, circulation, comparisons and Akoma Ntoso.

Refusals come back as ``{"code", "message", "rules"}`` in the caller's language;
``stale_document`` (409) when ``expected_version`` is no longer current.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import File, Form, Status
from ninja.files import UploadedFile

from secretariat.core import downloads
from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, refuse
from secretariat.core.lookup import by_code
from secretariat.core.schemas import ErrorOut
from secretariat.core.storage import stored_bytes
from secretariat.documents import selectors, services
from secretariat.documents.models import Comment, Document, DocumentStatus
from secretariat.documents.presenters import document_out, export_akn
from secretariat.documents.schemas import (
    NOTE_MAX_LENGTH,
    AssessmentIn,
    CirculationIn,
    CommentIn,
    ConsultationIn,
    DocumentComparisonOut,
    DocumentDetailOut,
    DocumentIn,
    DocumentRowOut,
    ResolutionIn,
    TextIn,
    VersionedIn,
)
from secretariat.meetings.models import AgendaItem, AgendaProposal
from secretariat.meetings.selectors import meetings_visible
from secretariat.procedure.text import Lang
from secretariat.registry.models import Body
from secretariat.texts.compare import compare_texts, unified_diff
from secretariat.texts.extract import MEDIA_TYPES

router = ActionRouter(tags=["documents"])


def _document(request: HttpRequest, document_id: int) -> Document:
    return selectors.document_of(me(request), document_id)


def _out(request: HttpRequest, document_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return document_out(selectors.document_of(user, document_id), user)


def _body(code: str) -> Body:
    return by_code(Body, code, translation.gettext_lazy("There is no such body."))


@router.read("/", action="documents.view", response=list[DocumentRowOut], summary="Documents")
def documents_list(
    request: HttpRequest, status: str = "", type: str = "", body: str = ""
) -> list[dict[str, Any]]:
    """The documents you may see, newest first (filters: status, type, body code)."""
    user = me(request)
    found = selectors.documents_visible(user)
    if status:
        found = found.filter(status=status)
    if type:
        found = found.filter(type=type)
    if body:
        found = found.filter(body__code=body)
    with translation.override(user.language):
        return [
            {
                "id": d.pk,
                "type": d.type,
                "status": d.status,
                "status_name": d.get_status_display(),
                "title": d.title,
                "body": d.body.code,
                "owner": d.owner_delegation.code,
                "adopted_on": d.adopted_on,
                "version": d.version,
            }
            for d in found[:500]
        ]


@router.create(
    "/",
    action="documents.draft",
    response={201: DocumentDetailOut, 400: ErrorOut, 403: ErrorOut},
    summary="Open a draft",
)
def documents_create(request: HttpRequest, payload: DocumentIn) -> Status[dict[str, Any]]:
    """Open a draft prepared by your delegation; add its texts with /languages."""
    user = me(request)
    meeting = item = None
    if payload.meeting is not None:
        meeting = meetings_visible(user).filter(pk=payload.meeting).first()
        if meeting is None:
            raise NotFoundError(translation.gettext_lazy("There is no such meeting."))
        if payload.agenda_item is not None:
            item = AgendaItem.objects.filter(meeting=meeting, number=payload.agenda_item).first()
            if item is None:
                raise NotFoundError(translation.gettext_lazy("There is no such agenda item."))
    proposals = list(AgendaProposal.objects.filter(pk__in=payload.proposals))
    if len(proposals) != len(set(payload.proposals)):
        raise NotFoundError(translation.gettext_lazy("There is no such proposal."))
    if user.delegation is None:
        raise refuse("not_a_drafter", "documents.not_a_drafter", status=403)
    document = services.document_create(
        type=payload.type,
        body=_body(payload.body),
        title={"en": payload.title_en, "ru": payload.title_ru, "zh": payload.title_zh},
        owner=user.delegation,
        by=user,
        meeting=meeting,
        agenda_item=item,
        areas=payload.areas,
        proposals=proposals,
    )
    return Status(201, _out(request, document.pk))


@router.read(
    "/{document_id}",
    action="documents.view",
    response={200: DocumentDetailOut, 404: ErrorOut},
    summary="A document",
)
def documents_detail(request: HttpRequest, document_id: int) -> dict[str, Any]:
    """The document: its language versions with every revision, consultations and comments,
    assessments (the Secretariat's), circulation, and what is still missing before it."""
    return _out(request, document_id)


CHANGED = {
    201: DocumentDetailOut,
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
}


def _text_added(
    request: HttpRequest,
    document_id: int,
    *,
    revision: bool,
    lang: str,
    text: str | None = None,
    upload: services.Upload | None = None,
    note: str = "",
    authentic: bool | None = None,
    expected_version: int | None = None,
) -> Status[dict[str, Any]]:
    """Add a language version (``revision`` False) or a revision of one, typed or uploaded."""
    common: dict[str, Any] = {
        "document": _document(request, document_id),
        "lang": lang,
        "text": text,
        "upload": upload,
        "note": note,
        "by": me(request),
        "expected_version": expected_version,
    }
    if revision:
        services.revision_add(**common)
    else:
        services.language_version_add(**common, authentic=authentic)
    return Status(201, _out(request, document_id))


def _uploaded(file: UploadedFile) -> services.Upload:
    # Read before the service's transaction opens (the operation is non-atomic).
    return services.upload_read(file.read(), file.name or "upload")


@router.create(
    "/{document_id}/languages",
    action="documents.draft",
    response=CHANGED,
    summary="Add a language version (text)",
)
def documents_language_add(
    request: HttpRequest, document_id: int, payload: TextIn
) -> Status[dict[str, Any]]:
    """Add the text in one language (revision 1); a second version in a language is refused."""
    return _text_added(request, document_id, revision=False, **payload.dict())


@router.create(
    "/{document_id}/languages/upload",
    action="documents.draft",
    response=CHANGED,
    summary="Add a language version (file)",
)
@transaction.non_atomic_requests  # the file is read outside any transaction
def documents_language_upload(
    request: HttpRequest,
    document_id: int,
    lang: Form[Lang],
    file: File[UploadedFile],
    expected_version: Form[int | None] = None,
    note: Annotated[str, Form(max_length=NOTE_MAX_LENGTH)] = "",
) -> Status[dict[str, Any]]:
    """Add the text in one language from a docx, odt, pdf or txt file; its text is extracted."""
    _document(request, document_id)  # not found (404) before the file is read
    return _text_added(
        request,
        document_id,
        revision=False,
        lang=lang,
        upload=_uploaded(file),
        note=note,
        expected_version=expected_version,
    )


@router.create(
    "/{document_id}/revisions",
    action="documents.draft",
    response=CHANGED,
    summary="Add a revision (text)",
)
def documents_revision_add(
    request: HttpRequest, document_id: int, payload: TextIn
) -> Status[dict[str, Any]]:
    """Add a new revision of the text in one language; an unchanged text is refused."""
    fields = payload.dict()
    fields.pop("authentic", None)  # a language version's, not a revision's
    return _text_added(request, document_id, revision=True, **fields)


@router.create(
    "/{document_id}/revisions/upload",
    action="documents.draft",
    response=CHANGED,
    summary="Add a revision (file)",
)
@transaction.non_atomic_requests  # the file is read outside any transaction
def documents_revision_upload(
    request: HttpRequest,
    document_id: int,
    lang: Form[Lang],
    file: File[UploadedFile],
    expected_version: Form[int | None] = None,
    note: Annotated[str, Form(max_length=NOTE_MAX_LENGTH)] = "",
) -> Status[dict[str, Any]]:
    """Add a new revision of the text in one language from a file."""
    _document(request, document_id)  # not found (404) before the file is read
    return _text_added(
        request,
        document_id,
        revision=True,
        lang=lang,
        upload=_uploaded(file),
        note=note,
        expected_version=expected_version,
    )


@router.read(
    "/{document_id}/compare",
    action="documents.view",
    response={200: DocumentComparisonOut, 404: ErrorOut},
    summary="Compare two revisions",
)
def documents_compare(
    request: HttpRequest, document_id: int, lang: str, old: int, new: int
) -> dict[str, Any]:
    """What changed between two revisions of the text in ``lang``: rows and a unified diff."""
    pair = selectors.revisions_of(_document(request, document_id), lang, old, new)
    comparison = compare_texts(pair.old.text, pair.new.text)
    return {
        "lang": lang,
        "old": old,
        "new": new,
        "counts": dataclasses.asdict(comparison.counts),
        "rows": [
            {
                "kind": row.kind,
                "old": row.old,
                "new": row.new,
                "spans": [{"kind": span.kind, "text": span.text} for span in row.spans],
            }
            for row in comparison.rows
        ],
        "unified_diff": unified_diff(pair.old.text, pair.new.text, f"v{old}", f"v{new}"),
    }


@router.create(
    "/{document_id}/consultations",
    action="documents.manage",
    response=CHANGED,
    summary="Open an expert consultation",
)
def documents_consultation_open(
    request: HttpRequest, document_id: int, payload: ConsultationIn
) -> Status[dict[str, Any]]:
    """Open the member states' expert consultation, arranged with the CNC (SEC-CONSULT)."""
    services.consultation_open(
        document=_document(request, document_id),
        cnc_agreed_on=payload.cnc_agreed_on,
        closes_on=payload.closes_on,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, document_id))


@router.create(
    "/{document_id}/consultations/close",
    action="documents.manage",
    response=CHANGED,
    summary="Close the consultation",
)
def documents_consultation_close(
    request: HttpRequest, document_id: int, payload: VersionedIn
) -> Status[dict[str, Any]]:
    """Close the open consultation; its comments stay, each to be resolved."""
    services.consultation_close(
        document=_document(request, document_id),
        by=me(request),
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, document_id))


@router.create(
    "/{document_id}/comments",
    action="documents.comment",
    response=CHANGED,
    summary="Comment in the consultation",
)
def documents_comment(
    request: HttpRequest, document_id: int, payload: CommentIn
) -> Status[dict[str, Any]]:
    """Your member state's comment on the draft; the same comment sent twice is kept once."""
    user = me(request)
    if user.delegation is None:
        raise refuse("not_a_member_state", "documents.comment_not_member", status=403)
    services.comment_submit(
        document=_document(request, document_id),
        delegation=user.delegation,
        text=payload.text,
        reference=payload.reference,
        by=user,
    )
    return Status(201, _out(request, document_id))


@router.replace(
    "/{document_id}/comments/{comment_id}",
    action="documents.manage",
    response=CHANGED,
    summary="Resolve a comment",
)
def documents_comment_resolve(
    request: HttpRequest, document_id: int, comment_id: int, payload: ResolutionIn
) -> Status[dict[str, Any]]:
    """Say how a comment was resolved: accepted, partly (with why) or rejected (with why)."""
    document = _document(request, document_id)
    comment = Comment.objects.filter(pk=comment_id, consultation__document=document).first()
    if comment is None:
        raise NotFoundError(translation.gettext_lazy("There is no such comment."))
    services.comment_resolve(
        comment=comment,
        resolution=payload.resolution,
        note=payload.note,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, document_id))


@router.create(
    "/{document_id}/assessments",
    action="documents.assess",
    response=CHANGED,
    summary="Record a preliminary assessment",
)
def documents_assess(
    request: HttpRequest, document_id: int, payload: AssessmentIn
) -> Status[dict[str, Any]]:
    """The Secretariat's preliminary legal or financial assessment (SEC-ASSESS)."""
    services.assessment_record(
        document=_document(request, document_id),
        kind=payload.kind,
        conclusion=payload.conclusion,
        text=payload.text,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, document_id))


@router.create(
    "/{document_id}/circulation",
    action="documents.manage",
    response=CHANGED,
    summary="Circulate to the member states",
)
def documents_circulate(
    request: HttpRequest, document_id: int, payload: CirculationIn
) -> Status[dict[str, Any]]:
    """Send the draft to every member state with the CNC's consent (SEC-CIRCULATE-CNC); a day
    after SEC-CIRCULATE-20D's is recorded as late."""
    services.document_circulate(
        document=_document(request, document_id),
        cnc_consent_on=payload.cnc_consent_on,
        circulated_on=payload.circulated_on,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, document_id))


@router.create(
    "/{document_id}/withdrawal",
    action="documents.draft",
    response=CHANGED,
    summary="Withdraw a draft",
)
def documents_withdraw(
    request: HttpRequest, document_id: int, payload: VersionedIn
) -> Status[dict[str, Any]]:
    """Withdraw a draft that will not be adopted; its history is kept."""
    services.document_withdraw(
        document=_document(request, document_id),
        by=me(request),
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, document_id))


@router.read(
    "/{document_id}/akn/{lang}",
    action="documents.view",
    response={200: None, 404: ErrorOut, 409: ErrorOut},
    summary="The adopted document as Akoma Ntoso 3.0",
    openapi_extra={"responses": {200: {"description": "XML", "content": {"application/xml": {}}}}},
)
def documents_akn(request: HttpRequest, document_id: int, lang: str) -> HttpResponse:
    """One language expression (ru, zh, en) of an adopted document, as Akoma Ntoso XML."""
    document = _document(request, document_id)
    if document.status != DocumentStatus.ADOPTED:
        raise refuse(
            "not_adopted",
            "depositary.not_adopted",
            status=409,
            status_name=document.get_status_display(),
        )
    return HttpResponse(export_akn(document, lang), content_type="application/xml; charset=utf-8")


#: What a revision's file is answered as: the media type it was uploaded with (one of those a
#: text is extracted from), or octet-stream for a file stored without one.
FILES: dict[str, dict[str, Any]] = {
    media: {} for media in (*sorted(set(MEDIA_TYPES.values())), "application/octet-stream")
}


@router.read(
    "/{document_id}/revisions/{revision_id}/file",
    action="documents.view",
    response={200: None, 404: ErrorOut},
    summary="The file a revision was read from",
    openapi_extra={"responses": {200: {"description": "the file as uploaded", "content": FILES}}},
)
def documents_revision_file(
    request: HttpRequest, document_id: int, revision_id: int
) -> HttpResponse:
    """The uploaded file (docx, odt, pdf, txt) of one revision, as it was received."""
    revision = selectors.revision_file(_document(request, document_id), revision_id)
    data = stored_bytes(revision.file)  # read through the storage, local or object store
    response = HttpResponse(data, content_type=revision.media_type or "application/octet-stream")
    response["Content-Disposition"] = downloads.attachment(revision.file_name)
    return response


# The parallel texts and their translation currency (issue 17), in a module of their own.
from secretariat.documents.api_parallel import router as parallel_router  # noqa: E402  # mounted last

router.add_router("", parallel_router)
