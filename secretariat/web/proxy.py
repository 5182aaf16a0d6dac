"""The client's address behind the reverse proxy (deploy/nginx/secretariat.conf).

Behind nginx every request reaches gunicorn from the proxy's address, so without this the
rate limits of anonymous callers, django-axes' login locks and the audit trail would see one
client: the proxy. nginx replaces any X-Forwarded-For the client sent with the address it
was connected from; this middleware, first of all, puts that address in ``REMOTE_ADDR`` when,
and only when, the request came from an address of ``SECRETARIAT_TRUSTED_PROXIES``
(``settings.TRUSTED_PROXIES``). From anywhere else the header is ignored: any client can
write it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def forwarded_client(meta: Mapping[str, object], trusted: tuple[str, ...]) -> str | None:
    """The client's address a trusted proxy passed on, or None to keep ``REMOTE_ADDR``.

    The rightmost address of X-Forwarded-For that is not itself a trusted proxy (each proxy
    of a chain appends the address it was connected from); the leftmost when all are (a
    client inside the proxies' own network). A malformed header is ignored whole.
    """
    networks = _trusted(trusted)
    peer = _address(str(meta.get("REMOTE_ADDR") or ""))
    if peer is None or not any(peer in network for network in networks):
        return None
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    addresses = [_address(entry) for entry in forwarded.split(",") if entry.strip()]
    if not addresses or None in addresses:
        return None
    for address in reversed(addresses):
        if not any(address in network for network in networks):
            return str(address)
    return str(addresses[0])


class ForwardedForMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted = tuple(settings.TRUSTED_PROXIES)
        if trusted:
            client = forwarded_client(request.META, trusted)
            if client is not None:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
