"""Feeds (iCalendar, Atom) that answer conditional requests, cached under the data version.

``conditional_feed`` gives a feed its validators, computed without building it: a weak
``ETag`` from the data version (``core.freshness``: raised after every committed write), the
feed's identity and language and, for a private feed, its token's owner; and
``Last-Modified``, the moment the data version was last raised. ``If-None-Match`` or
``If-Modified-Since`` that still hold are answered 304 with no body (Django's
``get_conditional_response``, as ``@condition`` uses it). Otherwise the feed is answered from
this process's ``public`` cache or built once and kept there, under the same version: a write
anywhere changes the ETag and the key, so no calendar is ever stale.

``Last-Modified`` has whole seconds: it is left out while the version is under a second old,
so two writes within one second can never share one (the ETag still validates).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from secretariat.core import freshness
from secretariat.core.public_cache import CACHE, TIMEOUT

#: Headers a stored feed keeps (the validators are set on every answer).
_KEPT = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Cache-Control",
    "X-Robots-Tag",
    "Referrer-Policy",
)
PUBLIC_CACHE_CONTROL = "public, no-cache"
PRIVATE_CACHE_CONTROL = "private, no-cache"


def feed_etag(number: int, identity: str) -> str:
    """The weak ETag of a feed: its identity (what, language, owner) at data version ``number``."""
    digest = hashlib.sha256(f"{number}\x00{identity}".encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _last_modified(changed: dt.datetime | None) -> int | None:
    if changed is None or timezone.now() - changed < dt.timedelta(seconds=1):
        return None
    return int(changed.timestamp())


def conditional_feed(
    request: HttpRequest,
    identity: str,
    build: Callable[[], HttpResponse],
    *,
    private: bool,
) -> HttpResponse:
    """Answer a feed: 304 when the client's copy is current, else the feed (cached).

    ``identity`` names everything the feed's content depends on besides the data: the feed,
    its language and, for a private feed, the token and its owner.
    """
    number, changed = freshness.current()
    etag = feed_etag(number, identity)
    modified = _last_modified(changed)
    validators = HttpResponse()
    validators["ETag"] = etag
    if modified is not None:
        validators["Last-Modified"] = http_date(modified)
    validators["Cache-Control"] = PRIVATE_CACHE_CONTROL if private else PUBLIC_CACHE_CONTROL
    answered = get_conditional_response(
        request, etag=etag, last_modified=modified, response=validators
    )
    if answered is not None and answered is not validators:
        return answered  # 304 (or 412), with the validators and no body
    cache = caches[CACHE]
    key = f"feed:{number}.{freshness.local_generation()}:{identity}"
    stored: dict[str, Any] | None = cache.get(key)
    if stored is not None:
        response = HttpResponse(stored["content"])
        for header, value in stored["headers"].items():
            response[header] = value
    else:
        generation = freshness.local_generation()
        response = build()
        if response.status_code == 200 and not response.streaming:
            kept = {h: response[h] for h in _KEPT if h in response}
            kept["Cache-Control"] = validators["Cache-Control"]
            if freshness.local_generation() == generation:
                cache.set(key, {"content": response.content, "headers": kept}, TIMEOUT)
    if response.status_code == 200:
        for header in ("ETag", "Last-Modified", "Cache-Control"):
            if header in validators:
                response[header] = validators[header]
            elif header in response:  # a view's own Last-Modified (the newest entry's) goes
                del response[header]
    return response
