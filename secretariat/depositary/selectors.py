"""Reads of the depositary: the register, an original with its copies, a copy for its reader."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from secretariat.accounts.models import User
from secretariat.core import spreadsheets
from secretariat.core.errors import NotFoundError
from secretariat.depositary.models import CertifiedCopy, Original, RegisterEntry


def originals() -> QuerySet[Original]:
    return Original.objects.select_related("document__body").prefetch_related("copies__addressee")


def original_of(original_id: int) -> Original:
    found = originals().filter(pk=original_id).first()
    if found is None:
        raise NotFoundError(_("There is no such original in the register."), code="not_found")
    return found


def copy_for(user: User | None, copy_id: int) -> CertifiedCopy:
    """A copy its addressee or the depositary may take; anyone else gets not found."""
    found = CertifiedCopy.objects.select_related("original__document", "addressee").filter(
        pk=copy_id
    )
    if user is None or not (user.can("copies.certify") or user.can("confidential.all")):
        found = found.filter(addressee_id=user.delegation_id if user else -1)
    copy = found.first()
    if copy is None:
        raise NotFoundError(_("There is no such certified copy."), code="not_found")
    return copy


def original_out(original: Original) -> dict[str, Any]:
    from secretariat.depositary.services import copies_due

    return {
        "id": original.pk,
        "register_number": original.register_number,
        "document": original.document_id,
        "title": original.document.title,
        "body": original.document.body.code,
        "received_on": original.received_on,
        "languages": list(original.languages),
        "pages": original.pages,
        "sha256": original.sha256,
        "storage_location": original.storage_location,
        "concerns_rats": original.concerns_rats,
        "copies_due": copies_due(original),
        "copies": [
            {
                "id": c.pk,
                "copy_number": c.copy_number,
                "addressee": c.addressee.code,
                "addressee_id": c.addressee_id,
                "addressee_name": c.addressee.name,
                "due": c.due,
                "sha256": c.sha256,
                "made_at": c.made_at,
                "dispatched_on": c.dispatched_on,
                "dispatch_method": c.dispatch_method,
                "late": c.late,
                "received_on": c.received_on,
            }
            for c in original.copies.all()
        ],
    }


#: The register's columns, in the order of its CSV export.
REGISTER_COLUMNS = ("seq", "at", "kind", "register_number", "payload", "prev_hash", "hash")


def register_rows() -> list[dict[str, Any]]:
    return [
        {
            "seq": e.seq,
            "at": e.at.isoformat(),
            "kind": e.kind,
            "register_number": e.register_number,
            "payload": e.payload,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for e in RegisterEntry.objects.order_by("seq")
    ]


def register_csv() -> str:
    """The whole register as CSV (the payload as canonical JSON), ready to verify elsewhere."""
    from secretariat.audit.chain import canonical_json

    rows = [
        [canonical_json(row[c]) if c == "payload" else row[c] for c in REGISTER_COLUMNS]
        for row in register_rows()
    ]
    return spreadsheets.csv_string(REGISTER_COLUMNS, rows)
