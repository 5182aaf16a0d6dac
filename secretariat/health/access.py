"""Who may read the readiness details and the metrics: a bearer token, or an allowed network.

``HEALTH_TOKEN`` (``SECRETARIAT_HEALTH_TOKEN``): ``Authorization: Bearer <token>`` is enough
from anywhere. ``HEALTH_ALLOWED_NETWORKS`` (``SECRETARIAT_HEALTH_NETWORKS``, by default the
loopback addresses): a request from one of them needs no token, unless it came through a
proxy (it carries ``X-Forwarded-For``, ``X-Real-IP`` or ``Forwarded``): behind a reverse proxy
on the same host every visitor's address is the proxy's, so a proxied request is trusted by
its token only.
"""

from __future__ import annotations

import hmac
import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

_PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _token_ok(request: HttpRequest) -> bool:
    token = str(getattr(settings, "HEALTH_TOKEN", "") or "")
    if not token:
        return False
    scheme, _, given = str(request.META.get("HTTP_AUTHORIZATION", "")).partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _network_ok(request: HttpRequest) -> bool:
    if any(request.META.get(header) for header in _PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(str(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return False
    allowed = _networks(tuple(getattr(settings, "HEALTH_ALLOWED_NETWORKS", ())))
    return any(address in network for network in allowed)


def may_see_details(request: HttpRequest) -> bool:
    return _token_ok(request) or _network_ok(request)
