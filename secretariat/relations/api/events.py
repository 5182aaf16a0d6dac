"""Workshops, conferences and symposia (SEC-EXPERTS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Status

from secretariat.core.actor import me
from secretariat.core.schemas import ErrorOut
from secretariat.relations import selectors, services
from secretariat.relations.api.common import changed, done, router
from secretariat.relations.api.schemas import RelationsEventIn
from secretariat.relations.api.schemas_out import RelEventOut
from secretariat.relations.models import Event


def _event(e: Event) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "title": e.title,
        "title_en": e.title_en,
        "title_ru": e.title_ru,
        "title_zh": e.title_zh,
        "date_start": e.date_start,
        "date_end": e.date_end,
        "place": e.place,
        "organisers": e.organisers,
        "participants_count": e.participants_count,
        "outcome": e.outcome,
        "is_demo": e.is_demo,
    }


def _event_values(payload: RelationsEventIn) -> dict[str, Any]:
    values = payload.dict()
    values["title"] = {
        "en": values.pop("title_en"),
        "ru": values.pop("title_ru"),
        "zh": values.pop("title_zh"),
    }
    return values


@router.read(
    "/events",
    action="relations.view",
    response=list[RelEventOut],
    summary="Workshops, conferences, symposia",
)
def relations_events(request: HttpRequest) -> list[dict[str, Any]]:
    user = me(request)
    with translation.override(user.language):
        return [_event(e) for e in selectors.events_visible(user)[:1000]]


@router.create(
    "/events", action="relations.manage", response=changed(RelEventOut), summary="Add an event"
)
def relations_event_create(
    request: HttpRequest, payload: RelationsEventIn
) -> Status[dict[str, Any]]:
    found = services.event_save(by=me(request), **_event_values(payload))
    return Status(201, _event(found))


@router.read(
    "/events/{event_id}",
    action="relations.view",
    response={200: RelEventOut, 404: ErrorOut},
    summary="An event",
)
def relations_event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return _event(selectors.event_of(user, event_id))


@router.replace(
    "/events/{event_id}",
    action="relations.manage",
    response=done(RelEventOut),
    summary="Change an event",
)
def relations_event_change(
    request: HttpRequest, event_id: int, payload: RelationsEventIn
) -> dict[str, Any]:
    """The whole event as given: dates, place, organisers, participants, outcome."""
    user = me(request)
    found = services.event_save(
        event=selectors.event_of(user, event_id), by=user, **_event_values(payload)
    )
    return _event(found)
