"""Several workers on PostgreSQL: SKIP LOCKED gives each reminder to exactly one of them."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from secretariat.notifications.models import InboxMessage, Reminder, ReminderState
from secretariat.notifications.services import reminders_schedule
from secretariat.notifications.worker import Worker
from tests.factories.notifications import a_person
from tests.notifications.support import MailStore, make_due


@pytest.mark.django_db(transaction=True)
def test_three_workers_at_once_send_each_reminder_once(mail: MailStore) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite's test database is one in-memory connection, and a "
            "SQLite deployment runs one worker"
        )
    people = [a_person(f"p{i}") for i in range(30)]
    make_due(
        *reminders_schedule(
            obj_label="meetings.meeting", obj_id=1, rule_id="R", deadline=dt.date(2030, 1, 1),
            recipients=people, subject_code="deadline", params={}, lead_days=[0],
        )
    )  # fmt: skip
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            start.wait()
            Worker(worker_id=name, batch=2).run_once()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert not errors
    received = Counter(m["Message-ID"] for m in mail.messages)
    assert len(received) == 30
    assert set(received.values()) == {1}
    scheduled = Reminder.objects.filter(lead_days__gte=0)
    assert set(scheduled.values_list("state", flat=True)) == {ReminderState.SENT}
    # Each delivery chained the deadline's next (overdue) reminder, once per person.
    chained = Reminder.objects.filter(lead_days__lt=0)
    assert set(chained.values_list("state", flat=True)) == {ReminderState.PENDING}
    assert sorted(chained.values_list("recipient_id", flat=True)) == sorted(p.pk for p in people)
    assert InboxMessage.objects.count() == 30
    assert len(set(Reminder.objects.values_list("claimed_by", flat=True))) > 1
