"""Reminders that do not give up, and an outage that sends no burst.

Deadlines with lead times 7, 2 and 0 days and overdue reminders every 3 days; the worker is
stopped (not run) for days at a time with the clock moved forward (time-machine), then run
once against a real SMTP server.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from secretariat.notifications.models import (
    InboxMessage,
    NotificationPolicy,
    Reminder,
    ReminderState,
    SentEmail,
)
from secretariat.notifications.services import reminders_cancel, reminders_schedule
from secretariat.notifications.worker import Worker
from tests.factories.notifications import a_person
from tests.notifications.support import MailStore

pytestmark = pytest.mark.django_db

SEAT = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int = 9) -> dt.datetime:
    """``day`` December 2026, ``hour`` o'clock at the Secretariat's seat."""
    return dt.datetime(2026, 12, day, hour, 0, tzinfo=SEAT)


def deadline(obj_id: int, day: int, *people: Any) -> None:
    reminders_schedule(
        obj_label="decisions.task",
        obj_id=obj_id,
        rule_id="DEC-REPORT",
        deadline=dt.date(2026, 12, day),
        recipients=people,
        subject_code="deadline",
        params={
            "action": {"en": "report on the task", "ru": "доложить о задаче", "zh": "报告任务"},
            "rule": "DEC-REPORT",
        },
        link=f"/decisions/tasks/{obj_id}/",
    )


def pending_overdue() -> dict[tuple[str, int], tuple[int, dt.date]]:
    """(object, recipient) -> (lead days, day due) of the pending overdue reminders."""
    return {
        (r.object_id, r.recipient_id): (r.lead_days, r.due_at.astimezone(SEAT).date())
        for r in Reminder.objects.filter(state=ReminderState.PENDING, lead_days__lt=0)
    }


def test_after_a_three_day_outage_one_reminder_per_deadline_and_recipient(
    mail: MailStore, settings: Any
) -> None:
    settings.SECRETARIAT_REMINDER_LEAD_DAYS = [7, 2, 0]
    NotificationPolicy.objects.create(lead_days="7, 2, 0", overdue_every=3)
    with time_machine.travel(at(6, 10), tick=False) as clock:
        aigerim, ivan = a_person("aigerim"), a_person("ivan", language="ru")
        deadline(1, 12, aigerim, ivan)  # leads on 5 (passed), 10 and 12 December
        deadline(2, 11, aigerim)  # leads on 4 (passed), 9 and 11 December
        Worker(worker_id="w").run_once()  # the passed lead times, one each, now
        assert len(mail.messages) == 3

        clock.move_to(at(9, 7))
        Worker(worker_id="w").run_once()  # nothing due yet: the last run before the outage
        assert len(mail.messages) == 3

        clock.move_to(at(12, 9))  # three days without a worker: 9, 10, 11 and 12 December due
        Worker(worker_id="w").run_once()

        after = mail.messages[3:]
        assert sorted(m["To"] for m in after) == [
            "aigerim@example.org",
            "aigerim@example.org",
            "ivan@example.org",
        ]
        assert len({m["Message-ID"] for m in mail.messages}) == len(mail.messages)
        delivered = Reminder.objects.filter(state=ReminderState.SENT, lead_days=0)
        assert Counter((r.object_id, r.recipient_id) for r in delivered) == {
            ("1", aigerim.pk): 1,
            ("1", ivan.pk): 1,
            ("2", aigerim.pk): 1,
        }
        superseded = Reminder.objects.filter(state=ReminderState.SUPERSEDED)
        assert sorted((r.object_id, r.lead_days) for r in superseded) == [
            ("1", 2),
            ("1", 2),
            ("2", 2),
        ]
        assert not InboxMessage.objects.filter(reminder__in=superseded).exists()
        assert InboxMessage.objects.count() == 6  # one per delivered reminder, in the inbox
        assert SentEmail.objects.filter(state="sent").count() == 6  # the log has each e-mail
        # The next overdue reminders are scheduled ahead: the deadline + 3 days, at 08:00.
        assert pending_overdue() == {
            ("1", aigerim.pk): (-3, dt.date(2026, 12, 15)),
            ("1", ivan.pk): (-3, dt.date(2026, 12, 15)),
            ("2", aigerim.pk): (-3, dt.date(2026, 12, 14)),
        }
        assert {
            r.due_at.astimezone(SEAT).hour for r in Reminder.objects.filter(lead_days__lt=0)
        } == {8}


def test_overdue_reminders_resume_from_now_and_stop_when_the_step_is_taken(
    mail: MailStore, settings: Any
) -> None:
    settings.SECRETARIAT_REMINDER_LEAD_DAYS = [0]
    with time_machine.travel(at(6, 10), tick=False) as clock:
        aigerim, ivan = a_person("aigerim"), a_person("ivan", language="ru")
        deadline(1, 12, aigerim, ivan)
        deadline(2, 11, aigerim)

        clock.move_to(at(21, 9))  # down since before the deadlines: 9 and 10 days overdue
        Worker(worker_id="w").run_once()

        subjects = sorted(str(m["Subject"]) for m in mail.messages)
        assert len(subjects) == 3  # the day's reminders only: no overdue ones yet (chained)
        # Sent after their day, they say how late it is, not that it is due.
        assert sorted(" ".join(s.split()) for s in subjects) == [
            "Overdue by 10 days: report on the task (DEC-REPORT)",
            "Overdue by 9 days: report on the task (DEC-REPORT)",
            "Просрочено на 9 дней: доложить о задаче (DEC-REPORT)",
        ]
        assert pending_overdue() == {
            ("1", aigerim.pk): (-12, dt.date(2026, 12, 24)),
            ("1", ivan.pk): (-12, dt.date(2026, 12, 24)),
            ("2", aigerim.pk): (-12, dt.date(2026, 12, 23)),
        }

        clock.move_to(at(23, 9))
        Worker(worker_id="w").run_once()
        (overdue,) = mail.messages[3:]
        assert (
            str(overdue["Subject"]).strip() == "Overdue by 12 days: report on the task (DEC-REPORT)"
        )
        assert "is 12 days overdue" in overdue.get_body(("plain",)).get_content()

        reminders_cancel(obj_label="decisions.task", obj_id=2)  # the step was taken
        reminders_cancel(obj_label="decisions.task", obj_id=1)
        clock.move_to(at(30, 9))
        Worker(worker_id="w").run_once()
        assert len(mail.messages) == 4
        assert not Reminder.objects.filter(state=ReminderState.PENDING).exists()


def test_a_russian_overdue_reminder_is_declined_by_the_number(mail: MailStore) -> None:
    with time_machine.travel(at(6, 10), tick=False):
        reminders_schedule(
            obj_label="decisions.task",
            obj_id=3,
            rule_id="DEC-REPORT",
            deadline=dt.date(2026, 12, 4),
            recipients=[a_person("ivan", language="ru")],
            subject_code="deadline",
            params={"action": {"en": "report", "ru": "доложить о задаче"}, "rule": "DEC-REPORT"},
        )
        Worker(worker_id="w").run_once()

    (message,) = mail.messages
    assert str(message["Subject"]).strip().startswith("Просрочено на 2 дня: доложить о задаче")


def test_a_notice_told_with_a_rule_starts_no_overdue_chain(mail: MailStore) -> None:
    """A notice written through reminders_schedule with no lead time (the replies relayed,
    under the relay's rule) tells once: it is no deadline of its recipients."""
    with time_machine.travel(at(6, 10), tick=False) as clock:
        member = a_person("member", language="ru")
        reminders_schedule(
            obj_label="meetings.meeting",
            obj_id=7,
            rule_id="BCB-EXTRA-RELAY-3D",
            deadline=dt.date(2026, 12, 6),
            recipients=[member],
            subject_code="replies_relayed",
            params={"meeting": "M", "replies": "—", "rule": "BCB-EXTRA-RELAY-3D"},
            link="/meetings/7/",
            lead_days=[0],
        )
        Worker(worker_id="w").run_once()
        assert len(mail.messages) == 1
        clock.move_to(at(30, 9))
        Worker(worker_id="w").run_once()
        assert len(mail.messages) == 1
        assert not Reminder.objects.filter(state=ReminderState.PENDING).exists()
