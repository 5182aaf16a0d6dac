"""Time as the regulations count it: the seat's day, and whether a step was taken on time.

A day of record is the calendar day at the seat of whoever acts (regulations.md, "How dates
are counted"): the SCO Secretariat's day is Beijing's, the BC Secretariat's Moscow's, a
delegation's its capital's. A step cannot be dated on a day that has not yet come there, and a
step with a deadline is judged on that day: on time, or late with the rule, the due day and the
day taken. A late appeal or letter is refused by its rule's own guard (``notice_on_time``:
the meeting cannot be convened); every other late step is accepted and recorded as late, since
no source makes it void (the minutes must still go out, the agenda still reach the members).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from secretariat.procedure.chairmanship import term_on
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message
from secretariat.procedure.verdicts import InputError, Verdict

ZONES_FILE = Path(__file__).with_name("zones.yaml")


@cache
def _zones() -> tuple[dict[str, str], str]:
    raw = yaml.safe_load(ZONES_FILE.read_text(encoding="utf-8"))
    zones = {str(k): str(v) for k, v in raw["zones"].items()}
    default = str(raw["default"])
    if default not in zones:
        raise ValueError(f"zones.yaml: the default {default!r} has no zone")
    for name in zones.values():
        ZoneInfo(name)  # an unknown zone fails at load, not at the first late step
    return zones, default


def zone_of(state: str | None) -> ZoneInfo:
    """The time zone of ``state``'s seat (its capital); the Secretariat's for none or another."""
    zones, default = _zones()
    return ZoneInfo(zones.get(state or "", zones[default]))


def day_at(state: str | None, instant: dt.datetime) -> dt.date:
    """The calendar day at ``state``'s seat at ``instant`` (an aware datetime)."""
    return instant.astimezone(zone_of(state)).date()


def check_not_future(state: str | None, day: dt.date, now: dt.datetime, *, what: Message) -> None:
    """Refuse a date that has not yet come at ``state``'s seat (``date_in_future``)."""
    today = day_at(state, now)
    if day > today:
        raise InputError(
            "date_in_future",
            Message("timing.date_in_future", {"what": what, "date": day, "today": today}),
        )


def check_not_before(day: dt.date, earliest: dt.date, *, what: Message, after: Message) -> None:
    """Refuse a date earlier than the fact it depends on (``date_before_dependency``)."""
    if day < earliest:
        raise InputError(
            "date_before_dependency",
            Message(
                "timing.date_before_dependency",
                {"what": what, "date": day, "after": after, "earliest": earliest},
            ),
        )


def check_timing(book: Rulebook, rule_id: str, *, due: dt.date, taken_on: dt.date) -> Verdict:
    """Whether a step of ``rule_id`` taken on ``taken_on`` kept its latest day ``due``.

    A late step is accepted (``ok``) with outcome ``late`` and a warning that it is recorded as
    late, citing the rule with its due day and the day taken.
    """
    rule = book.rule(rule_id)
    action = rule.step.action if rule.step else rule.wording
    facts = {"rule": rule_id, "due": due.isoformat(), "taken_on": taken_on.isoformat()}
    params = {"action": action, "rule": rule_id, "due": due, "taken_on": taken_on}
    if taken_on <= due:
        return Verdict(
            check="timing",
            outcome="on_time",
            ok=True,
            summary=Message("timing.on_time", params),
            facts=facts,
            rules=(rule_id,),
        )
    days = (taken_on - due).days
    return Verdict(
        check="timing",
        outcome="late",
        ok=True,
        summary=Message("timing.late", {**params, "days": days}),
        facts={**facts, "days_late": days},
        rules=(rule_id,),
    )


def overdue(due: dt.date, today: dt.date) -> bool:
    """Whether a step still open on ``today`` (the actor's seat's day) is past its latest day."""
    return today > due


def actor_state(book: Rulebook, reference: ReferenceData, actor: str, *, on: dt.date) -> str | None:
    """The state whose seat's day counts for ``actor`` (actors.yaml ``seat_of``): a seat body's
    state, the state chairing the SCO on ``on`` for ``sco_chair``; None where several act."""
    found = book.actors.get(actor)
    if found is None or found.seat_of is None:
        return None
    if found.seat_of == "sco_chair":
        try:
            return term_on(reference, on).state
        except InputError:
            return None
    return reference.seat_of(found.seat_of)
