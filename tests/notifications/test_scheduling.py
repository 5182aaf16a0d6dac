"""Scheduling reminders from a deadline: one per lead time, idempotent, moved with the deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from secretariat.core.errors import InvalidInputError
from secretariat.notifications.models import Reminder, ReminderState
from secretariat.notifications.services import (
    reminders_cancel,
    reminders_reschedule,
    reminders_schedule,
)
from tests.factories.notifications import a_person

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> dt.date:
    return timezone.localtime(timezone.now(), SHANGHAI).date()


def schedule(deadline: dt.date, *recipients: Any, **extra: Any) -> list[Reminder]:
    return reminders_schedule(
        obj_label="meetings.meeting",
        obj_id=12,
        rule_id="CFM-NOTICE",
        deadline=deadline,
        recipients=recipients,
        subject_code="deadline",
        params={"action": "send the draft agenda", "rule": "CFM-NOTICE"},
        link="/meetings/12/",
        **extra,
    )


def test_a_deadline_gets_one_reminder_per_lead_time_at_8_in_shanghai(settings: Any) -> None:
    settings.SECRETARIAT_REMINDER_LEAD_DAYS = [7, 2, 0]
    deadline = today() + dt.timedelta(days=30)
    schedule(deadline, a_person("aigerim"))

    due = sorted(r.due_at.astimezone(SHANGHAI) for r in Reminder.objects.all())
    assert [d.date() for d in due] == [deadline - dt.timedelta(days=n) for n in (7, 2, 0)]
    assert {(d.hour, d.minute) for d in due} == {(8, 0)}
    assert set(Reminder.objects.values_list("state", flat=True)) == {ReminderState.PENDING}


def test_scheduling_twice_creates_each_reminder_once() -> None:
    deadline = today() + dt.timedelta(days=30)
    people = [a_person("aigerim"), a_person("ivan", language="ru")]
    schedule(deadline, *people, lead_days=[7, 2, 0])
    schedule(deadline, *people, lead_days=[7, 2, 0])

    assert Reminder.objects.count() == 6
    assert Reminder.objects.values("key").distinct().count() == 6


def test_of_the_lead_times_already_past_only_the_latest_is_due_now() -> None:
    schedule(today() + dt.timedelta(days=3), a_person("aigerim"), lead_days=[14, 7, 2, 0])

    assert sorted(Reminder.objects.values_list("lead_days", flat=True)) == [0, 2, 7]
    assert Reminder.objects.get(lead_days=7).due_at <= timezone.now()
    assert Reminder.objects.get(lead_days=2).due_at > timezone.now()


def test_a_deadline_already_past_gets_one_overdue_reminder_now() -> None:
    person = a_person("aigerim")
    schedule(today() - dt.timedelta(days=4), person, lead_days=[7, 2, 0])
    schedule(today() - dt.timedelta(days=4), person, lead_days=[7, 2, 0])  # idempotent

    (row,) = Reminder.objects.all()
    assert (row.lead_days, row.subject_code) == (-4, "overdue")
    assert row.due_at <= timezone.now()


def test_an_unknown_message_is_refused_before_anything_is_written() -> None:
    with pytest.raises(InvalidInputError):
        reminders_schedule(
            obj_label="meetings.meeting", obj_id=1, rule_id="X",
            deadline=today() + dt.timedelta(days=30), recipients=[a_person("aigerim")],
            subject_code="no-such-message", params={},
        )  # fmt: skip
    assert not Reminder.objects.exists()


def test_a_moved_deadline_moves_pending_reminders_and_keeps_sent_ones() -> None:
    old = today() + dt.timedelta(days=30)
    new = old + dt.timedelta(days=10)
    schedule(old, a_person("aigerim"), lead_days=[7, 2, 0])
    sent = Reminder.objects.get(lead_days=7)
    sent.state = ReminderState.SENT
    sent.save()
    pending_ids = set(
        Reminder.objects.filter(state=ReminderState.PENDING).values_list("pk", flat=True)
    )

    reminders_reschedule(
        obj_label="meetings.meeting", obj_id=12, rule_id="CFM-NOTICE", deadline=new,
        lead_days=[7, 2, 0],
    )  # fmt: skip

    sent.refresh_from_db()
    assert (sent.state, sent.deadline) == (ReminderState.SENT, old)
    moved = Reminder.objects.filter(pk__in=pending_ids)
    assert {(r.state, r.deadline) for r in moved} == {(ReminderState.PENDING, new)}
    assert {r.due_at.astimezone(SHANGHAI).date() for r in moved} == {
        new - dt.timedelta(days=2),
        new,
    }
    fresh = Reminder.objects.exclude(pk__in=[*pending_ids, sent.pk]).get()
    assert (fresh.lead_days, fresh.deadline, fresh.state) == (7, new, ReminderState.PENDING)


def test_a_deadline_moved_closer_makes_the_latest_lead_time_passed_due_now() -> None:
    schedule(today() + dt.timedelta(days=30), a_person("aigerim"), lead_days=[7, 2, 0])

    reminders_reschedule(
        obj_label="meetings.meeting", obj_id=12, rule_id="CFM-NOTICE",
        deadline=today() + dt.timedelta(days=3), lead_days=[7, 2, 0],
    )  # fmt: skip

    states = dict(Reminder.objects.values_list("lead_days", "state"))
    assert states == {
        7: ReminderState.PENDING,
        2: ReminderState.PENDING,
        0: ReminderState.PENDING,
    }
    assert Reminder.objects.get(lead_days=7).due_at <= timezone.now()


def test_cancelling_an_object_cancels_only_its_pending_reminders() -> None:
    schedule(today() + dt.timedelta(days=30), a_person("aigerim"), lead_days=[7, 2])
    Reminder.objects.filter(lead_days=7).update(state=ReminderState.SENT)

    assert reminders_cancel(obj_label="meetings.meeting", obj_id=12) == 1
    assert dict(Reminder.objects.values_list("lead_days", "state")) == {
        7: ReminderState.SENT,
        2: ReminderState.CANCELLED,
    }
