"""The profile page: delegation, role and what it allows, language, API tokens."""

from __future__ import annotations

import pytest
from django.conf import settings

from secretariat.accounts.models import ApiToken, DelegationKind
from secretariat.accounts.services import api_token_create
from secretariat.core.tokens import digest_of
from tests.accounts.support import a_secretariat_officer, a_user, logged_in

pytestmark = pytest.mark.django_db
ME = "/accounts/me/"


def test_the_profile_needs_a_login() -> None:
    from django.test import Client

    response = Client().get(ME)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_profile_shows_the_delegation_the_role_and_what_it_allows() -> None:
    page = logged_in(a_secretariat_officer()).get(ME).content.decode()

    assert "Secretariat officer" in page
    assert "Test sco_secretariat" in page
    assert "Edit the registry of the Organisation" in page
    assert "Protect one&#x27;s login with a second factor" in page
    assert "Manage user accounts and delegations" not in page


def test_the_profile_speaks_the_users_language() -> None:
    user = a_user("np_chair", kind=DelegationKind.NATIONAL_PART, language="ru")

    page = logged_in(user).get("/ru" + ME).content.decode()

    assert "Председатель национальной части" in page
    assert "Пользоваться своей учётной записью" in page


def test_choosing_a_language_saves_it_and_switches_the_session() -> None:
    user = a_user()
    client = logged_in(user)

    response = client.post("/accounts/me/language/", {"language": "zh-hans"})

    user.refresh_from_db()
    assert user.language == "zh-hans"
    assert response["Location"] == "/zh-hans/accounts/me/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"


def test_a_new_token_key_is_shown_once() -> None:
    client = logged_in(a_user())

    created = client.post("/accounts/me/tokens/", {"name": "report script"})
    later = client.get(ME)

    token = ApiToken.objects.get()
    key = created.content.decode().split('<code class="key">')[1].split("</code>")[0]
    assert created.status_code == 201
    assert token.digest == digest_of(key)
    assert "no-store" in created["Cache-Control"]
    assert key not in later.content.decode()
    assert "report script" in later.content.decode()


def test_a_token_is_revoked_from_the_profile() -> None:
    user = a_user()
    token, _key = api_token_create(user=user, name="old script")

    response = logged_in(user).post(f"/accounts/me/tokens/{token.pk}/revoke/")

    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked is not None


def test_another_users_token_is_not_found_from_the_profile() -> None:
    token, _key = api_token_create(user=a_user(username="owner"), name="script")

    response = logged_in(a_user(username="other")).post(f"/accounts/me/tokens/{token.pk}/revoke/")

    token.refresh_from_db()
    assert response.status_code == 404
    assert "not_found" in response.content.decode()
    assert token.revoked is None


def test_the_account_pages_have_no_inline_script_or_style() -> None:
    client = logged_in(a_secretariat_officer())
    client.post("/accounts/two-factor/enrol/")

    for path in ["/accounts/login/", ME, "/accounts/two-factor/"]:
        page = client.get(path).content.decode()
        assert "<script" not in page, path
        assert "style=" not in page, path
        assert "<style" not in page, path
