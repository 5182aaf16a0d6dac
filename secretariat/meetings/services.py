"""Writes of the meetings app: plan, initiate, record events, move through the workflow.

Every service runs in one transaction, locks the meeting row (``select_for_update``) before
changing it and raises its ``version``, so two delegations acting on the same view get one
success and one ``stale_meeting`` conflict. The rules engine decides (workflows.check_transition,
schedules.compute_schedule); a refusal is a ``MeetingRefusedError`` carrying the verdict and
its rules, and nothing is written. The audit app records every row written, through signals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise, lazy

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.errors import ConflictError, InvalidInputError
from secretariat.meetings.models import (
    Consent,
    ConsentAnswer,
    Deadline,
    Initiative,
    Meeting,
    MeetingEvent,
    MeetingTransition,
)
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook, rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import LANGS, Message, Text
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.procedure.workflows import Workflow, check_transition, check_year_plan, workflows
from secretariat.registry.models import Body, State
from secretariat.rules.selectors import current_lang, reference


def _lazy(message: Message) -> Promise:
    """``message`` rendered in whatever language is active when it is shown."""
    rendered = lazy(lambda: message.render(current_lang()), str)()
    return cast(Promise, rendered)  # lazy() is typed as returning its result type


class MeetingRefusedError(InvalidInputError):
    """The rules refuse the step; ``verdict`` says why, citing ``rules``."""

    code = "refused"

    def __init__(self, verdict: Verdict) -> None:
        message = Message("meetings.refused", {"summary": verdict.summary, "rules": verdict.rules})
        super().__init__(_lazy(message), code=verdict.outcome)
        self.verdict = verdict
        self.rules = verdict.rules


def _input_error(error: InputError) -> InvalidInputError:
    return InvalidInputError(_lazy(error.message), code=error.code)


def _conflict(code: str, message: Message) -> ConflictError:
    return ConflictError(_lazy(message), code=code)


def _invalid(code: str, message: Message) -> InvalidInputError:
    return InvalidInputError(_lazy(message), code=code)


# --- reading the engine's view of a meeting ---------------------------------------------------


def _workflow(book: Rulebook, kind: str) -> Workflow:
    try:
        return workflows(book).get(kind)
    except InputError as exc:
        raise _input_error(exc) from exc


def members_of(meeting: Meeting, ref: ReferenceData) -> list[str]:
    """The states whose initiative and consent count: national parts' states for the BCB."""
    if meeting.body.code == "bcb":
        return sorted(b.state for b in ref.national_parts() if b.state)
    return ref.members_on(meeting.date_start)


def meeting_facts(meeting: Meeting, ref: ReferenceData) -> dict[str, Any]:
    """The facts the workflow's guards read, from the meeting's rows."""
    members = members_of(meeting, ref)
    initiators = sorted(
        i.delegation.state.code
        for i in meeting.initiatives.select_related("delegation__state")
        if i.delegation.state is not None
    )
    answers = {
        c.delegation.state.code: c.answer
        for c in meeting.consents.select_related("delegation__state")
        if c.delegation.state is not None
    }
    as_bool: dict[str, bool] = {ConsentAnswer.YES.value: True, ConsentAnswer.NO.value: False}
    consents = {m: as_bool.get(answers.get(m, "")) for m in members if m not in initiators}
    return {
        "meeting_start": meeting.date_start,
        "events": {e.event: e.date for e in meeting.events.all()},
        "initiators": initiators,
        "members": members,
        "consents": consents,
    }


def _locked(meeting: Meeting, expected_version: int | None) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if expected_version is not None and locked.version != expected_version:
        raise _conflict(
            "stale_meeting",
            Message("meetings.stale", {"current": locked.version, "expected": expected_version}),
        )
    return locked


def _open(book: Rulebook, meeting: Meeting) -> None:
    workflow = _workflow(book, meeting.kind)
    if meeting.state in workflow.final:
        raise _invalid(
            "meeting_closed", Message("meetings.closed", {"state": workflow.states[meeting.state]})
        )


def _bump(meeting: Meeting, source: Meeting) -> None:
    meeting.version += 1
    meeting.save()
    # The caller's object follows, so it can pass its version to the next call.
    source.state, source.version = meeting.state, meeting.version
    source.date_start, source.date_end = meeting.date_start, meeting.date_end


# --- deadlines -------------------------------------------------------------------------------


