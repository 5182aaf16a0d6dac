"""The start page in each language, the login that leads to it, the Secretariat's filters,
the menu, and the API that answers the same lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from secretariat.audit.models import AuditEntry
from secretariat.work.models import Visit
from tests.factories import accounts
from tests.factories.registry import registry_with_delegations

from .support import informed_meeting, person, private_initiative

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-1"  # noqa: S105  # a test user's, never a real one


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


class _MainText(HTMLParser):
    """The words a reader meets in <main>, codes (<code>) and machine attributes left out."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.code = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth += 1
        elif tag == "code":
            self.code += 1
        if self.depth and tag in ("input", "button"):
            for name, value in attrs:
                if name in ("placeholder", "aria-label", "title") and value:
                    self.words.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        elif tag == "code":
            self.code -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.code:
            self.words.append(data)


def english_leaks(html: str) -> list[str]:
    """Runs of Latin letters (two words or a word of 4+ letters) in the page's main text."""
    parser = _MainText()
    parser.feed(html)
    text = " ".join(parser.words)
    return re.findall(r"[A-Za-z]{4,}(?:[\s,.'-]+[A-Za-z]+)*", text)


def test_the_start_page_speaks_russian_and_chinese_without_english() -> None:
    informed_meeting()
    private_initiative()
    for role, delegation in (
        ("np_chair", "np-cn"),
        ("bc_secretariat_officer", "bc-secretariat"),
        ("secretary_general", "sco-secretariat"),
    ):
        user = person(role, delegation)
        for prefix, marker in (("/ru", "Мои дела"), ("/zh-hans", "我的工作")):
            page = accounts.logged_in(user).get(f"{prefix}/work/")
            assert page.status_code == 200
            html = page.content.decode()
            assert f"<h1>{marker}</h1>" in html
            assert english_leaks(html) == [], (role, prefix)
    russian = accounts.logged_in(person("np_chair", "np-cn")).get("/ru/work/").content.decode()
    assert "просрочено на" in russian or "через" in russian
    assert re.search(r'href="/ru/meetings/\d+/#step-|href="/ru/meetings/\d+/#[a-z-]+"', russian)
    assert 'href="/ru/rules/BCB-EXTRA-REPLY-10D/"' in russian
    assert "Регламент Правления Делового совета ШОС" in russian


def test_the_page_says_how_late_with_russian_plural_forms() -> None:
    private_initiative()
    page = accounts.logged_in(person("bc_secretariat_officer", "bc-secretariat"))
    html = page.get("/ru/work/").content.decode()
    assert "просрочено на 11 дней" in html
    assert "через 2 дня" in html
    assert "через 19 дней" in html
    zh = page.get("/zh-hans/work/").content.decode()
    assert "已逾期11天" in zh


