"""/health/live and /health/ready through the test client, with the real dependencies: each
readiness failure is made for real (a missing key, a stale heartbeat, a file folder that is a
file, a database that does not answer), never by replacing a check."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from secretariat.databank.search import outbox
from secretariat.health import checks, heartbeat
from secretariat.health.models import WorkerHeartbeat
from tests.health.conftest import TOKEN

pytestmark = pytest.mark.django_db

CHECKS = {"database", "search", "storage", "signing", "worker"}


def ready(client: Client, **headers: Any) -> Any:
    headers.setdefault("REMOTE_ADDR", "127.0.0.1")
    return client.get("/health/ready", **headers)


# --- liveness ---------------------------------------------------------------------------------


def test_live_answers_ok_without_the_database_a_cookie_or_a_cache(
    client: Client, django_assert_num_queries: Any
) -> None:
    client.cookies["django_language"] = "ru"
    with django_assert_num_queries(0):
        answer = client.get("/health/live")

    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert "no-store" in answer["Cache-Control"]
    assert not answer.cookies
    assert "Vary" not in answer


def test_live_and_ready_pass_what_stops_other_requests(settings: Any) -> None:
    """An HTTPS redirect, an unknown Host (a balancer probes by address) and the rate limit
    hold back the pages, not the probes. (A client per setting: middleware reads its
    settings when the handler is built.)"""
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/press/").status_code == 301
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code in (200, 503)  # answered, not redirected
    settings.SECURE_SSL_REDIRECT = False

    client = Client(raise_request_exception=False)
    assert client.get("/press/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/health/live", HTTP_HOST="10.0.0.7:8000").status_code == 200

    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_CACHE = "default"
    settings.RATELIMIT_RULES = [{"name": "anonymous", "views": ["*"], "requests": 2, "seconds": 60}]
    client = Client()
    pages = [client.get("/press/", REMOTE_ADDR="203.0.113.5").status_code for _ in range(3)]
    probes = {client.get("/health/live", REMOTE_ADDR="203.0.113.5").status_code for _ in range(5)}
    assert pages == [200, 200, 429]
    assert probes == {200}


def test_a_probe_refuses_other_methods(client: Client) -> None:
    assert client.post("/health/live").status_code == 405
    assert client.post("/metrics").status_code == 405


# --- readiness ----------------------------------------------------------------------------------


def test_ready_when_every_check_passes(client: Client, healthy: Any) -> None:
    answer = ready(client)

    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECKS
    assert {c["status"] for c in body["checks"].values()} == {"ok"}
    assert body["checks"]["worker"]["workers"] == 1
    assert body["checks"]["signing"]["days_left"] > 300
    assert "lag" in body["checks"]["search"]
    assert "no-store" in answer["Cache-Control"]
    # the storage probe leaves nothing behind
    assert not any(Path(healthy.MEDIA_ROOT).rglob("probe-*"))


def test_details_only_for_allowed_networks_or_the_token(client: Client, healthy: Any) -> None:
    outside = ready(client, REMOTE_ADDR="198.51.100.20")
    proxied = ready(client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    wrong = ready(client, REMOTE_ADDR="198.51.100.20", HTTP_AUTHORIZATION="Bearer nope")
    token = ready(client, REMOTE_ADDR="198.51.100.20", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert outside.status_code == proxied.status_code == wrong.status_code == 200
    assert outside.json() == proxied.json() == wrong.json() == {"status": "ok"}
    assert set(token.json()["checks"]) == CHECKS


def test_not_ready_without_the_signing_key(client: Client, healthy: Any, tmp_path: Path) -> None:
    healthy.SIGNING_PKCS12 = tmp_path / "elsewhere" / "signer.p12"
    checks.forget_signing()

    answer = ready(client)

    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["signing"] == {"status": "failed", "reason": "signing_key_missing"}
    assert body["checks"]["database"]["status"] == "ok"
    assert "elsewhere" not in answer.content.decode()  # no paths of secrets


def test_not_ready_with_an_expired_signing_key(client: Client, healthy: Any) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=4 * 365)
    with time_machine.travel(later, tick=False):
        heartbeat.beat("host-a:101", poll=5.0)
        answer = ready(client)

    assert answer.status_code == 503
    assert answer.json()["checks"]["signing"]["reason"] == "signing_key_expired"
    assert answer.json()["checks"]["worker"]["status"] == "ok"


def test_not_ready_when_the_worker_heartbeat_is_stale(client: Client, healthy: Any) -> None:
    # three rounds of 60 s: stale after 180 s, not at 170 s
    heartbeat.beat("host-b:202", poll=60.0)
    WorkerHeartbeat.objects.filter(worker_id="host-a:101").delete()
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=170)
    late = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=200)

    with time_machine.travel(soon, tick=False):
        fresh = ready(client)
    with time_machine.travel(late, tick=False):
        stale = ready(client)

    assert fresh.status_code == 200, fresh.content
    assert stale.status_code == 503
    worker = stale.json()["checks"]["worker"]
    assert worker["status"] == "failed"
    assert worker["reason"].startswith("no heartbeat for 2")
    assert worker["workers"] == 0


def test_not_ready_when_no_worker_ever_reported(client: Client, healthy: Any) -> None:
    WorkerHeartbeat.objects.all().delete()

    answer = ready(client)

    assert answer.status_code == 503
    assert answer.json()["checks"]["worker"]["status"] == "failed"


def test_not_ready_when_files_cannot_be_written(
    client: Client, healthy: Any, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the file folder should be")
    healthy.MEDIA_ROOT = blocked

    answer = ready(client)

    assert answer.status_code == 503
    storage = answer.json()["checks"]["storage"]
    assert storage["status"] == "failed"
    assert storage["reason"].startswith("files cannot be written, read or deleted")


def test_not_ready_without_a_search_index_or_too_far_behind(
    client: Client, healthy: Any, tmp_path: Path
) -> None:
    outbox.queue(["registry.state:KZ", "registry.state:CN"])
    healthy.HEALTH_SEARCH_MAX_LAG = 1
    behind = ready(client).json()["checks"]["search"]
    healthy.SEARCH_INDEX_DIR = tmp_path / "no-index-here"
    missing = ready(client).json()["checks"]["search"]

    assert behind == {
        "status": "failed",
        "reason": f"{outbox.pending()} changes not yet indexed (limit 1)",
        "lag": outbox.pending(),
    }
    assert missing["status"] == "failed"
    assert "reindex" in missing["reason"]


@pytest.mark.real_time
def test_not_ready_when_the_database_does_not_answer(tmp_path: Path) -> None:
    """A process whose database is a closed port: alive, not ready, and it says why."""
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "live = c.get('/health/live')\n"
        "ready = c.get('/health/ready')\n"
        "print(json.dumps([live.status_code, ready.status_code, ready.json()]))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRETARIAT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere?connect_timeout=3",
        "SECRETARIAT_LOG_LEVEL": "CRITICAL",
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter, no shell
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    live, status, body = json.loads(done.stdout.strip().splitlines()[-1])

    assert live == 200
    assert status == 503
    database = body["checks"]["database"]
    assert database["status"] == "failed"
    assert database["reason"] == "the database does not answer (OperationalError)"
    assert "postgres://" not in done.stdout


def test_a_system_check_wants_the_middleware_first(settings: Any) -> None:
    from secretariat.health.apps import MIDDLEWARE, middleware_first

    assert middleware_first() == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE] + [MIDDLEWARE]
    assert [e.id for e in middleware_first()] == ["health.E001"]