def deadlines_sync(*, meeting: Meeting, ref: ReferenceData | None = None) -> list[Deadline]:
    """Make the meeting's Deadline rows equal its schedule (compute_schedule), and say so."""
    book = rulebook()
    ref = ref or reference()
    procedure = book.procedures[meeting.kind]
    events = {e.event: e.date for e in meeting.events.all() if e.event in procedure.events}
    try:
        schedule = compute_schedule(
            book,
            ref,
            meeting.kind,
            meeting_start=meeting.date_start,
            meeting_end=meeting.date_end,
            events=events,
        )
    except InputError as exc:
        raise _input_error(exc) from exc
    existing = {d.rule_id: d for d in meeting.deadlines.all()}
    kept: list[Deadline] = []
    changed: list[Deadline] = []
    for step in schedule.steps:
        values = {
            "anchor": step.anchor,
            "anchor_date": step.anchor_date,
            "due": step.due,
            "actor": step.actor.code,
            "warnings": [{lang: w.render(lang) for lang in LANGS} for w in step.warnings],
        }
        row = existing.pop(step.rule.id, None)
        if row is None:
            row = Deadline.objects.create(meeting=meeting, rule_id=step.rule.id, **values)
            changed.append(row)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            changed.append(row)
        kept.append(row)
    for stale in existing.values():
        stale.delete()
    if changed or existing:
        _deadlines_changed(meeting, kept)
    return kept


def _deadlines_changed(meeting: Meeting, deadlines: Sequence[Deadline]) -> None:
    """Tell the reminders that the meeting's deadlines moved.

    Reminders will be scheduled here (notifications.services.reminders_schedule, and
    reminders_cancel for deadlines that are gone), in the same transaction, once the
    notifications app provides them.
    """


# --- services ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    meeting: Meeting
    #: Whether the body's plan for the year holds enough regular meetings (a warning if not).
    year_plan: Verdict


def _title(book: Rulebook, kind: str, title: Text | None) -> dict[str, str]:
    text = title or book.procedures[kind].title
    return {f"title_{lang}": text[lang] for lang in LANGS}


def _check_kind(book: Rulebook, body: Body, kind: str) -> None:
    _workflow(book, kind)
    expected = book.procedures[kind].body
    if expected not in (body.code, "secretariat"):
        raise _invalid(
            "wrong_body",
            Message(
                "meetings.wrong_body", {"procedure": kind, "expected": expected, "body": body.code}
            ),
        )


