"""Plans of the Organisation: which body holds each kind of plan and which body's meeting
approves it (the ``plans`` section of ``regulations/workflows.yaml``), the six-month period of
the general plan (SEC-PLAN-6M) and the planned-against-done verdict of any plan (SEC-PLAN-6M,
SEC-WORKPLANS, BCB-BUSINESS).

Pure Python: the plans app passes plain values in and persists or shows what comes out. It
asks ``plan_kind(book, kind)`` for a kind's rule, holder and approver; no app names a body's
code or picks a plan's rule id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta

from secretariat.procedure.reference import ReferenceData, load_reference_file
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, Text
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.procedure.workflows import WORKFLOWS_FILE, WorkflowError

#: The kinds of plan the data describes (plans.PlanKind's values); each has one entry.
PLAN_KINDS = ("general", "body", "board")


@dataclass(frozen=True, slots=True)
class PlanSpec:
    """One kind of plan as the regulations describe it."""

    kind: str
    #: The rule the kind of plan comes from, cited by every verdict and refusal about it.
    rule: str
    #: The code of the body whose plan it is; ``None``: any body of the Organisation, that
    #: is, of none of the kinds in ``not_held_by``.
    holder: str | None
    #: With no single holder: the kinds of body (registry.BodyKind's values) that are not
    #: the Organisation's own and hold no plan of this kind.
    not_held_by: frozenset[str]
    #: The code of the body whose meeting approves the plan; ``None``: the rule names none.
    approver: str | None

    def may_be_held_by(self, code: str, kind: str) -> bool:
        """Whether the body ``code`` (of the kind of body ``kind``) may hold such a plan."""
        if self.holder is not None:
            return code == self.holder
        return kind not in self.not_held_by

    def approved_at(self, code: str) -> bool:
        """Whether a meeting of the body ``code`` may approve such a plan (any meeting, when
        the rule names no approving body)."""
        return self.approver is None or code == self.approver


@dataclass(frozen=True, slots=True)
class PlanSpecs:
    kinds: Mapping[str, PlanSpec]

    def of(self, kind: str) -> PlanSpec:
        found = self.kinds.get(kind)
        if found is None:
            raise InputError(
                "plans_unknown_kind",
                Message("plans.unknown_kind", {"value": kind}),
            )
        return found


def _body(value: Any, bodies: Mapping[str, Any], where: str) -> str:
    if not isinstance(value, str) or value not in bodies:
        raise WorkflowError(f"{where}: unknown body {value!r} (not a body of the reference data)")
    return value


def _plan_spec(kind: str, raw: Any, book: Rulebook, reference: ReferenceData) -> PlanSpec:
    where = f"workflows.yaml: plans: {kind}"
    if not isinstance(raw, Mapping):
        raise WorkflowError(f"{where}: expected rule, holder and approver, got {raw!r}")
    rule = raw.get("rule")
    if not isinstance(rule, str) or rule not in book:
        raise WorkflowError(f"{where}: rule: unknown rule {rule!r}")
    holder_raw = raw.get("holder")
    holder: str | None = None
    not_held_by: frozenset[str] = frozenset()
    if isinstance(holder_raw, Mapping) and set(holder_raw) == {"any_body_except"}:
        known = {b.kind for b in reference.bodies.values()}
        excluded = holder_raw["any_body_except"]
        if not isinstance(excluded, list):
            raise WorkflowError(f"{where}: holder: any_body_except: expected a list of kinds")
        unknown = sorted(str(k) for k in excluded if k not in known)
        if unknown:
            raise WorkflowError(
                f"{where}: holder: any_body_except: unknown kind of body {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})"
            )
        not_held_by = frozenset(str(k) for k in excluded)
    else:
        holder = _body(holder_raw, reference.bodies, f"{where}: holder")
    if "approver" not in raw:
        raise WorkflowError(f"{where}: approver: a body code, or null when the rule names none")
    approver_raw = raw["approver"]
    approver = (
        None
        if approver_raw is None
        else _body(approver_raw, reference.bodies, f"{where}: approver")
    )
    return PlanSpec(kind, rule, holder, not_held_by, approver)


def load_plan_specs(
    book: Rulebook, path: Path = WORKFLOWS_FILE, reference: ReferenceData | None = None
) -> PlanSpecs:
    """Read the ``plans`` section: one entry per kind of plan, its rule in ``book``, its
    bodies among those of ``reference`` (the shipped reference data by default)."""
    reference = reference or load_reference_file()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = raw.get("plans") or {}
    unknown = sorted(str(k) for k in entries if k not in PLAN_KINDS)
    if unknown:
        raise WorkflowError(
            f"workflows.yaml: plans: unknown kind of plan {', '.join(unknown)} "
            f"(known: {', '.join(PLAN_KINDS)})"
        )
    missing = [k for k in PLAN_KINDS if k not in entries]
    if missing:
        raise WorkflowError(f"workflows.yaml: plans: no entry for {', '.join(missing)}")
    return PlanSpecs(
        {kind: _plan_spec(kind, entries[kind], book, reference) for kind in PLAN_KINDS}
    )


@cache
def plan_specs(book: Rulebook) -> PlanSpecs:
    """The project's kinds of plan, checked against ``book``, loaded once per rulebook."""
    return load_plan_specs(book)


def plan_kind(book: Rulebook, kind: str) -> PlanSpec:
    """What the regulations say of plans of ``kind``: rule, holder, approver."""
    return plan_specs(book).of(kind)


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
