"""Shared data of the plans tests: meetings, users and a plan with items, made through the
services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import meeting_plan
from secretariat.plans import services
from secretariat.plans.models import Plan
from secretariat.registry.models import Body
from tests.factories.accounts import user_get_or_create as user


def today() -> dt.date:
    return timezone.localdate()


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def officer() -> User:
    return user("sco-officer", "secretariat_officer", "sco-secretariat")


def bc_officer() -> User:
    return user("bc-officer", "bc_secretariat_officer", "bc-secretariat")


def meeting(body: str, start: dt.date) -> Meeting:
    kind = "bcb-regular" if body == "bcb" else "sco-meeting"
    return meeting_plan(body=Body.objects.get(code=body), kind=kind, start=start).meeting


def general(start: str = "2025-01-01", *, by: User | None = None) -> Plan:
    return services.plan_create(
        kind="general",
        title={"en": f"General plan from {start}", "ru": "Общий план", "zh": "总体计划"},
        start=d(start),
        by=by,
    )


def body_plan(body: str = "rats", start: str = "2026-01-01", end: str = "2026-12-31") -> Plan:
    return services.plan_create(
        kind="body",
        title={"en": f"Work plan of {body}"},
        body=Body.objects.get(code=body),
        start=d(start),
        end=d(end),
    )


def add_item(plan: Plan, title: str, planned_on: str | dt.date, **kwargs: object) -> object:
    day = planned_on if isinstance(planned_on, dt.date) else d(planned_on)
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
    first = d(start)
    for n, title in enumerate(("Consultations", "Conference", "Report")):
        add_item(plan, title, first + dt.timedelta(days=30 * (n + 1)))
    services.plan_record_rats(plan=plan, participated_on=first - dt.timedelta(days=20), text="x")
    services.plan_submit(plan=plan, submitted_on=first - dt.timedelta(days=10))
    services.plan_approve(plan=plan, approved_on=first - dt.timedelta(days=5))
    plan.refresh_from_db()
    return plan
