"""Shared helpers of the accounts tests: delegations, users and codes built in one line."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.accounts.services import user_create

#: A password that passes the validators; test accounts only.
PASSWORD = "Samarkand-summit-2022"  # noqa: S105  # a test account's password, not a secret

#: A delegation code for each kind, as delegations_sync names them.
CODES = {
    DelegationKind.MEMBER_STATE: "kz",
    DelegationKind.NATIONAL_PART: "np-ru",
    DelegationKind.SCO_SECRETARIAT: "sco-secretariat",
    DelegationKind.BC_SECRETARIAT: "bc-secretariat",
    DelegationKind.RATS: "rats",
    DelegationKind.PARTNER_STATE: "partner-tr",
    DelegationKind.PARTNER_ORGANISATION: "org-asean",
}


def delegation(kind: str) -> Delegation:
    """The delegation of ``kind`` (created without the registry)."""
    found, _ = Delegation.objects.get_or_create(
        code=CODES[DelegationKind(kind)],
        defaults={"kind": kind, "name_en": f"Test {kind}", "name_ru": "Тест", "name_zh": "测试"},
    )
    return found


def a_user(
    role: str = "national_coordinator",
    *,
    kind: str = DelegationKind.MEMBER_STATE,
    username: str | None = None,
    language: str = "en",
) -> User:
    """A user of ``role`` in the delegation of ``kind``, with PASSWORD."""
    return user_create(
        username=username or role.replace("_", "-"),
        password=PASSWORD,
        delegation=delegation(kind),
        role=role,
        language=language,
    )


def a_secretariat_officer(username: str = "officer", language: str = "en") -> User:
    return a_user(
        "secretariat_officer",
        kind=DelegationKind.SCO_SECRETARIAT,
        username=username,
        language=language,
    )


#: Django's own force_login, kept before the suite's fixture (tests/conftest.py) makes it
#: stand for a login with the second factor as well.
_force_login_password_only = Client.force_login


def password_only(user: User, client: Client | None = None) -> Client:
    """A client logged in as ``user`` with the password step alone (no second factor)."""
    client = client or Client()
    _force_login_password_only(client, user)
    return client


def force_login_with_second_factor(client: Client, user: Any, backend: str | None = None) -> None:
    """``client.force_login`` as a whole login: a user whose role requires a second factor
    (settings.SECRETARIAT_TWO_FACTOR_ROLES) gets a confirmed authenticator device, and the
    session is marked verified with it, as the code step of the login page does."""
    _force_login_password_only(client, user, backend)
    if getattr(user, "role", "") not in settings.SECRETARIAT_TWO_FACTOR_ROLES:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def logged_in(user: User, client: Client | None = None) -> Client:
    client = client or Client()
    client.force_login(user)
    return client


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code ``device``'s app shows now, or ``steps_ahead`` steps (of 30 s) later.

    A code is accepted once: the next login needs a later one, which the device accepts
    within its tolerance of one step.
    """
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps_ahead,
    )
    return f"{value:0{device.digits}d}"


def a_wrong_code(device: TOTPDevice) -> str:
    """A code the device does not show now (nor a step before or after)."""
    shown = {code_for(device, steps_ahead=n) for n in (-1, 0, 1, 2)}
    return next(c for c in ("123456", "654321", "111111", "222222", "333333") if c not in shown)
