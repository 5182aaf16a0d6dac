"""Each user chooses per kind (inbox, e-mail, daily digest); the Secretariat sets the mandatory
kinds and the pace; the inbox shows kinds, counts unread and marks all read."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.audit.models import AuditEntry
from secretariat.core.errors import InvalidInputError
from secretariat.notifications.choices import preferences_set
from secretariat.notifications.context import inbox
from secretariat.notifications.digests import digests_build
from secretariat.notifications.models import (
    Digest,
    InboxMessage,
    KindPolicy,
    NotificationPolicy,
    Preference,
    Reminder,
    ReminderState,
    SentEmail,
)
from secretariat.notifications.pace import pace
from secretariat.notifications.services import notify, reminders_schedule
from secretariat.notifications.worker import Worker
from tests.factories import accounts
from tests.factories.notifications import a_person
from tests.notifications.support import MailStore, make_due

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.notifications.urls")]

SEAT = ZoneInfo("Asia/Shanghai")
API = "/test-api/notifications"


def remind(person: User, obj_id: int = 1) -> list[Reminder]:
    rows = reminders_schedule(
        obj_label="meetings.meeting", obj_id=obj_id, rule_id="CFM-NOTICE",
        deadline=dt.date(2030, 12, 22), recipients=[person], subject_code="deadline",
        params={"action": "reply", "rule": "CFM-NOTICE"}, link=f"/meetings/{obj_id}/",
        lead_days=[0],
    )  # fmt: skip
    make_due(*rows)
    return rows


def logged_in(user: User, role: str = "national_coordinator") -> Client:
    user.role = role
    user.save()
    return accounts.logged_in(user)


def test_inbox_only_puts_it_in_the_inbox_and_sends_no_email(mail: MailStore) -> None:
    person = a_person("aigerim")
    preferences_set(user=person, choices={"deadline": "inbox"})
    remind(person)

    Worker(worker_id="w").run_once()

    assert not mail.messages
    message = InboxMessage.objects.get(user=person)
    assert (message.kind, message.digest_wanted) == ("deadline", False)
    assert Reminder.objects.get(lead_days=0).state == ReminderState.SENT


def test_a_mandatory_kind_cannot_be_inbox_only_and_is_emailed(mail: MailStore) -> None:
    person = a_person("aigerim")
    Preference.objects.create(user=person, kind="deadline", channel="inbox")  # chosen before
    KindPolicy.objects.create(kind="deadline", mandatory=True)

    with pytest.raises(InvalidInputError) as refused:
        preferences_set(user=person, choices={"deadline": "inbox"})
    assert refused.value.code == "mandatory_kind"
    remind(person)
    Worker(worker_id="w").run_once()

    assert len(mail.messages) == 1


def test_unknown_kinds_and_channels_are_refused_and_nothing_is_changed() -> None:
    person = a_person("aigerim")
    for choices, code in (
        ({"deadline": "inbox", "nonsense": "email"}, "unknown_kind"),
        ({"deadline": "inbox", "agenda": "pigeon"}, "unknown_channel"),
    ):
        with pytest.raises(InvalidInputError) as refused:
            preferences_set(user=person, choices=choices)
        assert refused.value.code == code
    assert not Preference.objects.exists()


def test_the_digest_goes_once_a_day_at_8_with_everything_since_the_last(
    mail: MailStore,
) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 6, 10, tzinfo=SEAT), tick=False) as clock:
        person, other = a_person("aigerim", language="ru"), a_person("ivan")
        preferences_set(user=person, choices={"deadline": "digest", "agenda": "digest"})
        remind(person, 1)
        remind(other, 1)
        notify(about="meetings.meeting:1", key="circulated", recipients=[person],
               subject_code="deadline", params={"action": "read", "rule": "X"})  # fmt: skip
        Worker(worker_id="w").run_once()
        assert [m["To"] for m in mail.messages] == ["ivan@example.org"]  # the digest waits
        assert InboxMessage.objects.filter(user=person).count() == 2  # the inbox has them

        clock.move_to(dt.datetime(2026, 12, 7, 7, 59, tzinfo=SEAT))
        Worker(worker_id="w").run_once()
        assert len(mail.messages) == 1

        clock.move_to(dt.datetime(2026, 12, 7, 8, 1, tzinfo=SEAT))
        Worker(worker_id="w").run_once()
        Worker(worker_id="w").run_once()

        digests = [m for m in mail.messages if m["To"] == "aigerim@example.org"]
        assert len(digests) == 1
        (digest,) = Digest.objects.all()
        assert (digest.day, digest.state) == (dt.date(2026, 12, 7), ReminderState.SENT)
        assert digests[0]["Message-ID"] == digest.message_id
        assert digests[0]["Content-Language"] == "ru"
        assert str(digests[0]["Subject"]).strip() == "Ваша ежедневная сводка: 2 уведомления"
        text = digests[0].get_body(("plain",)).get_content()
        assert text.count("reply") + text.count("read") >= 2
        assert SentEmail.objects.filter(digest=digest, state="sent").count() == 1

        # The next day's digest has only what came since.
        remind(person, 2)
        Worker(worker_id="w").run_once()
        clock.move_to(dt.datetime(2026, 12, 8, 9, tzinfo=SEAT))
        Worker(worker_id="w").run_once()
        assert Digest.objects.count() == 2
        assert Digest.objects.get(day=dt.date(2026, 12, 8)).messages.count() == 1


def test_the_preferences_page_lists_every_kind_and_saves_a_choice() -> None:
    person = a_person("aigerim")
    KindPolicy.objects.create(kind="overdue", mandatory=True)
    client = logged_in(person)

    page = client.get("/inbox/preferences/")
    saved = client.post("/inbox/preferences/", {"deadline": "digest", "agenda": "inbox"})
    refused = client.post("/inbox/preferences/", {"overdue": "inbox"})
    russian = client.get("/ru/inbox/preferences/")

    assert page.status_code == 200
    assert b"Overdue steps" in page.content
    assert "mandatory" in page.content.decode()
    assert saved.status_code == 302
    assert dict(Preference.objects.values_list("kind", "channel")) == {
        "deadline": "digest",
        "agenda": "inbox",
    }
    assert refused.status_code == 400
    assert "cannot be switched off" in refused.content.decode()
    assert "Просроченные шаги" in russian.content.decode()


def test_the_api_reads_and_sets_preferences() -> None:
    person = a_person("aigerim")
    KindPolicy.objects.create(kind="overdue", mandatory=True)
    client = logged_in(person)

    listed = client.get(f"{API}/preferences").json()
    put = client.put(
        f"{API}/preferences", {"choices": {"agenda": "digest"}}, content_type="application/json"
    )
    refused = client.put(
        f"{API}/preferences", {"choices": {"overdue": "inbox"}}, content_type="application/json"
    )

    assert {row["kind"]: row["channel"] for row in listed}["deadline"] == "email"
    assert {row["kind"]: row["mandatory"] for row in listed}["overdue"] is True
    assert put.status_code == 200
    assert {row["kind"]: row["channel"] for row in put.json()}["agenda"] == "digest"
    assert refused.status_code == 400
    assert refused.json()["code"] == "mandatory_kind"


def test_the_secretariat_sets_the_pace_and_the_mandatory_kinds() -> None:
    officer = logged_in(accounts.user("officer"), "secretariat_officer")
    delegate = logged_in(a_person("aigerim"))

    saved = officer.post(
        "/inbox/policy/",
        {"lead_days": "10, 3, 0", "overdue_every": "5", "digest_hour": "9",
         "mandatory": ["overdue", "signature"]},
    )  # fmt: skip
    refused = officer.post(
        "/inbox/policy/", {"lead_days": "ten", "overdue_every": "5", "digest_hour": "9"}
    )

    assert saved.status_code == 302
    assert pace().lead_days == [10, 3, 0]
    assert (pace().overdue_every, pace().digest_hour) == (5, 9)
    assert set(KindPolicy.objects.filter(mandatory=True).values_list("kind", flat=True)) == {
        "overdue",
        "signature",
    }
    assert refused.status_code == 400
    assert NotificationPolicy.objects.get().lead_days == "10, 3, 0"
    audited = set(AuditEntry.objects.values_list("model_label", flat=True))
    assert {"notifications.notificationpolicy", "notifications.kindpolicy"} <= audited
    assert officer.get("/inbox/policy/").status_code == 200
    assert delegate.get("/inbox/policy/").status_code == 403


def test_without_a_policy_the_settings_lead_days_apply(settings: Any) -> None:
    settings.SECRETARIAT_REMINDER_LEAD_DAYS = [5, 1]
    assert (pace().lead_days, pace().overdue_every, pace().digest_hour) == ([5, 1], 3, 8)


def test_the_inbox_shows_kinds_counts_unread_and_marks_all_read() -> None:
    person = a_person("aigerim")
    for kind in ("overdue", "agenda"):
        InboxMessage.objects.create(user=person, subject=kind, body=".", kind=kind)
    InboxMessage.objects.create(user=a_person("ivan"), subject="x", body=".")
    client = logged_in(person)

    page = client.get("/inbox/").content.decode()
    request = RequestFactory().get("/")
    request.user = person

    assert "Overdue steps" in page
    assert "Agendas" in page
    assert "2 unread messages." in page
    assert inbox(request) == {"inbox_unread": 2}
    assert client.post("/inbox/read-all/").status_code == 302
    assert not InboxMessage.objects.filter(user=person, read_at__isnull=True).exists()
    assert InboxMessage.objects.filter(read_at__isnull=True).count() == 1  # not another's


def test_a_visitor_has_no_unread_count() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert inbox(request) == {}


def test_a_digest_interrupted_while_sending_is_uncertain_logged_and_never_resent(
    mail: MailStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 6, 10, tzinfo=SEAT), tick=False) as clock:
        person = a_person("aigerim")
        preferences_set(user=person, choices={"deadline": "digest"})
        remind(person)
        Worker(worker_id="w").run_once()
        clock.move_to(dt.datetime(2026, 12, 7, 9, tzinfo=SEAT))
        digests_build(dt.datetime(2026, 12, 7, 9, tzinfo=SEAT))
        Digest.objects.update(  # as a worker killed mid-send leaves it
            state=ReminderState.SENDING,
            claimed_by="w",
            claimed_at=timezone.now(),
            message_id="<d@x>",
        )

        Worker(worker_id="w").run(once=True)  # recovers its own claims first
        call_command("worker", "--status")

    digest = Digest.objects.get()
    assert digest.state == ReminderState.UNCERTAIN
    assert not mail.messages
    assert SentEmail.objects.get(digest=digest).state == "uncertain"
    assert "digests uncertain: 1" in capsys.readouterr().out
