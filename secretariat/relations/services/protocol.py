"""The Secretary-General's schedule and the private address of its iCalendar feed
(SEC-PROTOCOL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.core.locking import bump, lock
from secretariat.core.tokens import find_active, mark_used, new_secret, revoke_all
from secretariat.relations.models import Engagement, EngagementKind, ProtocolFeedToken
from secretariat.relations.services.inputs import choice, texts


@dataclass
class Saved:
    """An engagement saved, and those of the schedule it overlaps (a warning, not a refusal)."""

    engagement: Engagement
    overlapping: list[Engagement] = field(default_factory=list)


def overlapping(engagement: Engagement) -> list[Engagement]:
    """The other engagements whose time this one shares."""
    return list(
        Engagement.objects.filter(
            starts_at__lt=engagement.ends_at, ends_at__gt=engagement.starts_at
        ).exclude(pk=engagement.pk)
    )


@transaction.atomic
def engagement_save(
    *,
    engagement: Engagement | None = None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    counterpart: str | Mapping[str, str],
    place: str | Mapping[str, str],
    kind: str,
    notes: str | Mapping[str, str] = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Saved:
    """Put a meeting or visit on the Secretary-General's schedule, or change one; overlapping
    engagements are allowed and named in the answer."""
    cited = ("SEC-PROTOCOL",)
    choice(kind, EngagementKind.values, "engagement_kind", cited)
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        starts_at = timezone.make_aware(starts_at) if timezone.is_naive(starts_at) else starts_at
        ends_at = timezone.make_aware(ends_at) if timezone.is_naive(ends_at) else ends_at
    if ends_at <= starts_at:
        raise refuse(
            "ends_before_start",
            "relations.ends_before_start",
            cited,
            start=f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}",
            end=f"{timezone.localtime(ends_at):%Y-%m-%d %H:%M}",
        )
    values = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        **texts(counterpart, "counterpart", cited, needed=True),
        **texts(place, "place", cited, needed=True),
        "kind": kind,
        **texts(notes, "notes", cited),
    }
    if engagement is None:
        row = Engagement.objects.create(
            **values, created_at=timezone.now(), created_by=by, is_demo=is_demo
        )
    else:
        row = lock(engagement)
        for name, value in values.items():
            setattr(row, name, value)
        # The version is the calendar's SEQUENCE: every change raises it.
        bump(row, engagement, fields=tuple(values))
    return Saved(row, overlapping(row))


@transaction.atomic
def engagement_cancel(*, engagement: Engagement, by: User | None = None) -> None:
    """Take an engagement off the schedule."""
    found = Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if found is None:
        raise refuse("not_found", "relations.engagement_gone", ("SEC-PROTOCOL",), status=404)
    found.delete()


#: Marks a protocol feed token, so a leaked one is recognisable.
FEED_TOKEN_PREFIX = "scp_"  # noqa: S105  # a public marker, not a secret


@transaction.atomic
def protocol_feed_token_rotate(*, user: User) -> tuple[ProtocolFeedToken, str]:
    """Revoke the user's address of the schedule's feed and make a new one; return it and its
    secret, which is shown once (only its digest is kept)."""
    if not user.can("protocol.view"):
        raise refuse(
            "feed_not_allowed", "relations.feed_not_allowed", ("SEC-PROTOCOL",), status=403
        )
    locked = lock(user)
    protocol_feed_token_revoke(user=locked)
    token, stored = new_secret(FEED_TOKEN_PREFIX)
    row = ProtocolFeedToken.objects.create(user=locked, **stored)
    return row, token


@transaction.atomic
def protocol_feed_token_revoke(*, user: User) -> int:
    """Revoke the user's address of the schedule's feed; return how many were revoked."""
    return revoke_all(ProtocolFeedToken.objects.filter(user=user))


def protocol_feed_token_find(token: str) -> ProtocolFeedToken | None:
    """The active token whose secret is ``token``, while its user may still read the schedule."""
    found = find_active(ProtocolFeedToken.objects.select_related("user"), FEED_TOKEN_PREFIX, token)
    if found is None or not found.user.can("protocol.view"):
        return None
    mark_used(found)
    return found
