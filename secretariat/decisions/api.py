"""JSON API of the decisions app, mounted at /api/decisions/: decisions taken from meetings'
consensus, their implementation tasks and progress reports, and the oversight dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Field, Schema, Status

from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError
from secretariat.core.lookup import by_code
from secretariat.core.schemas import Day, ErrorOut, columns
from secretariat.decisions import selectors, services
from secretariat.decisions.models import Decision, ProgressReport, Task
from secretariat.decisions.schemas import DecisionRecordOut, DecisionsDashboardOut
from secretariat.documents.selectors import documents_visible
from secretariat.meetings.models import AgendaItem
from secretariat.meetings.selectors import meetings_visible
from secretariat.registry.models import Body, State

router = ActionRouter(tags=["decisions"])


@columns(Decision)
class DecisionIn(Schema):
    meeting: int
    agenda_item: int = Field(description="The number of the item the meeting adopted.")
    document: int | None = Field(None, description="The document the decision adopts.")
    areas: list[str] = Field(default_factory=list, description="STRAT-AREAS codes.")
    is_public: bool = False


@columns(Task)
class TaskIn(Schema):
    title_en: str
    title_ru: str = ""
    title_zh: str = ""
    responsible: str = Field(description="body, member_state or secretariat")
    body: str | None = Field(None, description="The responsible body's code.")
    state: str | None = Field(None, description="The responsible member state's code (KZ).")
    due_on: Day
    expected_version: int | None = None


@columns(ProgressReport)
class ReportIn(Schema):
    percent: int
    text: str
    status: str | None = Field(None, description="in_progress, done or cancelled")
    reported_on: Day | None = None
    expected_version: int | None = None


CHANGED = {201: DecisionRecordOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _out(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return selectors.decision_out(selectors.decision_of(user, decision_id))


@router.read("/", action="decisions.view", response=list[DecisionRecordOut], summary="Decisions")
def decisions_list(request: HttpRequest, body: str = "") -> list[dict[str, Any]]:
    """Decisions, latest first, each with its progress (filter: the body's code)."""
    user = me(request)
    found = selectors.decisions_visible(user)
    if body:
        found = found.filter(body__code=body)
    with translation.override(user.language):
        names = selectors.state_names()
        return [selectors.decision_out(d, names=names) for d in selectors.with_tasks(found[:500])]


@router.read(
    "/dashboard",
    action="decisions.view",
    response=DecisionsDashboardOut,
    summary="What is overdue and due soon",
)
def decisions_dashboard(request: HttpRequest) -> dict[str, Any]:
    """Open tasks overdue and due within 30 days, per deciding body and per responsible."""
    user = me(request)
    with translation.override(user.language):
        board = selectors.dashboard(user)

        def groups(found: list[selectors.DashboardGroup]) -> list[dict[str, Any]]:
            return [
                {
                    "key": g.key,
                    "name": g.name,
                    "open": g.open,
                    "overdue": [selectors.task_out(t, board.today) for t in g.overdue],
                    "due_soon": [selectors.task_out(t, board.today) for t in g.due_soon],
                }
                for g in found
            ]

        return {
            "today": board.today,
            "overdue": board.overdue,
            "due_soon": board.due_soon,
            "by_body": groups(board.by_body),
            "by_responsible": groups(board.by_responsible),
        }


@router.create("/", action="decisions.record", response=CHANGED, summary="Record a decision")
def decisions_record(request: HttpRequest, payload: DecisionIn) -> Status[dict[str, Any]]:
    """Record the decision a meeting adopted by consensus on one agenda item, numbered."""
    user = me(request)
    meeting = meetings_visible(user).filter(pk=payload.meeting).first()
    item = (
        AgendaItem.objects.filter(meeting=meeting, number=payload.agenda_item).first()
        if meeting
        else None
    )
    if item is None:
        raise NotFoundError(translation.gettext_lazy("There is no such agenda item."))
    document = None
    if payload.document is not None:
        document = documents_visible(user).filter(pk=payload.document).first()
        if document is None:
            raise NotFoundError(translation.gettext_lazy("There is no such document."))
    decision = services.decision_record(
        item=item, by=user, document=document, areas=payload.areas, is_public=payload.is_public
    )
    return Status(201, _out(request, decision.pk))


@router.read(
    "/{decision_id}",
    action="decisions.view",
    response={200: DecisionRecordOut, 404: ErrorOut},
    summary="A decision",
)
def decisions_detail(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    """The decision, every member's position, its tasks with their reports, its progress."""
    return _out(request, decision_id)


@router.create(
    "/{decision_id}/tasks", action="decisions.oversee", response=CHANGED, summary="Add a task"
)
def decisions_task_add(
    request: HttpRequest, decision_id: int, payload: TaskIn
) -> Status[dict[str, Any]]:
    """Break the decision down into a task: what, who answers for it, by when."""
    user = me(request)
    decision = selectors.decision_of(user, decision_id)
    unknown = translation.gettext_lazy("There is no such body or state.")
    body = by_code(Body, payload.body, unknown) if payload.body else None
    state = by_code(State, payload.state.upper(), unknown) if payload.state else None
    services.task_add(
        decision=decision,
        title={"en": payload.title_en, "ru": payload.title_ru, "zh": payload.title_zh},
        responsible=payload.responsible,
        body=body,
        state=state,
        due_on=payload.due_on,
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, decision_id))


@router.create(
    "/{decision_id}/tasks/{task_id}/reports",
    action="decisions.report",
    response=CHANGED,
    summary="Report progress on a task",
)
def decisions_task_report(
    request: HttpRequest, decision_id: int, task_id: int, payload: ReportIn
) -> Status[dict[str, Any]]:
    """A dated progress report: the Secretariat on any task, a member state on its own."""
    user = me(request)
    decision = selectors.decision_of(user, decision_id)
    task = Task.objects.filter(pk=task_id, decision=decision).first()
    if task is None:
        raise NotFoundError(translation.gettext_lazy("There is no such task."))
    services.task_report(
        task=task,
        percent=payload.percent,
        text=payload.text,
        status=payload.status,
        reported_on=payload.reported_on,
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, decision_id))


@router.read(
    "/{decision_id}/akn/{lang}",
    action="decisions.view",
    response={200: None, 404: ErrorOut},
    summary="The decision as Akoma Ntoso 3.0",
    openapi_extra={"responses": {200: {"description": "XML", "content": {"application/xml": {}}}}},
)
def decisions_akn(request: HttpRequest, decision_id: int, lang: str) -> HttpResponse:
    """One language expression (ru, zh, en) of the decision, as an Akoma Ntoso statement."""
    from secretariat.decisions.akn import decision_akn

    decision = selectors.decision_of(me(request), decision_id)
    return HttpResponse(decision_akn(decision, lang), content_type="application/xml; charset=utf-8")
