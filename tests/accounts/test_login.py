"""Logging in and out: language, throttling, CSRF and the Content-Security-Policy."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from secretariat.accounts.models import User
from tests.accounts.support import PASSWORD, a_user, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lockouts_left_behind")]
LOGIN = "/accounts/login/"


def log_in(client: Client, username: str, password: str, **extra: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def logged_in_user(client: Client) -> User | None:
    user = client.get("/accounts/me/").wsgi_request.user
    return user if isinstance(user, User) else None


def test_the_login_page_is_public() -> None:
    response = Client().get(LOGIN)

    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_logging_in_opens_the_start_page_in_the_users_language() -> None:
    user = a_user(language="ru")
    client = Client()

    response = log_in(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/ru/work/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logging_in_goes_on_to_the_page_asked_for_in_the_users_language() -> None:
    user = a_user(language="zh-hans")

    response = log_in(Client(), user.username, PASSWORD, next="/accounts/me/")

    assert response["Location"] == "/zh-hans/accounts/me/"


def test_logging_in_never_goes_on_to_another_site() -> None:
    user = a_user()

    response = log_in(Client(), user.username, PASSWORD, next="https://evil.example/")

    assert response["Location"] == "/work/"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong() -> None:
    user = a_user()
    client = Client()

    response = log_in(client, user.username, "not-the-password")

    assert response.status_code == 200
    assert "The username or the password is wrong." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_username_from_that_address() -> None:
    user = a_user()
    client = Client()

    statuses = [log_in(client, user.username, "wrong-password").status_code for _ in range(5)]
    locked = log_in(client, user.username, PASSWORD)

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert user.username in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address() -> None:
    user = a_user()
    for _ in range(5):
        log_in(Client(REMOTE_ADDR="10.0.0.1"), user.username, "wrong-password")

    response = log_in(Client(REMOTE_ADDR="10.0.0.2"), user.username, PASSWORD)

    assert response.status_code == 302


def test_the_lock_ends_after_the_cool_off() -> None:
    user = a_user()
    client = Client()
    for _ in range(5):
        log_in(client, user.username, "wrong-password")
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - dt.timedelta(minutes=1))

    response = log_in(client, user.username, PASSWORD)

    assert response.status_code == 302


def test_the_locked_out_page_speaks_the_language_of_the_page() -> None:
    user = a_user()
    client = Client()
    for _ in range(5):
        response = client.post(
            "/ru/accounts/login/", {"username": user.username, "password": "wrong-password"}
        )

    assert response.status_code == 429
    assert '<html lang="ru">' in response.content.decode()


def test_logging_out_needs_a_post() -> None:
    client = logged_in(a_user())

    refused = client.get("/accounts/logout/")
    done = client.post("/accounts/logout/")

    assert refused.status_code == 405
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logging_out_without_the_csrf_token_is_refused() -> None:
    client = logged_in(a_user(), Client(enforce_csrf_checks=True))

    response = client.post("/accounts/logout/")

    assert response.status_code == 403
    assert "_auth_user_id" in client.session


def test_logging_in_without_the_csrf_token_is_refused() -> None:
    user = a_user()

    response = log_in(Client(enforce_csrf_checks=True), user.username, PASSWORD)

    assert response.status_code == 403


def test_pages_carry_a_content_security_policy_without_unsafe_inline() -> None:
    response = Client().get(LOGIN)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_header_offers_to_log_in_or_shows_who_is_logged_in() -> None:
    user = a_user(username="kz-coordinator")

    anonymous = Client().get("/").content.decode()
    member = logged_in(user).get("/").content.decode()

    # From the public start page, a login goes on to one's own ("My work").
    assert 'href="/accounts/login/"' in anonymous
    assert "kz-coordinator" in member
    assert 'action="/accounts/logout/"' in member
