"""E-mail done properly: plain text and HTML, absolute links in the recipient's language,
Auto-Submitted, the footer to one's choices; and the log of every e-mail sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.checks import run_checks
from django.test import Client

from secretariat.notifications.models import SentEmail
from secretariat.notifications.services import reminders_schedule
from secretariat.notifications.worker import Worker
from tests.factories import accounts
from tests.factories.notifications import a_person
from tests.notifications.support import MailStore, make_due

pytestmark = pytest.mark.django_db

BASE = "https://secretariat.example.org"


def remind(person: Any, obj_id: int = 12) -> None:
    rows = reminders_schedule(
        obj_label="meetings.meeting", obj_id=obj_id, rule_id="CFM-NOTICE",
        deadline=dt.date(2030, 12, 22), recipients=[person], subject_code="deadline",
        params={"action": {"en": "send the agenda <draft>", "ru": "направить повестку"},
                "rule": "CFM-NOTICE"},
        link=f"/meetings/{obj_id}/", lead_days=[0],
    )  # fmt: skip
    make_due(*rows)


@pytest.mark.parametrize(
    ("language", "prefix"), [("en", ""), ("ru", "/ru"), ("zh-hans", "/zh-hans")]
)
def test_an_email_has_absolute_links_in_the_recipients_language(
    mail: MailStore, settings: Any, language: str, prefix: str
) -> None:
    settings.SECRETARIAT_BASE_URL = BASE
    remind(a_person("delegate", language=language))

    Worker(worker_id="test").run_once()

    (message,) = mail.messages
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == language
    assert message["Message-ID"].startswith("<reminder.")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"{BASE}{prefix}/meetings/12/"
    assert link in text
    assert f'<a href="{link}">' in html
    assert f'<html lang="{language}">' in html
    assert f"{BASE}{prefix}/inbox/preferences/" in text  # why you get this, and where to change
    assert f'href="{BASE}{prefix}/inbox/preferences/"' in html


def test_the_html_part_escapes_the_text(mail: MailStore) -> None:
    remind(a_person("aigerim"))

    Worker(worker_id="test").run_once()

    html = mail.messages[0].get_body(("html",)).get_content()
    assert "&lt;draft&gt;" in html
    assert "<draft>" not in html


def test_every_email_sent_is_logged_with_its_recipient(mail: MailStore) -> None:
    person = a_person("aigerim")
    remind(person)

    Worker(worker_id="test").run_once()

    (row,) = SentEmail.objects.all()
    assert (row.recipient, row.address, row.kind, row.state) == (
        person, "aigerim@example.org", "deadline", "sent",
    )  # fmt: skip
    assert row.message_id == mail.messages[0]["Message-ID"]
    assert row.link.endswith("/meetings/12/")
    assert row.reminder is not None


def test_a_refused_email_is_not_logged_as_sent(mail: MailStore) -> None:
    remind(a_person("aigerim"))
    mail.refuse = True

    Worker(worker_id="test").run_once()

    assert not SentEmail.objects.exists()


def test_the_log_page_is_the_secretariats_and_filters(mail: MailStore) -> None:
    remind(a_person("aigerim"), 1)
    remind(a_person("ivan", language="ru"), 2)
    Worker(worker_id="test").run_once()
    officer = accounts.user("officer", "secretariat_officer")
    delegate = accounts.user("delegate", "national_coordinator")

    page = accounts.logged_in(officer).get("/inbox/sent/")
    filtered = accounts.logged_in(officer).get("/inbox/sent/?recipient=ivan&kind=deadline")
    other_day = accounts.logged_in(officer).get("/inbox/sent/?day=2001-01-01")

    assert page.status_code == 200
    assert b"aigerim@example.org" in page.content
    assert b"ivan@example.org" in page.content
    assert b"ivan@example.org" in filtered.content
    assert b"aigerim@example.org" not in filtered.content
    assert b"ivan@example.org" not in other_day.content
    assert accounts.logged_in(delegate).get("/inbox/sent/").status_code == 403
    assert Client().get("/inbox/sent/").status_code == 302


def test_production_without_a_base_url_fails_a_system_check(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.SECRETARIAT_BASE_URL = ""
    assert "notifications.E001" in {e.id for e in run_checks()}
    settings.SECRETARIAT_BASE_URL = BASE
    assert "notifications.E001" not in {e.id for e in run_checks()}


def test_the_deploy_check_refuses_production_without_a_base_url(tmp_path: Any) -> None:
    import os
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "SECRETARIAT_ENV": "production",
        "SECRETARIAT_SECRET_KEY": secrets.token_urlsafe(60),
        "SECRETARIAT_ALLOWED_HOSTS": "secretariat.example.org",
        "SECRETARIAT_VAR_DIR": str(tmp_path),
    }
    for name in ("SECRETARIAT_DEBUG", "DJANGO_SETTINGS_MODULE", "SECRETARIAT_BASE_URL"):
        env.pop(name, None)
    result = subprocess.run(  # noqa: S603  # our own command, fixed arguments
        [str(Path(sys.executable).with_name("secretariat")), "check", "--deploy"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert result.returncode != 0
    assert "notifications.E001" in result.stdout + result.stderr
