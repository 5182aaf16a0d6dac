"""Plans of the Organisation: the six-month period of the general plan (SEC-PLAN-6M) and the
planned-against-done verdict of any plan (SEC-PLAN-6M, SEC-WORKPLANS, BCB-BUSINESS).

Pure Python: the plans app passes plain values in and persists or shows what comes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, Text
from secretariat.procedure.verdicts import Verdict

#: The rule each kind of plan comes from.
PLAN_RULES = {
    "general": "SEC-PLAN-6M",
    "body": "SEC-WORKPLANS",
    "board": "BCB-BUSINESS",
}

#: Where an item stands.
PLANNED, DONE, CARRIED_OVER = "planned", "done", "carried_over"


def general_plan_end(start: dt.date, book: Rulebook) -> dt.date:
    """The last day of a general plan starting on ``start``: the day before the same day
    ``months`` (SEC-PLAN-6M) later; a missing day is clamped to the month's end."""
    months = int(book.rule("SEC-PLAN-6M").param("months"))
    return start + relativedelta(months=months) - dt.timedelta(days=1)


def general_plan_period(start: dt.date, end: dt.date, book: Rulebook) -> Verdict:
    """Whether ``start``..``end`` is the six months a general plan covers (SEC-PLAN-6M)."""
    expected = general_plan_end(start, book)
    months = int(book.rule("SEC-PLAN-6M").param("months"))
    facts = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "expected_end": expected.isoformat(),
        "months": months,
    }
    if end == expected:
        summary = Message("plans.period.six_months", {"start": start, "end": end})
        return Verdict("plan_period", "six_months", True, summary, facts, ("SEC-PLAN-6M",))
    summary = Message(
        "plans.period.not_six_months",
        {"start": start, "end": end, "expected": expected, "months": months},
    )
    return Verdict("plan_period", "not_six_months", False, summary, facts, ("SEC-PLAN-6M",))


def month_end(day: dt.date) -> dt.date:
    return day + relativedelta(day=31)


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What the verdict needs to know of one plan item."""

    id: int
    title: Text
    #: The planned day, or the first day of the planned month when ``month_only``.
    planned_on: dt.date
    month_only: bool
    status: str
    done_on: dt.date | None = None

    @property
    def due(self) -> dt.date:
        """The last day the item is on time: the planned day, or the planned month's end."""
        return month_end(self.planned_on) if self.month_only else self.planned_on

    def state(self, today: dt.date) -> str:
        """done, carried_over, overdue or planned."""
        if self.status in (DONE, CARRIED_OVER):
            return self.status
        return "overdue" if self.due < today else PLANNED


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def fulfilment(items: Sequence[ItemFacts], today: dt.date, rules: Iterable[str] = ()) -> Verdict:
    """Planned against done: counts and percentages per state, and each overdue item named."""
    states = {item.id: item.state(today) for item in items}
    total = len(items)
    counts = {
        state: sum(1 for s in states.values() if s == state)
        for state in (DONE, CARRIED_OVER, "overdue", PLANNED)
    }
    overdue = sorted((i for i in items if states[i.id] == "overdue"), key=lambda i: i.due)
    facts = {
        "today": today.isoformat(),
        "total": total,
        "done": counts[DONE],
        "carried_over": counts[CARRIED_OVER],
        "overdue": counts["overdue"],
        "planned": counts[PLANNED],
        "percent_done": _percent(counts[DONE], total),
        "percent_carried_over": _percent(counts[CARRIED_OVER], total),
        "percent_overdue": _percent(counts["overdue"], total),
        "percent_planned": _percent(counts[PLANNED], total),
        "overdue_items": [i.id for i in overdue],
        "states": {str(k): v for k, v in states.items()},
    }
    params = {
        "total": total,
        "done": counts[DONE],
        "carried": counts[CARRIED_OVER],
        "overdue": counts["overdue"],
        "percent_done": facts["percent_done"],
        "percent_overdue": facts["percent_overdue"],
    }
    if not total:
        outcome = "empty"
    elif counts[DONE] == total:
        outcome = "all_done"
    elif counts["overdue"]:
        outcome = "behind"
    else:
        outcome = "on_track"
    warnings = tuple(
        Message(
            "plans.fulfilment.overdue_item",
            {"title": i.title, "due": i.due, "days": (today - i.due).days},
        )
        for i in overdue
    )
    return Verdict(
        "plan_fulfilment",
        outcome,
        outcome != "behind",
        Message(f"plans.fulfilment.{outcome}", params),
        facts,
        tuple(dict.fromkeys(rules)),
        warnings,
    )
