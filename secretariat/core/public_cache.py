"""Public pages answered from this process's cache, never stale.

``@public_page`` on a view the public may open: a visitor who is not signed in (no session
cookie, no message waiting: only the CSRF and language cookies, if any) is answered from the
``public`` cache, keyed by the address with its query, the language of the answer, the data
version every host reads from the database (``core.freshness.current``: raised after every
committed write) and this process's own generation (raised by its writes and rollbacks).
A write anywhere therefore makes every cached copy unreachable: nothing stale is served, and
each process keeps its own copies (no shared cache to run).

What a page holds for one visitor only is not cached: the CSRF token of the language form is
cut out of the stored copy and a fresh one (with its cookie) is put in for every visitor.
Only 200 answers that set no cookie of their own are stored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from secretariat.core import freshness

F = TypeVar("F", bound=Callable[..., Any])

CACHE = "public"
#: Seconds a copy is kept: only a bound on memory and on a bump lost with its process.
TIMEOUT = 600
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_PLACEHOLDER = b"\x00csrf\x00"
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "Vary")


def _cookies_allowed() -> frozenset[str]:
    return frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})


def anonymous_visitor(request: HttpRequest) -> bool:
    """A GET from a visitor with no session and no message waiting."""
    if request.method not in ("GET", "HEAD"):
        return False
    return set(request.COOKIES) <= _cookies_allowed()


def version_key() -> str:
    """The part of a key that changes with every write (here or on any host)."""
    number, _changed = freshness.current()
    return f"{number}.{freshness.local_generation()}"


def _key(request: HttpRequest, version: str) -> str:
    # The day too: a page that shows what holds today changes at midnight without a write.
    day = timezone.localdate().isoformat()
    return f"page:{version}:{day}:{translation.get_language()}:{request.get_full_path()}"


def _store(response: HttpResponse) -> dict[str, Any] | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    content = _TOKEN.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
    headers = {h: response[h] for h in _KEPT_HEADERS if h in response}
    return {"content": content, "headers": headers}


def _replay(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    content: bytes = stored["content"]
    if _PLACEHOLDER in content:
        content = content.replace(_PLACEHOLDER, get_token(request).encode("ascii"))
    response = HttpResponse(content)
    for header, value in stored["headers"].items():
        response[header] = value
    return response


def public_page(*, queries: bool = True) -> Callable[[F], F]:
    """Cache a public page per address, language and data version (``queries=False``: an
    address with a query string is never cached, e.g. a search)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not anonymous_visitor(request) or (not queries and request.GET):
                return cast(HttpResponse, view(request, *args, **kwargs))
            cache = caches[CACHE]
            # The version is read before the page: a write committed meanwhile is newer than
            # the key, so its page is never stored under a key that outlives the write.
            version = version_key()
            key = _key(request, version)
            stored = cache.get(key)
            if stored is not None:
                return _replay(request, stored)
            response = cast(HttpResponse, view(request, *args, **kwargs))
            kept = _store(response)
            if kept is not None and version_key() == version:
                cache.set(key, kept, TIMEOUT)
            return response

        return cast(F, wrapped)

    return decorate
