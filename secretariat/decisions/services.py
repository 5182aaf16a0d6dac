"""Writes of the decisions app: a decision recorded from a meeting's consensus, its tasks and
their progress reports (SEC-OVERSIGHT).

A decision is never typed in: it is taken from an agenda item the meeting adopted by
consensus (meetings.services.item_decide), with the positions and the verdict recorded there.
Every service runs in one transaction and locks the decision (its ``version`` is raised), so
two reports on the same view give one success and one ``stale_decision``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from secretariat.accounts.models import DelegationKind, User
from secretariat.core.errors import refuse
from secretariat.core.in_languages import texts_columns
from secretariat.core.locking import bump, lock_version
from secretariat.decisions.models import Decision, ProgressReport, Responsible, Task, TaskStatus
from secretariat.documents.models import Document
from secretariat.documents.services import areas_valid, document_mark_adopted, next_number
from secretariat.meetings import notices
from secretariat.meetings.models import AgendaItem
from secretariat.meetings.recipients import actor_filter
from secretariat.notifications.services import reminders_cancel, reminders_schedule
from secretariat.procedure.workflows import consensus_rule
from secretariat.registry.models import Body, State

#: The catalogue's sentence for a decision changed since the caller saw it.
STALE = "decisions.stale"


def _number(body: Body, day: dt.date) -> str:
    """The next number of ``body``'s decisions in ``day``'s year: CNC-2026-3."""
    prefix = f"{body.code.upper()}-{day.year}-"
    taken = Decision.objects.filter(number__startswith=prefix)
    return next_number(taken.values_list("number", flat=True), prefix)


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    by: User | None = None,
    document: Document | None = None,
    areas: Iterable[str] = (),
    is_public: bool = False,
) -> Decision:
    """Record the decision a meeting adopted on ``item``, numbered; its document is adopted."""
    item = AgendaItem.objects.select_for_update().select_related("meeting__body").get(pk=item.pk)
    meeting = item.meeting
    if not item.adopted or item.decided_at is None:
        raise refuse(
            "not_adopted",
            "decisions.not_adopted",
            (consensus_rule(meeting.body.code),),
            status=409,
            number=item.number,
        )
    if Decision.objects.filter(agenda_item=item).exists():
        raise refuse(
            "decision_recorded", "decisions.already_recorded", status=409, number=item.number
        )
    if document is not None and document.body_id != meeting.body_id:
        raise refuse("document_of_other_body", "decisions.document_of_other_body")
    verdict: Mapping[str, dict[str, object]] = item.decision or {}
    english = verdict.get("en") or {}
    facts = english.get("facts") if isinstance(english, dict) else None
    positions = dict(facts.get("positions", {})) if isinstance(facts, dict) else {}
    # Adopted at the meeting: the day the decision was recorded in session, within its days
    # (a session's outcome entered the morning after still carries the meeting's last day).
    adopted_on = min(max(timezone.localdate(item.decided_at), meeting.date_start), meeting.date_end)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                number=_number(meeting.body, adopted_on),
                body=meeting.body,
                meeting=meeting,
                agenda_item=item,
                document=document,
                title_en=item.title_en,
                title_ru=item.title_ru,
                title_zh=item.title_zh,
                adopted_on=adopted_on,
                areas=areas_valid(areas),
                positions=positions,
                consensus={
                    lang: v.get("summary", "") for lang, v in verdict.items() if isinstance(v, dict)
                },
                is_public=is_public,
                recorded_at=timezone.now(),
                recorded_by=by,
            )
    except IntegrityError:  # the same number taken at the same moment by another recorder
        raise refuse("stale_decision", STALE, status=409) from None
    if document is not None:
        document_mark_adopted(document=document, adopted_on=adopted_on)
    return decision


@transaction.atomic
def task_add(
    *,
    decision: Decision,
    title: Mapping[str, str],
    responsible: str,
    due_on: dt.date,
    body: Body | None = None,
    state: State | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> Task:
    """Break the decision down: a task, who answers for it (a body, a state, the Secretariat)
    and by when."""
    if responsible not in Responsible.values:
        raise refuse("unknown_responsible", "decisions.unknown_responsible", value=responsible)
    if responsible == Responsible.BODY and body is None:
        raise refuse("responsible_required", "decisions.body_required")
    if responsible == Responsible.MEMBER_STATE and state is None:
        raise refuse("responsible_required", "decisions.state_required")
    titles = texts_columns("title", title)
    if not any(titles.values()):
        raise refuse("title_required", "documents.title_required")
    if due_on < decision.adopted_on:
        raise refuse(
            "due_before_decision",
            "decisions.due_before_decision",
            due=due_on,
            adopted=decision.adopted_on,
        )
    locked = lock_version(decision, expected_version, code="stale_decision", message=STALE)
    task = Task.objects.create(
        decision=locked,
        **titles,
        responsible=responsible,
        responsible_body=body if responsible == Responsible.BODY else None,
        responsible_state=state if responsible == Responsible.MEMBER_STATE else None,
        due_on=due_on,
        created_at=timezone.now(),
        created_by=by,
    )
    bump(locked, decision)
    _task_told(task)
    return task


#: The rule the Secretariat oversees the decisions' implementation by.
OVERSIGHT = "SEC-OVERSIGHT"


def task_responsible_users(task: Task) -> list[User]:
    """Who answers for ``task``: the users of the responsible member state's delegation; the
    SCO Secretariat's officers for a task of the Secretariat or of a body (the Secretariat
    oversees the bodies' tasks, SEC-OVERSIGHT)."""
    if task.responsible == Responsible.MEMBER_STATE:
        where = Q(
            delegation__kind=DelegationKind.MEMBER_STATE,
            delegation__state_id=task.responsible_state_id,
        )
    else:
        where = actor_filter(task.decision.meeting, "secretariat") or Q(pk__in=[])
    return list(User.objects.filter(where, is_active=True).order_by("pk"))


