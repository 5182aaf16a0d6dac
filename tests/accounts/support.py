"""Shared helpers of the accounts tests: delegations, users and codes built in one line."""

from __future__ import annotations

from django.test import Client
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
