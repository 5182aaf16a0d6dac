"""The worker says it is alive each round, through the function the settings name, and takes
its row away when it stops on purpose."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from secretariat.health.heartbeat import beat
from secretariat.health.models import WorkerHeartbeat
from secretariat.notifications.worker import Worker

pytestmark = pytest.mark.django_db


def test_each_round_records_the_worker(settings: Any) -> None:
    worker = Worker(worker_id="host-d:404", heartbeat=beat)

    worker.run(once=True, poll=7.0)
    worker.run_once()

    row = WorkerHeartbeat.objects.get(worker_id="host-d:404")
    assert row.poll_seconds == 7.0
    assert row.rounds == 2
    assert row.last_seen >= row.started_at


def test_a_worker_stopped_on_purpose_removes_its_heartbeat() -> None:
    calls: list[dict[str, Any]] = []

    def recorded(worker_id: str, **kwargs: Any) -> None:
        calls.append(kwargs)
        beat(worker_id, **kwargs)

    worker = Worker(worker_id="host-e:505", heartbeat=recorded)
    worker.stop.set()  # SIGTERM before the first round ended

    worker.run(poll=3.0)

    assert calls[0] == {"poll": 3.0, "stopping": False}
    assert calls[-1] == {"poll": 3.0, "stopping": True}
    assert not WorkerHeartbeat.objects.filter(worker_id="host-e:505").exists()


def test_the_worker_command_beats_through_the_setting() -> None:
    call_command("worker", "--once", "--worker-id", "host-f:606", "--poll", "9")

    assert WorkerHeartbeat.objects.get(worker_id="host-f:606").poll_seconds == 9.0