def _task_params(task: Task) -> dict[str, object]:
    return {
        "task": notices.titles_of(task),
        # What an overdue reminder names as the step to take (notifications' "overdue").
        "action": notices.titles_of(task),
        "decision": task.decision.number,
        "task_due": notices.day_text(task.due_on),
        "rule": OVERSIGHT,
    }


def _task_told(task: Task) -> None:
    """Tell those responsible of the task, and remind them of its due day until it is done."""
    users = task_responsible_users(task)
    link = f"/decisions/{task.decision_id}/"
    notices.other_told(
        "task_assigned",
        about=f"{task._meta.label_lower}:{task.pk}",
        key=str(task.pk),
        audiences={"responsible": users},
        params=_task_params(task),
        link=link,
    )
    if users:
        reminders_schedule(
            obj_label=task._meta.label_lower,
            obj_id=task.pk,
            rule_id=OVERSIGHT,
            deadline=task.due_on,
            recipients=users,
            subject_code=notices.other_message("task_due"),
            params=_task_params(task),
            link=link,
        )


def may_report(user: User | None, task: Task) -> bool:
    """Whether ``user`` reports on ``task``: the Secretariat on any, a state on its own."""
    if user is None:
        return True  # the command line and the services' own callers
    if user.can("decisions.oversee"):
        return True
    delegation = user.delegation
    return (
        task.responsible == Responsible.MEMBER_STATE
        and delegation is not None
        and delegation.state_id is not None
        and delegation.state_id == task.responsible_state_id
    )


@transaction.atomic
def task_report(
    *,
    task: Task,
    percent: int,
    text: str | Mapping[str, str],
    status: str | None = None,
    reported_on: dt.date | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> ProgressReport:
    """Report progress on a task; 100 % or ``done`` completes it, ``cancelled`` drops it."""
    day = reported_on or timezone.localdate()
    if not 0 <= percent <= 100:
        raise refuse("percent_out_of_range", "decisions.percent_out_of_range", value=percent)
    if status is not None and status not in TaskStatus.values:
        raise refuse("unknown_status", "decisions.unknown_status", value=status)
    texts = texts_columns("text", text)
    if not any(texts.values()):
        raise refuse("text_required", "documents.text_required")
    if day > timezone.localdate():
        raise refuse("date_in_future", "documents.date_in_future", day=day)
    if not may_report(by, task):
        raise refuse("not_responsible", "decisions.not_responsible", ("SEC-OVERSIGHT",), status=403)
    locked = lock_version(task.decision, expected_version, code="stale_decision", message=STALE)
    row = Task.objects.select_for_update().get(pk=task.pk)
    if row.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        raise refuse(
            "task_closed", "decisions.task_closed", status=409, status_name=row.get_status_display()
        )
    if percent < row.percent and status != TaskStatus.CANCELLED:
        raise refuse(
            "percent_backwards", "decisions.percent_backwards", value=percent, current=row.percent
        )
    if status is None:
        status = TaskStatus.DONE if percent == 100 else TaskStatus.IN_PROGRESS
    if status == TaskStatus.DONE:
        percent = 100
    report = ProgressReport.objects.create(
        task=row,
        reported_on=day,
        percent=percent,
        status=status,
        **texts,
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    row.percent = percent
    row.status = status
    row.done_on = day if status == TaskStatus.DONE else None
    row.save(update_fields=["percent", "status", "done_on"])
    if status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        # Nothing is left to remind anyone of.
        reminders_cancel(obj_label=row._meta.label_lower, obj_id=row.pk)
    bump(locked, task.decision)
    task.refresh_from_db()
    return report
