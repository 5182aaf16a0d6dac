"""/metrics: valid Prometheus exposition (parsed by prometheus-client's own parser), requests
by view, method and status class, errors with the project's codes, and the installation's
state read from the database; in several gunicorn workers, the counts of all of them."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from secretariat.health import heartbeat
from secretariat.notifications.models import Reminder, ReminderState
from secretariat.notifications.services import reminders_schedule
from tests.factories.notifications import a_person
from tests.health.conftest import TOKEN

pytestmark = pytest.mark.django_db


def scrape(text: str) -> dict[str, list[Sample]]:
    """Every sample by metric family name: parsing fails on an invalid exposition."""
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def value(families: dict[str, list[Sample]], name: str, **labels: str) -> float:
    found = [
        s.value
        for samples in families.values()
        for s in samples
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    ]
    assert found, f"no sample {name} {labels}"
    return sum(found)


def remind(*names: str, due: bool) -> list[Reminder]:
    rows = reminders_schedule(
        obj_label="meetings.meeting", obj_id=7, rule_id="CFM-NOTICE",
        deadline=dt.date(2030, 12, 22), recipients=[a_person(n) for n in names],
        subject_code="deadline", params={}, lead_days=[0],
    )  # fmt: skip
    when = (
        timezone.now() - dt.timedelta(minutes=1) if due else timezone.now() + dt.timedelta(days=1)
    )
    Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(due_at=when)
    return rows


def test_the_scrape_is_valid_and_counts_requests_errors_and_the_state(
    client: Client, healthy: Any
) -> None:
    before = scrape(client.get("/metrics").content.decode())
    remind("due-1", "due-2", due=True)
    (sent,) = remind("sent-1", due=False)
    Reminder.objects.filter(pk=sent.pk).update(state=ReminderState.SENT)
    for _ in range(3):
        client.get("/press/")
    client.get("/no-such-page/")
    client.get("/api/meetings/999999")  # the API's refusal, with its code

    answer = client.get("/metrics")

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain; version=")
    families = scrape(answer.content.decode())

    def grew(name: str, **labels: str) -> float:
        old = value(before, name, **labels) if _has(before, name, **labels) else 0.0
        return value(families, name, **labels) - old

    assert (
        grew("secretariat_http_requests_total", view="press:news", method="GET", status="2xx") == 3
    )
    assert grew("secretariat_http_requests_total", view="<unresolved>", status="4xx") == 1
    assert grew("secretariat_http_request_duration_seconds_count", view="press:news") == 3
    errors = [s for s in families["secretariat_http_errors"] if s.name.endswith("_total")]
    assert any(s.labels["status"] == "401" and s.labels["code"] for s in errors), errors
    assert value(families, "secretariat_reminders_due") == 2
    assert value(families, "secretariat_reminders", state="pending") == 2
    assert value(families, "secretariat_reminders_sent_total") == 1
    assert value(families, "secretariat_workers_alive") == 1
    assert value(families, "secretariat_worker_heartbeat_age_seconds", worker="host-a:101") < 60
    assert value(families, "secretariat_search_outbox_depth") >= 0
    expiry = value(families, "secretariat_signing_certificate_expiry_timestamp_seconds")
    assert expiry > time.time() + 300 * 86400
    assert {s.labels["part"]: s.value for s in families["secretariat_metrics_part_failed"]} == {
        "reminders": 0, "search": 0, "workers": 0, "signing": 0,
    }  # fmt: skip
    # the probes themselves are not counted
    assert not _has(families, "secretariat_http_requests_total", view="health:live")


def _has(families: dict[str, list[Sample]], name: str, **labels: str) -> bool:
    return any(
        s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
        for samples in families.values()
        for s in samples
    )


def test_metrics_need_the_token_or_an_allowed_network(client: Client, healthy: Any) -> None:
    outside = client.get("/metrics", REMOTE_ADDR="198.51.100.20")
    proxied = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.20")
    token = client.get(
        "/metrics", REMOTE_ADDR="198.51.100.20", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )

    assert outside.status_code == proxied.status_code == 403
    assert outside.json() == {"code": "health_forbidden"}
    assert token.status_code == 200
    assert "secretariat_reminders_due" in token.content.decode()


def test_a_stale_worker_is_not_alive(client: Client, healthy: Any) -> None:
    heartbeat.beat("host-c:303", poll=1.0)
    from secretariat.health.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id="host-c:303").update(
        last_seen=timezone.now() - dt.timedelta(minutes=10)
    )

    families = scrape(client.get("/metrics").content.decode())

    assert value(families, "secretariat_workers_alive") == 1  # host-a only
    assert value(families, "secretariat_worker_heartbeat_age_seconds", worker="host-c:303") >= 600


# --- several processes --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """gunicorn with two worker processes sharing PROMETHEUS_MULTIPROC_DIR, over an empty
    database (the pages asked here read no table; the database's figures then fail, and
    say so, while the request counts still go out)."""
    port = _free_port()
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    env = {
        **os.environ,
        "SECRETARIAT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "SECRETARIAT_RATELIMIT": "0",
        "SECRETARIAT_LOG_LEVEL": "CRITICAL",
        "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
    }
    server = subprocess.Popen(  # noqa: S603 - our own server, no shell
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(port, "/health/live")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        yield port, multiproc
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.real_time
def test_two_gunicorn_workers_report_the_sum_of_their_requests(
    two_workers: tuple[int, Path],
) -> None:
    port, multiproc = two_workers
    asked = 24
    statuses = {_get(port, f"/no-such-page-{n}/")[0] for n in range(asked)}
    assert statuses == {404}

    scrapes = []
    for _ in range(4):  # whichever worker answers the scrape, it reports every worker's counts
        status, body = _get(port, "/metrics")
        assert status == 200
        scrapes.append(scrape(body.decode()))

    for families in scrapes:
        counted = value(
            families, "secretariat_http_requests_total", view="<unresolved>", status="4xx"
        )
        assert counted == asked
        assert value(families, "secretariat_metrics_part_failed", part="reminders") == 1
    assert list(multiproc.glob("counter_*.db"))
