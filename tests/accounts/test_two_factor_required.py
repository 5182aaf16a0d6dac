"""Two-factor login required of the administrator, depositary and finance roles (issue 16):
no device, enrol right after the password; a device, give its code; nothing else until then."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from secretariat.accounts.models import DelegationKind, User
from tests.accounts.support import PASSWORD, a_user, code_for, logged_in, password_only

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lockouts_left_behind")]
TWO_FACTOR = "/accounts/two-factor/"
REQUIRED = ["secretariat_admin", "secretariat_depositary", "secretariat_finance"]


def staff(role: str, language: str = "en") -> User:
    return a_user(role, kind=DelegationKind.SCO_SECRETARIAT, language=language)


def password_step(client: Client, user: User, **extra: str) -> Any:
    return client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD, **extra}
    )


def test_the_roles_that_require_a_second_factor_are_a_setting() -> None:
    assert sorted(settings.SECRETARIAT_TWO_FACTOR_ROLES) == REQUIRED


@pytest.mark.parametrize("role", REQUIRED)
def test_without_a_device_the_password_step_leads_to_enrolment_and_nothing_else(
    role: str,
) -> None:
    user = staff(role)
    client = Client()

    response = password_step(client, user, next="/budget/")
    work = client.get("/work/")
    profile = client.get("/accounts/me/")
    api = client.get("/api/accounts/me")
    enrol_page = client.get(TWO_FACTOR)

    assert response.status_code == 302
    assert response["Location"] == TWO_FACTOR
    assert work.status_code == 302
    assert work["Location"].startswith(TWO_FACTOR)
    assert profile.status_code == 302
    assert profile["Location"].startswith(TWO_FACTOR)
    assert api.status_code == 403
    assert api.json()["code"] == "two_factor_required"
    assert enrol_page.status_code == 200


def test_once_enrolled_and_confirmed_the_session_is_verified_and_free() -> None:
    user = staff("secretariat_finance")
    client = Client()
    password_step(client, user)

    client.post(f"{TWO_FACTOR}enrol/")
    device = TOTPDevice.objects.get(user=user)
    client.post(f"{TWO_FACTOR}confirm/", {"code": code_for(device)})

    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/work/").status_code == 200
    assert client.get("/api/accounts/me").status_code == 200


def test_with_a_device_the_code_is_asked_for() -> None:
    user = staff("secretariat_depositary")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()

    response = password_step(client, user)
    coded = client.post("/accounts/login/code/", {"code": code_for(device)})

    assert response["Location"] == "/accounts/login/code/"
    assert coded.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/depositary/").status_code == 200


def test_a_password_only_session_of_such_a_role_is_sent_to_enrol() -> None:
    user = staff("secretariat_admin")
    client = password_only(user)

    page = client.get("/work/")
    admin = client.get("/admin/")

    assert page.status_code == 302
    assert page["Location"].startswith(TWO_FACTOR)
    assert admin.status_code == 302
    assert admin["Location"].startswith(TWO_FACTOR)


def test_the_refusal_of_the_api_is_in_the_users_language() -> None:
    user = staff("secretariat_admin", language="ru")
    client = password_only(user)

    response = client.get("/api/accounts/me")

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"
    assert "двухфакторн" in response.json()["message"]


def test_such_a_role_cannot_turn_its_second_factor_off() -> None:
    user = staff("secretariat_finance")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = logged_in(user)

    response = client.post(f"{TWO_FACTOR}disable/", {"code": code_for(device)})

    assert response.status_code == 409
    assert "two_factor_mandatory" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_other_roles_still_log_in_with_a_password_alone() -> None:
    user = a_user("national_coordinator")
    client = Client()

    response = password_step(client, user)

    assert response["Location"] == "/work/"
    assert client.get("/work/").status_code == 200


def test_force_login_in_tests_stands_for_a_login_with_the_second_factor() -> None:
    user = staff("secretariat_finance")

    client = logged_in(user)

    assert client.get("/work/").status_code == 200
    assert DEVICE_ID_SESSION_KEY in client.session
