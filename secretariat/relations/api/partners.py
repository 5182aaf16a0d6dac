"""Partner organisations and states, their contacts and meetings (SEC-EXTERNAL,
SEC-PARTNERS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Status

from secretariat.core.actor import me
from secretariat.core.schemas import ErrorOut
from secretariat.relations import selectors, services
from secretariat.relations.api.common import (
    changed,
    organisation_or_404,
    participation_out,
    router,
    state_or_404,
)
from secretariat.relations.api.schemas import ContactIn, MeetingIn
from secretariat.relations.api.schemas_out import (
    RelContactOut,
    RelMeetingRecordedOut,
    RelPartnerOut,
    RelPartnersOut,
)
from secretariat.relations.models import Contact, Partner


def _row(row: selectors.PartnerRow) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "id": row.ref_id,
        "name": row.name,
        "note": row.note,
        "contacts": row.contacts,
        "meetings": row.meetings,
        "agreements": row.agreements,
    }


@router.read(
    "/partners",
    action="relations.view",
    response=RelPartnersOut,
    summary="Partner organisations and states",
)
def relations_partners(request: HttpRequest) -> dict[str, Any]:
    """Every partner organisation and partner state of the registry, with what is recorded."""
    user = me(request)
    with translation.override(user.language):
        organisations, states = selectors.partner_rows(user)
        return {
            "organisations": [_row(r) for r in organisations],
            "states": [_row(r) for r in states],
        }


def _contact(c: Contact) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "role": c.role,
        "email": c.email,
        "phone": c.phone,
        "notes": c.notes,
        "is_demo": c.is_demo,
    }


def _partner_out(shown: selectors.PartnerView) -> dict[str, Any]:
    return {
        "kind": shown.kind,
        "id": shown.ref_id,
        "name": shown.name,
        "contacts": [_contact(c) for c in shown.contacts],
        "meetings": [
            {
                "id": m.pk,
                "date": m.date,
                "place": m.place,
                "participants": m.participants,
                "summary": m.summary,
                "is_demo": m.is_demo,
            }
            for m in shown.meetings
        ],
        "agreements": [selectors.agreement_out(a) for a in shown.agreements],
        "registry_documents": [
            {
                "title": d.display_title,
                "date": d.date,
                "date_text": d.date_text,
                "signed_by_secretariat": d.signed_by_secretariat,
            }
            for d in shown.registry_documents
        ],
        "participations": [participation_out(p) for p in shown.participations],
    }


def _partner(
    request: HttpRequest, *, organisation_id: int | None = None, state_id: int | None = None
) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return _partner_out(
            selectors.partner_view(user, organisation_id=organisation_id, state_id=state_id)
        )


@router.read(
    "/partners/organisations/{organisation_id}",
    action="relations.view",
    response={200: RelPartnerOut, 404: ErrorOut},
    summary="A partner organisation",
)
def relations_organisation(request: HttpRequest, organisation_id: int) -> dict[str, Any]:
    """Its contacts, meetings, agreements, and the documents the registry lists."""
    return _partner(request, organisation_id=organisation_id)


@router.read(
    "/partners/states/{state_id}",
    action="relations.view",
    response={200: RelPartnerOut, 404: ErrorOut},
    summary="A partner state",
)
def relations_state(request: HttpRequest, state_id: int) -> dict[str, Any]:
    """Its contacts, meetings, agreements and participation in SCO meetings."""
    return _partner(request, state_id=state_id)


def _partner_of(organisation_id: int | None, state_id: int | None) -> Partner:
    if organisation_id is not None:
        return services.partner_of(organisation=organisation_or_404(organisation_id))
    return services.partner_of(state=state_or_404(state_id))


def _add_contact(
    request: HttpRequest, payload: ContactIn, organisation_id: int | None, state_id: int | None
) -> Status[dict[str, Any]]:
    contact = services.contact_add(
        partner=_partner_of(organisation_id, state_id), by=me(request), **payload.dict()
    )
    return Status(201, _contact(contact))


def _add_meeting(
    request: HttpRequest, payload: MeetingIn, organisation_id: int | None, state_id: int | None
) -> Status[dict[str, Any]]:
    meeting = services.partner_meeting_record(
        partner=_partner_of(organisation_id, state_id), by=me(request), **payload.dict()
    )
    return Status(201, {"id": meeting.pk, "date": meeting.date, "place": meeting.place})


@router.create(
    "/partners/organisations/{organisation_id}/contacts",
    action="relations.manage",
    response=changed(RelContactOut),
    summary="Add a contact at a partner organisation",
)
def relations_organisation_contact(
    request: HttpRequest, organisation_id: int, payload: ContactIn
) -> Status[dict[str, Any]]:
    return _add_contact(request, payload, organisation_id, None)


@router.create(
    "/partners/states/{state_id}/contacts",
    action="relations.manage",
    response=changed(RelContactOut),
    summary="Add a contact at a partner state",
)
def relations_state_contact(
    request: HttpRequest, state_id: int, payload: ContactIn
) -> Status[dict[str, Any]]:
    return _add_contact(request, payload, None, state_id)


@router.create(
    "/partners/organisations/{organisation_id}/meetings",
    action="relations.manage",
    response=changed(RelMeetingRecordedOut),
    summary="Record a meeting with a partner organisation",
)
def relations_organisation_meeting(
    request: HttpRequest, organisation_id: int, payload: MeetingIn
) -> Status[dict[str, Any]]:
    return _add_meeting(request, payload, organisation_id, None)


@router.create(
    "/partners/states/{state_id}/meetings",
    action="relations.manage",
    response=changed(RelMeetingRecordedOut),
    summary="Record a meeting with a partner state",
)
def relations_state_meeting(
    request: HttpRequest, state_id: int, payload: MeetingIn
) -> Status[dict[str, Any]]:
    return _add_meeting(request, payload, None, state_id)
