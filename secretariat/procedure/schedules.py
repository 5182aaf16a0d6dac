"""Timetables of whole procedures, derived from the rules (``procedures.yaml``).

Each dated rule gives one step: its due date counted from an anchor (the meeting, an
event such as the day an appeal was received, or another step's due date). Events a
caller supplies replace the assumed ones, so a rescheduled meeting or a late reply
recomputes every date that depends on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from secretariat.procedure.calendars import (
    DayOff,
    UnknownCalendarError,
    WorkingCalendar,
    calendar_for,
)
from secretariat.procedure.chairmanship import term_on
from secretariat.procedure.deadlines import count_deadline
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Actor, Procedure, Rule, Rulebook
from secretariat.procedure.text import Lang, Message
from secretariat.procedure.verdicts import InputError


@dataclass(frozen=True, slots=True)
class ScheduledStep:
    rule: Rule
    due: dt.date
    actor: Actor
    #: The anchor the date was counted from, and its date.
    anchor: str
    anchor_date: dt.date
    #: The state whose calendar applies to this step, if one does.
    calendar_state: str | None
    warnings: tuple[Message, ...] = ()

    def render(self, lang: Lang) -> dict[str, Any]:
        _deadline, step = self.rule.timing()
        return {
            "rule": self.rule.id,
            "action": step.action[lang],
            "actor": self.actor.name[lang],
            "actor_code": self.actor.code,
            "due": self.due.isoformat(),
            "anchor": self.anchor,
            "anchor_date": self.anchor_date.isoformat(),
            "calendar": self.calendar_state,
            "source": self.rule.cite(),
            "citation": self.rule.citation(lang),
            "warnings": [w.render(lang) for w in self.warnings],
        }


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    message: Message

    def render(self, lang: Lang) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message.render(lang)}


@dataclass(frozen=True, slots=True)
class Schedule:
    procedure: Procedure
    meeting_start: dt.date | None
    meeting_end: dt.date | None
    events: Mapping[str, dt.date]
    steps: tuple[ScheduledStep, ...]
    violations: tuple[Violation, ...] = field(default_factory=tuple)
    #: Warnings about the procedure as a whole (each also on its step), e.g. a receipt
    #: after the latest sending day when the sending day is not recorded.
    warnings: tuple[Violation, ...] = field(default_factory=tuple)

    def step(self, rule_id: str) -> ScheduledStep:
        for s in self.steps:
            if s.rule.id == rule_id:
                return s
        raise KeyError(rule_id)

    def render(self, lang: Lang) -> dict[str, Any]:
        return {
            "procedure": self.procedure.code,
            "title": self.procedure.title[lang],
            "meeting_start": self.meeting_start.isoformat() if self.meeting_start else None,
            "meeting_end": self.meeting_end.isoformat() if self.meeting_end else None,
            "events": {k: v.isoformat() for k, v in self.events.items()},
            "steps": [s.render(lang) for s in self.steps],
            "violations": [v.render(lang) for v in self.violations],
            "warnings": [w.render(lang) for w in self.warnings],
        }


class _Resolver:
    """Resolves anchors to dates for one procedure, memoising each rule's due date."""

    def __init__(
        self,
        book: Rulebook,
        reference: ReferenceData,
        procedure: Procedure,
        dates: dict[str, dt.date],
    ) -> None:
        self.book = book
        self.reference = reference
        self.procedure = procedure
        self.dates = dates  # meeting_start, meeting_end and supplied events
        self.due: dict[str, tuple[dt.date, list[DayOff], str, dt.date]] = {}
        self._resolving: set[str] = set()
        self._calendars: dict[str, tuple[str | None, WorkingCalendar | None]] = {}
        #: For a count of working days: the years it reaches whose calendar is an estimate.
        self.estimated: dict[str, tuple[int, ...]] = {}
        #: For a count of calendar days: the due day's year when its calendar is an estimate.
        self.day_estimated: dict[str, tuple[int, ...]] = {}

    def date_of(self, name: str, _seen: tuple[str, ...] = ()) -> dt.date | None:
        if name in self.dates:
            return self.dates[name]
        if name in self.book.rules:
            return self.rule_due(name)[0]
        spec = self.procedure.events.get(name)
        if spec is None or not spec.default_rule or name in _seen:
            return None
        if spec.default_rule in self.book.rules:
            return self.rule_due(spec.default_rule)[0]
        # Another event's day: a receipt not recorded is assumed on the sending day.
        return self.date_of(spec.default_rule, (*_seen, name))

    def rule_due(self, rule_id: str) -> tuple[dt.date, list[DayOff], str, dt.date]:
        if rule_id in self.due:
            return self.due[rule_id]
        if rule_id in self._resolving:
            raise ValueError(f"{self.procedure.code}: {rule_id} depends on itself")
        self._resolving.add(rule_id)
        rule = self.book.rule(rule_id)
        deadline, _step = rule.timing()
        known = [(n, d) for n in deadline.anchor.names if (d := self.date_of(n)) is not None]
        if not known:
            raise InputError(
                "missing_event",
                Message("error.missing_event", {"event": deadline.anchor.names[0]}),
            )
        anchor, anchor_date = min(known, key=lambda item: item[1])
        n = int(rule.param(deadline.count)) if deadline.count != "none" else 0
        calendar = None
        if deadline.count == "working_days":
            # Working days count in a calendar chosen before the due day is known: the
            # chair's on the anchor day.
            calendar = self.calendar(rule, anchor_date)
        due, skipped = count_deadline(anchor_date, deadline.count, n, deadline.direction, calendar)
        if calendar is None:
            # The calendar that names the due day's weekend or holiday: in an estimated
            # year, whether the day is a working one is itself an estimate.
            named = self.calendar(rule, due)
            self.day_estimated[rule_id] = named.estimated_years(due, due) if named else ()
        else:
            self.estimated[rule_id] = calendar.estimated_years(anchor_date, due)
        self._resolving.discard(rule_id)
        self.due[rule_id] = (due, skipped, anchor, anchor_date)
        return self.due[rule_id]

    def calendar_state(self, rule: Rule) -> str | None:
        return self._calendars[rule.id][0]

    def calendar_of(self, rule: Rule) -> WorkingCalendar | None:
        return self._calendars[rule.id][1]

    def calendar(self, rule: Rule, day: dt.date) -> WorkingCalendar | None:
        found = self._calendars.get(rule.id)
        if found is None:
            state = self._state_for(rule, day)
            calendar = None
            if state is not None:
                try:
                    calendar = calendar_for(state, self.reference.overrides_for(state))
                except UnknownCalendarError:
                    calendar = None
            found = self._calendars[rule.id] = (state, calendar)
        return found[1]

    def _state_for(self, rule: Rule, day: dt.date) -> str | None:
        _deadline, step = rule.timing()
        seat_of = self.book.actors[step.actor].seat_of
        if seat_of is None:
            return None
        if seat_of == "sco_chair":
            # The state chairing the SCO on the step's own day (its due day; the anchor day
            # for a count of working days). It depends on the step's dates only, never on
            # whether an event was supplied or assumed.
            try:
                return term_on(self.reference, day).state
            except InputError:
                return None  # no chair yet on that day: no calendar to warn from
        return self.reference.seat_of(seat_of)


