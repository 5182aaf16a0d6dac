"""Two-factor login (TOTP) for the SCO Secretariat: enrol, confirm, log in with a code, disable."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from secretariat.accounts.models import DelegationKind, User
from tests.accounts.support import (
    PASSWORD,
    a_secretariat_officer,
    a_user,
    a_wrong_code,
    code_for,
    logged_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lockouts_left_behind")]
PAGE = "/accounts/two-factor/"


def enrolled(user: User) -> TOTPDevice:
    """``user`` with two-factor login on, set up through the pages."""
    client = logged_in(user)
    client.post(f"{PAGE}enrol/")
    device = TOTPDevice.objects.get(user=user)
    client.post(f"{PAGE}confirm/", {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    return device


def password_step(client: Client, user: User) -> Any:
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


def test_a_secretariat_user_enrols_with_a_qr_code_and_confirms_with_a_code() -> None:
    user = a_secretariat_officer()
    client = logged_in(user)

    client.post(f"{PAGE}enrol/")
    page = client.get(PAGE).content.decode()
    device = TOTPDevice.objects.get(user=user)
    confirmed = client.post(f"{PAGE}confirm/", {"code": code_for(device)})

    device.refresh_from_db()
    assert 'src="data:image/svg+xml;base64,' in page
    assert "otpauth://totp/" in page
    assert confirmed.status_code == 302
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_does_not_confirm_the_app() -> None:
    user = a_secretariat_officer()
    client = logged_in(user)
    client.post(f"{PAGE}enrol/")
    device = TOTPDevice.objects.get(user=user)

    response = client.post(f"{PAGE}confirm/", {"code": a_wrong_code(device)})

    device.refresh_from_db()
    assert response.status_code == 400
    assert "two_factor_code_wrong" in response.content.decode()
    assert not device.confirmed


def test_once_on_a_login_needs_the_code() -> None:
    user = a_secretariat_officer(language="ru")
    device = enrolled(user)
    client = Client()

    after_password = password_step(client, user)
    assert after_password["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session

    done = client.post("/accounts/login/code/", {"code": code_for(device, steps_ahead=1)})

    assert done.status_code == 302
    assert done["Location"] == "/ru/work/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_at_login_is_refused(settings: Any) -> None:
    # No back-off between attempts, so that the right code can follow at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = a_secretariat_officer()
    device = enrolled(user)
    client = Client()
    password_step(client, user)
    right = code_for(device, steps_ahead=1)

    refused = client.post("/accounts/login/code/", {"code": a_wrong_code(device)})

    assert refused.status_code == 200
    assert "This code is wrong or has expired." in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.post("/accounts/login/code/", {"code": right}).status_code == 302


def test_wrong_codes_count_towards_the_lockout(settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = a_secretariat_officer()
    enrolled(user)
    client = Client()
    password_step(client, user)

    device = TOTPDevice.objects.get(user=user)
    statuses = [
        client.post("/accounts/login/code/", {"code": a_wrong_code(device)}).status_code
        for _ in range(5)
    ]

    assert statuses[-1] == 429


def test_the_code_step_without_a_password_first_asks_to_log_in_again() -> None:
    client = Client()

    response = client.post("/accounts/login/code/", {"code": "123456"})

    assert response.status_code == 200
    assert "Please log in again." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_two_factor_is_turned_off_with_a_current_code() -> None:
    user = a_secretariat_officer()
    device = enrolled(user)
    client = logged_in(user)

    client.post(f"{PAGE}disable/", {"code": code_for(device, steps_ahead=1)})

    assert not TOTPDevice.objects.filter(user=user).exists()


def test_two_factor_stays_on_without_a_right_code() -> None:
    user = a_secretariat_officer()
    enrolled(user)

    response = logged_in(user).post(f"{PAGE}disable/", {"code": ""})

    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_national_coordinator_cannot_use_the_two_factor_page() -> None:
    client = logged_in(a_user("national_coordinator", kind=DelegationKind.MEMBER_STATE))

    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}enrol/").status_code == 403
    assert not TOTPDevice.objects.exists()
