"""The API of the agenda being prepared and of the minutes the national parts sign, added to
the meetings router (``api.router``) under /api/meetings/.

Items are added, edited, moved and removed until the agenda is circulated (then 409
``agenda_circulated``); the text every part signs is the minutes frozen when the meeting
concluded (``GET …/minutes/to-sign.pdf``, its SHA-256 also in the meeting's
``minutes_to_sign_sha256``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Status

from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError
from secretariat.core.schemas import ErrorOut
from secretariat.meetings import selectors, services
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.presenters import meeting_detail_data
from secretariat.meetings.schemas import AgendaItemIn, ItemMoveIn, MeetingDetailOut
from secretariat.procedure.text import Text

router = ActionRouter(tags=["meetings"])

WRITE = {200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}
CREATED = {201: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    found = selectors.meetings_visible(me(request)).filter(pk=meeting_id).first()
    if found is None:
        raise NotFoundError(translation.gettext_lazy("There is no such meeting."))
    return found


def _item(meeting: Meeting, number: int) -> AgendaItem:
    found = meeting.agenda_items.filter(number=number).first()
    if found is None:
        raise NotFoundError(
            translation.gettext_lazy("The agenda has no item %(number)s."), number=number
        )
    return found


def _fields(payload: AgendaItemIn) -> services.ItemFields:
    return services.ItemFields(
        title=Text(en=payload.title_en, ru=payload.title_ru, zh=payload.title_zh),
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        speakers=payload.speakers,
        materials=payload.materials,
    )


@router.create(
    "/{meeting_id}/agenda/preliminary",
    action="meetings.manage",
    response=CREATED,
    summary="Add an item to the agenda being prepared",
)
def meetings_item_add(
    request: HttpRequest, meeting_id: int, payload: AgendaItemIn
) -> Status[dict[str, Any]]:
    """The Secretariat adds an item at the end of the agenda, until it is circulated: a title
    in one to three languages (the others pending translation), an optional start within the
    meeting's days, duration (1-720 minutes), speakers and documents you may see."""
    meeting = _meeting(request, meeting_id)
    services.agenda_item_add(
        meeting=meeting,
        by=me(request),
        fields=_fields(payload),
        expected_version=payload.expected_version,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.replace(
    "/{meeting_id}/agenda/items/{number}",
    action="meetings.manage",
    response=WRITE,
    summary="Replace an item of the agenda being prepared",
)
def meetings_item_update(
    request: HttpRequest, meeting_id: int, number: int, payload: AgendaItemIn
) -> dict[str, Any]:
    """The item's titles, timetable entry, speakers and materials, as given; refused once
    the agenda is circulated (409 agenda_circulated)."""
    meeting = _meeting(request, meeting_id)
    services.agenda_item_update(
        meeting=meeting,
        item=_item(meeting, number),
        by=me(request),
        fields=_fields(payload),
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.create(
    "/{meeting_id}/agenda/items/{number}/move",
    action="meetings.manage",
    response=WRITE,
    summary="Move an item up or down the agenda being prepared",
)
def meetings_item_move(
    request: HttpRequest, meeting_id: int, number: int, payload: ItemMoveIn
) -> dict[str, Any]:
    """Swap the item with the one before (up) or after it (down); the first item does not
    move up, nor the last down (400 item_at_the_edge)."""
    meeting = _meeting(request, meeting_id)
    services.agenda_item_move(
        meeting=meeting,
        item=_item(meeting, number),
        by=me(request),
        direction=payload.direction,
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.remove(
    "/{meeting_id}/agenda/items/{number}",
    action="meetings.manage",
    response=WRITE,
    summary="Remove an item from the agenda being prepared",
)
def meetings_item_delete(
    request: HttpRequest, meeting_id: int, number: int, expected_version: int | None = None
) -> dict[str, Any]:
    """Remove the item (``?expected_version=`` as elsewhere); the items after it move up one
    number."""
    meeting = _meeting(request, meeting_id)
    services.agenda_item_delete(
        meeting=meeting,
        item=_item(meeting, number),
        by=me(request),
        expected_version=expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.read(
    "/{meeting_id}/minutes/to-sign.pdf",
    action="meetings.view",
    response={200: None, 400: ErrorOut, 404: ErrorOut},
    summary="The minutes every national part signs",
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def meetings_minutes_to_sign(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes as they stood when the meeting concluded, byte for byte the text each
    part signs; pass its SHA-256 (also in the X-Content-SHA256 header) when signing."""
    meeting = _meeting(request, meeting_id)
    text = services.minutes_to_sign(meeting)
    response = HttpResponse(bytes(text.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}-to-sign.pdf"'
    response["X-Content-SHA256"] = text.pdf_sha256
    return response
