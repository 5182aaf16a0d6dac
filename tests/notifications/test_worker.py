"""The worker against a real SMTP server: inbox, e-mail in the recipient's language, retries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import formats, timezone, translation

from secretariat.notifications.models import InboxMessage, Reminder, ReminderState
from secretariat.notifications.services import reminders_schedule
from secretariat.notifications.worker import MAX_ATTEMPTS, Worker, message_id_of
from tests.factories.notifications import a_person
from tests.notifications.support import MailStore, make_due

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2030, 12, 22)
ACTION = {
    "en": "send the draft agenda",
    "ru": "направить проект повестки дня",
    "zh": "提交议程草案",
}


def remind(*people: Any, lead_days: tuple[int, ...] = (0,)) -> list[Reminder]:
    rows = reminders_schedule(
        obj_label="meetings.meeting",
        obj_id=12,
        rule_id="CFM-NOTICE",
        deadline=DEADLINE,
        recipients=people,
        subject_code="deadline",
        params={"action": ACTION, "rule": "CFM-NOTICE"},
        link="/meetings/12/",
        lead_days=lead_days,
    )
    make_due(*rows)
    return rows


def test_the_worker_sends_due_reminders_once_and_puts_them_in_the_inbox(mail: MailStore) -> None:
    due = remind(a_person("aigerim"), a_person("ivan"))
    later = remind(a_person("li"))[0]
    Reminder.objects.filter(pk=later.pk).update(due_at=timezone.now() + dt.timedelta(days=1))

    call_command("worker", "--once", "--worker-id", "test")
    call_command("worker", "--once", "--worker-id", "test")

    sent = Reminder.objects.filter(state=ReminderState.SENT)
    assert {r.pk for r in sent} == {r.pk for r in due}
    assert sorted(m["To"] for m in mail.messages) == ["aigerim@example.org", "ivan@example.org"]
    assert {m["Message-ID"] for m in mail.messages} == {r.message_id for r in sent}
    assert InboxMessage.objects.filter(reminder__in=due).count() == 2
    assert Reminder.objects.get(pk=later.pk).state == ReminderState.PENDING


def test_the_message_id_is_derived_from_the_reminder_key(mail: MailStore) -> None:
    reminder = remind(a_person("aigerim"))[0]

    Worker(worker_id="test").run_once()

    assert mail.messages[0]["Message-ID"] == message_id_of(reminder)
    assert message_id_of(reminder).endswith("@secretariat.local>")


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
def test_a_reminder_is_written_in_its_recipients_language(mail: MailStore, language: str) -> None:
    remind(a_person("delegate", language=language))

    Worker(worker_id="test").run_once()

    with translation.override(language):
        due = formats.date_format(DEADLINE, "DATE_FORMAT")
    action = ACTION["zh" if language == "zh-hans" else language]
    (message,) = mail.messages
    inbox = InboxMessage.objects.get()
    assert message["Content-Language"] == language
    assert due in message["Subject"]
    assert action in message["Subject"]
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert action in text
    # A long encoded subject is folded onto the next line: drop the fold's space.
    assert inbox.subject == str(message["Subject"]).strip()
    assert text.startswith(inbox.body)


def test_dates_differ_by_language_without_any_translation_catalogue() -> None:
    dates = set()
    for language in ("en", "ru", "zh-hans"):
        with translation.override(language):
            dates.add(formats.date_format(DEADLINE, "DATE_FORMAT"))
    assert dates == {"Dec. 22, 2030", "22 декабря 2030 г.", "2030年12月22日"}


def test_a_refused_email_stays_pending_with_the_error_then_goes_later(mail: MailStore) -> None:
    reminder = remind(a_person("aigerim"))[0]
    mail.refuse = True

    Worker(worker_id="test").run_once()

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.PENDING
    assert "451" in reminder.last_error
    assert reminder.attempts == 1
    assert reminder.due_at > timezone.now()  # backed off
    assert InboxMessage.objects.count() == 1  # the inbox has it already

    mail.refuse = False
    make_due(reminder)
    Worker(worker_id="test").run_once()

    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts, reminder.last_error) == (ReminderState.SENT, 2, "")
    assert len(mail.messages) == 1
    assert InboxMessage.objects.count() == 1


def test_a_reminder_refused_too_often_fails(mail: MailStore) -> None:
    reminder = remind(a_person("aigerim"))[0]
    mail.refuse = True

    for _ in range(MAX_ATTEMPTS):
        make_due(reminder)
        Worker(worker_id="test").run_once()

    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (ReminderState.FAILED, MAX_ATTEMPTS)


def test_a_recipient_without_an_address_is_reminded_in_the_inbox_only(mail: MailStore) -> None:
    reminder = remind(a_person("aigerim", email_address=""))[0]

    Worker(worker_id="test").run_once()

    reminder.refresh_from_db()
    assert (reminder.state, reminder.message_id) == (ReminderState.SENT, "")
    assert not mail.messages
    assert InboxMessage.objects.filter(reminder=reminder).exists()


def test_a_stopped_worker_finishes_the_current_reminder_and_gives_back_the_rest(
    mail: MailStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    remind(a_person("aigerim"), a_person("ivan"), a_person("li"))
    worker = Worker(worker_id="test", batch=10)
    deliver = worker.deliver

    def deliver_then_stop(reminder: Reminder) -> str:
        state = deliver(reminder)
        worker.stop.set()  # as the SIGTERM handler does
        return state

    monkeypatch.setattr(worker, "deliver", deliver_then_stop)
    worker.run(once=True)

    # (Each delivered reminder of a deadline on the day starts its overdue chain: not these.)
    states = sorted(
        Reminder.objects.exclude(subject_code="overdue").values_list("state", "attempts")
    )
    assert states == [
        (ReminderState.PENDING, 0),
        (ReminderState.PENDING, 0),
        (ReminderState.SENT, 1),
    ]
    assert len(mail.messages) == 1


def test_status_lists_uncertain_reminders(capsys: pytest.CaptureFixture[str]) -> None:
    reminder = remind(a_person("aigerim"))[0]
    Reminder.objects.filter(pk=reminder.pk).update(state=ReminderState.UNCERTAIN)

    call_command("worker", "--status")

    out = capsys.readouterr().out
    assert "uncertain: 1" in out
    assert reminder.key in out
