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
import logging
import os
import smtplib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from secretariat.notifications import digests
from secretariat.notifications.emails import (
    DEFINITE_REFUSALS,
    email_build,
    entry_of,
    message_id_for,
    sent_log,
)
from secretariat.notifications.messages import MESSAGES, message_render, seat_today
from secretariat.notifications.models import (
    Channel,
    Digest,
    InboxMessage,
    Reminder,
    ReminderState,
    SentEmailState,
)
from secretariat.notifications.pace import channel_of, pace
from secretariat.notifications.services import overdue_next, reminder_key

log = logging.getLogger(__name__)

#: A claim older than this belongs to a worker presumed dead (an SMTP timeout is far shorter).
LEASE = dt.timedelta(minutes=5)
#: Attempts before a reminder whose e-mail is refused is given up (state failed).
MAX_ATTEMPTS = 5
#: Wait after a refused attempt n: 1, 2, 4, 8 ... minutes.
BACKOFF_BASE = dt.timedelta(minutes=1)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def message_id_of(reminder: Reminder) -> str:
    """A Message-ID derived from the reminder's key: the same reminder, the same id."""
    return message_id_for("reminder", reminder.key)


def code_of(reminder: Reminder) -> str:
    """The message a reminder is delivered as: a reminder of a deadline that has passed by
    the time it goes out (the worker was down) says it is overdue, not that it is due. (Every
    message of the kind "deadline" names the step as ``action``, as "overdue" does.)"""
    message = MESSAGES.get(reminder.subject_code)
    if message is not None and message.kind == "deadline" and reminder.deadline < seat_today():
        return "overdue"
    return reminder.subject_code


def kind_of(reminder: Reminder) -> str:
    message = MESSAGES.get(code_of(reminder))
    return message.kind if message is not None else "deadline"


def _render(reminder: Reminder) -> tuple[str, str, str]:
    text = message_render(
        subject_code=code_of(reminder),
        params=reminder.params,
        deadline=reminder.deadline,
        link=reminder.link,
        language=reminder.recipient.language,
    )
    return text.language, text.subject, text.body


#: The kinds of message that remind of a deadline (the others tell of an event, once).
DEADLINE_KINDS = frozenset({"deadline", "overdue"})


def chain_overdue(reminder: Reminder) -> Reminder | None:
    """Write the next overdue reminder of a deadline whose last reminder is being delivered.

    Nothing for an event (notify, or any message whose kind is not a deadline's: a notice
    told once with lead 0 is no deadline of the recipient's), or while another reminder of the
    deadline is pending for this recipient; cancelling the pending reminders (the step was
    taken) ends the chain."""
    if reminder.model_label.endswith(".event") or MESSAGES[reminder.subject_code].kind not in (
        DEADLINE_KINDS
    ):
        return None
    others = Reminder.objects.filter(
        model_label=reminder.model_label,
        object_id=reminder.object_id,
        rule_id=reminder.rule_id,
        deadline=reminder.deadline,
        recipient_id=reminder.recipient_id,
        state=ReminderState.PENDING,
    ).exclude(pk=reminder.pk)
    if others.exists():
        return None
    lead, due_at = overdue_next(
        deadline=reminder.deadline, after=reminder.lead_days, every=pace().overdue_every
    )
    key = reminder_key(
        obj_label=reminder.model_label,
        obj_id=reminder.object_id,
        rule_id=reminder.rule_id,
        deadline=reminder.deadline,
        recipient_id=reminder.recipient_id,
        lead_days=lead,
    )
    row, _created = Reminder.objects.get_or_create(
        key=key,
        defaults={
            "recipient_id": reminder.recipient_id,
            "due_at": due_at,
            "subject_code": "overdue",
            "params": reminder.params,
            "link": reminder.link,
            "model_label": reminder.model_label,
            "object_id": reminder.object_id,
            "rule_id": reminder.rule_id,
            "deadline": reminder.deadline,
            "lead_days": lead,
        },
    )
    return row


