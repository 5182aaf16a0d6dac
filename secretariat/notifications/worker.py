"""The reminder worker: claim due reminders, put them in the inbox, e-mail them.

Delivery of one reminder takes three commits, so a worker killed at any point loses
nothing and sends no e-mail twice (docs/notifications.md has the reasoning):

1. claim: pending -> claimed (claimed_by, claimed_at, attempts + 1);
2. inbox message written (once per reminder), claimed -> sending;
3. e-mail handed to SMTP, then sending -> sent (or back to pending on a definite refusal).

A claimed row was certainly not e-mailed: recovery returns it to pending. A row in
"sending" may or may not have been e-mailed: recovery marks it uncertain for a person to
settle, never resends it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import smtplib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from secretariat.notifications.messages import message_render
from secretariat.notifications.models import InboxMessage, Reminder, ReminderState

log = logging.getLogger(__name__)

#: A claim older than this belongs to a worker presumed dead (an SMTP timeout is far shorter).
LEASE = dt.timedelta(minutes=5)
#: Attempts before a reminder whose e-mail is refused is given up (state failed).
MAX_ATTEMPTS = 5
#: Wait after a refused attempt n: 1, 2, 4, 8 ... minutes.
BACKOFF_BASE = dt.timedelta(minutes=1)

#: The SMTP server answered "no": the message was certainly not accepted, so retrying
#: cannot send it twice.
DEFINITE_REFUSALS: tuple[type[BaseException], ...] = (
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    ConnectionRefusedError,
    socket.gaierror,
)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def message_id_of(reminder: Reminder) -> str:
    """A Message-ID derived from the reminder's key: the same reminder, the same id."""
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "secretariat.local"
    return f"<reminder.{digest}@{domain}>"


@dataclass(frozen=True, slots=True)
class Recovery:
    requeued: int
    uncertain: int


