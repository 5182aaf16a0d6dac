"""Plans taken through the services: a general plan (drawn up or approved with three items), a
body's work plan, items, the officers who act on them and the meetings they point at."""

from __future__ import annotations

import datetime as dt

from secretariat.accounts.models import User
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import meeting_plan
from secretariat.plans import services
from secretariat.plans.models import Plan
from secretariat.registry.models import Body
from tests.factories.accounts import user_get_or_create


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def officer() -> User:
    """The SCO Secretariat's officer ``sco-officer`` (the same one if already made)."""
    return user_get_or_create("sco-officer", "secretariat_officer", "sco-secretariat")


def bc_officer() -> User:
    """The Business Council Secretariat's officer ``bc-officer`` (the same one if already made)."""
    return user_get_or_create("bc-officer", "bc_secretariat_officer", "bc-secretariat")


def meeting(body: str, start: dt.date) -> Meeting:
    """A regular meeting of ``body`` (the Board's or the SCO kind) planned from ``start``."""
    kind = "bcb-regular" if body == "bcb" else "sco-meeting"
    return meeting_plan(body=Body.objects.get(code=body), kind=kind, start=start).meeting


def general(start: str = "2025-01-01", *, by: User | None = None) -> Plan:
    """A general plan from ``start`` (an ISO date), drawn up, with no items."""
    return services.plan_create(
        kind="general",
        title={"en": f"General plan from {start}", "ru": "Общий план", "zh": "总体计划"},
        start=_day(start),
        by=by,
    )


def body_plan(body: str = "rats", start: str = "2026-01-01", end: str = "2026-12-31") -> Plan:
    """The work plan of ``body`` from ``start`` to ``end`` (ISO dates)."""
    return services.plan_create(
        kind="body",
        title={"en": f"Work plan of {body}"},
        body=Body.objects.get(code=body),
        start=_day(start),
        end=_day(end),
    )


def add_item(plan: Plan, title: str, planned_on: str | dt.date, **kwargs: object) -> object:
    """An item of ``plan`` titled ``title`` in three languages, planned on ``planned_on``; the
    responsible body is ``body=`` (the Secretariat by default), other fields pass through."""
    day = planned_on if isinstance(planned_on, dt.date) else _day(planned_on)
    return services.item_add(
        plan=plan,
        title={"en": title, "ru": f"{title} (ru)", "zh": f"{title}（zh）"},
        body=Body.objects.get(code=str(kwargs.pop("body", "secretariat"))),
        planned_on=day,
        **kwargs,  # type: ignore[arg-type]
    )


def approved_general(start: str = "2025-01-01") -> Plan:
    """A general plan with RATS's part recorded, submitted and approved, with three items."""
    plan = general(start)
    first = _day(start)
    for n, title in enumerate(("Consultations", "Conference", "Report")):
        add_item(plan, title, first + dt.timedelta(days=30 * (n + 1)))
    services.plan_record_rats(plan=plan, participated_on=first - dt.timedelta(days=20), text="x")
    services.plan_submit(plan=plan, submitted_on=first - dt.timedelta(days=10))
    services.plan_approve(plan=plan, approved_on=first - dt.timedelta(days=5))
    plan.refresh_from_db()
    return plan
