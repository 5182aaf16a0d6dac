"""What the tests of the start page share: the registry with its delegations, users by role,
and meetings at known points of their procedure."""

from __future__ import annotations

from secretariat.accounts.models import User
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import meeting_record_event, meeting_transition
from secretariat.work.items import WorkItem
from tests.factories import accounts
from tests.factories.meetings import bcb_extraordinary, record_appeal
from tests.meetings.support import day


def person(role: str, delegation: str, **fields: object) -> User:
    """A user of ``role`` in ``delegation`` (made once per test; named after both)."""
    return accounts.user_get_or_create(f"{role}-{delegation}", role, delegation, **fields)


def private_initiative() -> Meeting:
    """An extraordinary Board meeting from 20 December 2026 initiated by China's and Russia's
    national parts: its appeal is not registered, so it is private to them and the
    Secretariats. On 6 December the BC Secretariat's informing (due 25 November) is overdue,
    the relay (8 December) and the circulation (15 December) are due soon, the distribution
    of the minutes (27 December) later."""
    return bcb_extraordinary("CN", "RU", start="2026-12-20")


def informed_meeting() -> Meeting:
    """Appeal received on 1 December, parts informed on 3 December: replies due 13 December."""
    meeting = bcb_extraordinary("CN", "RU", start="2027-02-15")
    record_appeal(meeting, day("2026-12-01"))
    meeting_transition(meeting=meeting, event="receive_appeal")
    meeting_record_event(meeting=meeting, event="informed", date=day("2026-12-03"))
    meeting_transition(meeting=meeting, event="inform")
    meeting.refresh_from_db()
    return meeting


def rules(items: list[WorkItem], source: str = "deadline") -> list[str]:
    return [i.rule_id for i in items if i.source == source]
