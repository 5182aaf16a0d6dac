"""Shared data of the meetings tests (the delegations come from tests.factories.accounts)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from secretariat.meetings.models import Meeting


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def deadlines_of(meeting: Meeting) -> dict[str, str]:
    return {d.rule_id: d.due.isoformat() for d in meeting.deadlines.all()}


def signed_on_the_last_day(meeting_id: int) -> None:
    """The minutes of a meeting held in the past were signed on the evening of its last day
    (the suite's clock stands months later, when the rows were written): the minutes may go
    out from that day on, not before the last signature."""
    meeting = Meeting.objects.get(pk=meeting_id)
    evening = dt.datetime.combine(meeting.date_end, dt.time(18), tzinfo=ZoneInfo("Europe/Moscow"))
    meeting.signatures.update(signed_at=evening)