def compute_schedule(
    book: Rulebook,
    reference: ReferenceData,
    procedure_code: str,
    *,
    meeting_start: dt.date | None = None,
    meeting_end: dt.date | None = None,
    events: Mapping[str, dt.date] | None = None,
    warn_days_off: bool = True,
) -> Schedule:
    """The timetable of a procedure, with the rules the given dates already break."""
    procedure = book.procedures.get(procedure_code)
    if procedure is None:
        raise InputError(
            "unknown_procedure",
            Message(
                "error.unknown_procedure",
                {"value": procedure_code, "valid": sorted(book.procedures)},
            ),
        )
    events = dict(events or {})
    if procedure.needs_meeting and meeting_start is None:
        raise InputError(
            "meeting_start_required",
            Message("error.field.meeting_start_required", {}),
            field="meeting_start",
        )
    if meeting_start is not None and meeting_end is None:
        meeting_end = meeting_start
    if meeting_start and meeting_end and meeting_end < meeting_start:
        raise InputError(
            "meeting_end_before_start",
            Message("error.field.end_before_start", {"start": meeting_start, "end": meeting_end}),
            field="meeting_end",
        )
    for name, spec in procedure.events.items():
        if spec.required and name not in events:
            raise InputError(
                "event_required", Message(f"error.field.required.{name}", {}), field=name
            )
    unknown = sorted(set(events) - set(procedure.events))
    if unknown:
        raise InputError(
            "unknown_event",
            Message(
                "error.unknown_event",
                {"value": unknown, "procedure": procedure.code, "valid": sorted(procedure.events)},
            ),
        )
    _check_order(procedure, events)
    dates = dict(events)
    if meeting_start:
        dates["meeting_start"] = meeting_start
    if meeting_end:
        dates["meeting_end"] = meeting_end

    resolver = _Resolver(book, reference, procedure, dates)
    steps: list[ScheduledStep] = []
    violations: list[Violation] = []
    notes: list[Violation] = []
    for rule_id in procedure.rule_ids:
        rule = book.rule(rule_id)
        deadline, step = rule.timing()
        due, _skipped, anchor, anchor_date = resolver.rule_due(rule_id)
        state = resolver.calendar_state(rule)
        years = resolver.estimated.get(rule_id, ())
        if warn_days_off:
            years = (*years, *resolver.day_estimated.get(rule_id, ()))
        warnings: list[Message] = [
            estimated_warning(reference, state, year) for year in years if state is not None
        ]
        if warn_days_off and state is not None:
            calendar = resolver.calendar_of(rule)
            try:
                off = calendar.day_off(due) if calendar else None
            except UnknownCalendarError:
                off = None  # the holidays of that year are unknown: nothing to warn of
            if off is not None:
                warnings.append(
                    Message(f"warning.due_on_{off.kind}", _day_off_params(off, state, reference))
                )
        if (
            meeting_start
            and deadline.direction == "after"
            and anchor not in ("meeting_start", "meeting_end")
            and due > meeting_start
        ):
            warnings.append(
                Message("warning.due_after_meeting", {"due": due, "start": meeting_start})
            )
        force = rule.force_warning(due)
        if force is not None:
            warnings.append(force)
        event = deadline.event
        if event and event in events and events[event] > due:
            late = (events[event] - due).days
            violations.append(
                Violation(
                    rule.id,
                    Message(
                        f"violation.{event}",
                        {"actual": events[event], "due": due, "late": late, "rule": rule.id},
                    ),
                )
            )
        elif event and event not in events:
            # The day itself is unknown, but a later event assumed from it (the receipt of
            # an appeal whose sending day is not recorded) came after the latest day: the
            # sending may still have been on time, so this is a warning, not a violation.
            for name, spec in procedure.events.items():
                if spec.default_rule == event and name in events and events[name] > due:
                    note = Message(
                        f"warning.{event}_unknown_{name}_after",
                        {"actual": events[name], "due": due, "rule": rule.id},
                    )
                    warnings.append(note)
                    notes.append(Violation(rule.id, note))
        steps.append(
            ScheduledStep(
                rule=rule,
                due=due,
                actor=book.actors[step.actor],
                anchor=anchor,
                anchor_date=anchor_date,
                calendar_state=state,
                warnings=tuple(warnings),
            )
        )
    steps.sort(key=lambda s: s.due)
    return Schedule(
        procedure,
        meeting_start,
        meeting_end,
        events,
        tuple(steps),
        tuple(violations),
        tuple(notes),
    )


def _check_order(procedure: Procedure, events: Mapping[str, dt.date]) -> None:
    """An event assumed from another (a receipt from its sending) cannot come before it."""
    for name, spec in procedure.events.items():
        earlier = spec.default_rule
        if earlier is None or name not in events or earlier not in events:
            continue
        if events[name] < events[earlier]:
            raise InputError(
                f"{name}_before_{earlier}",
                Message(
                    f"error.field.{name}_before_{earlier}",
                    {"actual": events[name], "earlier": events[earlier]},
                ),
                field=name,
            )


def estimated_warning(reference: ReferenceData, state: str, year: int) -> Message:
    """The warning that a count reached ``year`` of ``state``'s calendar, an estimate."""
    info = reference.states.get(state)
    return Message(
        "warning.calendar_estimated", {"state": info.name if info else state, "year": year}
    )


def _day_off_params(off: DayOff, state: str, reference: ReferenceData) -> dict[str, object]:
    info = reference.states.get(state)
    return {"date": off.date, "name": off.name, "state": info.name if info else state}
