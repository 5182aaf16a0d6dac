"""JSON API of the depositary, mounted at /api/depositary/: originals, certified copies,
their dispatch and receipt, the register's export, and the public verification of a copy."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import File, Form, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints

from secretariat.accounts.models import Delegation
from secretariat.core import downloads
from secretariat.core.access import ActionRouter
from secretariat.core.actor import caller_language, me
from secretariat.core.errors import NotFoundError
from secretariat.core.policy import PUBLIC
from secretariat.core.schemas import Day, ErrorOut
from secretariat.core.storage import stored_bytes
from secretariat.depositary import selectors, services
from secretariat.depositary.forms import verify_upload_read
from secretariat.depositary.schemas import (
    CopiesIn,
    CopyVerificationOut,
    DispatchIn,
    OriginalOut,
    ReceiptIn,
)
from secretariat.documents.selectors import documents_visible
from secretariat.procedure.text import parse_lang

router = ActionRouter(tags=["depositary"])

#: A line of the register, as ``selectors.register_rows`` gives it; its payload is the free-form
#: record the line seals (what the line's kind says), so it stays an open object.
REGISTER_ENTRY: dict[str, Any] = {
    "type": "object",
    "required": list(selectors.REGISTER_COLUMNS),
    "properties": {
        "seq": {"type": "integer"},
        "at": {"type": "string", "format": "date-time"},
        "kind": {"type": "string"},
        "register_number": {"type": "string"},
        "payload": {"type": "object", "additionalProperties": True},
        "prev_hash": {"type": "string"},
        "hash": {"type": "string"},
    },
}


CHANGED = {
    201: OriginalOut,
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    503: ErrorOut,
}


def _out(request: HttpRequest, original_id: int) -> dict[str, Any]:
    with translation.override(me(request).language):
        return selectors.original_out(selectors.original_of(original_id))


@router.read(
    "/originals",
    action="depositary.view",
    response=list[OriginalOut],
    summary="The register of originals",
)
def depositary_originals(request: HttpRequest) -> list[dict[str, Any]]:
    """Every original received, latest first, with its copies and their dispatch."""
    with translation.override(me(request).language):
        return [selectors.original_out(o) for o in selectors.originals()[:500]]


@router.create(
    "/originals", action="copies.certify", response=CHANGED, summary="Register an original"
)
def depositary_register(
    request: HttpRequest,
    document: Form[int],
    received_on: Form[Day],
    storage_location: Form[Annotated[str, StringConstraints(max_length=300)]],
    scan: File[UploadedFile],
    concerns_rats: Form[bool] = False,
    pages: Form[int | None] = None,
) -> Status[dict[str, Any]]:
    """Enter an adopted document's original (its scan, a PDF); copies due by SEC-CERTIFIED-7D."""
    user = me(request)
    found = documents_visible(user).filter(pk=document).first()
    if found is None:
        raise NotFoundError(translation.gettext_lazy("There is no such document."))
    original = services.original_register(
        document=found,
        received_on=received_on,
        scan=scan.read(),
        scan_name=scan.name or "original.pdf",
        storage_location=storage_location,
        concerns_rats=concerns_rats,
        pages=pages,
        by=user,
    )
    return Status(201, _out(request, original.pk))


@router.read(
    "/originals/{original_id}",
    action="depositary.view",
    response={200: OriginalOut, 404: ErrorOut},
    summary="An original",
)
def depositary_original(request: HttpRequest, original_id: int) -> dict[str, Any]:
    """One original, its copies, and when each was handed over and received."""
    return _out(request, original_id)


@router.create(
    "/originals/{original_id}/copies",
    action="copies.certify",
    response=CHANGED,
    summary="Make certified copies",
)
def depositary_copies(
    request: HttpRequest, original_id: int, payload: CopiesIn
) -> Status[dict[str, Any]]:
    """Make and sign a certified copy for every addressee still without one (or those named)."""
    original = selectors.original_of(original_id)
    only = None
    if payload.addressees is not None:
        only = list(Delegation.objects.filter(code__in=payload.addressees))
        if len(only) != len(set(payload.addressees)):
            raise NotFoundError(translation.gettext_lazy("There is no such delegation."))
    services.copies_make(original=original, by=me(request), only=only)
    return Status(201, _out(request, original_id))


