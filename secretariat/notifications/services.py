"""Writes of the notifications app: scheduling reminders from deadlines, and the inbox.

A deadline is (object, rule, date). Its reminders are one row per recipient and lead time,
keyed so that scheduling twice finds the same row. When the deadline moves, pending
reminders move with it (updated in place); sent ones stay as history. Every write goes
through ``save()``, so the audit app records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.notifications.messages import message_check
from secretariat.notifications.models import InboxMessage, Reminder, ReminderState
from secretariat.notifications.pace import pace

#: The message of an overdue reminder (lead days below 0), whatever the deadline's own message.
OVERDUE = "overdue"

#: Reminders go out at this hour of the Secretariat's time zone.
SEND_AT = dt.time(8, 0)


def reminder_key(
    *,
    obj_label: str,
    obj_id: str | int,
    rule_id: str,
    deadline: dt.date,
    recipient_id: int,
    lead_days: int,
) -> str:
    """The idempotency key of one reminder (the deadline is part of it: a moved deadline is new)."""
    return f"{obj_label}:{obj_id}:{rule_id}:{deadline.isoformat()}:{recipient_id}:{lead_days}"


def reminder_due_at(*, deadline: dt.date, lead_days: int) -> dt.datetime:
    """08:00 in the Secretariat's time zone, ``lead_days`` before the deadline."""
    day = deadline - dt.timedelta(days=lead_days)
    return dt.datetime.combine(day, SEND_AT, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _leads(lead_days: Sequence[int] | None) -> list[int]:
    leads = pace().lead_days if lead_days is None else lead_days
    return sorted({int(n) for n in leads if int(n) >= 0}, reverse=True)


def _today() -> dt.date:
    return timezone.localtime(timezone.now(), ZoneInfo(settings.TIME_ZONE)).date()


def overdue_next(*, deadline: dt.date, after: int, every: int) -> tuple[int, dt.datetime]:
    """The next overdue reminder of a deadline: the first "deadline + k * every" day whose
    08:00 is still ahead and later than the reminder at ``after`` lead days; its lead days
    (negative) and send time."""
    now = timezone.now()
    k = max(1, (-after) // every + 1) if after < 0 else 1
    while reminder_due_at(deadline=deadline, lead_days=-k * every) <= now:
        k += 1
    return -k * every, reminder_due_at(deadline=deadline, lead_days=-k * every)


def _plan(leads: list[int], *, deadline: dt.date, overdue: bool) -> tuple[list[int], int | None]:
    """The lead times still ahead, and the one reminder due now for what has passed (the
    latest lead time passed; an overdue reminder when the deadline itself has passed)."""
    now = timezone.now()
    ahead = [n for n in leads if reminder_due_at(deadline=deadline, lead_days=n) > now]
    passed = [n for n in leads if n not in ahead]
    late = (_today() - deadline).days
    if overdue and late > 0:
        return ahead, -late
    return ahead, (min(passed) if passed else None)


def _sync(
    *,
    obj_label: str,
    obj_id: str,
    rule_id: str,
    deadline: dt.date,
    recipients: Iterable[User],
    subject_code: str,
    params: dict[str, Any],
    link: str,
    lead_days: Sequence[int] | None,
    cancel_others: bool,
    overdue: bool = True,
) -> list[Reminder]:
    message_check(subject_code)
    now = timezone.now()
    ahead, catch_up = _plan(_leads(lead_days), deadline=deadline, overdue=overdue)
    existing = list(
        Reminder.objects.select_for_update().filter(
            model_label=obj_label, object_id=obj_id, rule_id=rule_id
        )
    )
    by_key = {r.key: r for r in existing}
    #: Pending rows of another deadline, to move in place: (recipient, lead) -> row.
    movable = {
        (r.recipient_id, r.lead_days): r
        for r in existing
        if r.state == ReminderState.PENDING and r.deadline != deadline
    }
    kept: set[int] = set()
    result: list[Reminder] = []
    recipient_ids = set()
    for user in recipients:
        recipient_ids.add(user.pk)
        mine = [
            r
            for r in existing
            if r.recipient_id == user.pk
            and r.deadline == deadline
            and r.state != ReminderState.CANCELLED
        ]
        leads = list(ahead)
        if catch_up is not None:
            key = _key(obj_label, obj_id, rule_id, deadline, user.pk, catch_up)
            # Reminded at or after that point already (or its overdue chain goes on): no more.
            done = [
                r
                for r in mine
                if r.lead_days <= catch_up and (r.state != ReminderState.PENDING or r.lead_days < 0)
            ]
            if key in by_key or not done:
                leads.append(catch_up)
        if overdue:
            # The overdue chain of this deadline goes on: its pending reminder stays.
            kept.update(r.pk for r in mine if r.lead_days < 0 and r.state == ReminderState.PENDING)
        for lead in leads:
            key = _key(obj_label, obj_id, rule_id, deadline, user.pk, lead)
            row = by_key.get(key) or movable.pop((user.pk, lead), None)
            if row is None:
                row = Reminder(
                    recipient=user,
                    model_label=obj_label,
                    object_id=obj_id,
                    rule_id=rule_id,
                    lead_days=lead,
                )
            elif row.state != ReminderState.PENDING:
                kept.add(row.pk)  # sent, failed, uncertain...: history, never redone
                result.append(row)
                continue
            row.key = key
            row.deadline = deadline
            row.due_at = reminder_due_at(deadline=deadline, lead_days=lead)
            if lead == catch_up or not overdue:  # what has passed, and events: now
                row.due_at = min(row.due_at, now)
            row.subject_code = OVERDUE if lead < 0 else subject_code
            row.params = params
            row.link = link
            row.save()
            kept.add(row.pk)
            result.append(row)
    stale = [
        r
        for r in existing
        if r.state == ReminderState.PENDING
        and r.pk not in kept
        and (cancel_others or r.recipient_id in recipient_ids)
    ]
    for row in stale:
        row.state = ReminderState.CANCELLED
        row.save(update_fields=["state"])
    return result


def _key(label: str, obj_id: str, rule_id: str, deadline: dt.date, user_id: int, lead: int) -> str:
    return reminder_key(
        obj_label=label,
        obj_id=obj_id,
        rule_id=rule_id,
        deadline=deadline,
        recipient_id=user_id,
        lead_days=lead,
    )


@transaction.atomic
def reminders_schedule(
    *,
    obj_label: str,
    obj_id: str | int,
    rule_id: str,
    deadline: dt.date,
    recipients: Iterable[User],
    subject_code: str,
    params: dict[str, Any],
    link: str = "",
    lead_days: Sequence[int] | None = None,
) -> list[Reminder]:
    """Remind ``recipients`` of a deadline at each lead time still ahead; idempotent.

    Lead times default to settings.SECRETARIAT_REMINDER_LEAD_DAYS. A pending reminder of the
    same recipient and lead time for another date of this deadline is moved here.
    """
    return _sync(
        obj_label=obj_label,
        obj_id=str(obj_id),
        rule_id=rule_id,
        deadline=deadline,
        recipients=list(recipients),
        subject_code=subject_code,
        params=params,
        link=link,
        lead_days=lead_days,
        cancel_others=False,
    )


@transaction.atomic
def reminders_reschedule(
    *,
    obj_label: str,
    obj_id: str | int,
    rule_id: str,
    deadline: dt.date,
    recipients: Iterable[User] | None = None,
    subject_code: str | None = None,
    params: dict[str, Any] | None = None,
    link: str | None = None,
    lead_days: Sequence[int] | None = None,
) -> list[Reminder]:
    """Move a deadline's reminders to a new date: pending ones in place, sent ones kept.

    What is not given is taken from the deadline's latest reminder (recipients: everyone
    reminded of it so far). Pending reminders not wanted any more are cancelled.
    """
    rows = Reminder.objects.filter(model_label=obj_label, object_id=str(obj_id), rule_id=rule_id)
    # The deadline's own message, not an overdue reminder's.
    latest = (
        rows.filter(lead_days__gte=0).order_by("-deadline", "-id").first()
        or rows.order_by("-deadline", "-id").first()
    )
    if latest is None and (recipients is None or subject_code is None):
        return []
    if recipients is None:
        ids = rows.exclude(state=ReminderState.CANCELLED).values_list("recipient_id", flat=True)
        recipients = User.objects.filter(pk__in=set(ids))
    return _sync(
        obj_label=obj_label,
        obj_id=str(obj_id),
        rule_id=rule_id,
        deadline=deadline,
        recipients=list(recipients),
        subject_code=subject_code if subject_code is not None else latest.subject_code,  # type: ignore[union-attr]  # checked above
        params=params if params is not None else latest.params,  # type: ignore[union-attr]
        link=link if link is not None else latest.link,  # type: ignore[union-attr]
        lead_days=lead_days,
        cancel_others=True,
    )


@transaction.atomic
def reminders_cancel(*, obj_label: str, obj_id: str | int, rule_id: str | None = None) -> int:
    """Cancel the pending reminders of an object (of one rule, or all); return how many."""
    rows = Reminder.objects.select_for_update().filter(
        model_label=obj_label, object_id=str(obj_id), state=ReminderState.PENDING
    )
    if rule_id is not None:
        rows = rows.filter(rule_id=rule_id)
    count = 0
    for row in rows:
        row.state = ReminderState.CANCELLED
        row.save(update_fields=["state"])
        count += 1
    return count


@transaction.atomic
def notify(
    *,
    about: str,
    key: str,
    recipients: Iterable[User],
    subject_code: str,
    params: dict[str, Any],
    link: str = "",
    rule_id: str = "",
) -> list[Reminder]:
    """Tell ``recipients`` of an event now: one notification each, in their language.

    Written in the caller's transaction (the outbox): a step that is refused or rolled back
    tells no one; the worker delivers what committed. ``about`` is the object's label
    ("meetings.meeting:12"), ``key`` what makes this event unique about it ("receive_appeal:
    34"): notifying twice of the same event finds the same rows. The message's kind
    (messages.MESSAGES[subject_code].kind) decides how each recipient receives it.
    """
    label, _sep, obj_id = about.partition(":")
    return _sync(
        obj_label=f"{label}.event" if not label.endswith(".event") else label,
        obj_id=f"{obj_id}:{key}",
        rule_id=rule_id,
        deadline=_today(),
        recipients=list(recipients),
        subject_code=subject_code,
        params=params,
        link=link,
        lead_days=[0],
        cancel_others=False,
        overdue=False,  # an event is told once; it has no deadline to be late for
    )


@transaction.atomic
def inbox_mark_read(*, message: InboxMessage) -> InboxMessage:
    """Mark a message read (once: the first reading is the one kept)."""
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


@transaction.atomic
def inbox_mark_all_read(*, user: User) -> int:
    """Mark every unread message of the user read; return how many."""
    now = timezone.now()
    count = 0
    for message in InboxMessage.objects.select_for_update().filter(user=user, read_at__isnull=True):
        message.read_at = now
        message.save(update_fields=["read_at"])
        count += 1
    return count
