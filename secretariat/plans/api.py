"""JSON API of the plans app, mounted at /api/plans/: the general plan (SEC-PLAN-6M), the work
plans of the bodies (SEC-WORKPLANS) and the Board's (BCB-BUSINESS), their items, and planned
against done."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Schema, Status

from secretariat.accounts.models import User
from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError
from secretariat.core.lookup import found_or_404
from secretariat.core.schemas import Day, ErrorOut, columns
from secretariat.decisions.models import Decision
from secretariat.decisions.selectors import decisions_visible
from secretariat.meetings.models import Meeting
from secretariat.meetings.selectors import meetings_visible
from secretariat.plans import selectors, services
from secretariat.plans.models import Plan, PlanItem
from secretariat.plans.schemas import PlanOut, PlansProgressOut, PlanSummaryOut
from secretariat.registry.models import Body

router = ActionRouter(tags=["plans"])


@columns(Plan)
class PlanIn(Schema):
    kind: str = Field(
        description="general (SEC-PLAN-6M), body (SEC-WORKPLANS) or board (BCB-BUSINESS)"
    )
    title_ru: str = ""
    title_zh: str = ""
    title_en: str = Field("", description="At least one of the three titles is required.")
    start: Day | None = Field(None, description="General and body plans: the first day.")
    end: Day | None = Field(
        None, description="Body plans; the Board's when its next meeting is not planned yet."
    )
    body: str | None = Field(None, description="Body plans: the body's code (rats).")
    meeting: int | None = Field(None, description="Board: the meeting that approves the plan.")
    next_meeting: int | None = Field(None, description="Board: its next meeting.")


class PlanVersionIn(Schema):
    expected_version: int | None = None


class RatsIn(PlanVersionIn):
    participated_on: Day
    text: str = Field("", description="In one language (its script tells which), or:")
    text_ru: str = ""
    text_zh: str = ""
    text_en: str = ""


class SubmitIn(PlanVersionIn):
    submitted_on: Day | None = None


class ApproveIn(PlanVersionIn):
    approved_on: Day | None = None
    meeting: int | None = Field(None, description="The approving meeting (the CNC's).")
    decision: int | None = Field(None, description="The approving decision's id.")


class ReturnIn(PlanVersionIn):
    remarks: str = Field("", description="In one language (its script tells which), or:")
    remarks_ru: str = ""
    remarks_zh: str = ""
    remarks_en: str = ""
    returned_on: Day | None = None


class NextMeetingIn(PlanVersionIn):
    next_meeting: int


@columns(PlanItem)
class ItemIn(PlanVersionIn):
    title_ru: str = ""
    title_zh: str = ""
    title_en: str = Field("", description="At least one of the three titles is required.")
    body: str = Field(min_length=1, description="The responsible body's code.")
    planned_on: Day = Field(description="The day, or any day of the month when month_only.")
    month_only: bool = False
    areas: list[str] = Field(default_factory=list, description="STRAT-AREAS codes.")
    meetings: list[int] = Field(default_factory=list)
    decisions: list[int] = Field(default_factory=list)


class DoneIn(PlanVersionIn):
    done_on: Day | None = None
    meeting: int | None = None
    decision: int | None = None


class CarryIn(PlanVersionIn):
    note: str = Field("", description="In one language (its script tells which), or:")
    note_ru: str = ""
    note_zh: str = ""
    note_en: str = ""
    into: int | None = Field(None, description="The later plan the item continues in.")
    planned_on: Day | None = None


def _given(payload: Schema, field: str) -> str | dict[str, str]:
    """``field`` as the caller gave it: in its three languages, or as one text."""
    versions = {lang: str(getattr(payload, f"{field}_{lang}")) for lang in ("en", "ru", "zh")}
    return versions if any(v.strip() for v in versions.values()) else str(getattr(payload, field))


CHANGED = {201: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _missing(value: object) -> NotFoundError:
    return NotFoundError(
        translation.gettext_lazy("There is no such meeting, decision or body: %(value)s."),
        value=value,
    )


def _meeting(user: User, pk: int | None) -> Meeting | None:
    if pk is None:
        return None
    found = meetings_visible(user).select_related("body").filter(pk=pk).first()
    if found is None:
        raise _missing(pk)
    return found


def _decision(user: User, pk: int | None) -> Decision | None:
    if pk is None:
        return None
    found = decisions_visible(user).filter(pk=pk).first()
    if found is None:
        raise _missing(pk)
    return found


def _body(code: str | None) -> Body | None:
    if not code:
        return None
    found = Body.objects.filter(code=code).first()
    if found is None:
        raise _missing(code)
    return found


def _plan(user: User, plan_id: int) -> Plan:
    return selectors.plan_of(user, plan_id)


def _item(plan: Plan, item_id: int) -> PlanItem:
    found = found_or_404(
        PlanItem.objects.select_related("plan"),
        translation.gettext_lazy("There is no such item."),
        pk=item_id,
        plan=plan,
    )
    return found


def _out(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return selectors.plan_out(selectors.plan_of(user, plan_id))


@router.read("/", action="plans.view", response=list[PlanSummaryOut], summary="Plans")
def plans_list(request: HttpRequest, kind: str = "", body: str = "") -> list[dict[str, Any]]:
    """Plans, latest period first (filters: kind, the body's code), each with planned vs done."""
    user = me(request)
    found = selectors.plans_visible(user)
    if kind:
        found = found.filter(kind=kind)
    if body:
        found = found.filter(body__code=body)
    with translation.override(user.language):
        return [
            {
                **selectors.plan_summary(p),
                "fulfilment": selectors.rendered(selectors.plan_verdict(p)),
            }
            for p in selectors.with_items(found[:500])
        ]


@router.read(
    "/progress",
    action="plans.view",
    response=PlansProgressOut,
    summary="Planned against done, over all plans",
)
def plans_progress(request: HttpRequest) -> dict[str, Any]:
    """Each plan's counts and percentages, the overdue items, and the same over all plans."""
    user = me(request)
    with translation.override(user.language):
        plans = list(selectors.with_items(selectors.plans_visible(user)[:500]))
        return {
            "overall": selectors.rendered(selectors.overall_verdict(plans)),
            "plans": [
                {
                    "id": p.pk,
                    "title": p.title,
                    "kind": p.kind,
                    "fulfilment": selectors.rendered(selectors.plan_verdict(p)),
                }
                for p in plans
            ],
        }


@router.create("/", action="plans.manage", response=CHANGED, summary="Draw up a plan")
def plans_create(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    """The general plan for six months, a body's work plan, or the Board's until its next
    meeting."""
    user = me(request)
    plan = services.plan_create(
        kind=payload.kind,
        title={"en": payload.title_en, "ru": payload.title_ru, "zh": payload.title_zh},
        start=payload.start,
        end=payload.end,
        body=_body(payload.body),
        meeting=_meeting(user, payload.meeting),
        next_meeting=_meeting(user, payload.next_meeting),
        by=user,
    )
    return Status(201, _out(request, plan.pk))


@router.read(
    "/{plan_id}", action="plans.view", response={200: PlanOut, 404: ErrorOut}, summary="A plan"
)
def plans_detail(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """The plan, its items with where each stands, and planned against done."""
    return _out(request, plan_id)


@router.create(
    "/{plan_id}/rats", action="plans.manage", response=CHANGED, summary="Record RATS's part"
)
def plans_rats(request: HttpRequest, plan_id: int, payload: RatsIn) -> Status[dict[str, Any]]:
    """How RATS took part in drawing up the general plan (SEC-PLAN-6M)."""
    user = me(request)
    services.plan_record_rats(
        plan=_plan(user, plan_id),
        participated_on=payload.participated_on,
        text=_given(payload, "text"),
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, plan_id))


@router.create("/{plan_id}/submit", action="plans.manage", response=CHANGED, summary="Submit")
def plans_submit(request: HttpRequest, plan_id: int, payload: SubmitIn) -> Status[dict[str, Any]]:
    """Submit the plan for approval (a body's to the CNC, SEC-WORKPLANS)."""
    user = me(request)
    services.plan_submit(
        plan=_plan(user, plan_id),
        submitted_on=payload.submitted_on,
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, plan_id))


@router.create("/{plan_id}/approve", action="plans.manage", response=CHANGED, summary="Approve")
def plans_approve(request: HttpRequest, plan_id: int, payload: ApproveIn) -> Status[dict[str, Any]]:
    """Record the approval, with the approving meeting and decision."""
    user = me(request)
    services.plan_approve(
        plan=_plan(user, plan_id),
        approved_on=payload.approved_on,
        meeting=_meeting(user, payload.meeting),
        decision=_decision(user, payload.decision),
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, plan_id))