@dataclass
class Worker:
    worker_id: str = field(default_factory=default_worker_id)
    batch: int = 20
    lease: dt.timedelta = LEASE
    #: Set (by a signal handler) to stop after the current reminder.
    stop: threading.Event = field(default_factory=threading.Event)
    #: Other queues drained on each round (the search index's outbox); a failure is logged
    #: and the round goes on.
    chores: list[Callable[[], object]] = field(default_factory=list)

    # --- recovery ---------------------------------------------------------------------------

    def recover(self, *, own: bool = True) -> Recovery:
        """Settle what a dead worker left: claims go back; interrupted sends become uncertain.

        A row is a dead worker's if its claim is older than the lease or, when ``own`` (at
        start: a restart under the same id), if this worker id claimed it.
        """
        now = timezone.now()
        dead = Q(claimed_at__lt=now - self.lease)
        if own:
            dead |= Q(claimed_by=self.worker_id)
        requeued = uncertain = 0
        with transaction.atomic():
            for row in Reminder.objects.select_for_update().filter(
                dead, state=ReminderState.CLAIMED
            ):
                row.state = ReminderState.PENDING
                row.claimed_by = ""
                row.claimed_at = None
                row.save(update_fields=["state", "claimed_by", "claimed_at"])
                requeued += 1
            for row in Reminder.objects.select_for_update().filter(
                dead, state=ReminderState.SENDING
            ):
                row.state = ReminderState.UNCERTAIN
                row.last_error = (
                    f"worker {row.claimed_by} stopped while sending the e-mail "
                    f"(claimed {row.claimed_at:%Y-%m-%d %H:%M:%S %Z}); not resent"
                )
                row.save(update_fields=["state", "last_error"])
                uncertain += 1
        if requeued or uncertain:
            log.warning("recovered: %d reminders requeued, %d uncertain", requeued, uncertain)
        return Recovery(requeued=requeued, uncertain=uncertain)

    # --- the three steps -------------------------------------------------------------------

    def claim(self) -> list[Reminder]:
        """Take up to ``batch`` due reminders for this worker (step 1, one commit)."""
        now = timezone.now()
        with transaction.atomic():
            due = Reminder.objects.filter(state=ReminderState.PENDING, due_at__lte=now).order_by(
                "due_at", "id"
            )
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True, of=("self",))
            # On SQLite the transaction is BEGIN IMMEDIATE: claims are already serialised.
            rows = list(due.select_related("recipient")[: self.batch])
            for row in rows:
                row.state = ReminderState.CLAIMED
                row.claimed_by = self.worker_id
                row.claimed_at = now
                row.attempts += 1
                row.save(update_fields=["state", "claimed_by", "claimed_at", "attempts"])
        return rows

    def release(self, rows: list[Reminder]) -> None:
        """Give back claimed reminders not started (on a graceful stop)."""
        with transaction.atomic():
            for row in rows:
                row.state = ReminderState.PENDING
                row.claimed_by = ""
                row.claimed_at = None
                row.attempts = max(row.attempts - 1, 0)
                row.save(update_fields=["state", "claimed_by", "claimed_at", "attempts"])

    def deliver(self, reminder: Reminder) -> str:
        """Inbox, then e-mail, then record; return the final state of this attempt."""
        user = reminder.recipient
        text = message_render(
            subject_code=reminder.subject_code,
            params=reminder.params,
            deadline=reminder.deadline,
            link=reminder.link,
            language=user.language,
        )
        # Step 2: the inbox message and "sending" in one commit.
        with transaction.atomic():
            if not InboxMessage.objects.filter(reminder=reminder).exists():
                InboxMessage.objects.create(
                    user=user,
                    subject=text.subject,
                    body=text.body,
                    link=reminder.link,
                    reminder=reminder,
                )
            reminder.state = ReminderState.SENDING
            reminder.message_id = message_id_of(reminder) if user.email else ""
            reminder.save(update_fields=["state", "message_id"])
        # Step 3: the e-mail (nothing to send without an address: the inbox has it).
        if user.email:
            email = EmailMessage(
                subject=text.subject,
                body=text.body,
                to=[user.email],
                headers={"Message-ID": reminder.message_id, "Content-Language": text.language},
            )
            try:
                email.send(fail_silently=False)
            except DEFINITE_REFUSALS as exc:
                return self._refused(reminder, exc)
            except (smtplib.SMTPException, OSError) as exc:
                # Broken off mid-conversation: the server may have accepted it. Say so.
                return self._settle(
                    reminder, ReminderState.UNCERTAIN, f"{type(exc).__name__}: {exc}"
                )
        with transaction.atomic():
            reminder.state = ReminderState.SENT
            reminder.sent_at = timezone.now()
            reminder.last_error = ""
            reminder.save(update_fields=["state", "sent_at", "last_error"])
        return reminder.state

    def _refused(self, reminder: Reminder, exc: BaseException) -> str:
        error = f"{type(exc).__name__}: {exc}"
        if reminder.attempts >= MAX_ATTEMPTS:
            return self._settle(reminder, ReminderState.FAILED, error)
        reminder.due_at = timezone.now() + BACKOFF_BASE * 2 ** (reminder.attempts - 1)
        return self._settle(reminder, ReminderState.PENDING, error)

    def _settle(self, reminder: Reminder, state: str, error: str) -> str:
        log.warning("reminder %s: %s (%s)", reminder.pk, state, error)
        with transaction.atomic():
            reminder.state = state
            reminder.last_error = error[:2000]
            reminder.claimed_by = ""
            reminder.claimed_at = None
            reminder.save(
                update_fields=["state", "last_error", "due_at", "claimed_by", "claimed_at"]
            )
        return state

    # --- the loop ---------------------------------------------------------------------------

    def run_chores(self) -> None:
        for chore in self.chores:
            try:
                chore()
            except Exception:  # one queue failing must not stop the reminders
                log.exception("worker chore %s failed", getattr(chore, "__name__", chore))

    def run_once(self) -> int:
        """Deliver everything due now; return how many reminders were handled."""
        self.run_chores()
        handled = 0
        while not self.stop.is_set():
            rows = self.claim()
            if not rows:
                break
            handled += self._handle(rows)
        return handled

    def _handle(self, rows: list[Reminder]) -> int:
        for i, row in enumerate(rows):
            if self.stop.is_set():
                self.release(rows[i:])
                return i
            self.deliver(row)
        return len(rows)

    def run(self, *, once: bool = False, poll: float = 5.0) -> int:
        """Recover, then deliver until stopped (or, with ``once``, until nothing is due)."""
        self.recover()
        handled = self.run_once()
        while not once and not self.stop.is_set():
            self.stop.wait(poll)
            if self.stop.is_set():
                break
            # A long-running process outlives CONN_MAX_AGE: drop stale connections as a
            # request would.
            close_old_connections()
            try:
                self.recover(own=False)  # other workers' expired claims, never our own
                handled += self.run_once()
            except DatabaseError:
                # The database went away for a moment: keep going. Nothing of ours is in
                # flight now, so our own claims and sends can be settled as after a restart.
                log.exception("worker round failed; recovering and going on")
                close_old_connections()
                with contextlib.suppress(DatabaseError):
                    self.recover()
        return handled
