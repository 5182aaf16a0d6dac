"""The meeting's deadlines: its Deadline rows kept equal to its schedule (compute_schedule),
marked done when a step applies their rule; the reminders follow in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils import timezone

from secretariat.meetings.facts import input_error
from secretariat.meetings.models import (
    Deadline,
    Meeting,
)
from secretariat.meetings.recipients import deadline_reminders_sync
from secretariat.meetings.services.common import actor_today
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import LANGS
from secretariat.procedure.timing import check_timing, overdue
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.registry.reference import reference


def deadlines_sync(*, meeting: Meeting, ref: ReferenceData | None = None) -> list[Deadline]:
    """Make the meeting's Deadline rows equal its schedule (compute_schedule), and say so."""
    book = rulebook()
    ref = ref or reference()
    procedure = book.procedures[meeting.kind]
    events = {e.event: e.date for e in meeting.events.all() if e.event in procedure.events}
    try:
        schedule = compute_schedule(
            book,
            ref,
            meeting.kind,
            meeting_start=meeting.date_start,
            meeting_end=meeting.date_end,
            events=events,
        )
    except InputError as exc:
        raise input_error(exc) from exc
    existing = {d.rule_id: d for d in meeting.deadlines.all()}
    kept: list[Deadline] = []
    changed: list[Deadline] = []
    for step in schedule.steps:
        values = {
            "anchor": step.anchor,
            "anchor_date": step.anchor_date,
            "due": step.due,
            "actor": step.actor.code,
            "warnings": [{lang: w.render(lang) for lang in LANGS} for w in step.warnings],
        }
        row = existing.pop(step.rule.id, None)
        if row is None:
            row = Deadline.objects.create(meeting=meeting, rule_id=step.rule.id, **values)
            changed.append(row)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            changed.append(row)
        kept.append(row)
    for stale in existing.values():
        stale.delete()
    if changed or existing:
        deadlines_changed(meeting, kept)
    return kept


def deadlines_changed(meeting: Meeting, deadlines: Sequence[Deadline]) -> None:
    """Tell the reminders that the meeting's deadlines moved, in the same transaction.

    Each open deadline reminds the users acting for its actor (recipients.actor_users);
    reminders of deadlines gone or done are cancelled, all of them once the meeting is
    cancelled or refused.
    """
    deadline_reminders_sync(meeting, deadlines)


def deadlines_done(
    meeting: Meeting, rules: Iterable[str], *, today: dt.date | None = None
) -> list[Verdict]:
    """Mark done the open deadlines of the rules a step applies, each judged on time or late.

    A deadline is judged on the day of the fact its rule names (the appeal's sending day, the
    day the parts were informed: the rule's ``event``, where recorded), else on ``today`` at
    its actor's seat. A late step is recorded as late, with the timing verdict (the rule, its
    due day and the day taken) kept on the deadline and returned for the step's history.
    Their reminders stop.
    """
    book = rulebook()
    ref = reference()
    now = timezone.now()
    events = {e.event: e.date for e in meeting.events.all()}
    verdicts: list[Verdict] = []
    for deadline in meeting.deadlines.filter(rule_id__in=list(rules), done_at__isnull=True):
        rule_deadline, _step = book.rule(deadline.rule_id).timing()
        taken_on = events.get(rule_deadline.event or "")
        if taken_on is None:
            taken_on = today or actor_today(book, ref, meeting, deadline.actor)
        verdict = check_timing(book, deadline.rule_id, due=deadline.due, taken_on=taken_on)
        deadline.done_at = now
        deadline.done_on = taken_on
        deadline.late = verdict.outcome == "late"
        deadline.timing = {lang: verdict.render(book, lang) for lang in LANGS}
        deadline.save(update_fields=["done_at", "done_on", "late", "timing"])
        verdicts.append(verdict)
    if verdicts:
        deadlines_changed(meeting, list(meeting.deadlines.all()))
    return verdicts


def deadline_overdue(deadline: Deadline, today: dt.date) -> bool:
    """Whether an open deadline is past its latest day on ``today`` (its actor's seat's day)."""
    return deadline.done_at is None and overdue(deadline.due, today)
