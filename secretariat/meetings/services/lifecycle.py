"""The meeting's life: plan a regular meeting, initiate an extraordinary one, record events,
take workflow steps (checked by the engine's check_transition), consents, rescheduling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.meetings.facts import (
    CONTENT_FACTS,
    content_facts,
    input_error,
    meeting_facts,
    member_kind,
    members_of,
)
from secretariat.meetings.minutes_pdf import CONCLUDE, minutes_freeze
from secretariat.meetings.models import (
    AgendaItem,
    Consent,
    ConsentAnswer,
    Deadline,
    Initiative,
    Meeting,
    MeetingEvent,
    MeetingTransition,
)
from secretariat.meetings.services.common import (
    DEDICATED_STEPS,
    MeetingRefusedError,
    bump,
    check_open,
    lock_meeting,
    workflow_of,
)
from secretariat.meetings.services.deadlines import deadlines_done, deadlines_sync
from secretariat.procedure.rules import Rulebook, rulebook
from secretariat.procedure.text import LANGS, Text
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.procedure.workflows import (
    check_transition,
    check_year_plan,
    find_transition,
)
from secretariat.registry.models import Body, State
from secretariat.registry.reference import reference


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    meeting: Meeting
    #: Whether the body's plan for the year holds enough regular meetings (a warning if not).
    year_plan: Verdict


def _title(book: Rulebook, kind: str, title: Text | None) -> dict[str, str]:
    text = title or book.procedures[kind].title
    return {f"title_{lang}": text[lang] for lang in LANGS}


def _check_kind(book: Rulebook, body: Body, kind: str) -> None:
    workflow_of(book, kind)
    expected = book.procedures[kind].body
    if expected not in (body.code, "secretariat"):
        raise refuse(
            "wrong_body", "meetings.wrong_body", procedure=kind, expected=expected, body=body.code
        )


def check_dates(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise refuse("meeting_end_before_start", "error.end_before_start", start=start, end=end)


def _meeting_create(
    book: Rulebook,
    *,
    body: Body,
    kind: str,
    extraordinary: bool,
    start: dt.date,
    end: dt.date | None,
    venue_city: str,
    venue_state: State | None,
    title: Text | None,
    by: User | None,
    subject: Text | None = None,
) -> Meeting:
    """Check the kind and dates, and create the meeting in its workflow's first state."""
    _check_kind(book, body, kind)
    end = end or start
    check_dates(start, end)
    return Meeting.objects.create(
        body=body,
        kind=kind,
        extraordinary=extraordinary,
        state=workflow_of(book, kind).initial,
        venue_city=venue_city,
        venue_state=venue_state,
        date_start=start,
        date_end=end,
        created_by=by,
        **_title(book, kind, title),
        **{f"subject_{lang}": (subject[lang].strip() if subject else "") for lang in LANGS},
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
    subject: Text | None = None,
) -> PlannedMeeting:
    """Plan a regular meeting of ``body``, derive its deadlines, and check the year's plan."""
    book = rulebook()
    meeting = _meeting_create(
        book,
        body=body,
        kind=kind,
        extraordinary=False,
        start=start,
        end=end,
        venue_city=venue_city,
        venue_state=venue_state,
        title=title,
        by=by,
        subject=subject,
    )
    deadlines_sync(meeting=meeting)
    planned = (
        Meeting.objects.filter(body=body, extraordinary=False, date_start__year=start.year)
        .exclude(state="cancelled")
        .count()
    )
    return PlannedMeeting(meeting, check_year_plan(book, body.code, start.year, planned))


