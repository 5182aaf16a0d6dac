"""Writes of what users choose and the Secretariat sets: channels per kind, the pace of
reminders, the mandatory kinds. Each write goes through ``save()`` (audited)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import User
from secretariat.core.errors import InvalidInputError
from secretariat.notifications.kinds import KINDS
from secretariat.notifications.models import (
    Channel,
    KindPolicy,
    NotificationPolicy,
    Preference,
)
from secretariat.notifications.pace import choices_of, lead_days_parse, mandatory_kinds

#: Longest lead time and pace accepted (a year), and digest hours.
MAX_DAYS = 366


def _kind_check(kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInputError(
            _("There is no kind of notification called %(kind)s."), code="unknown_kind", kind=kind
        )


def preferences_of(user: User) -> dict[str, str]:
    """Every kind with the user's channel (e-mail at once unless chosen otherwise)."""
    chosen = choices_of(user.pk)
    return {kind: chosen.get(kind, Channel.EMAIL.value) for kind in KINDS}


@transaction.atomic
def preferences_set(*, user: User, choices: Mapping[str, str]) -> dict[str, str]:
    """Set the user's channel for the kinds given; all or nothing.

    A kind the Secretariat made mandatory cannot be "inbox only"."""
    mandatory = mandatory_kinds()
    for kind, channel in choices.items():
        _kind_check(kind)
        if channel not in Channel.values:
            raise InvalidInputError(
                _("Choose inbox only, e-mail at once or the daily digest."),
                code="unknown_channel",
            )
        if channel == Channel.INBOX and kind in mandatory:
            raise InvalidInputError(
                _("“%(kind)s” cannot be switched off: choose e-mail at once or the daily digest."),
                code="mandatory_kind",
                kind=KINDS[kind].name,
            )
    for kind, channel in choices.items():
        row = Preference.objects.filter(user=user, kind=kind).first()
        if row is None:
            Preference.objects.create(user=user, kind=kind, channel=channel)
        elif row.channel != channel:
            row.channel = channel
            row.save(update_fields=["channel"])
    return preferences_of(user)


@transaction.atomic
def policy_set(
    *, lead_days: str, overdue_every: int, digest_hour: int, mandatory: Iterable[str]
) -> NotificationPolicy:
    """Set the pace of reminders, the digest hour and the mandatory kinds; all or nothing."""
    try:
        leads = lead_days_parse(lead_days)
    except ValueError:
        leads = [-1]
    if not leads or any(n < 0 or n > MAX_DAYS for n in leads):
        raise InvalidInputError(
            _(
                "Give the lead days as whole numbers from 0 to %(max)s separated by commas, "
                "for example 7, 2, 0."
            ),
            code="invalid_lead_days",
            max=MAX_DAYS,
        )
    if not 1 <= overdue_every <= MAX_DAYS:
        raise InvalidInputError(
            _("Overdue reminders go out every 1 to %(max)s days."),
            code="invalid_overdue_every",
            max=MAX_DAYS,
        )
    if not 0 <= digest_hour <= 23:  # hours of a day
        raise InvalidInputError(
            _("The digest hour is a whole hour from 0 to 23."), code="invalid_digest_hour"
        )
    wanted = set(mandatory)
    for kind in wanted:
        _kind_check(kind)
    row = NotificationPolicy.objects.order_by("pk").first() or NotificationPolicy()
    row.lead_days = ", ".join(str(n) for n in leads)
    row.overdue_every = overdue_every
    row.digest_hour = digest_hour
    row.save()
    for kind in KINDS:
        policy = KindPolicy.objects.filter(kind=kind).first()
        if policy is None and kind in wanted:
            KindPolicy.objects.create(kind=kind, mandatory=True)
        elif policy is not None and policy.mandatory != (kind in wanted):
            policy.mandatory = kind in wanted
            policy.save(update_fields=["mandatory"])
    return row
