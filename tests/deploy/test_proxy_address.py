"""The client's address behind the proxy (secretariat.web.proxy): taken from X-Forwarded-For
only when the request comes from a trusted proxy; what the rate limits, the login locks and
the audit trail then read as REMOTE_ADDR."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from secretariat.web.proxy import ForwardedForMiddleware, forwarded_client

TRUSTED = ("127.0.0.1", "10.0.0.0/24", "::1")


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.11", "203.0.113.7", "203.0.113.7"),
        # A client's own X-Forwarded-For, appended to by nginx: the rightmost untrusted one.
        ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "203.0.113.7, 10.0.0.12", "203.0.113.7"),
        # Inside the proxies' network: the leftmost.
        ("127.0.0.1", "10.0.0.5, 10.0.0.12", "10.0.0.5"),
        ("::1", "2001:db8::7", "2001:db8::7"),
        # Not from a proxy: the header is anyone's to write, and ignored.
        ("203.0.113.9", "198.51.100.1", None),
        # Malformed or absent: REMOTE_ADDR stays.
        ("127.0.0.1", "unknown, 203.0.113.7", None),
        ("127.0.0.1", "", None),
    ],
)
def test_the_client_address_comes_from_a_trusted_proxy_only(
    peer: str, forwarded: str, client: str | None
) -> None:
    meta = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded}
    assert forwarded_client(meta, TRUSTED) == client


def test_the_middleware_sets_remote_addr(settings: Any) -> None:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(str(request.META["REMOTE_ADDR"]))
        return HttpResponse()

    middleware = ForwardedForMiddleware(view)
    factory = RequestFactory()
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    middleware(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"))
    middleware(factory.get("/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="203.0.113.7"))
    # No trusted proxy (development, tests): the header is never read.
    settings.TRUSTED_PROXIES = []
    middleware(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"))
    assert seen == ["203.0.113.7", "198.51.100.2", "127.0.0.1"]
