"""The worker's heartbeat: written by ``secretariat worker`` each round, read by readiness
and the metrics.

The worker (secretariat/notifications) imports nothing of this app: the settings name
:func:`beat` (``WORKER_HEARTBEAT``) and the command hands it to the worker, as it does the
chores. A worker stopped gracefully removes its row; a killed one leaves it to go stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from secretariat.health.models import WorkerHeartbeat

#: Rows of workers not seen for this long are removed (a worker id is host:pid by default,
#: so every restart makes a new one).
FORGET_AFTER = dt.timedelta(days=7)


def beat(worker_id: str, *, poll: float, stopping: bool = False) -> None:
    """Record that ``worker_id`` is alive (or, ``stopping``, that it stopped on purpose)."""
    now = timezone.now()
    if stopping:
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
        return
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        last_seen=now, poll_seconds=poll, rounds=F("rounds") + 1
    )
    if not updated:
        WorkerHeartbeat.objects.get_or_create(
            worker_id=worker_id,
            defaults={"started_at": now, "last_seen": now, "poll_seconds": poll, "rounds": 1},
        )
        WorkerHeartbeat.objects.filter(last_seen__lt=now - FORGET_AFTER).delete()


@dataclass(frozen=True, slots=True)
class Pulse:
    worker_id: str
    age: float
    stale_after: float

    @property
    def stale(self) -> bool:
        return self.age > self.stale_after


def stale_after(poll: float) -> float:
    """Seconds without a heartbeat after which a worker polling every ``poll`` seconds is
    presumed stopped: ``HEALTH_WORKER_STALE_ROUNDS`` rounds, and never less than
    ``HEALTH_WORKER_STALE_MIN_SECONDS`` (a round delivering e-mails takes time of its own)."""
    rounds = float(getattr(settings, "HEALTH_WORKER_STALE_ROUNDS", 3))
    floor = float(getattr(settings, "HEALTH_WORKER_STALE_MIN_SECONDS", 120))
    return max(rounds * max(poll, 0.0), floor)


def pulses(now: dt.datetime | None = None) -> list[Pulse]:
    """Every worker seen within :data:`FORGET_AFTER`, freshest first."""
    moment = now or timezone.now()
    rows = WorkerHeartbeat.objects.filter(last_seen__gte=moment - FORGET_AFTER).values_list(
        "worker_id", "last_seen", "poll_seconds"
    )
    return [
        Pulse(
            worker_id=worker_id,
            age=max((moment - last_seen).total_seconds(), 0.0),
            stale_after=stale_after(poll),
        )
        for worker_id, last_seen, poll in rows
    ]