def _check_initiator(meeting: Meeting, delegation: Delegation, members: Iterable[str]) -> None:
    if (
        delegation.kind != member_kind(meeting)
        or delegation.state is None
        or delegation.state.code not in set(members)
    ):
        raise refuse(
            "initiator_not_entitled",
            "meetings.initiator_not_entitled",
            delegation=names_of(delegation),
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
    subject: Text | None = None,
) -> Meeting:
    """Open an extraordinary meeting on the initiative of ``initiators``, in its first state.

    Whether there are enough initiators and whether their appeal arrived on time is decided
    when it is received (the ``receive_appeal``/``receive_letters`` step), so a refusal cites
    the rule at the moment the regulation applies it.
    """
    book = rulebook()
    ref = reference()
    meeting = _meeting_create(
        book,
        body=body,
        kind=kind,
        extraordinary=True,
        start=proposed_start,
        end=proposed_end,
        venue_city=venue_city,
        venue_state=venue_state,
        title=title,
        by=by,
        subject=subject,
    )
    members = members_of(meeting, ref)
    unique = {d.pk: d for d in initiators}
    for delegation in unique.values():
        _check_initiator(meeting, delegation, members)
        Initiative.objects.create(meeting=meeting, delegation=delegation)
    if workflow_of(book, kind).collects_consents:
        initiating = {d.state.code for d in unique.values() if d.state is not None}
        others = Delegation.objects.filter(
            kind=member_kind(meeting), state__code__in=set(members) - initiating
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
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    valid = book.procedures[locked.kind].events
    if event not in valid:
        raise refuse("unknown_event", "meetings.unknown_event", event=event, valid=sorted(valid))
    already = locked.events.filter(event=event).first()
    if already is not None:
        raise refuse(
            "already_recorded",
            "meetings.already_recorded",
            event=event,
            date=already.date,
            status=409,
        )
    recorded = MeetingEvent.objects.create(meeting=locked, event=event, date=date, recorded_by=by)
    bump(locked, meeting)
    deadlines_sync(meeting=locked)
    return recorded


@transaction.atomic
def meeting_transition(
    *,
    meeting: Meeting,
    event: str,
    by: User | None = None,
    facts: Mapping[str, Any] | None = None,
    item: AgendaItem | None = None,
    expected_version: int | None = None,
) -> MeetingTransition:
    """Take the workflow step ``event`` if the rules allow it; refuse with their verdict.

    The guards read the meeting's own rows: initiators, consents and events, and for the
    Board the attendance (``quorate``), the positions on ``item`` (``no_objection``) and the
    signatures (``minutes_signed_by_every_part``). ``facts`` can add only what no row holds.
    """
    if event in DEDICATED_STEPS:
        book = rulebook()
        names = {t.event: t.name for t in workflow_of(book, meeting.kind).transitions}
        raise refuse("dedicated_step", "meetings.dedicated_step", step=names.get(event, event))
    locked = lock_meeting(meeting, expected_version)
    return take(locked, meeting, event, by=by, facts=facts, item=item)


def take(
    locked: Meeting,
    source: Meeting,
    event: str,
    *,
    by: User | None,
    facts: Mapping[str, Any] | None = None,
    item: AgendaItem | None = None,
) -> MeetingTransition:
    """Check and take ``event`` on a meeting already locked; write the transition row."""
    book = rulebook()
    ref = reference()
    try:
        transition = find_transition(book, locked.kind, locked.state, event)
    except InputError as exc:
        raise input_error(exc) from exc
    given = {k: v for k, v in (facts or {}).items() if k not in CONTENT_FACTS}
    all_facts = {
        **given,
        **meeting_facts(locked, ref),
        **content_facts(locked, ref, transition.reads, item),
    }
    try:
        verdict = check_transition(book, ref, locked.kind, locked.state, event, all_facts)
    except InputError as exc:
        raise input_error(exc) from exc
    if not verdict.ok:
        raise MeetingRefusedError(verdict)
    from_state = locked.state
    locked.state = str(verdict.facts["target"])
    bump(locked, source)
    deadlines_done(locked, transition.rules)
    # What each guard found (the quorum counted, the consensus, the signatures) is recorded
    # with the step, so the history and the minutes show the facts as they were then; the
    # engine's verdict carries each guard's own verdict.
    rendered = {}
    for lang in LANGS:
        rendered[lang] = verdict.render(book, lang)
        rendered[lang]["checks"] = [
            {
                "guard": c.guard,
                "outcome": c.verdict.outcome,
                "summary": c.verdict.summary.render(lang),
            }
            for c in verdict.checks
        ]
    row = MeetingTransition.objects.create(
        meeting=locked,
        from_state=from_state,
        to_state=locked.state,
        event=event,
        by=by,
        verdict=rendered,
    )
    if event == CONCLUDE and any(
        t.event == "sign_minutes" for t in workflow_of(book, locked.kind).available(locked.state)
    ):
        # The text the parts will sign, as it stands now (BCB-MINUTES-SIGN).
        minutes_freeze(locked)
    return row


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
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    if answer not in ConsentAnswer.values:
        raise refuse(
            "unknown_answer", "meetings.unknown_event", event=answer, valid=ConsentAnswer.values
        )
    facts = meeting_facts(locked, ref)
    if (
        delegation.kind != DelegationKind.MEMBER_STATE
        or delegation.state is None
        or delegation.state.code not in facts["consents"]
    ):
        raise refuse(
            "not_entitled", "meetings.not_entitled_to_consent", delegation=names_of(delegation)
        )
    consent, _created = Consent.objects.get_or_create(meeting=locked, delegation=delegation)
    consent.answer = answer
    consent.answered_at = None if answer == ConsentAnswer.PENDING else timezone.now()
    consent.save()
    bump(locked, meeting)
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
    check_dates(start, end)
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    locked.date_start, locked.date_end = start, end
    bump(locked, meeting)
    return deadlines_sync(meeting=locked)
