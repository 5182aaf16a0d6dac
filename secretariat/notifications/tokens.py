"""The secret tokens of private calendar feeds (``FeedToken``): made, revoked, found.

The token is the credential of a feed URL (``/calendar/user/<token>.ics``); only its digest is
stored (``core.tokens``). The feeds themselves are ``secretariat/calendars/feeds.py``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from secretariat.accounts.models import User
from secretariat.core.errors import InvalidInputError
from secretariat.core.locking import lock
from secretariat.core.tokens import find_active, new_secret, revoke_all
from secretariat.notifications.models import FeedScope, FeedToken

#: Marks a feed token (as "sct_" marks an API token), so a leaked one is recognisable.
TOKEN_PREFIX = "scf_"  # noqa: S105  # a public marker, not a secret


@transaction.atomic
def feed_token_rotate(*, user: User, scope: str) -> tuple[FeedToken, str]:
    """Revoke the user's active token of ``scope`` and make a new one; return it and its secret.

    The secret is returned once, here: only its digest is stored.
    """
    if scope not in FeedScope.values:
        raise InvalidInputError(
            gettext_lazy("Unknown calendar feed: %(scope)s."), code="unknown_feed", scope=scope
        )
    # One rotation at a time per user: the second waits, then revokes the first one's token.
    locked = lock(user)
    delegation = None
    if scope == FeedScope.DELEGATION:
        if locked.delegation_id is None:
            raise InvalidInputError(
                gettext_lazy("You belong to no delegation, so there is no delegation feed."),
                code="no_delegation",
            )
        delegation = locked.delegation
    _revoke(user=locked, scope=scope)
    token, stored = new_secret(TOKEN_PREFIX)
    row = FeedToken.objects.create(user=locked, scope=scope, delegation=delegation, **stored)
    return row, token


@transaction.atomic
def feed_token_revoke(*, user: User, scope: str) -> int:
    """Revoke the user's active token of ``scope``; return how many were revoked (0 or 1)."""
    return _revoke(user=user, scope=scope)


def _revoke(*, user: User, scope: str) -> int:
    return revoke_all(FeedToken.objects.filter(user=user, scope=scope))


def feed_tokens_of(user: User) -> dict[str, FeedToken]:
    """The user's active token of each scope."""
    rows = FeedToken.objects.filter(user=user, revoked__isnull=True)
    return {row.scope: row for row in rows}


def feed_token_find(*, scope: str, token: str) -> FeedToken | None:
    """The active token of ``scope`` whose secret is ``token``, or None.

    None too when its user is inactive or, for a delegation feed, no longer in the delegation.
    """
    tokens = FeedToken.objects.select_related("user", "delegation").filter(scope=scope)
    found = find_active(tokens, TOKEN_PREFIX, token)
    if found is None:
        return None
    if not found.user.is_active:
        return None
    if scope == FeedScope.DELEGATION and found.delegation_id != found.user.delegation_id:
        return None
    return found
