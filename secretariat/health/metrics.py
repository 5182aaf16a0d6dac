"""Prometheus metrics (prometheus-client): requests counted by the middleware, and the state of
the installation (reminders, search outbox, worker, signing key) read from the database at
scrape time.

Several gunicorn workers: with ``PROMETHEUS_MULTIPROC_DIR`` set in the environment before
the process starts, the request counters and histograms are kept in files there and summed by
:class:`~prometheus_client.multiprocess.MultiProcessCollector` at scrape time (the folder must
be emptied when the service starts). The database's figures are the same whichever process
is asked, so they are computed on the scrape, not counted. docs/operations.md lists them.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from secretariat.databank.search import outbox
from secretariat.health import checks, heartbeat
from secretariat.notifications.models import Reminder, ReminderState

log = logging.getLogger(__name__)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: From 5 ms to 10 s: the pages' goal is a p99 under 500 ms.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "secretariat_http_requests",
    "Requests answered, by Django view name, method and status class (2xx, 4xx, ...).",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "secretariat_http_request_duration_seconds",
    "Time from the request reaching Django to its response, by view name and method.",
    ["view", "method"],
    buckets=BUCKETS,
)
ERRORS = Counter(
    "secretariat_http_errors",
    "Answers with a server error (5xx) or a refusal with one of the project's error codes, "
    "by view name, status and code (empty when the answer named none).",
    ["view", "status", "code"],
)

#: Where a refusal's code is kept on the request for the middleware to count.
_CODE_ATTRIBUTE = "_secretariat_error_code"


def note_refusal(*, request: Any, code: str, **_: Any) -> None:
    """Receiver of ``core.signals.refused``: remember the code of a page's refusal."""
    if request is not None:
        setattr(request, _CODE_ATTRIBUTE, str(code))


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return str(match.view_name or "<unnamed>")


def _error_code(request: HttpRequest, response: HttpResponse) -> str:
    code = getattr(request, _CODE_ATTRIBUTE, "")
    if code:
        return str(code)
    # The API's refusals are JSON with their code: small bodies, read only for an error.
    if (
        not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith("application/json")
        and len(response.content) <= 16384
    ):
        try:
            body = json.loads(response.content)
        except ValueError:
            return ""
        if isinstance(body, dict) and isinstance(body.get("code"), str):
            return str(body["code"])[:64]
    return ""


def observe(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
    """Count one answered request (called by the middleware)."""
    view = view_label(request)
    method = request.method if request.method in _METHODS else "OTHER"
    status = response.status_code
    REQUESTS.labels(view, method, f"{status // 100}xx").inc()
    LATENCY.labels(view, method).observe(seconds)
    if status >= 500:
        ERRORS.labels(view, str(status), _error_code(request, response)).inc()
    elif status >= 400:
        code = _error_code(request, response)
        if code:
            ERRORS.labels(view, str(status), code).inc()


# --- figures read at scrape time ----------------------------------------------------------


def outbox_depth() -> int:
    """Entries in the search index's change log, kept until every index has passed them."""
    return outbox.log_depth()


def _reminders() -> Iterator[Metric]:
    now = timezone.now()
    due = Reminder.objects.filter(state=ReminderState.PENDING, due_at__lte=now).count()
    yield GaugeMetricFamily(
        "secretariat_reminders_due",
        "Reminders due now and not yet claimed by a worker.",
        value=due,
    )
    by_state = GaugeMetricFamily(
        "secretariat_reminders", "Reminders by delivery state.", labels=["state"]
    )
    counts = {
        row["state"]: row["n"]
        for row in Reminder.objects.order_by().values("state").annotate(n=Count("id"))
    }
    for state in ReminderState.values:
        by_state.add_metric([state], counts.get(state, 0))
    yield by_state
    yield CounterMetricFamily(
        "secretariat_reminders_sent",
        "Reminders delivered (inbox, and e-mail where chosen) since the installation began.",
        value=counts.get(ReminderState.SENT, 0),
    )


def _search() -> Iterator[Metric]:
    yield GaugeMetricFamily(
        "secretariat_search_outbox_depth",
        "Changes queued for the search index and not yet applied.",
        value=outbox_depth(),
    )
    yield GaugeMetricFamily(
        "secretariat_search_index_lag",
        "Changes this host's search index has not yet taken in.",
        value=checks.search_lag(),
    )


def _workers() -> Iterator[Metric]:
    pulses = heartbeat.pulses()
    ages = GaugeMetricFamily(
        "secretariat_worker_heartbeat_age_seconds",
        "Seconds since each worker's last heartbeat (workers seen in the last 7 days).",
        labels=["worker"],
    )
    for pulse in pulses:
        ages.add_metric([pulse.worker_id], pulse.age)
    yield ages
    if pulses:
        yield GaugeMetricFamily(
            "secretariat_worker_heartbeat_youngest_age_seconds",
            "Seconds since the most recent heartbeat of any worker.",
            value=min(p.age for p in pulses),
        )
    yield GaugeMetricFamily(
        "secretariat_workers_alive",
        "Workers whose heartbeat is fresh (within their stale limit).",
        value=sum(1 for p in pulses if not p.stale),
    )


def _signing() -> Iterator[Metric]:
    expiry = checks.signing_expiry()
    if expiry is not None:
        yield GaugeMetricFamily(
            "secretariat_signing_certificate_expiry_timestamp_seconds",
            "When the configured signing certificate expires (Unix time).",
            value=expiry,
        )


_PARTS: tuple[tuple[str, Callable[[], Iterable[Metric]]], ...] = (
    ("reminders", _reminders),
    ("search", _search),
    ("workers", _workers),
    ("signing", _signing),
)


class StateCollector(Collector):
    """The installation's state, from the database, on every scrape."""

    def collect(self) -> Iterable[Metric]:
        failed = GaugeMetricFamily(
            "secretariat_metrics_part_failed",
            "1 when a part of the figures could not be read on this scrape (see the log).",
            labels=["part"],
        )
        for name, part in _PARTS:
            try:
                metrics = list(part())
            except Exception:  # the database went away: the request metrics still go out
                log.exception("metrics: %s could not be read", name)
                failed.add_metric([name], 1)
                continue
            failed.add_metric([name], 0)
            yield from metrics
        yield failed


class _ThisProcess(Collector):
    """The default registry (this process's request metrics, its CPU and memory)."""

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus's text format, and its content type."""
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess():
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ThisProcess())
    registry.register(StateCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
