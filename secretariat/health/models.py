"""The worker's heartbeat: one row per worker id, touched on every round."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """The last time a ``secretariat worker`` was seen working (secretariat/health/heartbeat.py).

    The readiness check and the metrics read it: a worker whose row is older than a few of its
    rounds has stopped or hangs."""

    worker_id = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    #: Seconds the worker waits between rounds: "stale" is counted in rounds.
    poll_seconds = models.FloatField()
    rounds = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.worker_id} (last seen {self.last_seen:%Y-%m-%d %H:%M:%S})"
