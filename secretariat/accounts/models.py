"""Users, the delegations they belong to, and their API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.core.policy import policy
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

    def can(self, action: str) -> bool:
        """Whether this user's role allows ``action`` (see accounts/roles.yaml)."""
        if not self.is_active:
            return False
        return policy().allows(self.role or None, action)


class ApiToken(SecretToken):
    """A per-user token for the REST API (``sct_...``). Only its SHA-256 digest is stored
    (``core.tokens``); ``core.access.TokenAuth`` looks it up."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.name} ({self.prefix}…)"
