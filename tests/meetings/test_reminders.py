"""A meeting's deadlines remind the users of the delegations that must act, and follow it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.meetings.models import Meeting
from secretariat.meetings.recipients import actor_users
from secretariat.meetings.services import meeting_plan, meeting_reschedule, meeting_transition
from secretariat.notifications.models import Reminder, ReminderState
from secretariat.notifications.services import reminder_due_at
from secretariat.registry.models import Body
from tests.factories.accounts import user
from tests.factories.registry import registry_loaded

from .support import day

pytestmark = pytest.mark.django_db

#: Far enough ahead that every lead time of every deadline is still to come.
START = "2027-09-15"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


def plan(start: str = START) -> Meeting:
    return meeting_plan(
        body=Body.objects.get(code="bcb"), kind="bcb-regular", start=day(start)
    ).meeting


def reminders(meeting: Meeting, **filters: Any) -> list[Reminder]:
    return list(
        Reminder.objects.filter(
            model_label="meetings.meeting", object_id=str(meeting.pk), **filters
        )
    )


def leads() -> list[int]:
    return sorted(set(settings.SECRETARIAT_REMINDER_LEAD_DAYS), reverse=True)


def test_planning_a_regular_bcb_reminds_the_bc_secretariat_at_the_lead_times() -> None:
    officers = [
        user("bc1", "bc_secretariat_officer", "bc-secretariat"),
        user("bc2", "bc_secretariat_officer", "bc-secretariat"),
    ]
    user("gone", "bc_secretariat_officer", "bc-secretariat", is_active=False)
    meeting = plan()
    bc_rules = {
        d.rule_id: d
        for d in meeting.deadlines.all()
        if d.actor in {"bc_secretariat", "bcb_secretary"}
    }
    assert bc_rules, "the regular Board has steps of the BC Secretariat"
    for rule_id, deadline in bc_rules.items():
        rows = reminders(meeting, rule_id=rule_id)
        assert {r.recipient for r in rows} == set(officers)
        assert all(r.state == ReminderState.PENDING for r in rows)
        assert all(
            r.subject_code == "deadline" and r.link == f"/meetings/{meeting.pk}/" for r in rows
        )
        assert all(r.params["rule"] == rule_id for r in rows)
        assert set(rows[0].params["action"]) == {"en", "ru", "zh"}
        for officer in officers:
            mine = sorted(
                ((r.lead_days, r.due_at) for r in rows if r.recipient == officer), reverse=True
            )
            assert mine == [
                (lead, reminder_due_at(deadline=deadline.due, lead_days=lead)) for lead in leads()
            ]


def test_rescheduling_moves_the_pending_reminders_without_duplicates() -> None:
    officer = user("bc1", "bc_secretariat_officer", "bc-secretariat")
    meeting = plan()
    before = {(r.pk, r.rule_id, r.lead_days): r.due_at for r in reminders(meeting)}
    assert before
    meeting_reschedule(meeting=meeting, start=day(START) + dt.timedelta(days=14))
    after = reminders(meeting, state=ReminderState.PENDING)
    assert len(after) == len(before)
    assert len({(r.recipient_id, r.rule_id, r.lead_days) for r in after}) == len(after)
    for row in after:
        assert row.recipient == officer
        assert before[(row.pk, row.rule_id, row.lead_days)] == row.due_at - dt.timedelta(days=14)
        assert row.deadline == meeting.deadlines.get(rule_id=row.rule_id).due
    assert not reminders(meeting, state=ReminderState.CANCELLED)


def test_cancelling_the_meeting_cancels_its_reminders() -> None:
    user("bc1", "bc_secretariat_officer", "bc-secretariat")
    meeting = plan()
    count = len(reminders(meeting))
    assert count
    meeting_transition(meeting=meeting, event="cancel", reason="The host withdrew its offer.")
    assert len(reminders(meeting, state=ReminderState.CANCELLED)) == count
    assert not reminders(meeting, state=ReminderState.PENDING)


def test_users_of_other_delegations_are_not_reminded() -> None:
    user("bc1", "bc_secretariat_officer", "bc-secretariat")
    outsider = user("kz", "national_coordinator", "kz")
    officer = user("sco", "secretariat_officer", "sco-secretariat")
    plan()
    assert not Reminder.objects.filter(recipient__in=[outsider, officer]).exists()


def test_actors_map_to_their_delegations() -> None:
    bc = user("bc1", "bc_secretariat_officer", "bc-secretariat")
    sg = user("sg", "secretary_general", "sco-secretariat")
    user("legal", "secretariat_legal", "sco-secretariat")
    np_cn = user("npcn", "np_chair", "np-cn")
    kz = user("kz", "national_coordinator", "kz")
    meeting = plan()
    assert actor_users(meeting, "bcb_secretary") == [bc]
    assert actor_users(meeting, "secretariat") == [sg]
    assert actor_users(meeting, "national_parts") == [np_cn]
    assert actor_users(meeting, "member_states") == [kz]
    assert actor_users(meeting, "bcb_initiators") == []
    assert actor_users(meeting, "no_such_actor") == []
