"""Secret tokens of which only a SHA-256 digest is stored: API tokens, the addresses of
private calendar feeds. One abstract model and one set of functions for all of them.

A token is ``<marker><43 url-safe characters>``; the marker (``sct_``, ``scf_``, ``scp_``)
makes a leaked one recognisable. It is shown once, when made; a user who loses it makes a new
one. Revoking and rotating go through ``save()``, so the audit log records them; using one only
stamps ``last_used`` (no audit entry, as on every request).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TypeVar

from django.db import models
from django.utils import timezone

#: The longest token a lookup reads; anything longer is not one of ours.
MAX_LENGTH = 100
#: How many of its first characters a token shows, so a user can tell tokens apart.
PREFIX_LENGTH = 10


class SecretToken(models.Model):
    """The stored half of a secret token: a digest, the first characters, when it was made,
    last used and revoked."""

    #: The first characters of the token, so a user can tell which one a client uses.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    #: Set on each use, without an audit entry.
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def active(self) -> bool:
        return self.revoked is None


T = TypeVar("T", bound=SecretToken)


def digest_of(secret: str) -> str:
    """The SHA-256 digest stored for ``secret``."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret(marker: str, *, prefix_length: int = PREFIX_LENGTH) -> tuple[str, dict[str, str]]:
    """A fresh secret with ``marker`` in front, and the fields to store for it (prefix and
    digest). ``prefix_length``: how many characters the prefix shows (API tokens show 12)."""
    secret = marker + secrets.token_urlsafe(32)
    return secret, {"prefix": secret[:prefix_length], "digest": digest_of(secret)}


def revoke_all(query: models.QuerySet[T]) -> int:
    """Revoke every active token of ``query`` (locked), each through ``save()``; how many."""
    count = 0
    for row in query.select_for_update().filter(revoked__isnull=True):
        row.revoked = timezone.now()
        row.save(update_fields=["revoked"])  # through save(): the audit app records it
        count += 1
    return count


def find_active(query: models.QuerySet[T], marker: str, secret: str) -> T | None:
    """The active token of ``query`` whose secret is ``secret``, or None (also for anything
    without the marker or too long to be one)."""
    if not secret.startswith(marker) or len(secret) > MAX_LENGTH:
        return None
    return query.filter(digest=digest_of(secret), revoked__isnull=True).first()


def mark_used(row: SecretToken) -> None:
    """Stamp ``last_used`` without ``save()`` (no audit entry for every use)."""
    type(row)._default_manager.filter(pk=row.pk).update(last_used=timezone.now())
