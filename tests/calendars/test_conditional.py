"""Calendar feeds answer conditional requests (core/conditional.py): an ETag and a
Last-Modified computed from the data version, 304 with no body while they hold, a new ETag
after any committed write (so no calendar is stale), one per language, and token feeds that
never share a copy or an ETag between users."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.accounts.services import demo_users_ensure
from secretariat.meetings.demo import demo_meetings_ensure
from secretariat.meetings.models import Meeting
from secretariat.notifications import tokens
from secretariat.notifications.models import FeedScope
from tests.calendars.test_feed_format import checked
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker):
        yield


@pytest.fixture
def demo(django_capture_on_commit_callbacks: Any) -> list[Meeting]:
    # Committed, as far as the data version goes: its bump runs (a test's transaction never
    # commits; a bump left waiting outside the block would absorb the later writes' bumps).
    with django_capture_on_commit_callbacks(execute=True):
        demo_users_ensure(password=secrets.token_urlsafe(16))
        meetings = demo_meetings_ensure(dt.date(2026, 12, 6))
    return meetings


def _later() -> Any:
    """Two seconds on: Last-Modified (whole seconds) is sent once the version is a second old."""
    return time_machine.travel(timezone.now() + dt.timedelta(seconds=2), tick=True)


def test_a_body_feed_is_answered_304_while_its_validators_hold(demo: list[Meeting]) -> None:
    client = Client()
    with _later():
        first = client.get("/calendar/body/bcb.ics?lang=en")
        by_etag = client.get("/calendar/body/bcb.ics?lang=en", HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(
            "/calendar/body/bcb.ics?lang=en", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )

    assert first.status_code == 200
    checked(first.content)  # still a valid calendar
    assert first["ETag"].startswith('W/"')
    assert first["Cache-Control"] == "public, no-cache"
    for answer in (by_etag, by_date):
        assert answer.status_code == 304
        assert answer.content == b""
        assert answer["ETag"] == first["ETag"]
        assert answer["Last-Modified"] == first["Last-Modified"]


def test_a_committed_change_gives_a_new_etag_and_the_new_calendar(
    demo: list[Meeting], django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    first = client.get("/calendar/body/bcb.ics?lang=en")
    shown = next(
        m for m in demo if m.body.code == "bcb" and f"meeting-{m.pk}@" in first.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.filter(pk=shown.pk).update(title_en="Renamed for the feed")
    again = client.get("/calendar/body/bcb.ics?lang=en", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Renamed for the feed" in again.content.decode()


def test_each_language_has_its_own_etag(demo: list[Meeting]) -> None:
    client = Client()
    etags = {
        lang: client.get(f"/calendar/body/bcb.ics?lang={lang}")["ETag"]
        for lang in ("en", "ru", "zh")
    }
    russian_with_english_etag = client.get(
        "/calendar/body/bcb.ics?lang=ru", HTTP_IF_NONE_MATCH=etags["en"]
    )

    assert len(set(etags.values())) == 3
    assert russian_with_english_etag.status_code == 200


def test_token_feeds_never_share_a_copy_or_an_etag(demo: list[Meeting]) -> None:
    one = User.objects.get(username="np-cn-chair")
    two = User.objects.get(username="np-ru-chair")
    _row, token_one = tokens.feed_token_rotate(user=one, scope=FeedScope.USER)
    _row, token_two = tokens.feed_token_rotate(user=two, scope=FeedScope.USER)
    client = Client()

    first = client.get(f"/calendar/user/{token_one}.ics?lang=en")
    second = client.get(f"/calendar/user/{token_two}.ics?lang=en")
    with_the_others_etag = client.get(
        f"/calendar/user/{token_two}.ics?lang=en", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    own = client.get(f"/calendar/user/{token_two}.ics?lang=en", HTTP_IF_NONE_MATCH=second["ETag"])
    revoked = tokens.feed_token_revoke(user=one, scope=FeedScope.USER)
    after_revoking = client.get(
        f"/calendar/user/{token_one}.ics?lang=en", HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert first.status_code == second.status_code == 200
    assert first["ETag"] != second["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert with_the_others_etag.status_code == 200
    assert with_the_others_etag.content == second.content
    assert own.status_code == 304
    assert revoked == 1
    assert after_revoking.status_code == 404  # never a 304 for a revoked token


def test_a_delegation_feed_answers_304_with_its_etag(demo: list[Meeting]) -> None:
    user = User.objects.get(username="np-cn-chair")
    _row, token = tokens.feed_token_rotate(user=user, scope=FeedScope.DELEGATION)
    client = Client()
    first = client.get(f"/calendar/delegation/{token}.ics")
    again = client.get(f"/calendar/delegation/{token}.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    checked(first.content)
    assert again.status_code == 304
    assert again.content == b""
