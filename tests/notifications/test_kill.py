"""End to end: a worker killed mid-run (SIGKILL) loses no reminder and sends none twice.

The worker runs as a real process against its own SQLite file and a real (slow) SMTP
server; it is killed after about 20 of 50 e-mails arrived, and started again with --once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings

from tests.notifications.support import MailStore, smtp_server

REMINDERS = 50
KILL_AFTER = 20

SEED = f"""
import datetime as dt
from django.utils import timezone
from secretariat.accounts.models import User
from secretariat.notifications.models import Reminder
from secretariat.notifications.services import reminders_schedule
people = [
    User.objects.create(username=f"p{{i}}", email=f"p{{i}}@example.org",
                        language=("en", "ru", "zh-hans")[i % 3])
    for i in range({REMINDERS})
]
reminders_schedule(obj_label="meetings.meeting", obj_id=1, rule_id="CFM-NOTICE",
                   deadline=dt.date(2030, 1, 1), recipients=people, subject_code="deadline",
                   params={{"action": "reply", "rule": "CFM-NOTICE"}}, lead_days=[0])
Reminder.objects.update(due_at=timezone.now() - dt.timedelta(minutes=1))
"""


def secretariat(*args: str) -> list[str]:
    return [sys.executable, "-m", "secretariat.cli", *args]


class Site:
    """A migrated SQLite file with REMINDERS due reminders, and a slow SMTP server."""

    def __init__(self, tmp_path: Path, host: str, port: int) -> None:
        self.db = tmp_path / "worker.sqlite3"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.db}",
            "SECRETARIAT_VAR_DIR": str(tmp_path),
            "SECRETARIAT_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "SECRETARIAT_EMAIL_HOST": host,
            "SECRETARIAT_EMAIL_PORT": str(port),
            "SECRETARIAT_LOG_LEVEL": "WARNING",
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.cwd = str(settings.BASE_DIR)
        self.run("migrate", "--no-input", "-v", "0")
        self.run("shell", "-c", SEED)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603  # our own command, fixed arguments
            secretariat(*args),
            env=self.env, cwd=self.cwd, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip

    def start_worker(self, store: MailStore, *, until: int) -> subprocess.Popen[bytes]:
        """A worker process, once ``until`` e-mails have arrived."""
        worker = subprocess.Popen(  # noqa: S603  # our own command, fixed arguments
            secretariat("worker", "--poll", "0.05", "--batch", "5", "--worker-id", "w1"),
            env=self.env, cwd=self.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while len(store.messages) < until and time.monotonic() < deadline:
            assert worker.poll() is None, worker.communicate()
            time.sleep(0.005)
        return worker

    def rows(self) -> list[tuple[int, str, str]]:
        with sqlite3.connect(self.db) as db:
            return db.execute(
                "SELECT id, state, message_id FROM notifications_reminder"
                " WHERE subject_code != 'overdue'"
            ).fetchall()

    def chained(self) -> list[tuple[str, int]]:
        """The overdue reminders the delivered ones chained (pending, after the deadline)."""
        with sqlite3.connect(self.db) as db:
            return db.execute(
                "SELECT state, lead_days FROM notifications_reminder WHERE subject_code = 'overdue'"
            ).fetchall()

    def inbox(self) -> Counter[int]:
        with sqlite3.connect(self.db) as db:
            return Counter(
                r for (r,) in db.execute("SELECT reminder_id FROM notifications_inboxmessage")
            )


def test_a_killed_worker_loses_nothing_and_sends_nothing_twice(tmp_path: Path) -> None:
    store = MailStore(delay=0.05)
    with smtp_server(store) as (host, port):
        site = Site(tmp_path, host, port)
        worker = site.start_worker(store, until=KILL_AFTER)
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=10)
        arrived_at_kill = len(store.messages)
        assert KILL_AFTER <= arrived_at_kill < REMINDERS, "the kill did not land mid-run"

        site.run("worker", "--once", "--worker-id", "w1")
        status = site.run("worker", "--status").stdout
        audit = site.run("audit", "verify")
        received = [m["Message-ID"] for m in store.messages]

    rows, inbox = site.rows(), site.inbox()
    counts = Counter(received)
    states = Counter(state for _, state, _ in rows)

    assert len(rows) == REMINDERS
    assert set(states) <= {"sent", "uncertain"}, states  # nothing pending, claimed or sending
    assert all(n == 1 for n in counts.values()), "an e-mail was sent twice"
    for pk, state, message_id in rows:
        assert inbox[pk] == 1, f"reminder {pk} has {inbox[pk]} inbox messages"
        if state == "sent":
            assert counts[message_id] == 1
        else:
            assert counts[message_id] <= 1
    assert set(counts) <= {message_id for _, _, message_id in rows}
    assert states["uncertain"] <= 1  # at most the one being sent when it was killed
    # Each delivered reminder chained exactly one overdue reminder, none delivered yet.
    assert sorted(site.chained()) == [("pending", -3)] * REMINDERS
    assert "intact" in audit.stdout
    if states["uncertain"]:
        assert "uncertain: 1" in status


def test_a_terminated_worker_finishes_its_reminder_and_exits_0(tmp_path: Path) -> None:
    store = MailStore(delay=0.05)
    with smtp_server(store) as (host, port):
        site = Site(tmp_path, host, port)
        worker = site.start_worker(store, until=5)
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)
        received = Counter(m["Message-ID"] for m in store.messages)

    rows = site.rows()
    states = Counter(state for _, state, _ in rows)
    assert worker.returncode == 0
    assert set(states) <= {"sent", "pending"}, states  # nothing left half-done
    assert {m for _, s, m in rows if s == "sent"} == set(received)
    assert all(n == 1 for n in received.values())
    assert states["pending"] > 0
