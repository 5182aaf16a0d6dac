"""Login throttling across usernames: django-axes' database handler, with a second limit.

django-axes counts failures per (username, address) and compares the count with one
``AXES_FAILURE_LIMIT``. Spraying one password over many usernames from one address never
reaches it, so this handler also counts the failures of the address over every username
(within the same cool-off) and reports the address as locked once they reach
``SECRETARIAT_LOGIN_FAILURE_LIMIT_PER_ADDRESS``. The lock-out page says which lock applies.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.conf import settings as axes_settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

#: Set on the request when the address itself (every username) is locked.
ADDRESS_LOCKED = "secretariat_address_locked"


def failures_from_address(request: HttpRequest) -> int:
    """Failed logins from the request's address within the cool-off, over every username."""
    attempts = AccessAttempt.objects.filter(ip_address=getattr(request, "axes_ip_address", None))
    if axes_settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class AddressAwareHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes is untyped
    """Locked when one username failed too often from an address, or the address did."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_username = int(super().get_failures(request, credentials) or 0)
        limit = int(get_failure_limit(request, credentials))
        if per_username >= limit:
            return per_username
        if failures_from_address(request) >= settings.SECRETARIAT_LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            setattr(request, ADDRESS_LOCKED, True)
            return limit
        return per_username
