"""The meeting page is rendered once per version and reader, and stays right for each reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import meeting_plan
from secretariat.registry.models import Body
from tests.factories import accounts
from tests.factories.registry import registry_loaded

from .support import day

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


def login(username: str, role: str, delegation: str) -> Client:
    return accounts.logged_in(accounts.user(username, role, delegation), enforce_csrf_checks=True)


def planned() -> Meeting:
    return meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day("2027-06-30")
    ).meeting


def test_a_page_served_again_carries_a_csrf_token_that_this_session_can_post_with() -> None:
    meeting = planned()
    client = login("officer-a", "secretariat_officer", "sco-secretariat")
    client.get(f"/meetings/{meeting.pk}/")

    again = client.get(f"/meetings/{meeting.pk}/").content.decode()
    token = TOKEN.search(again)
    assert token is not None
    assert "csrf-" not in again  # the marker never reaches a reader
    response = client.post(
        f"/meetings/{meeting.pk}/reschedule/",
        {
            "start": "2027-07-01",
            "end": "2027-07-01",
            "expected_version": meeting.version,
            "csrfmiddlewaretoken": token.group(1),
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.date_start == day("2027-07-01")


def test_a_page_served_again_costs_fewer_queries_and_shows_the_same() -> None:
    meeting = planned()
    client = login("officer-b", "secretariat_officer", "sco-secretariat")
    first = client.get(f"/meetings/{meeting.pk}/").content.decode()

    with CaptureQueriesContext(connection) as second_queries:
        second = client.get(f"/meetings/{meeting.pk}/").content.decode()

    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    assert len(second_queries) <= 4, [q["sql"] for q in second_queries]


def test_each_reader_sees_their_own_page_of_the_same_version() -> None:
    meeting = planned()
    officer = login("officer-c", "secretariat_officer", "sco-secretariat")
    coordinator = login("coordinator-c", "national_coordinator", "kz")

    officer_page = officer.get(f"/meetings/{meeting.pk}/").content.decode()
    coordinator_page = coordinator.get(f"/meetings/{meeting.pk}/").content.decode()

    assert "officer-c" in officer_page
    assert "coordinator-c" not in officer_page
    assert "coordinator-c" in coordinator_page
    assert "officer-c" not in coordinator_page
    assert 'id="reschedule-form"' in officer_page
    assert 'id="reschedule-form"' not in coordinator_page


def test_a_step_taken_shows_on_the_next_view_of_the_page() -> None:
    meeting = planned()
    client = login("officer-d", "secretariat_officer", "sco-secretariat")
    before = client.get(f"/meetings/{meeting.pk}/").content.decode()
    token = TOKEN.search(before)
    assert token is not None
    assert "2027-07-02" not in before

    client.post(
        f"/meetings/{meeting.pk}/reschedule/",
        {
            "start": "2027-07-02",
            "end": "2027-07-02",
            "expected_version": meeting.version,
            "csrfmiddlewaretoken": token.group(1),
        },
    )

    assert "2027-07-02" in client.get(f"/meetings/{meeting.pk}/").content.decode()
