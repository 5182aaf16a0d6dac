"""The API of the agenda (prepared, edited item by item, circulated) and of the minutes (the
text the national parts sign, the signatures, the PDF), added to the meetings router
(``api.router``) under /api/meetings/; the lookups every meetings endpoint shares.

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

from secretariat.accounts.models import Delegation, User
from secretariat.core import downloads
from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import InvalidInputError, NotFoundError
from secretariat.core.schemas import ErrorOut
from secretariat.meetings import selectors, services
from secretariat.meetings.languages import (
    any_given,
    cleaned,
    one_language,
    venue_completed,
    venue_text,
)
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.presenters import meeting_detail_data
from secretariat.meetings.schemas import (
    AgendaItemIn,
    CirculateIn,
    ItemMoveIn,
    MeetingDetailOut,
    SignIn,
    TranslationsIn,
    VersionIn,
)
from secretariat.procedure.text import Text, parse_lang

router = ActionRouter(tags=["meetings"])

WRITE = {200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}
CREATED = {201: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def meeting_of(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting, or 404 when there is none or the caller may not see it."""
    found = selectors.meetings_visible(me(request)).filter(pk=meeting_id).first()
    if found is None:
        raise NotFoundError(translation.gettext_lazy("There is no such meeting."))
    return found


def item_of(meeting: Meeting, number: int) -> AgendaItem:
    found = meeting.agenda_items.filter(number=number).first()
    if found is None:
        raise NotFoundError(
            translation.gettext_lazy("The agenda has no item %(number)s."), number=number
        )
    return found


def own_delegation(user: User) -> Delegation:
    if user.delegation is None:
        raise InvalidInputError(
            translation.gettext_lazy("Your account belongs to no delegation."),
            code="no_delegation",
        )
    return user.delegation


def venue_in(payload: Any, user: User) -> Text:
    """The city of a meeting's payload: ``venue_city_ru/_zh/_en``, or the old single
    ``venue_city`` (a known city in its three names, else in the language its letters show,
    else the caller's)."""
    given = Text(en=payload.venue_city_en, ru=payload.venue_city_ru, zh=payload.venue_city_zh)
    if any_given(given):
        return venue_completed(cleaned(given))
    return venue_text(payload.venue_city.strip(), parse_lang(user.language))


def title_in(payload: Any, user: User) -> Text:
    """A proposal's title: ``title_ru/_zh/_en``, or the old single ``title`` (in the language
    its letters show, else the caller's)."""
    given = Text(en=payload.title_en, ru=payload.title_ru, zh=payload.title_zh)
    if any_given(given):
        return cleaned(given)
    return one_language(payload.title, parse_lang(user.language))


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
    meeting = meeting_of(request, meeting_id)
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
    meeting = meeting_of(request, meeting_id)
    services.agenda_item_update(
        meeting=meeting,
        item=item_of(meeting, number),
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
    meeting = meeting_of(request, meeting_id)
    services.agenda_item_move(
        meeting=meeting,
        item=item_of(meeting, number),
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
    meeting = meeting_of(request, meeting_id)
    services.agenda_item_delete(
        meeting=meeting,
        item=item_of(meeting, number),
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
    meeting = meeting_of(request, meeting_id)
    text = services.minutes_to_sign(meeting)
    response = HttpResponse(bytes(text.pdf), content_type="application/pdf")
    response["Content-Disposition"] = downloads.inline(f"minutes-{meeting.pk}-to-sign.pdf")
    response["X-Content-SHA256"] = text.pdf_sha256
    return response


@router.create(
    "/{meeting_id}/translations",
    action="meetings.manage",
    response=WRITE,
    summary="Fill in the languages still empty of the venue and the agenda items",
)
def meetings_translations(
    request: HttpRequest, meeting_id: int, payload: TranslationsIn
) -> dict[str, Any]:
    """Give the Russian, Chinese or English text still missing of the venue and of items'
    titles, at any stage (after circulation only empty languages; the minutes are signed once
    Russian and Chinese are complete: ``minutes_translation_pending``)."""
    meeting = meeting_of(request, meeting_id)
    venue = Text(en=payload.venue_city_en, ru=payload.venue_city_ru, zh=payload.venue_city_zh)
    services.content_translations_add(
        meeting=meeting,
        by=me(request),
        venue=venue if any_given(venue) else None,
        items={i.number: Text(en=i.title_en, ru=i.title_ru, zh=i.title_zh) for i in payload.items},
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


# --- the agenda's circulation and the minutes (moved from api.py, which is kept short) ---


@router.create(
    "/{meeting_id}/agenda/prepare",
    action="meetings.manage",
    response=WRITE,
    summary="Prepare the preliminary agenda from the proposals",
)
def meetings_agenda_prepare(
    request: HttpRequest, meeting_id: int, payload: VersionIn
) -> dict[str, Any]:
    """One item per proposal not yet on the agenda, in the order received (SEC-AGENDA-PREP)."""
    meeting = meeting_of(request, meeting_id)
    services.agenda_prepare(
        meeting=meeting, by=me(request), expected_version=payload.expected_version
    )
    return meeting_detail_data(meeting, me(request))


@router.create(
    "/{meeting_id}/agenda/circulate",
    action="meetings.manage",
    response=WRITE,
    summary="Circulate the agenda and materials to every member",
)
def meetings_agenda_circulate(
    request: HttpRequest, meeting_id: int, payload: CirculateIn
) -> dict[str, Any]:
    """Send the agenda, its items and the proposals to all members and take the
    circulate_agenda step; where it cites SEC-CIRCULATE-CNC, the CNC must have consented."""
    meeting = meeting_of(request, meeting_id)
    services.agenda_circulate(
        meeting=meeting,
        by=me(request),
        cnc_consent=payload.cnc_consent,
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.create(
    "/{meeting_id}/signatures",
    action="meetings.session",
    response=CREATED,
    summary="Sign the minutes for your national part",
)
def meetings_sign(request: HttpRequest, meeting_id: int, payload: SignIn) -> Status[dict[str, Any]]:
    """The head of your national part signs, or an authorised Board member when the head
    was absent (BCB-MINUTES-SIGN); anyone else is refused, and nobody signs twice.
    ``pdf_sha256`` is the SHA-256 of the minutes you reviewed (``…/minutes/to-sign.pdf``),
    the text frozen when the meeting concluded: any other is refused (409
    minutes_text_changed). The last part's signature takes the sign_minutes step."""
    user = me(request)
    meeting = meeting_of(request, meeting_id)
    services.minutes_sign(
        meeting=meeting,
        delegation=own_delegation(user),
        user=user,
        pdf_sha256=payload.pdf_sha256,
        expected_version=payload.expected_version,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.read(
    "/{meeting_id}/minutes.pdf",
    action="meetings.view",
    response={200: None, 400: ErrorOut, 404: ErrorOut},
    summary="The minutes as a PDF",
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def meetings_minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes drafted from the recorded outcomes, in Russian and Chinese (authentic)
    and English (a translation); 400 minutes_not_ready before the meeting is closed."""
    meeting = meeting_of(request, meeting_id)
    pdf = services.minutes_of(meeting)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = downloads.inline(f"minutes-{meeting.pk}.pdf")
    return response
