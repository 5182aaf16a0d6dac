"""Writes of the plans app: plans drawn up, submitted, approved or returned; their items added,
marked done or carried over (SEC-PLAN-6M, SEC-WORKPLANS, BCB-BUSINESS).

Every service runs in one transaction and locks the plan (its ``version`` is raised), so two
changes made from the same view give one success and one ``plans_stale``. Two plans of the
same lane (kind and body) never cover the same day: each plan writes one ``PlanDay`` row per
day it covers under a unique constraint, so the second of two overlapping plans saved at the
same moment fails in the database and is refused as ``plans_period_overlap``. Model writes
are audited by the audit app's signal handlers; the ``PlanDay`` rows are derived from the
plan's period (audited with it) and written in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from secretariat.accounts.models import DelegationKind, User
from secretariat.audit.services import audit_record
from secretariat.core.errors import RefusedError, refuse
from secretariat.core.in_languages import texts_given
from secretariat.core.locking import bump, lock, lock_version
from secretariat.core.translated import translated
from secretariat.decisions.models import Decision
from secretariat.documents.services import areas_valid
from secretariat.meetings.models import Meeting
from secretariat.plans.models import ItemStatus, Plan, PlanDay, PlanItem, PlanKind, PlanState
from secretariat.procedure.planning import (
    PlanSpec,
    general_plan_end,
    general_plan_period,
    plan_kind,
)
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS, Text
from secretariat.registry.models import Body

#: Plans whose items may still be changed.
OPEN_STATES = (PlanState.DRAFT, PlanState.RETURNED)


#: The states and item statuses by name, in the three languages, for the sentences.
STATE_NAMES = {
    PlanState.DRAFT: Text(en="draft", ru="проект", zh="草案"),
    PlanState.SUBMITTED: Text(
        en="submitted for approval", ru="представлен на утверждение", zh="已提交审批"
    ),
    PlanState.RETURNED: Text(
        en="returned with remarks", ru="возвращён с замечаниями", zh="附意见退回"
    ),
    PlanState.APPROVED: Text(en="approved", ru="утверждён", zh="已批准"),
}
STATUS_NAMES = {
    ItemStatus.PLANNED: Text(en="planned", ru="запланирован", zh="已列入计划"),
    ItemStatus.DONE: Text(en="done", ru="выполнен", zh="已完成"),
    ItemStatus.CARRIED_OVER: Text(en="carried over", ru="перенесён", zh="已顺延"),
}


def _wrong_state(plan: Plan, step: str, rules: Sequence[str] = ()) -> RefusedError:
    return refuse(
        "plans_wrong_state",
        f"plans.wrong_state.{step}",
        rules,
        status=409,
        state=STATE_NAMES[PlanState(plan.state)],
    )


def _title(plan: Plan | PlanItem) -> Text:
    """The title for a message in each language: where a language is missing, the text
    given in another (the message names the plan; it does not translate it)."""
    return Text(**{lang: str(translated(plan, "title", lang) or "") for lang in LANGS})


def _texts(field: str, value: str | Mapping[str, str]) -> dict[str, str]:
    """``field``'s three columns from the versions given (one text: in its script's
    language)."""
    return {f"{field}_{lang}": text for lang, text in texts_given(value).items()}


def may_manage(user: User | None, kind: str) -> bool:
    """Whether ``user`` draws up plans of ``kind``: the Secretariat any, the Business
    Council's Secretariat the Board's work plan only."""
    if user is None:
        return True  # the command line and the services' own callers
    if not user.can("plans.manage"):
        return False
    delegation = user.delegation
    if delegation is not None and delegation.kind == DelegationKind.BC_SECRETARIAT:
        return kind == PlanKind.BOARD
    return True


def _spec(kind: str) -> PlanSpec:
    """What the regulations say of plans of ``kind`` (workflows.yaml: plans): the rule, the
    body holding it, the body whose meeting approves it."""
    return plan_kind(rulebook(), kind)


def _guard(by: User | None, kind: str) -> None:
    if not may_manage(by, kind):
        raise refuse("plans_not_yours", "plans.not_yours", (_spec(kind).rule,), status=403)


def _text(title: Mapping[str, str]) -> dict[str, str]:
    """The title's three columns; at least one language is required, any of them."""
    titles = _texts("title", title)
    if not any(titles.values()):
        raise refuse("plans_title_required", "plans.title_required")
    return titles


