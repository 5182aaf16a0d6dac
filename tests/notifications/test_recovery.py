"""What a worker settles when it starts: claims go back, interrupted sends become uncertain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from secretariat.notifications.models import Reminder, ReminderState
from secretariat.notifications.services import reminders_schedule
from secretariat.notifications.worker import LEASE, Worker
from tests.factories.notifications import a_person

pytestmark = pytest.mark.django_db


def a_reminder(name: str, *, state: str, claimed_by: str, claimed_ago: dt.timedelta) -> Reminder:
    (row,) = reminders_schedule(
        obj_label="meetings.meeting", obj_id=1, rule_id="R", deadline=dt.date(2030, 1, 1),
        recipients=[a_person(name)], subject_code="deadline", params={}, lead_days=[0],
    )  # fmt: skip
    Reminder.objects.filter(pk=row.pk).update(
        state=state, claimed_by=claimed_by, claimed_at=timezone.now() - claimed_ago
    )
    return row


def state_of(row: Reminder) -> str:
    row.refresh_from_db()
    return row.state


def test_recovery_requeues_dead_claims_and_marks_interrupted_sends_uncertain() -> None:
    long_ago, just_now = LEASE + dt.timedelta(minutes=1), dt.timedelta(seconds=10)
    expired_claim = a_reminder("a", state="claimed", claimed_by="other", claimed_ago=long_ago)
    live_claim = a_reminder("b", state="claimed", claimed_by="other", claimed_ago=just_now)
    own_claim = a_reminder("c", state="claimed", claimed_by="me", claimed_ago=just_now)
    expired_send = a_reminder("d", state="sending", claimed_by="other", claimed_ago=long_ago)
    live_send = a_reminder("e", state="sending", claimed_by="other", claimed_ago=just_now)
    own_send = a_reminder("f", state="sending", claimed_by="me", claimed_ago=just_now)

    recovery = Worker(worker_id="me").recover()

    assert (recovery.requeued, recovery.uncertain) == (2, 2)
    assert state_of(expired_claim) == ReminderState.PENDING
    assert state_of(own_claim) == ReminderState.PENDING
    assert state_of(live_claim) == ReminderState.CLAIMED  # another worker is on it
    assert state_of(expired_send) == ReminderState.UNCERTAIN
    assert state_of(own_send) == ReminderState.UNCERTAIN
    assert state_of(live_send) == ReminderState.SENDING
    assert "not resent" in Reminder.objects.get(pk=own_send.pk).last_error


def test_between_rounds_a_worker_leaves_its_own_live_claims_alone() -> None:
    own_claim = a_reminder("c", state="claimed", claimed_by="me", claimed_ago=dt.timedelta(0))

    Worker(worker_id="me").recover(own=False)

    assert state_of(own_claim) == ReminderState.CLAIMED