#: A row the worker delivers: a reminder or a daily digest (the same delivery states).
Row = TypeVar("Row", Reminder, Digest)


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
    #: Called each round (and after each batch) with this worker's id and poll interval, to
    #: say it is alive; with ``stopping=True`` when it stops (``settings.WORKER_HEARTBEAT``).
    heartbeat: Callable[..., object] | None = None
    #: Seconds between rounds (set by :meth:`run`), told to the heartbeat.
    poll: float = 5.0

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
            for model in (Reminder, Digest):
                for row in model.objects.select_for_update().filter(
                    dead, state=ReminderState.CLAIMED
                ):
                    row.state = ReminderState.PENDING
                    row.claimed_by = ""
                    row.claimed_at = None
                    row.save(update_fields=["state", "claimed_by", "claimed_at"])
                    requeued += 1
                for row in model.objects.select_for_update().filter(
                    dead, state=ReminderState.SENDING
                ):
                    row.state = ReminderState.UNCERTAIN
                    row.last_error = (
                        f"worker {row.claimed_by} stopped while sending the e-mail "
                        f"(claimed {row.claimed_at:%Y-%m-%d %H:%M:%S %Z}); not resent"
                    )
                    row.save(update_fields=["state", "last_error"])
                    if row.message_id:
                        _log_unsettled(row, SentEmailState.UNCERTAIN)
                    uncertain += 1
        if requeued or uncertain:
            log.warning("recovered: %d reminders requeued, %d uncertain", requeued, uncertain)
        return Recovery(requeued=requeued, uncertain=uncertain)

    # --- the three steps -------------------------------------------------------------------

    def claim(self) -> list[Reminder]:
        """Take up to ``batch`` due reminders for this worker (step 1, one commit)."""
        now = timezone.now()
        with transaction.atomic():
            self.supersede(now)
            return self.claim_due(Reminder.objects.select_related("recipient"), now)

    def claim_due(self, rows: QuerySet[Row], now: dt.datetime) -> list[Row]:
        """Mark up to ``batch`` of ``rows`` due by ``now`` claimed by this worker (inside the
        caller's commit): the claim step of reminders and digests alike."""
        due = rows.filter(state=ReminderState.PENDING, due_at__lte=now).order_by("due_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        # On SQLite the transaction is BEGIN IMMEDIATE: claims are already serialised.
        claimed = list(due[: self.batch])
        for row in claimed:
            row.state = ReminderState.CLAIMED
            row.claimed_by = self.worker_id
            row.claimed_at = now
            row.attempts += 1
            row.save(update_fields=["state", "claimed_by", "claimed_at", "attempts"])
        return claimed

    def supersede(self, now: dt.datetime) -> int:
        """Of several due reminders of one deadline and recipient (a worker was down), keep
        the latest; the others become superseded, never delivered (inside the claim's commit)."""
        due = (
            Reminder.objects.filter(state=ReminderState.PENDING, due_at__lte=now)
            .order_by("due_at", "id")
            .values_list("pk", "model_label", "object_id", "rule_id", "recipient_id")
        )
        latest: dict[tuple[str, str, str, int], int] = {}
        groups: list[tuple[int, tuple[str, str, str, int]]] = []
        for pk, label, obj_id, rule_id, recipient_id in due:
            group = (label, obj_id, rule_id, recipient_id)
            latest[group] = pk
            groups.append((pk, group))
        older = [pk for pk, group in groups if latest[group] != pk]
        for row in Reminder.objects.filter(pk__in=older):
            row.state = ReminderState.SUPERSEDED
            group = (row.model_label, row.object_id, row.rule_id, row.recipient_id)
            row.last_error = f"superseded by reminder {latest[group]}"
            row.save(update_fields=["state", "last_error"])
        return len(older)

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
        """Inbox, then e-mail (by the recipient's choice), then record; return the state."""
        user = reminder.recipient
        kind = kind_of(reminder)
        channel = channel_of(user.pk, kind)
        language, subject, body = _render(reminder)
        emailed = bool(user.email) and channel == Channel.EMAIL
        # Step 2: the inbox message, the overdue chain's next reminder and "sending": one commit.
        with transaction.atomic():
            if not InboxMessage.objects.filter(reminder=reminder).exists():
                InboxMessage.objects.create(
                    user=user,
                    subject=subject,
                    body=body,
                    link=reminder.link,
                    reminder=reminder,
                    kind=kind,
                    digest_wanted=bool(user.email) and channel == Channel.DIGEST,
                )
            chain_overdue(reminder)
            reminder.state = ReminderState.SENDING
            reminder.message_id = message_id_of(reminder) if emailed else ""
            reminder.save(update_fields=["state", "message_id"])
        # Step 3: the e-mail (none without an address or by choice: the inbox has it).
        if emailed:
            email = email_build(
                user=user,
                subject=subject,
                language=language,
                entries=[
                    entry_of(subject=subject, body=body, link=reminder.link, language=language)
                ],
                message_id=reminder.message_id,
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
            if emailed:
                sent_log(
                    user=user,
                    subject=subject,
                    kind=kind,
                    message_id=reminder.message_id,
                    link=reminder.link,
                    state=SentEmailState.SENT,
                    reminder=reminder,
                )
        return reminder.state

    def _refused(self, reminder: Reminder | Digest, exc: BaseException) -> str:
        error = f"{type(exc).__name__}: {exc}"
        if reminder.attempts >= MAX_ATTEMPTS:
            return self._settle(reminder, ReminderState.FAILED, error)
        reminder.due_at = timezone.now() + BACKOFF_BASE * 2 ** (reminder.attempts - 1)
        return self._settle(reminder, ReminderState.PENDING, error)

    def _settle(self, reminder: Reminder | Digest, state: str, error: str) -> str:
        log.warning("%s %s: %s (%s)", type(reminder).__name__, reminder.pk, state, error)
        with transaction.atomic():
            reminder.state = state
            reminder.last_error = error[:2000]
            reminder.claimed_by = ""
            reminder.claimed_at = None
            reminder.save(
                update_fields=["state", "last_error", "due_at", "claimed_by", "claimed_at"]
            )
            if state in (ReminderState.UNCERTAIN, ReminderState.FAILED):
                _log_unsettled(reminder, state)
        return state

    # --- the loop ---------------------------------------------------------------------------

    def beat(self, *, stopping: bool = False) -> None:
        """Tell the heartbeat this worker is alive; a failure is logged, never fatal."""
        if self.heartbeat is None:
            return
        try:
            self.heartbeat(self.worker_id, poll=self.poll, stopping=stopping)
        except Exception:  # the heartbeat must not stop the reminders
            log.exception("worker heartbeat failed")

    def run_chores(self) -> None:
        for chore in self.chores:
            try:
                chore()
            except Exception:  # one queue failing must not stop the reminders
                log.exception("worker chore %s failed", getattr(chore, "__name__", chore))

    def run_once(self) -> int:
        """Deliver everything due now (reminders, then daily digests); return how many."""
        self.beat()
        self.run_chores()
        handled = 0
        while not self.stop.is_set():
            rows = self.claim()
            if not rows:
                break
            handled += self._handle(rows)
            self.beat()
        if not self.stop.is_set():
            handled += digests.digests_run(self)
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
        self.poll = poll
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
        if not once:
            self.beat(stopping=True)
        return handled


def _log_unsettled(row: Reminder | Digest, state: str) -> None:
    """Log an e-mail that may have gone (uncertain) or was given up (failed)."""
    if isinstance(row, Digest):
        digests.digest_log(row, state)
        return
    _language, subject, _body = _render(row)
    sent_log(
        user=row.recipient,
        subject=subject,
        kind=kind_of(row),
        message_id=row.message_id,
        link=row.link,
        state=state,
        reminder=row,
    )
