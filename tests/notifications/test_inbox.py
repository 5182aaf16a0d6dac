"""The inbox page and API: a user sees and marks only their own messages."""

from __future__ import annotations

import pytest
from django.test import Client

from secretariat.accounts.models import User
from secretariat.notifications.models import InboxMessage
from tests.factories.notifications import a_person

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.notifications.urls")]

API = "/test-api/notifications"


def a_message(
    user: User, subject: str = "Due on Dec. 22, 2030: reply (CFM-NOTICE)"
) -> InboxMessage:
    return InboxMessage.objects.create(user=user, subject=subject, body="Reply.", link="/rules/")


def logged_in(user: User) -> Client:
    user.role = "national_coordinator"
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_page_shows_only_ones_own_messages() -> None:
    me, other = a_person("aigerim"), a_person("ivan")
    a_message(me, "Mine")
    a_message(other, "Not mine")

    page = logged_in(me).get("/inbox/")

    assert page.status_code == 200
    assert b"Mine" in page.content
    assert b"Not mine" not in page.content


def test_a_visitor_is_sent_to_log_in() -> None:
    response = Client().get("/inbox/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_marking_ones_message_read_on_the_page() -> None:
    me = a_person("aigerim")
    message = a_message(me)

    response = logged_in(me).post(f"/inbox/{message.pk}/read/")

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None


def test_another_users_message_cannot_be_marked_on_the_page() -> None:
    other_message = a_message(a_person("ivan"))

    response = logged_in(a_person("aigerim")).post(f"/inbox/{other_message.pk}/read/")

    assert response.status_code == 404
    other_message.refresh_from_db()
    assert other_message.read_at is None


def test_the_api_lists_ones_own_messages() -> None:
    me = a_person("aigerim")
    mine = a_message(me)
    a_message(a_person("ivan"))

    response = logged_in(me).get(f"{API}/inbox")

    assert response.status_code == 200
    assert [m["id"] for m in response.json()] == [mine.pk]


def test_the_api_marks_ones_message_read() -> None:
    me = a_person("aigerim")
    message = a_message(me)
    client = logged_in(me)

    response = client.post(f"{API}/inbox/{message.pk}/read")

    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert client.get(f"{API}/inbox?unread=true").json() == []


def test_the_api_answers_404_for_another_users_message() -> None:
    other_message = a_message(a_person("ivan"))

    response = logged_in(a_person("aigerim")).post(f"{API}/inbox/{other_message.pk}/read")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    other_message.refresh_from_db()
    assert other_message.read_at is None


def test_the_api_refuses_a_visitor() -> None:
    assert Client().get(f"{API}/inbox").status_code == 401