@router.create(
    "/copies/{copy_id}/dispatch",
    action="copies.certify",
    response=CHANGED,
    summary="Record a copy handed over",
)
def depositary_dispatch(
    request: HttpRequest, copy_id: int, payload: DispatchIn
) -> Status[dict[str, Any]]:
    """The day the copy was handed or sent to its addressee; after SEC-CERTIFIED-7D's day it
    is recorded as late."""
    copy = selectors.copy_for(me(request), copy_id)
    services.copy_dispatch(
        copy=copy, dispatched_on=payload.dispatched_on, method=payload.method, by=me(request)
    )
    return Status(201, _out(request, copy.original_id))


@router.create(
    "/copies/{copy_id}/receipt",
    action="copies.receive",
    response=CHANGED,
    summary="Acknowledge receipt",
)
def depositary_receipt(
    request: HttpRequest, copy_id: int, payload: ReceiptIn
) -> Status[dict[str, Any]]:
    """The addressee says it received its copy."""
    copy = selectors.copy_for(me(request), copy_id)
    services.copy_receipt(copy=copy, received_on=payload.received_on, by=me(request))
    return Status(201, _out(request, copy.original_id))


@router.read(
    "/copies/{copy_id}/pdf",
    action="depositary.view",
    response={200: None, 404: ErrorOut},
    summary="A certified copy (signed PDF)",
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def depositary_copy_pdf(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The signed copy, for its addressee and the depositary."""
    copy = selectors.copy_for(me(request), copy_id)
    data = stored_bytes(copy.pdf)  # read through the storage, local or object store
    response = HttpResponse(data, content_type="application/pdf")
    name = copy.copy_number.replace("/", "_")
    response["Content-Disposition"] = downloads.attachment(f"{name}.pdf")
    return response


@router.read(
    "/register",
    action="depositary.view",
    summary="The register, for export",
    openapi_extra={
        "responses": {
            200: {
                "description": "JSON, or CSV with format=csv",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["intact", "problems", "entries"],
                            "properties": {
                                "intact": {"type": "boolean"},
                                "problems": {"type": "array", "items": {"type": "string"}},
                                "entries": {"type": "array", "items": REGISTER_ENTRY},
                            },
                        }
                    },
                    "text/csv": {},
                },
            }
        }
    },
)
def depositary_register_export(
    request: HttpRequest, format: Literal["json", "csv"] = "json"
) -> Any:
    """Every line of the hash-chained register; ``format=csv`` for a spreadsheet."""
    if format == "csv":
        response = HttpResponse(selectors.register_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = downloads.attachment("depositary-register.csv")
        return response
    check = services.register_verify()
    return {
        "intact": check.intact,
        "problems": list(check.problems),
        "entries": selectors.register_rows(),
    }


@router.create(
    "/verify",
    action=PUBLIC,
    response={200: CopyVerificationOut, 503: ErrorOut},
    summary="Verify a certified copy",
)
@transaction.non_atomic_requests  # a check writes nothing: no write lock while it reads
def depositary_verify(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    """Whether a PDF is an authentic, unaltered certified copy in the register, and why not."""
    result = services.copy_verify(verify_upload_read(file))
    lang = parse_lang(caller_language(request))  # the user's own, else Accept-Language
    return {
        "valid": result.valid,
        "code": result.code,
        "reason": result.reasons.get(lang, result.reasons.get("en", "")),
        "reasons": dict(result.reasons),
        "register_number": result.signature.register_number,
        "copy_number": result.signature.copy_number,
        "signer": result.signature.signer_subject,
        "signed_at": result.signature.signed_at,
        "sha256": result.signature.sha256,
    }
