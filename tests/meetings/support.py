"""Shared data of the meetings tests (the delegations come from tests.factories.accounts)."""

from __future__ import annotations

import datetime as dt

from secretariat.meetings.models import Meeting


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def deadlines_of(meeting: Meeting) -> dict[str, str]:
    return {d.rule_id: d.due.isoformat() for d in meeting.deadlines.all()}
