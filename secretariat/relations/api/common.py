"""The relations router and what its endpoints share: the answers they declare, the
lookups of an organisation or a state by id or code, and a participation as JSON (on a
partner state's page and in the list)."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from ninja import Schema

from secretariat.core.access import ActionRouter
from secretariat.core.errors import NotFoundError
from secretariat.core.lookup import found_or_404
from secretariat.core.schemas import ErrorOut
from secretariat.registry.models import InternationalOrganisation, State
from secretariat.relations.models import Participation

router = ActionRouter(tags=["relations"])


def changed(out: type[Schema]) -> dict[int, type[Schema]]:
    """The answers of a write that creates something: ``out`` (201), or a refusal."""
    return {201: out, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def done(out: type[Schema]) -> dict[int, type[Schema]]:
    """The answers of a write that changes something: ``out`` (200), or a refusal."""
    return {200: out, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def organisation_or_404(organisation_id: int) -> InternationalOrganisation:
    found = found_or_404(
        InternationalOrganisation,
        translation.gettext_lazy("There is no such partner organisation."),
        pk=organisation_id,
    )
    return found


def state_or_404(state_id: int | None = None, code: str | None = None) -> State:
    found = (
        State.objects.filter(pk=state_id).first()
        if state_id is not None
        else State.objects.filter(code=(code or "").upper()).first()
    )
    if found is None:
        raise NotFoundError(translation.gettext_lazy("There is no such state."))
    return found


def participation_out(p: Participation) -> dict[str, Any]:
    return {
        "id": p.pk,
        "state": p.state.code,
        "state_name": p.state.name,
        "kind": p.kind,
        "level": p.level,
        "event_name": p.event_name,
        "date": p.date,
        "council_meeting": p.council_meeting_id,
        "event": p.event_id,
        "status_on_date": p.status_on_date,
        "notes": p.notes,
        "is_demo": p.is_demo,
    }
