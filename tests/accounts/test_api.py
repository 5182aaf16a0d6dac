"""The accounts API: one's account and tokens, with a bearer token or the session."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from secretariat.accounts.models import ApiToken
from secretariat.accounts.services import api_token_create, api_token_revoke
from secretariat.core.tokens import digest_of
from tests.accounts.support import a_user, logged_in

pytestmark = pytest.mark.django_db
API = "/api/accounts"


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_token_authenticates_the_api() -> None:
    user = a_user(language="ru")
    token, key = api_token_create(user=user, name="script")

    response = Client().get(f"{API}/me", **bearer(key))

    body = response.json()
    assert response.status_code == 200
    assert body["username"] == user.username
    assert body["delegation"]["code"] == "kz"
    assert body["delegation"]["kind"] == "member_state"
    assert set(body["delegation"]["name"]) == {"en", "ru", "zh"}
    assert body["role"] == "national_coordinator"
    assert body["language"] == "ru"
    assert "account.use" in body["actions"]
    assert "registry.edit" not in body["actions"]
    token.refresh_from_db()
    assert token.last_used is not None


def test_a_revoked_token_is_not_authenticated() -> None:
    user = a_user()
    token, key = api_token_create(user=user, name="script")
    api_token_revoke(user=user, token_id=token.pk)

    response = Client().get(f"{API}/me", **bearer(key))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_made_up_token_is_not_authenticated() -> None:
    response = Client().get(f"{API}/me", **bearer("sct_made-up"))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_tokens_are_listed_without_their_keys() -> None:
    user = a_user()
    _token, key = api_token_create(user=user, name="script")

    response = Client().get(f"{API}/tokens", **bearer(key))

    assert [t["name"] for t in response.json()] == ["script"]
    assert key not in response.content.decode()


def test_a_token_created_through_the_api_shows_its_key_once() -> None:
    _token, key = api_token_create(user=a_user(), name="first")

    created = Client().post(
        f"{API}/tokens", json.dumps({"name": "second"}), "application/json", **bearer(key)
    )
    listed = Client().get(f"{API}/tokens", **bearer(key))

    new_key = created.json()["key"]
    assert created.status_code == 201
    assert ApiToken.objects.filter(digest=digest_of(new_key)).exists()
    assert new_key not in listed.content.decode()


def test_a_token_is_revoked_through_the_api() -> None:
    user = a_user()
    _own, key = api_token_create(user=user, name="script")
    other, _ = api_token_create(user=user, name="other")

    response = Client().delete(f"{API}/tokens/{other.pk}", **bearer(key))

    other.refresh_from_db()
    assert response.status_code == 204
    assert other.revoked is not None


def test_a_token_of_another_user_cannot_be_revoked() -> None:
    _mine, key = api_token_create(user=a_user(username="me"), name="script")
    theirs, _ = api_token_create(user=a_user(username="them"), name="script")

    response = Client().delete(f"{API}/tokens/{theirs.pk}", **bearer(key))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert theirs.revoked is None


def test_an_empty_token_name_is_refused_with_a_stable_code() -> None:
    _token, key = api_token_create(user=a_user(), name="script")

    response = Client().post(
        f"{API}/tokens", json.dumps({"name": " "}), "application/json", **bearer(key)
    )

    assert response.status_code == 400
    assert response.json()["code"] == "token_name_required"


def test_the_session_works_for_reading_and_needs_csrf_for_writing() -> None:
    client = logged_in(a_user(), Client(enforce_csrf_checks=True))

    read = client.get(f"{API}/me")
    write = client.post(f"{API}/tokens", json.dumps({"name": "x"}), "application/json")

    assert read.status_code == 200
    assert write.status_code == 403
    assert not ApiToken.objects.exists()


def test_the_public_is_not_authenticated() -> None:
    response = Client().get(f"{API}/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
