"""``secretariat worker``: deliver due reminders (inbox and e-mail) until stopped.

``--once`` delivers what is due and exits; ``--status`` counts reminders by state and lists
the uncertain ones. SIGTERM or SIGINT: the current reminder is finished, then exit 0.

Between rounds it also runs the chores ``settings.WORKER_CHORES`` names (the search index
taking in committed changes): the project's configuration composes them, so notifications
(below the apps whose work the chores do) imports none of them.
"""

from __future__ import annotations

import datetime as dt
import signal
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from secretariat.audit.context import Actor, acting_as
from secretariat.notifications import selectors
from secretariat.notifications.worker import LEASE, Worker, default_worker_id


class Command(BaseCommand):
    help = "Deliver due reminders to the inbox and by e-mail (a long-running worker)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Deliver what is due, then exit.")
        parser.add_argument("--batch", type=int, default=20, help="Reminders claimed at a time.")
        parser.add_argument(
            "--poll", type=float, default=5.0, help="Seconds between looks at the table."
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="A stable name for this worker (default host:pid); a worker restarted under "
            "the same name takes back its own unfinished claims at once.",
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=LEASE.total_seconds(),
            help="Seconds after which another worker's claim is presumed dead.",
        )
        parser.add_argument(
            "--status", action="store_true", help="Count reminders by state; list uncertain ones."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            self._status()
            return
        worker = Worker(
            worker_id=options["worker_id"] or default_worker_id(),
            batch=max(1, options["batch"]),
            lease=dt.timedelta(seconds=options["lease"]),
            chores=[import_string(path) for path in getattr(settings, "WORKER_CHORES", ())],
            heartbeat=(
                import_string(settings.WORKER_HEARTBEAT)
                if getattr(settings, "WORKER_HEARTBEAT", "")
                else None
            ),
        )

        def stop(signum: int, frame: FrameType | None) -> None:
            worker.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        with acting_as(Actor(None, "worker", "cli:worker")):
            handled = worker.run(once=options["once"], poll=max(0.0, options["poll"]))
        self.stdout.write(f"worker {worker.worker_id}: {handled} reminders handled")

    def _status(self) -> None:
        counts = selectors.reminders_by_state()
        for state in sorted(counts):
            self.stdout.write(f"{state}: {counts[state]}")
        uncertain = list(selectors.reminders_uncertain())
        if uncertain:
            self.stdout.write(
                "uncertain (in the inbox; the e-mail may or may not have gone — check the "
                "mail server's log for the Message-ID, then settle it in the admin):"
            )
        for row in uncertain:
            self.stdout.write(
                f"  #{row.pk} {row.recipient.get_username()} <{row.recipient.email}> "
                f"{row.message_id} {row.key} — {row.last_error}"
            )
        digests = selectors.digests_by_state()
        for state in sorted(digests):
            self.stdout.write(f"digests {state}: {digests[state]}")
        for digest in selectors.digests_uncertain():
            self.stdout.write(
                f"  digest #{digest.pk} {digest.user.get_username()} <{digest.user.email}> "
                f"{digest.message_id} {digest.key} — {digest.last_error}"
            )
