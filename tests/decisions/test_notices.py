"""A task under a decision tells those responsible for it, in their language, and reminds them
of its due day until it is done; nobody else is told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from secretariat.decisions import services
from secretariat.notifications.models import InboxMessage, Reminder, ReminderState
from secretariat.notifications.worker import Worker
from secretariat.registry.models import State
from tests.factories.accounts import user_get_or_create as user
from tests.factories.meetings import first_item, held_board_meeting
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_a_task_of_kazakhstan_tells_and_reminds_kazakhstans_users_only() -> None:
    kz_user = user("pr-kz", "permanent_representative", "kz", language="ru")
    ru_user = user("pr-ru", "permanent_representative", "ru")
    officer = user("sco-officer", "secretariat_officer", "sco-secretariat")
    decision = services.decision_record(item=first_item(held_board_meeting()))
    due = timezone.localdate() + dt.timedelta(days=30)

    task = services.task_add(
        decision=decision,
        title={"en": "Set up the energy desk", "ru": "Создать энергетическое бюро"},
        responsible="member_state",
        state=State.objects.get(code="KZ"),
        due_on=due,
    )

    assigned = Reminder.objects.filter(subject_code="task_assigned")
    assert {r.recipient for r in assigned} == {kz_user}
    reminders = Reminder.objects.filter(subject_code="task_due", object_id=str(task.pk))
    assert reminders.exists()
    assert {r.recipient for r in reminders} == {kz_user}
    assert {r.deadline for r in reminders} == {due}
    assert not Reminder.objects.filter(recipient__in=[ru_user, officer]).exists()

    Worker(worker_id="test").run_once()
    inbox = InboxMessage.objects.get(user=kz_user)
    assert inbox.subject == "Поручена задача: Создать энергетическое бюро"
    assert decision.number in inbox.body

    services.task_report(task=task, percent=100, text="Done.", by=kz_user)
    pending = reminders.filter(state=ReminderState.PENDING)
    assert not pending.exists()


def test_a_task_of_the_secretariat_tells_its_officers() -> None:
    officer = user("sco-officer", "secretariat_officer", "sco-secretariat")
    kz_user = user("pr-kz", "permanent_representative", "kz")
    decision = services.decision_record(item=first_item(held_board_meeting()))

    services.task_add(
        decision=decision,
        title={"en": "Report to the Board"},
        responsible="secretariat",
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )

    assigned = Reminder.objects.filter(subject_code="task_assigned")
    assert {r.recipient for r in assigned} == {officer}
    assert not Reminder.objects.filter(recipient=kz_user).exists()


def test_an_overdue_task_of_kazakhstan_reminds_kazakhstan_naming_it_until_it_is_done() -> None:
    """A task already past its day when it is set reminds at once, as overdue, and again at
    the Secretariat's pace; the report that completes it stops the reminders."""
    kz_user = user("pr-kz", "permanent_representative", "kz", language="ru")
    decision = services.decision_record(item=first_item(held_board_meeting()))
    task = services.task_add(
        decision=decision,
        title={"en": "Set up the energy desk", "ru": "Создать энергетическое бюро"},
        responsible="member_state",
        state=State.objects.get(code="KZ"),
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )

    Worker(worker_id="test").run_once()
    subjects = set(InboxMessage.objects.filter(user=kz_user).values_list("subject", flat=True))
    oversight = "(Секретариат ШОС: краткая справка, п. 1)"  # SEC-OVERSIGHT, cited
    assert f"Просрочено на 2 дня: Создать энергетическое бюро {oversight}" in subjects
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        Worker(worker_id="test").run_once()
        later = set(InboxMessage.objects.filter(user=kz_user).values_list("subject", flat=True))
    assert f"Просрочено на 5 дней: Создать энергетическое бюро {oversight}" in later

    services.task_report(task=task, percent=100, text="Готово.", by=kz_user)
    assert not Reminder.objects.filter(
        model_label="decisions.task", object_id=str(task.pk), state=ReminderState.PENDING
    ).exists()
