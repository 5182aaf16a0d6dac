"""The admin lists uncertain reminders first, and lets an officer settle them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.accounts.models import User
from secretariat.notifications.models import Reminder, ReminderState
from secretariat.notifications.services import reminders_schedule
from tests.factories.notifications import a_person

pytestmark = pytest.mark.django_db


def reminders(n: int) -> list[Reminder]:
    return reminders_schedule(
        obj_label="meetings.meeting", obj_id=1, rule_id="R", deadline=dt.date(2030, 1, 1),
        recipients=[a_person(f"p{i}") for i in range(n)], subject_code="deadline", params={},
        lead_days=[0],
    )  # fmt: skip


def admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x" * 16))
    return client


def test_uncertain_reminders_come_first_in_the_admin() -> None:
    rows = reminders(3)
    Reminder.objects.filter(pk=rows[2].pk).update(state=ReminderState.UNCERTAIN)

    page = admin_client().get("/admin/notifications/reminder/")

    assert page.status_code == 200
    assert page.context["cl"].result_list[0].pk == rows[2].pk
    assert "⚠ UNCERTAIN" in page.content.decode()


def test_an_officer_settles_an_uncertain_reminder_by_resending_it() -> None:
    (row,) = reminders(1)
    Reminder.objects.filter(pk=row.pk).update(state=ReminderState.UNCERTAIN)

    admin_client().post(
        "/admin/notifications/reminder/",
        {"action": "settle_by_resending", "_selected_action": [row.pk]},
    )

    row.refresh_from_db()
    assert row.state == ReminderState.PENDING
