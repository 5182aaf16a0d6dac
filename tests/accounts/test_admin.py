"""The admin of users, delegations and tokens, for the system administrator."""

from __future__ import annotations

import pytest

from secretariat.accounts.models import DelegationKind, User
from secretariat.accounts.services import api_token_create
from tests.accounts.support import PASSWORD, a_user, delegation, logged_in

pytestmark = pytest.mark.django_db


def a_sysadmin() -> User:
    return a_user("secretariat_admin", kind=DelegationKind.SCO_SECRETARIAT, username="sysadmin")


def test_the_user_admin_shows_delegation_role_and_language() -> None:
    user = a_user(language="ru")

    page = logged_in(a_sysadmin()).get(f"/admin/accounts/user/{user.pk}/change/")

    assert page.status_code == 200
    for field in ("delegation", "role", "language"):
        assert f'name="{field}"' in page.content.decode()


def test_the_admin_refuses_a_role_that_does_not_fit_the_delegation() -> None:
    partner = delegation(DelegationKind.PARTNER_STATE)

    response = logged_in(a_sysadmin()).post(
        "/admin/accounts/user/add/",
        {
            "username": "intruder",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "delegation": partner.pk,
            "role": "secretary_general",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert "cannot belong to the delegation" in response.content.decode()
    assert not User.objects.filter(username="intruder").exists()


def test_a_user_added_in_the_admin_is_staff_only_when_the_role_allows_the_admin() -> None:
    kz = delegation(DelegationKind.MEMBER_STATE)

    logged_in(a_sysadmin()).post(
        "/admin/accounts/user/add/",
        {
            "username": "expert",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "delegation": kz.pk,
            "role": "expert",
            "language": "en",
        },
    )

    assert User.objects.get(username="expert").is_staff is False


def test_the_token_admin_shows_digests_and_cannot_create_tokens() -> None:
    token, key = api_token_create(user=a_user(), name="script")
    client = logged_in(a_sysadmin())

    listing = client.get("/admin/accounts/apitoken/")
    detail = client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    add = client.get("/admin/accounts/apitoken/add/")

    assert listing.status_code == 200
    assert token.digest in detail.content.decode()
    assert key not in listing.content.decode() + detail.content.decode()
    assert add.status_code == 403


def test_the_delegation_admin_lists_delegations() -> None:
    delegation(DelegationKind.RATS)

    page = logged_in(a_sysadmin()).get("/admin/accounts/delegation/")

    assert page.status_code == 200
    assert "rats" in page.content.decode()


def test_the_admin_login_goes_through_the_accounts_login() -> None:
    from django.test import Client

    response = Client().get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_a_logged_in_user_without_the_admin_is_refused_not_sent_round_in_circles() -> None:
    response = logged_in(a_user()).get("/admin/login/?next=/admin/")

    assert response.status_code == 403
