"""The readiness checks: database, search index, file storage, signing key, worker heartbeat.

Each check returns a :class:`Check` whose ``reason`` is short and safe to show an operator:
no passwords, no paths of secrets, no stack traces (the exception's class name at most; the
full error goes to the log). docs/operations.md says what each failure means and what to do.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from secretariat.databank.search import outbox
from secretariat.health import heartbeat
from secretariat.signing.errors import SigningError
from secretariat.signing.keys import configured_signer

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    reason: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"status": "ok" if self.ok else "failed"}
        if self.reason:
            body["reason"] = self.reason
        body.update(self.detail)
        return body


def _failure(name: str, what: str, exc: BaseException) -> Check:
    log.warning("readiness: %s failed", name, exc_info=exc)
    return Check(name, False, f"{what} ({type(exc).__name__})")


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error: the database cannot be used
        return _failure("database", "the database does not answer", exc)
    return Check("database", True)


def search_lag() -> int:
    """Changes committed but not yet in this host's search index.

    Today the outbox is one shared queue, so this is its depth; with a per-index log it is
    this host's index's position behind the log's head (the one place to change)."""
    return outbox.pending()


def check_search() -> Check:
    path = Path(settings.SEARCH_INDEX_DIR)
    if not path.is_dir():
        return Check(
            "search", False, "the index folder is missing: run `secretariat databank reindex`"
        )
    if not (path / "meta.json").is_file():
        return Check("search", False, "no index in the folder: run `secretariat databank reindex`")
    try:
        outbox.search_index().refresh()
        lag = search_lag()
    except Exception as exc:  # tantivy or the database: the index cannot be used
        return _failure("search", "the index cannot be opened", exc)
    limit = int(getattr(settings, "HEALTH_SEARCH_MAX_LAG", 10000))
    if lag > limit:
        return Check(
            "search", False, f"{lag} changes not yet indexed (limit {limit})", {"lag": lag}
        )
    return Check("search", True, detail={"lag": lag})


def check_storage() -> Check:
    """Write, read back and delete a small object in the default storage."""
    data = uuid.uuid4().hex.encode()
    try:
        name = default_storage.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(data))
        try:
            with default_storage.open(name, "rb") as handle:
                back = handle.read()
        finally:
            default_storage.delete(name)
    except Exception as exc:  # any backend's error: files cannot be stored
        return _failure("storage", "files cannot be written, read or deleted", exc)
    if back != data:
        return Check("storage", False, "a file written was read back different")
    return Check("storage", True)


#: Loading the PKCS#12 key costs tens of milliseconds of CPU: a result is kept this long.
SIGNING_CACHE_SECONDS = 60.0
_signing_lock = threading.Lock()
_signing_cache: dict[str, tuple[float, Check, float | None]] = {}


def signing_expiry() -> float | None:
    """When the configured signing certificate expires (a Unix time), if it can be read."""
    return _signing()[1]


def _signing() -> tuple[Check, float | None]:
    now = time.monotonic()
    with _signing_lock:
        cached = _signing_cache.get("signing")
        if cached is not None and now - cached[0] < SIGNING_CACHE_SECONDS:
            return cached[1], cached[2]
    result = _load_signing()
    with _signing_lock:
        _signing_cache["signing"] = (now, *result)
    return result


def forget_signing() -> None:
    """Drop the cached signing check (tests; a key replaced in place is seen within a minute)."""
    with _signing_lock:
        _signing_cache.clear()


def _load_signing() -> tuple[Check, float | None]:
    try:
        signer = configured_signer()
    except SigningError as exc:
        # The code says which (missing, expired, unreadable); the path stays in the log.
        log.warning("readiness: signing key: %s (%s)", exc.code, exc.path)
        return Check("signing", False, exc.code), None
    except Exception as exc:  # a token's driver, a damaged file cryptography chokes on
        return _failure("signing", "the signing key cannot be loaded", exc), None
    cert = signer.signing_cert
    if cert is None:
        return Check("signing", False, "signing_key_missing"), None
    expires: dt.datetime = cert.not_valid_after
    days = (expires - dt.datetime.now(dt.UTC)).total_seconds() / 86400
    detail = {"expires": expires.date().isoformat(), "days_left": int(days)}
    return Check("signing", True, detail=detail), expires.timestamp()


def check_signing() -> Check:
    return _signing()[0]


def check_worker() -> Check:
    try:
        pulses = heartbeat.pulses()
    except Exception as exc:  # the database: the heartbeats cannot be read
        return _failure("worker", "the heartbeats cannot be read", exc)
    if not pulses:
        return Check("worker", False, "no worker has reported: start `secretariat worker`")
    fresh = [p for p in pulses if not p.stale]
    youngest = min(p.age for p in pulses)
    detail = {"workers": len(fresh), "last_seen_seconds": round(youngest, 1)}
    if not fresh:
        return Check("worker", False, f"no heartbeat for {int(youngest)} s", detail)
    return Check("worker", True, detail=detail)


CHECKS: tuple[Callable[[], Check], ...] = (
    check_database,
    check_search,
    check_storage,
    check_signing,
    check_worker,
)


def run_checks() -> list[Check]:
    return [check() for check in CHECKS]
