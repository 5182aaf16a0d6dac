"""The Secretary-General's schedule, its engagements and its iCalendar feed (SEC-PROTOCOL)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import Status

from secretariat.core.actor import me
from secretariat.core.schemas import Day, ErrorOut
from secretariat.relations import selectors, services
from secretariat.relations.api.common import changed, done, router
from secretariat.relations.api.schemas import EngagementIn
from secretariat.relations.api.schemas_out import RelEngagementOut
from secretariat.relations.calendar import schedule_ics


@router.read(
    "/protocol",
    action="protocol.view",
    response=list[RelEngagementOut],
    summary="The Secretary-General's schedule",
)
def relations_protocol(
    request: HttpRequest, start: Day | None = None, days: int = 31
) -> list[dict[str, Any]]:
    """Engagements from ``start`` (default today) for ``days``, with overlap warnings."""
    user = me(request)
    with translation.override(user.language):
        lines = selectors.schedule(
            user, start=start or timezone.localdate(), days=max(1, min(days, 366))
        )
        return [selectors.engagement_out(line) for line in lines]


@router.read(
    "/protocol/schedule.ics",
    action="protocol.view",
    response={200: None},
    summary="The Secretary-General's schedule as iCalendar",
    openapi_extra={
        "responses": {200: {"description": "RFC 5545", "content": {"text/calendar": {}}}}
    },
)
def relations_protocol_ics(request: HttpRequest) -> HttpResponse:
    """Every engagement, as an RFC 5545 calendar in the caller's language."""
    return schedule_ics(me(request))


def _saved(request: HttpRequest, saved: services.Saved) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return {
            **selectors.engagement_out(
                selectors.ScheduleLine(
                    saved.engagement,
                    saved.overlapping,
                    [selectors.overlap_warning(o) for o in saved.overlapping],
                )
            )
        }


@router.create(
    "/protocol",
    action="relations.manage",
    response=changed(RelEngagementOut),
    summary="Add an engagement",
)
def relations_engagement_create(
    request: HttpRequest, payload: EngagementIn
) -> Status[dict[str, Any]]:
    """An engagement; one that overlaps others is saved, with a warning naming them."""
    saved = services.engagement_save(by=me(request), **payload.dict())
    return Status(201, _saved(request, saved))


@router.replace(
    "/protocol/{engagement_id}",
    action="relations.manage",
    response=done(RelEngagementOut),
    summary="Change an engagement",
)
def relations_engagement_change(
    request: HttpRequest, engagement_id: int, payload: EngagementIn
) -> dict[str, Any]:
    user = me(request)
    saved = services.engagement_save(
        engagement=selectors.engagement_of(user, engagement_id), by=user, **payload.dict()
    )
    return _saved(request, saved)


@router.remove(
    "/protocol/{engagement_id}",
    action="relations.manage",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Take an engagement off the schedule",
)
def relations_engagement_cancel(request: HttpRequest, engagement_id: int) -> Status[None]:
    user = me(request)
    services.engagement_cancel(engagement=selectors.engagement_of(user, engagement_id), by=user)
    return Status(204, None)