def _holder(spec: PlanSpec) -> Body:
    """The body holding every plan of ``spec``'s kind."""
    return Body.objects.get(code=spec.holder)


def _board_meeting(meeting: Meeting | None, *, following: bool = False) -> Meeting:
    """A meeting of the body approving the Board's plan (BCB-BUSINESS): the one that approves
    it, or (``following``) the next one, the day before which the plan ends."""
    spec = _spec(PlanKind.BOARD)
    if meeting is None or not spec.approved_at(meeting.body.code):
        code = "plans_next_not_board_meeting" if following else "plans_not_board_meeting"
        raise refuse(code, "plans." + code.removeprefix("plans_"), (spec.rule,))
    return meeting


def _occupy(plan: Plan) -> None:
    """Write the days ``plan`` covers; refuse when a plan of its lane covers one of them."""
    wanted = {plan.start + dt.timedelta(days=n) for n in range((plan.end - plan.start).days + 1)}
    held = set(PlanDay.objects.filter(plan=plan).values_list("day", flat=True))
    if held - wanted:
        PlanDay.objects.filter(plan=plan, day__in=held - wanted).delete()  # recorded one by one
    days = [
        PlanDay(plan=plan, kind=plan.kind, body=plan.body, day=d) for d in sorted(wanted - held)
    ]
    try:
        with transaction.atomic():
            PlanDay.objects.bulk_create(days)
            # bulk_create sends no signal: one entry records the days taken.
            audit_record(
                action="plans.days",
                model=PlanDay,
                object_id=plan.pk,
                object_repr=str(plan)[:200],
                after={
                    "plan": plan.pk,
                    "first": min(wanted),
                    "last": max(wanted),
                    "added": len(days),
                },
            )
    except IntegrityError:
        other = (
            Plan.objects.filter(
                kind=plan.kind, body=plan.body, start__lte=plan.end, end__gte=plan.start
            )
            .exclude(pk=plan.pk)
            .order_by("start")
            .first()
        )
        raise refuse(
            "plans_period_overlap",
            "plans.period_overlap",
            (plan.rule_id,),
            status=409,
            start=plan.start,
            end=plan.end,
            other=_title(other) if other else "",
            other_start=other.start if other else "",
            other_end=other.end if other else "",
        ) from None


@transaction.atomic
def plan_create(
    *,
    kind: str,
    title: Mapping[str, str],
    start: dt.date | None = None,
    end: dt.date | None = None,
    body: Body | None = None,
    meeting: Meeting | None = None,
    next_meeting: Meeting | None = None,
    by: User | None = None,
) -> Plan:
    """Draw up a plan: the general plan for six months from ``start`` (SEC-PLAN-6M), a body's
    work plan for ``start``..``end`` (SEC-WORKPLANS), or the Board's work plan from the
    ``meeting`` that approves it until the ``next_meeting`` (or ``end``) (BCB-BUSINESS)."""
    if kind not in PlanKind.values:
        raise refuse("plans_unknown_kind", "plans.unknown_kind", value=kind)
    _guard(by, kind)
    titles = _text(title)
    spec = _spec(kind)
    rule = spec.rule
    if kind == PlanKind.GENERAL:
        if start is None:
            raise refuse("plans_start_required", "plans.start_required", (rule,))
        book = rulebook()
        end = end or general_plan_end(start, book)
        verdict = general_plan_period(start, end, book)
        if not verdict.ok:
            raise refuse(
                "plans_period_not_six_months",
                verdict.summary.code,
                verdict.rules,
                start=start,
                end=end,
                expected=verdict.facts["expected_end"],
                months=verdict.facts["months"],
            )
        body = _holder(spec)
    elif kind == PlanKind.BODY:
        if body is None:
            raise refuse("plans_body_required", "plans.body_required", (rule,))
        if not spec.may_be_held_by(body.code, body.kind):
            raise refuse(
                "plans_not_an_sco_body", "plans.not_an_sco_body", (rule,), body=body.name_en
            )
        if start is None or end is None:
            raise refuse("plans_start_required", "plans.start_required", (rule,))
    else:
        meeting = _board_meeting(meeting)
        body = _holder(spec)
        start = meeting.date_end
        if next_meeting is not None:
            next_meeting = _board_meeting(next_meeting, following=True)
            end = next_meeting.date_start - dt.timedelta(days=1)
        if end is None:
            raise refuse("plans_end_required", "plans.end_required", (rule,))
    if end < start:
        raise refuse(
            "plans_end_before_start", "plans.end_before_start", (rule,), start=start, end=end
        )
    plan = Plan.objects.create(
        kind=kind,
        body=body,
        start=start,
        end=end,
        approved_at_meeting=meeting if kind == PlanKind.BOARD else None,
        next_meeting=next_meeting if kind == PlanKind.BOARD else None,
        created_at=timezone.now(),
        created_by=by,
        **titles,
    )
    _occupy(plan)
    return plan


