"""Partner states' participation (STRAT-OBSERVERS, STRAT-DIALOGUE) and interactions with
non-governmental structures (SEC-NGO)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Status

from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError
from secretariat.registry.models import Body, CouncilMeeting
from secretariat.relations import selectors, services
from secretariat.relations.api.common import changed, participation_out, router, state_or_404
from secretariat.relations.api.schemas import NgoIn, ParticipationIn
from secretariat.relations.api.schemas_out import RelNgoOut, RelParticipationOut
from secretariat.relations.models import Event, NgoInteraction


@router.read(
    "/participations",
    action="relations.view",
    response=list[RelParticipationOut],
    summary="Partner states' participation",
)
def relations_participations(request: HttpRequest) -> list[dict[str, Any]]:
    user = me(request)
    with translation.override(user.language):
        return [participation_out(p) for p in selectors.participations_visible(user)[:1000]]


@router.create(
    "/participations",
    action="relations.manage",
    response=changed(RelParticipationOut),
    summary="Record a partner state's participation",
)
def relations_participation_record(
    request: HttpRequest, payload: ParticipationIn
) -> Status[dict[str, Any]]:
    """As observer (STRAT-OBSERVERS), dialogue partner (STRAT-DIALOGUE) or guest."""
    council = (
        CouncilMeeting.objects.filter(pk=payload.council_meeting).first()
        if payload.council_meeting
        else None
    )
    event = Event.objects.filter(pk=payload.event).first() if payload.event else None
    if (payload.council_meeting and council is None) or (payload.event and event is None):
        raise NotFoundError(translation.gettext_lazy("There is no such meeting or event."))
    found = services.participation_record(
        state=state_or_404(code=payload.state),
        kind=payload.kind,
        level=payload.level,
        event_name=payload.event_name,
        date=payload.date,
        council_meeting=council,
        event=event,
        notes=payload.notes,
        by=me(request),
    )
    return Status(201, participation_out(found))


def _ngo(n: NgoInteraction) -> dict[str, Any]:
    return {
        "id": n.pk,
        "organisation_name": n.organisation_name,
        "kind": n.kind,
        "body": n.body.code if n.body else None,
        "date": n.date,
        "subject": n.subject,
        "outcome": n.outcome,
        "is_demo": n.is_demo,
    }


@router.read(
    "/ngo", action="relations.view", response=list[RelNgoOut], summary="Interactions with NGOs"
)
def relations_ngo(request: HttpRequest) -> list[dict[str, Any]]:
    user = me(request)
    return [_ngo(n) for n in selectors.ngo_interactions_visible(user)[:1000]]


@router.create(
    "/ngo",
    action="relations.manage",
    response=changed(RelNgoOut),
    summary="Record an interaction with an NGO",
)
def relations_ngo_record(request: HttpRequest, payload: NgoIn) -> Status[dict[str, Any]]:
    body = Body.objects.filter(code=payload.body).first() if payload.body else None
    if payload.body and body is None:
        raise NotFoundError(translation.gettext_lazy("There is no such body."))
    found = services.ngo_interaction_record(
        organisation_name=payload.organisation_name,
        kind=payload.kind,
        body=body,
        date=payload.date,
        subject=payload.subject,
        outcome=payload.outcome,
        by=me(request),
    )
    return Status(201, _ngo(found))
