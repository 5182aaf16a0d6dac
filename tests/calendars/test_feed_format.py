"""Every calendar the Secretariat serves is a valid RFC 5545 calendar, read back by two
readers independent of the ``icalendar`` package that writes it (vobject, and ``ical``'s
typed models), and checked here for what neither enforces: at least one component (the
seat's VTIMEZONE), the refresh interval (RFC 7986), the name in the feed's language, and
all-day events as DATE values. Then the one meeting's download from its page.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import vobject
from django.conf import settings
from django.test import Client
from ical.calendar_stream import IcsCalendarStream

from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import demo_users_ensure
from secretariat.calendars import feeds
from secretariat.meetings.demo import demo_meetings_ensure
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import meeting_initiate_extraordinary
from secretariat.notifications import tokens
from secretariat.notifications.models import FeedScope
from secretariat.registry.models import Body
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db

LANGS = ("en", "ru", "zh")


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker):
        yield


@pytest.fixture
def demo() -> list[Meeting]:
    demo_users_ensure(password=secrets.token_urlsafe(16))
    return demo_meetings_ensure(dt.date(2026, 12, 6))


def checked(payload: bytes) -> Any:
    """The calendar, once both readers and the checks below have accepted it (vobject's)."""
    text = payload.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "lines are folded"
    typed = IcsCalendarStream.calendar_from_ics(text)
    calendar = vobject.readOne(text)
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value == feeds.PRODID
    # Never an empty VCALENDAR: the seat's time zone is always there.
    zones = calendar.contents.get("vtimezone", [])
    assert [z.tzid.value for z in zones] == ["Asia/Shanghai"]
    assert [z.tz_id for z in typed.timezones] == ["Asia/Shanghai"]
    assert calendar.contents["x-wr-timezone"][0].value == "Asia/Shanghai"
    refresh = calendar.contents["refresh-interval"][0]
    assert refresh.params["VALUE"] == ["DURATION"]
    assert refresh.value == "PT1H"
    assert calendar.contents["x-published-ttl"][0].value == "PT1H"
    assert calendar.contents["name"][0].value == calendar.contents["x-wr-calname"][0].value
    events = calendar.contents.get("vevent", [])
    assert len(typed.events) == len(events)
    for event in events:
        assert event.uid.value
        assert event.dtstamp.value
        assert type(event.dtstart.value) is dt.date
        assert type(event.dtend.value) is dt.date
        assert event.dtend.value > event.dtstart.value
    for event in typed.events:
        assert type(event.dtstart) is dt.date
    return calendar


def name_of(calendar: Any) -> str:
    return str(calendar.contents["name"][0].value)


@pytest.mark.parametrize("lang", LANGS)
def test_every_public_body_feed_is_a_valid_calendar_named_in_its_language(
    demo: list[Meeting], lang: str
) -> None:
    bodies = list(Body.objects.all())
    assert len(bodies) > 10
    empty = 0
    for body in bodies:
        response = Client().get(f"/calendar/body/{body.code}.ics?lang={lang}")
        assert response.status_code == 200, body.code
        calendar = checked(response.content)
        assert getattr(body, f"name_{lang}") in name_of(calendar)
        empty += not calendar.contents.get("vevent")
    assert empty, "a body without a public meeting: its calendar still has its VTIMEZONE"


def test_every_demo_users_private_feeds_are_valid_calendars_in_their_language(
    demo: list[Meeting],
) -> None:
    users = list(User.objects.filter(is_active=True).select_related("delegation"))
    words = {"en": "meetings and deadlines", "ru": "заседания и сроки", "zh-hans": "会议和期限"}
    for user in users:
        scopes = [FeedScope.USER] + ([FeedScope.DELEGATION] if user.delegation else [])
        for scope in scopes:
            _row, token = tokens.feed_token_rotate(user=user, scope=scope)
            response = Client().get(f"/calendar/{scope}/{token}.ics")
            assert response.status_code == 200, (user.username, scope)
            calendar = checked(response.content)
            if scope == FeedScope.USER:
                assert words[user.language] in name_of(calendar), user.username


# --- one meeting's download -------------------------------------------------------------------


def test_a_meeting_downloads_with_the_deadlines_its_reader_acts_on_in_the_readers_language(
    demo: list[Meeting],
) -> None:
    held = demo[0]  # the regular Board meeting, concluded
    chair = User.objects.get(username="np-cn-chair")  # reads Chinese
    client = Client()
    client.force_login(chair)

    response = client.get(f"/calendar/meeting/{held.pk}.ics")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{held.pk}.ics"'
    assert response["Cache-Control"] == "private, no-store"
    calendar = checked(response.content)
    events = {e.uid.value: e for e in calendar.contents["vevent"]}
    assert events[f"meeting-{held.pk}@secretariat"].summary.value == held.title_zh
    assert name_of(calendar) == held.title_zh
    deadlines = {uid for uid in events if uid.startswith("deadline-")}
    ours = held.deadlines.filter(actor__in=["national_parts", "national_part_secretariats", "bcb"])
    assert ours.exists()
    assert deadlines == {f"deadline-{d.pk}@secretariat" for d in ours}
    # Each event leads back to the meeting's page, in the calendar's language (RFC 5545 URL).
    page = f"{settings.SECRETARIAT_BASE_URL}/zh-hans/meetings/{held.pk}/"
    assert {e.url.value for e in events.values()} == {page}
    # ?lang= asks for another language.
    russian = checked(client.get(f"/calendar/meeting/{held.pk}.ics?lang=ru").content)
    assert name_of(russian) == held.title_ru


def test_a_meeting_one_may_not_see_is_not_found_and_a_visitor_must_log_in(
    demo: list[Meeting],
) -> None:
    china = User.objects.get(username="cn-coordinator")
    initiative = meeting_initiate_extraordinary(
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=[Delegation.objects.get(code="cn"), Delegation.objects.get(code="ru")],
        proposed_start=dt.date(2027, 3, 30),
        by=china,
    )
    outsider = Client()
    outsider.force_login(User.objects.get(username="kz-coordinator"))
    insider = Client()
    insider.force_login(china)

    assert outsider.get(f"/meetings/{initiative.pk}/").status_code == 404
    assert outsider.get(f"/calendar/meeting/{initiative.pk}.ics").status_code == 404
    assert outsider.get("/calendar/meeting/999999.ics").status_code == 404
    assert insider.get(f"/calendar/meeting/{initiative.pk}.ics").status_code == 200
    visitor = Client().get(f"/calendar/meeting/{initiative.pk}.ics")
    assert visitor.status_code == 302
    assert "/accounts/login/" in visitor["Location"]


@pytest.mark.parametrize(("prefix", "lang"), [("", "en"), ("/ru", "ru"), ("/zh-hans", "zh-hans")])
def test_the_meeting_page_links_its_download_in_the_pages_language(
    demo: list[Meeting], prefix: str, lang: str
) -> None:
    held = demo[0]
    client = Client()
    client.force_login(User.objects.get(username="np-ru-chair"))
    if not prefix:
        # The chair's profile says Russian: unprefixed pages are English once they chose it.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sentence = {
        "en": "Add this meeting and the deadlines of your delegation to your calendar",
        "ru": "Добавить это заседание и сроки вашей делегации в свой календарь",
        "zh-hans": "将本次会议及贵代表团的期限添加到您的日历",
    }[lang]

    page = client.get(f"{prefix}/meetings/{held.pk}/").content.decode()

    link = re.search(r'<p class="add-to-calendar"><a href="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert link is not None
    assert link.group(1) == f"/calendar/meeting/{held.pk}.ics?lang={lang}"
    assert sentence in link.group(2)
    assert client.get(link.group(1).replace("&amp;", "&")).status_code == 200
