"""Reads of the decisions app: decisions with their progress, and the oversight dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.accounts.models import User
from secretariat.core.errors import NotFoundError
from secretariat.decisions.models import Decision, ProgressReport, Responsible, Task, TaskStatus

#: Days ahead in which an open task counts as "due soon" on the dashboard.
DUE_SOON_DAYS = 30
_CLOSED = (TaskStatus.DONE, TaskStatus.CANCELLED)


def decisions_visible(user: User | None) -> QuerySet[Decision]:
    """Decisions ``user`` may see: all for a role with decisions.view, else the public ones."""
    found = Decision.objects.select_related("body", "meeting", "agenda_item", "document")
    if user is not None and user.is_active and user.can("decisions.view"):
        return found
    return found.filter(is_public=True)


def with_tasks(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """``decisions`` with their tasks, who answers for each and the reports, in three queries."""
    reports = ProgressReport.objects.order_by("reported_on", "pk")
    tasks = Task.objects.select_related("responsible_body", "responsible_state").prefetch_related(
        Prefetch("reports", queryset=reports)
    )
    return decisions.prefetch_related(Prefetch("tasks", queryset=tasks))


def decision_of(user: User | None, decision_id: int) -> Decision:
    found = with_tasks(decisions_visible(user).filter(pk=decision_id)).first()
    if found is None:
        raise NotFoundError(_("There is no such decision."), code="not_found")
    return found


def progress(tasks: list[Task]) -> int | None:
    """A decision's progress: the mean of its tasks' percentages (cancelled ones left out)."""
    counted = [t.percent for t in tasks if t.status != TaskStatus.CANCELLED]
    if not counted:
        return None
    return round(sum(counted) / len(counted))


def task_state(task: Task, today: dt.date) -> str:
    """done, cancelled, overdue, due_soon or on_track."""
    if task.status in _CLOSED:
        return str(task.status)
    if task.due_on < today:
        return "overdue"
    if task.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "on_track"


def responsible_name(task: Task) -> str:
    if task.responsible == Responsible.BODY and task.responsible_body is not None:
        return task.responsible_body.name
    if task.responsible == Responsible.MEMBER_STATE and task.responsible_state is not None:
        return task.responsible_state.name
    return str(task.get_responsible_display())


@dataclass
class DashboardGroup:
    """Open tasks of one responsible (a body, a state, the Secretariat) or one deciding body."""

    key: str
    name: str
    overdue: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)
    open: int = 0


@dataclass
class Dashboard:
    today: dt.date
    overdue: int
    due_soon: int
    by_body: list[DashboardGroup]
    by_responsible: list[DashboardGroup]


def dashboard(user: User | None, today: dt.date | None = None) -> Dashboard:
    """What is overdue and due soon, per deciding body and per responsible party."""
    today = today or timezone.localdate()
    visible = decisions_visible(user).values("pk")
    tasks = list(
        Task.objects.filter(decision__in=visible)
        .exclude(status__in=_CLOSED)
        .select_related("decision__body", "responsible_body", "responsible_state")
        .prefetch_related("reports")
        .order_by("due_on", "pk")
    )
    by_body: dict[str, DashboardGroup] = {}
    by_responsible: dict[str, DashboardGroup] = {}
    overdue = due_soon = 0
    for task in tasks:
        state = task_state(task, today)
        body = task.decision.body
        key = (
            f"state:{task.responsible_state.code}"
            if task.responsible_state is not None
            else f"body:{task.responsible_body.code}"
            if task.responsible_body is not None
            else "secretariat"
        )
        for groups, group_key, name in (
            (by_body, body.code, body.name),
            (by_responsible, key, responsible_name(task)),
        ):
            group = groups.setdefault(group_key, DashboardGroup(group_key, name))
            group.open += 1
            if state == "overdue":
                group.overdue.append(task)
            elif state == "due_soon":
                group.due_soon.append(task)
        overdue += state == "overdue"
        due_soon += state == "due_soon"

    def ordered(groups: dict[str, DashboardGroup]) -> list[DashboardGroup]:
        return sorted(groups.values(), key=lambda g: (-len(g.overdue), -len(g.due_soon), g.name))

    return Dashboard(today, overdue, due_soon, ordered(by_body), ordered(by_responsible))


def task_out(task: Task, today: dt.date) -> dict[str, Any]:
    return {
        "id": task.pk,
        "title": task.title,
        "responsible": task.responsible,
        "responsible_code": (
            task.responsible_state.code
            if task.responsible_state
            else task.responsible_body.code
            if task.responsible_body
            else "secretariat"
        ),
        "responsible_name": responsible_name(task),
        "due_on": task.due_on,
        "status": task.status,
        "status_name": task.get_status_display(),
        "state": task_state(task, today),
        "percent": task.percent,
        "done_on": task.done_on,
        "reports": [
            {
                "reported_on": r.reported_on,
                "percent": r.percent,
                "status": r.status,
                "text": r.text,
                "by": r.recorded_by.get_username() if r.recorded_by else "",
            }
            for r in task.reports.all()
        ],
    }


def state_names() -> dict[str, str]:
    """Every state's name in the active language, by code."""
    from secretariat.registry.models import State

    return {s.code: s.name for s in State.objects.all()}


def position_rows(
    positions: dict[str, str], names: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """Each member by name with its position, in the active language."""
    from secretariat.meetings.forms import POSITION_LABELS

    names = state_names() if names is None else names
    return [
        (names.get(code, code), str(POSITION_LABELS.get(position, position)))
        for code, position in sorted(positions.items(), key=lambda p: names.get(p[0], p[0]))
    ]


def decision_out(decision: Decision, *, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The decision as the API answers it; ``names``: state_names(), when showing many."""
    today = timezone.localdate()
    tasks = list(decision.tasks.all())
    return {
        "id": decision.pk,
        "number": decision.number,
        "title": decision.title,
        "body": decision.body.code,
        "body_name": decision.body.name,
        "meeting": decision.meeting_id,
        "agenda_item": decision.agenda_item.number,
        "document": decision.document_id,
        "adopted_on": decision.adopted_on,
        "areas": list(decision.areas),
        "positions": dict(decision.positions),
        "position_rows": position_rows(decision.positions, names),
        "consensus": dict(decision.consensus),
        "is_public": decision.is_public,
        "version": decision.version,
        "progress": progress(tasks),
        "tasks": [task_out(t, today) for t in tasks],
    }
