"""Partner states' participation in SCO meetings (STRAT-OBSERVERS, STRAT-DIALOGUE): the
engine's ``procedure.relations.participation_verdict`` decides, the registry gives the
status of the day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.procedure import relations as relation_rules
from secretariat.procedure.text import Message
from secretariat.registry.models import CouncilMeeting, State
from secretariat.relations.models import Event, EventLevel, Participation, ParticipationKind
from secretariat.relations.services.inputs import choice, texts


def status_on(state: State, day: dt.date) -> str | None:
    """The state's status in the SCO on ``day``, from the registry."""
    found = state.statuses.filter(valid_from__lte=day).order_by("-valid_from")
    for status in found:
        if status.covers(day):
            return str(status.status)
    return None


@transaction.atomic
def participation_record(
    *,
    state: State,
    kind: str,
    level: str,
    event_name: str | Mapping[str, str],
    date: dt.date,
    council_meeting: CouncilMeeting | None = None,
    event: Event | None = None,
    notes: str | Mapping[str, str] = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Participation:
    """Record a partner state's part in an SCO meeting: observers at the public meetings of the
    CHS, the CHG and heads of ministries (STRAT-OBSERVERS), dialogue partners at ministerial and
    expert meetings (STRAT-DIALOGUE), guests anywhere; the registry says which status it held."""
    choice(kind, ParticipationKind.values, "participation_kind", ("SEC-PARTNERS",))
    choice(level, EventLevel.values, "event_level", ("SEC-PARTNERS",))
    names = texts(event_name, "event_name", ("SEC-PARTNERS",), needed=True)
    status = status_on(state, date)
    verdict = relation_rules.participation_verdict(kind=kind, status=status, level=level)
    if not verdict.allowed:
        params: dict[str, Any] = {"state": names_of(state), "day": date}
        if verdict.reason == "status":
            params["held"] = _status_text(status)
        sentence = (
            "participation.member"
            if verdict.reason == "member"
            else f"participation.{kind}.{verdict.reason}"
        )
        raise refuse(
            f"participation_{verdict.reason}", f"relations.{sentence}", verdict.rules, **params
        )
    return Participation.objects.create(
        state=state,
        kind=kind,
        level=level,
        **names,
        date=date,
        council_meeting=council_meeting,
        event=event,
        status_on_date=status or "",
        **texts(notes, "notes", ("SEC-PARTNERS",)),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


def _status_text(status: str | None) -> Message:
    return Message(f"relations.status.{status or 'none'}")
