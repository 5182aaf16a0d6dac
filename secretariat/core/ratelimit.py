"""How often one client address may call the anonymous endpoints: fixed windows in a cache.

The rules are ``settings.RATELIMIT_RULES`` (docs/configuration.md): each names the views it
counts (Django view names, shell patterns: ``depositary:verify``, ``api:press_*``, ``*``),
the methods (all when none are given), and ``requests`` per ``seconds``. A request counts
against the first rule that matches it; past the limit it is refused with ``rate_limited``
(429) and the seconds left in the window. Signed-in users (a session) are never counted.

The counters live in the cache ``settings.RATELIMIT_CACHE``: it must be shared by every
worker process (a file cache on one host, the database or Redis) for the limit to hold
across them. ``add`` then ``incr`` is atomic on Redis and close enough elsewhere: a race
can let a few requests more through, never refuse one that was under the limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from secretariat.core.errors import SecretariatError


class RateLimitedError(SecretariatError):
    """Too many requests from one address: ``retry_after`` seconds until the next window."""

    status = 429
    code = "rate_limited"

    def __init__(self, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            _("Too many requests from your address. Wait %(seconds)s seconds, then try again."),
            seconds=retry_after,
        )


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    requests: int
    seconds: int
    #: Shell patterns of Django view names ("depositary:verify", "api:press_*", "*").
    views: tuple[str, ...]
    #: Upper-case methods; empty: every method.
    methods: tuple[str, ...] = ()
    #: Whether a request with a valid API token counts (the middleware checks the token).
    tokens: bool = True

    def matches(self, view_name: str, method: str) -> bool:
        if self.methods and method not in self.methods:
            return False
        return any(fnmatchcase(view_name, pattern) for pattern in self.views)


def enabled() -> bool:
    return bool(getattr(settings, "RATELIMIT_ENABLED", False))


def rules() -> list[Rule]:
    """The rules of the settings, in order (the first match counts)."""
    found = []
    for raw in getattr(settings, "RATELIMIT_RULES", ()):
        values: dict[str, Any] = dict(raw)
        found.append(
            Rule(
                name=str(values["name"]),
                requests=int(values["requests"]),
                seconds=int(values["seconds"]),
                views=tuple(values.get("views", ("*",))),
                methods=tuple(m.upper() for m in values.get("methods", ())),
                tokens=bool(values.get("tokens", True)),
            )
        )
    return found


def rule_for(view_name: str, method: str) -> Rule | None:
    return next((r for r in rules() if r.matches(view_name, method)), None)


def count(rule: Rule, client: str) -> None:
    """Count one request of ``client`` under ``rule``; refuse it past the limit."""
    now = int(time.time())
    window = now - now % rule.seconds
    key = f"ratelimit:{rule.name}:{client}:{window}"
    cache = caches[getattr(settings, "RATELIMIT_CACHE", "default")]
    # A little past the window's end, so clocks a second apart still see it.
    cache.add(key, 0, timeout=rule.seconds + 5)
    try:
        seen = cache.incr(key)
    except ValueError:  # culled or expired between add and incr: start again
        cache.set(key, 1, timeout=rule.seconds + 5)
        seen = 1
    if seen > rule.requests:
        raise RateLimitedError(retry_after=max(1, window + rule.seconds - now))