def _locked(plan: Plan, expected_version: int | None) -> Plan:
    return lock_version(
        plan, expected_version, code="plans_stale", message="plans.stale", related=("body",)
    )


def _save(locked: Plan, source: Plan, fields: Iterable[str]) -> None:
    """Save ``locked`` with its version raised; ``source`` (the caller's plan) follows."""
    bump(locked, source, fields=tuple(fields))


def _not_future(day: dt.date) -> None:
    if day > timezone.localdate():
        raise refuse("plans_date_in_future", "plans.date_in_future", day=day)


@transaction.atomic
def plan_link_next_meeting(
    *,
    plan: Plan,
    next_meeting: Meeting,
    by: User | None = None,
    expected_version: int | None = None,
) -> Plan:
    """The Board's next meeting is planned: its work plan now ends the day before it starts."""
    _guard(by, plan.kind)
    locked = _locked(plan, expected_version)
    rule = _spec(PlanKind.BOARD).rule
    if locked.kind != PlanKind.BOARD:
        raise refuse("plans_board_only", "plans.board_only", (rule,))
    next_meeting = _board_meeting(next_meeting, following=True)
    end = next_meeting.date_start - dt.timedelta(days=1)
    if end < locked.start:
        raise refuse(
            "plans_end_before_start",
            "plans.end_before_start",
            (rule,),
            start=locked.start,
            end=end,
        )
    locked.next_meeting, locked.end = next_meeting, end
    _occupy(locked)
    _save(locked, plan, ["next_meeting", "end"])
    return locked


@transaction.atomic
def plan_record_rats(
    *,
    plan: Plan,
    participated_on: dt.date,
    text: str | Mapping[str, str],
    by: User | None = None,
    expected_version: int | None = None,
) -> Plan:
    """Record how RATS took part in drawing up the general plan (SEC-PLAN-6M)."""
    _guard(by, plan.kind)
    locked = _locked(plan, expected_version)
    if locked.kind != PlanKind.GENERAL:
        raise refuse(
            "plans_rats_general_only", "plans.rats_general_only", (_spec(PlanKind.GENERAL).rule,)
        )
    texts = _texts("rats_participation", text)
    if not any(texts.values()):
        raise refuse("plans_text_required", "plans.text_required")
    _not_future(participated_on)
    locked.rats_participated_on = participated_on
    for column, value in texts.items():
        setattr(locked, column, value)
    _save(locked, plan, ["rats_participated_on", *texts])
    return locked


