"""API tokens scoped to actions and expiring; refused for two-factor roles unless made in a
session verified with the second factor (issue 16)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from secretariat.accounts.models import ApiToken, DelegationKind, User
from secretariat.accounts.services import api_token_create
from secretariat.budget.models import Budget
from secretariat.core.errors import InvalidInputError
from tests.accounts.support import a_user, logged_in, password_only

pytestmark = pytest.mark.django_db


def call(key: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    if method == "GET":
        return client.get(path)
    return client.post(path, body or {}, content_type="application/json")


def finance(language: str = "en") -> User:
    return a_user("secretariat_finance", kind=DelegationKind.SCO_SECRETARIAT, language=language)


BUDGET = {"year": 2031, "holder": "secretariat", "currency": "USD", "articles": []}


def test_a_token_does_only_the_actions_it_was_given() -> None:
    user = finance()
    _token, key = api_token_create(
        user=user, name="reader", actions=["budget.view"], second_factor=True
    )

    read = call(key, "GET", "/api/budget/")
    write = call(key, "POST", "/api/budget/", BUDGET)
    me = call(key, "GET", "/api/accounts/me")

    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json()["code"] == "token_out_of_scope"
    assert me.status_code == 403
    assert not Budget.objects.exists()


def test_a_token_with_the_action_may_do_it() -> None:
    user = finance()
    _token, key = api_token_create(
        user=user, name="writer", actions=["budget.view", "budget.manage"], second_factor=True
    )

    response = call(key, "POST", "/api/budget/", BUDGET)

    assert response.status_code in {200, 201}
    assert Budget.objects.filter(year=2031).exists()


def test_by_default_a_token_reads_only_and_expires_after_the_default_days() -> None:
    user = a_user("national_coordinator")

    token, _key = api_token_create(user=user, name="script")

    assert "meetings.view" in token.actions
    assert "meetings.initiate" not in token.actions
    assert "documents.draft" not in token.actions
    days = settings.SECRETARIAT_API_TOKEN_DAYS
    assert abs(token.expires - (timezone.now() + dt.timedelta(days=days))) < dt.timedelta(minutes=1)


def test_a_token_cannot_be_given_an_action_the_role_lacks() -> None:
    user = a_user("national_coordinator")

    with pytest.raises(InvalidInputError) as refused:
        api_token_create(user=user, name="script", actions=["budget.manage"])

    assert refused.value.code == "token_action_not_allowed"
    assert not ApiToken.objects.exists()


def test_a_token_cannot_outlive_the_longest_expiry() -> None:
    user = a_user("national_coordinator")

    with pytest.raises(InvalidInputError) as refused:
        api_token_create(user=user, name="script", days=settings.SECRETARIAT_API_TOKEN_MAX_DAYS + 1)

    assert refused.value.code == "token_expiry_too_long"
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_in_the_owners_language() -> None:
    user = a_user("national_coordinator", language="ru")
    _token, key = api_token_create(user=user, name="script", days=1)

    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        response = call(key, "GET", "/api/meetings/")

    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert "Срок действия" in response.json()["message"]


def test_a_two_factor_role_token_made_without_the_second_factor_is_refused() -> None:
    user = finance()
    _token, key = api_token_create(user=user, name="script", actions=["budget.view"])

    response = call(key, "GET", "/api/budget/")

    assert response.status_code == 403
    assert response.json()["code"] == "token_needs_second_factor"


def test_the_token_page_records_whether_the_session_was_verified() -> None:
    user = finance()
    verified = logged_in(user)  # with the second factor (tests/conftest.py)

    made = verified.post(
        "/accounts/me/tokens/", {"name": "report", "actions": ["budget.view"], "days": "30"}
    )

    token = ApiToken.objects.get(user=user)
    assert made.status_code == 201
    assert token.issued_with_second_factor
    assert token.actions == ["budget.view"]
    assert call(_key_of(made), "GET", "/api/budget/").status_code == 200


def _key_of(response: Any) -> str:
    import re

    found = re.search(r"sct_[A-Za-z0-9_\-]+", response.content.decode())
    assert found is not None
    return found.group(0)


def test_a_password_only_session_of_a_two_factor_role_cannot_make_a_token() -> None:
    user = finance()

    response = password_only(user).post("/accounts/me/tokens/", {"name": "report", "days": "30"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("prefix", "scope", "expiry"),
    [
        ("/", "What the token may do", "Expires after"),
        ("/ru/", "Что может делать токен", "Срок действия"),
        ("/zh-hans/", "令牌可执行的操作", "有效期"),
    ],
)
def test_the_token_form_offers_scope_and_expiry_in_three_languages(
    prefix: str, scope: str, expiry: str
) -> None:
    user = a_user("national_coordinator")

    page = logged_in(user).get(f"{prefix}accounts/me/").content.decode()

    assert scope in page
    assert expiry in page
    assert 'value="meetings.initiate"' in page
    assert 'value="budget.manage"' not in page