def test_logging_in_opens_my_work_and_a_next_page_still_wins() -> None:
    accounts.user("kz-np", "np_chair", "np-kz", password=PASSWORD, language="ru")
    client = Client()
    response = client.post("/accounts/login/", {"username": "kz-np", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ru/work/"
    assert client.get("/ru/work/").status_code == 200

    other = Client()
    response = other.post(
        "/accounts/login/?next=/meetings/",
        {"username": "kz-np", "password": PASSWORD, "next": "/meetings/"},
    )
    assert response["Location"] == "/ru/meetings/"


def test_the_start_page_needs_a_login() -> None:
    response = Client().get("/work/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/work/")


def test_a_visit_is_counted_once_per_visit() -> None:
    user = person("np_chair", "np-cn")
    client = accounts.logged_in(user)
    client.get("/work/")
    first = Visit.objects.get(user=user)
    client.get("/work/")
    assert Visit.objects.get(user=user).since == first.since
    # The API reads without counting a visit.
    client.get("/api/work")
    assert Visit.objects.get(user=user).last_seen >= first.last_seen


def test_the_secretariat_filters_the_page_by_delegation_body_and_overdue() -> None:
    private_initiative()
    person("bc_secretariat_officer", "bc-secretariat")
    person("np_chair", "np-cn")
    client = accounts.logged_in(person("secretary_general", "sco-secretariat"))

    everything = client.get("/work/").content.decode()
    assert 'name="delegation"' in everything
    assert "BCB-EXTRA-NOTICE-30D" in everything
    only_bc = client.get("/work/?delegation=bc-secretariat").content.decode()
    assert "BCB-EXTRA-INFORM-5D" in only_bc
    assert "BCB-EXTRA-NOTICE-30D" not in only_bc
    overdue = client.get("/work/?overdue=1").content.decode()
    assert "BCB-EXTRA-INFORM-5D" in overdue
    assert "BCB-AGENDA-CIRCULATE-5D" not in overdue
    assert "BCB-EXTRA" not in client.get("/work/?body=cnc").content.decode()
    # A national part has no filters: its page is its own.
    cn = accounts.logged_in(person("np_chair", "np-cn")).get("/work/?delegation=np-ru")
    assert 'name="delegation"' not in cn.content.decode()


def test_the_api_answers_the_same_lists_in_the_users_language() -> None:
    meeting = private_initiative()
    user = person("bc_secretariat_officer", "bc-secretariat", language="ru")
    body = accounts.logged_in(user).get("/api/work").json()

    assert [i["rule_id"] for i in body["due"]] == [
        "BCB-EXTRA-INFORM-5D",
        "BCB-EXTRA-RELAY-3D",
        "BCB-AGENDA-CIRCULATE-5D",
        "BCB-MINUTES-DISTRIBUTE-5WD",
    ]
    first = body["due"][0]
    assert first["urgency"] == "overdue"
    assert first["days"] == -11
    assert first["when"] == "просрочено на 11 дней"
    assert first["link"] == f"/ru/meetings/{meeting.pk}/#step-inform"
    assert first["due"] == "2026-11-25"
    assert body["everyone"] is False
    assert Client().get("/api/work").status_code == 401
    sg = accounts.logged_in(person("secretary_general", "sco-secretariat"))
    overdue = sg.get("/api/work?overdue=true&body=bcb").json()
    assert overdue["everyone"] is True
    assert {i["urgency"] for i in overdue["waiting"]} == {"overdue"}


def test_the_menu_offers_my_work_inbox_and_calendar_to_those_logged_in() -> None:
    anonymous = Client().get("/").content.decode()
    assert 'href="/work/"' not in anonymous
    assert "At a glance" in anonymous
    assert 'for="menu-toggle"' in anonymous

    member = accounts.logged_in(person("np_chair", "np-cn")).get("/ru/").content.decode()
    assert 'href="/ru/work/"' in member
    assert 'href="/ru/inbox/"' in member
    assert 'href="/ru/inbox/feeds/"' in member
    assert "Мои дела" in member


def test_the_inbox_link_says_how_many_messages_are_unread_only_when_some_are() -> None:
    user = person("np_chair", "np-cn")
    request = RequestFactory().get("/ru/work/")
    request.user = user
    with translation.override("ru"):
        three = render_to_string("web/base.html", {"inbox_unread": 3}, request=request)
        five = render_to_string("web/base.html", {"inbox_unread": 5}, request=request)
        none = render_to_string("web/base.html", {"inbox_unread": 0}, request=request)
    assert 'aria-label="Входящие, 3 непрочитанных"' in three
    assert '<span class="count" aria-hidden="true">3</span>' in three
    assert 'aria-label="Входящие, 5 непрочитанных"' in five
    assert 'class="count"' not in none
    assert "непрочитан" not in none
    assert "{#" not in none


def test_looking_at_the_start_page_writes_nothing_to_the_audit_log() -> None:
    client = accounts.logged_in(person("np_chair", "np-cn"))
    before = AuditEntry.objects.count()
    client.get("/work/")
    client.get("/work/")
    assert AuditEntry.objects.count() == before