@transaction.atomic
def plan_submit(
    *,
    plan: Plan,
    submitted_on: dt.date | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> Plan:
    """Submit the draft for approval: a body's to the CNC (SEC-WORKPLANS); the general plan
    once RATS's part in it is recorded (SEC-PLAN-6M)."""
    _guard(by, plan.kind)
    day = submitted_on or timezone.localdate()
    _not_future(day)
    locked = _locked(plan, expected_version)
    if locked.state not in OPEN_STATES:
        raise _wrong_state(locked, "submit")
    if locked.kind == PlanKind.GENERAL and locked.rats_participated_on is None:
        raise refuse("plans_rats_missing", "plans.rats_missing", (locked.rule_id,))
    if not locked.items.exists():
        raise refuse("plans_no_items", "plans.no_items", (locked.rule_id,))
    locked.state, locked.submitted_on = PlanState.SUBMITTED, day
    _save(locked, plan, ["state", "submitted_on"])
    return locked


@transaction.atomic
def plan_approve(
    *,
    plan: Plan,
    approved_on: dt.date | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> Plan:
    """Record the approval: a body's work plan by the CNC (SEC-WORKPLANS), the Board's by
    the meeting it was drawn up for (BCB-BUSINESS), the general plan once submitted."""
    _guard(by, plan.kind)
    locked = _locked(plan, expected_version)
    rule = locked.rule_id
    if locked.state == PlanState.APPROVED or (
        locked.kind != PlanKind.BOARD and locked.state != PlanState.SUBMITTED
    ):
        raise _wrong_state(locked, "approve", (rule,))
    if locked.kind == PlanKind.BOARD:
        meeting = locked.approved_at_meeting
        assert meeting is not None  # noqa: S101  # plan_create requires it for the Board
        day = approved_on or meeting.date_end
        if not meeting.date_start <= day <= meeting.date_end:
            raise refuse(
                "plans_approved_outside_meeting",
                "plans.approved_outside_meeting",
                (rule,),
                day=day,
                start=meeting.date_start,
                end=meeting.date_end,
            )
        if not locked.items.exists():
            raise refuse("plans_no_items", "plans.no_items", (rule,))
    else:
        day = approved_on or timezone.localdate()
        if meeting is not None and not _spec(locked.kind).approved_at(meeting.body.code):
            raise refuse("plans_not_cnc_meeting", "plans.not_cnc_meeting", (rule,))
    if decision is not None:
        expected_body = (
            locked.approved_at_meeting.body
            if locked.approved_at_meeting
            else (meeting.body if meeting else None)
        )
        if (meeting is not None and decision.meeting_id != meeting.pk) or (
            expected_body is not None and decision.body_id != expected_body.pk
        ):
            raise refuse(
                "plans_decision_other_meeting",
                "plans.decision_other_meeting",
                (rule,),
                number=decision.number,
            )
    _not_future(day)
    if locked.submitted_on is not None and day < locked.submitted_on:
        raise refuse(
            "plans_approved_before_submitted",
            "plans.approved_before_submitted",
            (rule,),
            day=day,
            submitted=locked.submitted_on,
        )
    locked.state, locked.approved_on = PlanState.APPROVED, day
    locked.approved_at_meeting = meeting
    locked.approved_by_decision = decision
    _save(locked, plan, ["state", "approved_on", "approved_at_meeting", "approved_by_decision"])
    return locked


@transaction.atomic
def plan_return(
    *,
    plan: Plan,
    remarks: str | Mapping[str, str],
    returned_on: dt.date | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> Plan:
    """The CNC returns a submitted plan with remarks; it can be changed and submitted again."""
    _guard(by, plan.kind)
    day = returned_on or timezone.localdate()
    _not_future(day)
    texts = _texts("remarks", remarks)
    if not any(texts.values()):
        raise refuse("plans_remarks_required", "plans.remarks_required", (_spec(plan.kind).rule,))
    locked = _locked(plan, expected_version)
    if locked.state != PlanState.SUBMITTED:
        raise _wrong_state(locked, "return")
    locked.state, locked.returned_on = PlanState.RETURNED, day
    for column, value in texts.items():
        setattr(locked, column, value)
    _save(locked, plan, ["state", "returned_on", *texts])
    return locked


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _planned_in_period(plan: Plan, planned_on: dt.date, month_only: bool) -> dt.date:
    """The stored planned day; refused when it (or the whole month) is outside the plan."""
    if month_only:
        first = _month_start(planned_on)
        inside = first <= plan.end and _month_start(plan.start) <= first
        planned_on = first
    else:
        inside = plan.start <= planned_on <= plan.end
    if not inside:
        raise refuse(
            "plans_outside_period",
            "plans.outside_period",
            (plan.rule_id,),
            day=planned_on,
            start=plan.start,
            end=plan.end,
        )
    return planned_on


@transaction.atomic
def item_add(
    *,
    plan: Plan,
    title: Mapping[str, str],
    body: Body,
    planned_on: dt.date,
    month_only: bool = False,
    areas: Iterable[str] = (),
    meetings: Iterable[Meeting] = (),
    decisions: Iterable[Decision] = (),
    by: User | None = None,
    expected_version: int | None = None,
) -> PlanItem:
    """Add an item to a plan being drawn up: what, which body answers for it, when (a day or
    a month), and the meetings, decisions and areas of cooperation it concerns."""
    _guard(by, plan.kind)
    titles = _text(title)
    checked_areas = areas_valid(areas)
    locked = _locked(plan, expected_version)
    if locked.state not in OPEN_STATES:
        raise _wrong_state(locked, "add")
    day = _planned_in_period(locked, planned_on, month_only)
    item = PlanItem.objects.create(
        plan=locked,
        body=body,
        planned_on=day,
        month_only=month_only,
        areas=checked_areas,
        position=locked.items.count() + 1,
        created_at=timezone.now(),
        created_by=by,
        **titles,
    )
    item.meetings.set(list(meetings))
    item.decisions.set(list(decisions))
    _save(locked, plan, [])
    return item


def _open_item(item: PlanItem, locked: Plan) -> PlanItem:
    if locked.state != PlanState.APPROVED:
        raise refuse("plans_not_approved", "plans.not_approved", (locked.rule_id,), status=409)
    row = lock(item)
    if row.status != ItemStatus.PLANNED:
        raise refuse(
            "plans_item_closed",
            "plans.item_closed",
            status=409,
            title=_title(row),
            status_name=STATUS_NAMES[ItemStatus(row.status)],
        )
    return row


@transaction.atomic
def item_mark_done(
    *,
    item: PlanItem,
    done_on: dt.date | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> PlanItem:
    """Mark an item of an approved plan done, on a day, by the meeting or decision that did it."""
    _guard(by, item.plan.kind)
    day = done_on or timezone.localdate()
    _not_future(day)
    locked = _locked(item.plan, expected_version)
    row = _open_item(item, locked)
    if decision is not None and meeting is not None and decision.meeting_id != meeting.pk:
        raise refuse(
            "plans_decision_other_meeting",
            "plans.decision_other_meeting",
            (locked.rule_id,),
            number=decision.number,
        )
    row.status, row.done_on = ItemStatus.DONE, day
    row.done_at_meeting, row.done_by_decision = meeting, decision
    row.save(update_fields=["status", "done_on", "done_at_meeting", "done_by_decision"])
    _save(locked, item.plan, [])
    item.refresh_from_db()
    return row


@transaction.atomic
def item_carry_over(
    *,
    item: PlanItem,
    note: str | Mapping[str, str],
    into: Plan | None = None,
    planned_on: dt.date | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> PlanItem:
    """Carry an item of an approved plan over, with the reason; into a later plan of the same
    kind and body being drawn up, where it continues as a new item (returned)."""
    _guard(by, item.plan.kind)
    notes = _texts("carried_note", note)
    if not any(notes.values()):
        raise refuse("plans_text_required", "plans.text_required")
    locked = _locked(item.plan, expected_version)
    row = _open_item(item, locked)
    carried = None
    if into is not None:
        target = lock(into)
        if (target.kind, target.body_id) != (
            locked.kind,
            locked.body_id,
        ) or target.start <= locked.end:
            raise refuse(
                "plans_carry_not_later",
                "plans.carry_not_later",
                (locked.rule_id,),
                other=_title(target),
            )
        if target.state not in OPEN_STATES:
            raise _wrong_state(target, "add")
        day = _planned_in_period(target, planned_on or target.start, row.month_only)
        carried = PlanItem.objects.create(
            plan=target,
            title_en=row.title_en,
            title_ru=row.title_ru,
            title_zh=row.title_zh,
            body=row.body,
            planned_on=day,
            month_only=row.month_only,
            areas=list(row.areas),
            position=target.items.count() + 1,
            created_at=timezone.now(),
            created_by=by,
        )
        carried.meetings.set(list(row.meetings.all()))
        carried.decisions.set(list(row.decisions.all()))
        target.version += 1
        target.save(update_fields=["version"])
    row.status, row.carried_to = ItemStatus.CARRIED_OVER, carried
    for column, value in notes.items():
        setattr(row, column, value)
    row.save(update_fields=["status", "carried_to", *notes])
    _save(locked, item.plan, [])
    item.refresh_from_db()
    return row