@router.create(
    "/{plan_id}/return", action="plans.manage", response=CHANGED, summary="Return with remarks"
)
def plans_return(request: HttpRequest, plan_id: int, payload: ReturnIn) -> Status[dict[str, Any]]:
    """The CNC returns the submitted plan with remarks (SEC-WORKPLANS)."""
    user = me(request)
    services.plan_return(
        plan=_plan(user, plan_id),
        remarks=_given(payload, "remarks"),
        returned_on=payload.returned_on,
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, plan_id))


@router.create(
    "/{plan_id}/next-meeting",
    action="plans.manage",
    response=CHANGED,
    summary="The Board's next meeting",
)
def plans_next_meeting(
    request: HttpRequest, plan_id: int, payload: NextMeetingIn
) -> Status[dict[str, Any]]:
    """The Board's work plan ends the day before its next meeting (BCB-BUSINESS)."""
    user = me(request)
    next_meeting = _meeting(user, payload.next_meeting)
    assert next_meeting is not None  # noqa: S101  # the field is required
    services.plan_link_next_meeting(
        plan=_plan(user, plan_id),
        next_meeting=next_meeting,
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, plan_id))


@router.create("/{plan_id}/items", action="plans.manage", response=CHANGED, summary="Add an item")
def plans_item_add(request: HttpRequest, plan_id: int, payload: ItemIn) -> Status[dict[str, Any]]:
    """An item: what, the body responsible, when, and the meetings, decisions and areas."""
    user = me(request)
    body = _body(payload.body)
    assert body is not None  # noqa: S101  # the field is required
    services.item_add(
        plan=_plan(user, plan_id),
        title={"en": payload.title_en, "ru": payload.title_ru, "zh": payload.title_zh},
        body=body,
        planned_on=payload.planned_on,
        month_only=payload.month_only,
        areas=payload.areas,
        meetings=[m for m in (_meeting(user, pk) for pk in payload.meetings) if m],
        decisions=[x for x in (_decision(user, pk) for pk in payload.decisions) if x],
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, plan_id))


@router.create(
    "/{plan_id}/items/{item_id}/done",
    action="plans.manage",
    response=CHANGED,
    summary="Mark an item done",
)
def plans_item_done(
    request: HttpRequest, plan_id: int, item_id: int, payload: DoneIn
) -> Status[dict[str, Any]]:
    """Done on a day, by the meeting or decision that did it."""
    user = me(request)
    services.item_mark_done(
        item=_item(_plan(user, plan_id), item_id),
        done_on=payload.done_on,
        meeting=_meeting(user, payload.meeting),
        decision=_decision(user, payload.decision),
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, plan_id))


@router.create(
    "/{plan_id}/items/{item_id}/carry-over",
    action="plans.manage",
    response=CHANGED,
    summary="Carry an item over",
)
def plans_item_carry_over(
    request: HttpRequest, plan_id: int, item_id: int, payload: CarryIn
) -> Status[dict[str, Any]]:
    """Carried over, with the reason; into a later plan of the same kind and body, if given."""
    user = me(request)
    into = _plan(user, payload.into) if payload.into is not None else None
    services.item_carry_over(
        item=_item(_plan(user, plan_id), item_id),
        note=_given(payload, "note"),
        into=into,
        planned_on=payload.planned_on,
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, _out(request, plan_id))
