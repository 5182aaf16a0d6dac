"""Reads of the accounts app: a user's own profile, tokens and two-factor state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.db.models import QuerySet
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from secretariat.accounts.models import ApiToken, Delegation, User
from secretariat.core.lang import current_lang
from secretariat.core.policy import PUBLIC, policy
from secretariat.procedure.text import Text


@dataclass(frozen=True, slots=True)
class Permission:
    """One action of roles.yaml and its wording."""

    code: str
    text: Text

    @property
    def label(self) -> str:
        """The wording in the active language."""
        return self.text[current_lang()]


@dataclass(frozen=True, slots=True)
class Profile:
    """Who a user is in Secretariat and what their role lets them do."""

    user: User
    delegation: Delegation | None
    #: The role's name; None when the user has no role (e.g. a bare superuser).
    role_name: Text | None
    permissions: list[Permission]

    @property
    def role_label(self) -> str:
        if self.role_name is None:
            return ""
        return self.role_name[current_lang()]


def role_permissions(*, role: str | None) -> list[Permission]:
    """The actions ``role`` allows, in the order of roles.yaml (``public`` left out)."""
    rules = policy()
    return [
        Permission(code, text)
        for code, text in rules.actions.items()
        if code != PUBLIC and rules.allows(role, code)
    ]


def profile_of(*, user: User) -> Profile:
    spec = policy().roles.get(user.role or "")
    return Profile(
        user=user,
        delegation=user.delegation,
        role_name=spec.name if spec else None,
        permissions=role_permissions(role=user.role or None) if user.is_active else [],
    )


def api_tokens_active(*, user: User) -> QuerySet[ApiToken]:
    """``user``'s tokens that are not revoked, newest first."""
    return ApiToken.objects.filter(user=user, revoked__isnull=True).order_by("-created", "-pk")


class TwoFactor(Enum):
    OFF = "off"
    #: An authenticator app was set up but its first code not yet entered.
    PENDING = "pending"
    ON = "on"


@dataclass(frozen=True, slots=True)
class TwoFactorState:
    status: TwoFactor
    device: TOTPDevice | None


def two_factor_state(*, user: User) -> TwoFactorState:
    """Whether ``user`` logs in with a second factor, or is setting one up."""
    devices = list(TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk"))
    if not devices:
        return TwoFactorState(TwoFactor.OFF, None)
    device = devices[0]
    return TwoFactorState(TwoFactor.ON if device.confirmed else TwoFactor.PENDING, device)


def two_factor_required(*, user: User) -> bool:
    """Whether logging in as ``user`` needs a code from a confirmed device (of any kind)."""
    return bool(user_has_device(user, confirmed=True))