def _check_dates(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise _invalid(
            "meeting_end_before_start",
            Message("error.end_before_start", {"start": start, "end": end}),
        )


@transaction.atomic
def meeting_plan(
    *,
    body: Body,
    kind: str,
    start: dt.date,
    end: dt.date | None = None,
    venue_city: str = "",
    venue_state: State | None = None,
    title: Text | None = None,
    by: User | None = None,
) -> PlannedMeeting:
    """Plan a regular meeting of ``body``, derive its deadlines, and check the year's plan."""
    book = rulebook()
    _check_kind(book, body, kind)
    end = end or start
    _check_dates(start, end)
    meeting = Meeting.objects.create(
        body=body,
        kind=kind,
        extraordinary=False,
        state=_workflow(book, kind).initial,
        venue_city=venue_city,
        venue_state=venue_state,
        date_start=start,
        date_end=end,
        created_by=by,
        **_title(book, kind, title),
    )
    deadlines_sync(meeting=meeting)
    planned = (
        Meeting.objects.filter(body=body, extraordinary=False, date_start__year=start.year)
        .exclude(state="cancelled")
        .count()
    )
    return PlannedMeeting(meeting, check_year_plan(book, body.code, start.year, planned))


def _check_initiator(meeting: Meeting, delegation: Delegation, members: Iterable[str]) -> None:
    kind = (
        DelegationKind.NATIONAL_PART if meeting.body.code == "bcb" else DelegationKind.MEMBER_STATE
    )
    if (
        delegation.kind != kind
        or delegation.state is None
        or delegation.state.code not in set(members)
    ):
        raise _invalid(
            "initiator_not_entitled",
            Message("meetings.initiator_not_entitled", {"delegation": _name(delegation)}),
        )


def _name(delegation: Delegation) -> Text:
    return Text(
        delegation.name_en,
        delegation.name_ru or delegation.name_en,
        delegation.name_zh or delegation.name_en,
    )


@transaction.atomic
def meeting_initiate_extraordinary(
    *,
    body: Body,
    kind: str,
    initiators: Sequence[Delegation],
    proposed_start: dt.date,
    proposed_end: dt.date | None = None,
    venue_city: str = "",
    venue_state: State | None = None,
    title: Text | None = None,
    by: User | None = None,
) -> Meeting:
    """Open an extraordinary meeting on the initiative of ``initiators``, in its first state.

    Whether there are enough initiators and whether their appeal arrived on time is decided
    when it is received (the ``receive_appeal``/``receive_letters`` step), so a refusal cites
    the rule at the moment the regulation applies it.
    """
    book = rulebook()
    ref = reference()
    _check_kind(book, body, kind)
    proposed_end = proposed_end or proposed_start
    _check_dates(proposed_start, proposed_end)
    meeting = Meeting.objects.create(
        body=body,
        kind=kind,
        extraordinary=True,
        state=_workflow(book, kind).initial,
        venue_city=venue_city,
        venue_state=venue_state,
        date_start=proposed_start,
        date_end=proposed_end,
        created_by=by,
        **_title(book, kind, title),
    )
    members = members_of(meeting, ref)
    unique = {d.pk: d for d in initiators}
    for delegation in unique.values():
        _check_initiator(meeting, delegation, members)
        Initiative.objects.create(meeting=meeting, delegation=delegation)
    if "all_consented" in {g for t in _workflow(book, kind).transitions for g in t.guards}:
        initiating = {d.state.code for d in unique.values() if d.state is not None}
        others = Delegation.objects.filter(
            kind=DelegationKind.MEMBER_STATE, state__code__in=set(members) - initiating
        )
        Consent.objects.bulk_create(Consent(meeting=meeting, delegation=d) for d in others)
    deadlines_sync(meeting=meeting, ref=ref)
    return meeting


@transaction.atomic
def meeting_record_event(
    *,
    meeting: Meeting,
    event: str,
    date: dt.date,
    by: User | None = None,
    expected_version: int | None = None,
) -> MeetingEvent:
    """Record the day something happened (the appeal received, ...); deadlines follow it."""
    book = rulebook()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    valid = book.procedures[locked.kind].events
    if event not in valid:
        raise _invalid(
            "unknown_event",
            Message("meetings.unknown_event", {"event": event, "valid": sorted(valid)}),
        )
    already = locked.events.filter(event=event).first()
    if already is not None:
        raise _conflict(
            "already_recorded",
            Message("meetings.already_recorded", {"event": event, "date": already.date}),
        )
    recorded = MeetingEvent.objects.create(meeting=locked, event=event, date=date, recorded_by=by)
    _bump(locked, meeting)
    deadlines_sync(meeting=locked)
    return recorded


@transaction.atomic
def meeting_transition(
    *,
    meeting: Meeting,
    event: str,
    by: User | None = None,
    facts: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> MeetingTransition:
    """Take the workflow step ``event`` if the rules allow it; refuse with their verdict."""
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    # The meeting's own rows win over what the caller says (present, positions, unsigned).
    all_facts = {**(facts or {}), **meeting_facts(locked, ref)}
    try:
        verdict = check_transition(book, ref, locked.kind, locked.state, event, all_facts)
    except InputError as exc:
        raise _input_error(exc) from exc
    if not verdict.ok:
        raise MeetingRefusedError(verdict)
    source = locked.state
    locked.state = str(verdict.facts["target"])
    _bump(locked, meeting)
    return MeetingTransition.objects.create(
        meeting=locked,
        from_state=source,
        to_state=locked.state,
        event=event,
        by=by,
        verdict={lang: verdict.render(book, lang) for lang in LANGS},
    )


@transaction.atomic
def meeting_consent(
    *,
    meeting: Meeting,
    delegation: Delegation,
    answer: str,
    by: User | None = None,
    expected_version: int | None = None,
) -> Consent:
    """Record a member state's answer to an extraordinary meeting it did not initiate."""
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    if answer not in ConsentAnswer.values:
        raise _invalid(
            "unknown_answer",
            Message("meetings.unknown_event", {"event": answer, "valid": ConsentAnswer.values}),
        )
    facts = meeting_facts(locked, ref)
    if (
        delegation.kind != DelegationKind.MEMBER_STATE
        or delegation.state is None
        or delegation.state.code not in facts["consents"]
    ):
        raise _invalid(
            "not_entitled",
            Message("meetings.not_entitled_to_consent", {"delegation": _name(delegation)}),
        )
    consent, _created = Consent.objects.get_or_create(meeting=locked, delegation=delegation)
    consent.answer = answer
    consent.answered_at = None if answer == ConsentAnswer.PENDING else timezone.now()
    consent.save()
    _bump(locked, meeting)
    return consent


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    start: dt.date,
    end: dt.date | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> list[Deadline]:
    """Move the meeting; every deadline counted from it moves too, event-counted ones stay."""
    book = rulebook()
    end = end or start
    _check_dates(start, end)
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    locked.date_start, locked.date_end = start, end
    _bump(locked, meeting)
    return deadlines_sync(meeting=locked)
