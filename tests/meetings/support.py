"""Shared data of the meetings tests: delegations built directly on the loaded registry."""

from __future__ import annotations

import datetime as dt

from secretariat.accounts.models import Delegation, DelegationKind
from secretariat.meetings.models import Meeting
from secretariat.registry.models import Body, State


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def national_part(state: str) -> Delegation:
    """The delegation of a state's national part of the Business Council."""
    part = Body.objects.get(code=f"np_{state.lower()}")
    delegation, _ = Delegation.objects.get_or_create(
        code=f"np-{state.lower()}",
        defaults={
            "kind": DelegationKind.NATIONAL_PART,
            "state": State.objects.get(code=state),
            "body": part,
            "name_en": part.name_en,
            "name_ru": part.name_ru,
            "name_zh": part.name_zh,
        },
    )
    return delegation


def member_state(state: str) -> Delegation:
    """The delegation of a member state."""
    row = State.objects.get(code=state)
    delegation, _ = Delegation.objects.get_or_create(
        code=state.lower(),
        defaults={
            "kind": DelegationKind.MEMBER_STATE,
            "state": row,
            "name_en": row.name_en,
            "name_ru": row.name_ru,
            "name_zh": row.name_zh,
        },
    )
    return delegation


def deadlines_of(meeting: Meeting) -> dict[str, str]:
    return {d.rule_id: d.due.isoformat() for d in meeting.deadlines.all()}
