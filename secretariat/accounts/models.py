"""Users, the delegations they belong to, and their API tokens."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.policy import PUBLIC, policy
from secretariat.core.tokens import SecretToken
from secretariat.registry.models import Body, InternationalOrganisation, State, Trilingual


class DelegationKind(models.TextChoices):
    MEMBER_STATE = "member_state", _("member state delegation")
    NATIONAL_PART = "national_part", _("national part of the Business Council")
    SCO_SECRETARIAT = "sco_secretariat", _("SCO Secretariat")
    BC_SECRETARIAT = "bc_secretariat", _("Business Council Secretariat")
    RATS = "rats", _("RATS Executive Committee")
    PARTNER_STATE = "partner_state", _("partner state")
    PARTNER_ORGANISATION = "partner_organisation", _("partner organisation")


class Delegation(Trilingual):
    """Those who act together for one party: a member state, a national part, the Secretariat..."""

    #: Stable code: "kz", "np-ru", "sco-secretariat", "bc-secretariat", "rats", "partner-tr".
    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=24, choices=DelegationKind.choices)
    #: The state it represents (member state, national part, partner state).
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="delegations"
    )
    #: The body it is (the Secretariat, a national part, RATS).
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="delegations"
    )
    #: The partner organisation it represents.
    organisation = models.ForeignKey(
        InternationalOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )

    class Meta:
        ordering = ["kind", "code"]

    @property
    def is_secretariat(self) -> bool:
        return self.kind == DelegationKind.SCO_SECRETARIAT

    @property
    def is_partner(self) -> bool:
        return self.kind in {DelegationKind.PARTNER_STATE, DelegationKind.PARTNER_ORGANISATION}


class Language(models.TextChoices):
    EN = "en", "English"
    RU = "ru", "Русский"
    ZH = "zh-hans", "中文"


class User(AbstractUser):
    """A person using Secretariat, in one delegation, with one role."""

    #: The language pages, e-mails and verdicts use for this user.
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.EN)
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    #: A role of accounts/roles.yaml; what it may do is in that file.
    role = models.CharField(max_length=40, blank=True, choices=policy().role_choices())

    class Meta:
        ordering = ["username"]

    #: The actions of the API token this request came with (``core.access.TokenAuth``);
    #: None for a session. A token narrows what the role allows, object rules included.
    token_actions: frozenset[str] | None = None

    def can(self, action: str) -> bool:
        """Whether this user's role allows ``action`` (see accounts/roles.yaml), and the API
        token of the request too when it came with one."""
        if not self.is_active:
            return False
        if self.token_actions is not None and action not in self.token_actions:
            return action == PUBLIC
        return policy().allows(self.role or None, action)


def token_expiry_default() -> dt.datetime:
    """When a token made now expires unless its owner chose: SECRETARIAT_API_TOKEN_DAYS."""
    return timezone.now() + dt.timedelta(days=settings.SECRETARIAT_API_TOKEN_DAYS)


class ApiToken(SecretToken):
    """A per-user token for the REST API (``sct_...``). Only its SHA-256 digest is stored
    (``core.tokens``); ``core.access.TokenAuth`` looks it up."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    #: The actions of roles.yaml it may do: a subset of its user's role's, chosen when made.
    actions = models.JSONField(default=list)
    #: After this it is refused (``token_expired``).
    expires = models.DateTimeField(default=token_expiry_default)
    #: Made in a session verified with a second factor: required of the roles of
    #: settings.SECRETARIAT_TWO_FACTOR_ROLES (``token_needs_second_factor`` otherwise).
    issued_with_second_factor = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.name} ({self.prefix}…)"
