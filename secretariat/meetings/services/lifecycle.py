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
from secretariat.core.lang import current_lang, names_of
from secretariat.meetings import notices
from secretariat.meetings.facts import (
    CONTENT_FACTS,
    content_facts,
    input_error,
    joined_initiatives,
    meeting_facts,
    member_kind,
    members_of,
)
from secretariat.meetings.languages import (
    any_given,
    cleaned,
    missing_authentic,
    venue_completed,
    venue_text,
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
    RECEIVED,
    SENT,
    MeetingRefusedError,
    actor_today,
    bump,
    check_open,
    check_reason,
    check_serves,
    lock_meeting,
    refuse_dated,
    refuse_verdict,
    too_early,
    workflow_of,
)
from secretariat.meetings.services.deadlines import deadlines_done, deadlines_sync
from secretariat.meetings.services.initiative import sending_day
from secretariat.procedure.regular import check_regular_meeting
from secretariat.procedure.replies import DERIVED_EVENTS
from secretariat.procedure.rules import Rulebook, rulebook
from secretariat.procedure.text import LANGS, Message, Text
from secretariat.procedure.timing import actor_state, check_not_before, check_not_future
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.procedure.workflows import (
    Transition,
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
    #: Whether the meeting keeps the rule on when and where regular meetings are held (a
    #: second Board meeting in the year is a warning).
    regular: Verdict


def _title(book: Rulebook, kind: str, title: Text | None) -> dict[str, str]:
    text = title or book.procedures[kind].title
    return {f"title_{lang}": text[lang] for lang in LANGS}


def venue_of(venue: Text | None, venue_city: str = "") -> Text:
    """The city a meeting is held in, in each language: ``venue`` as given (a known city's
    empty languages filled), else ``venue_city`` typed in one language (the old single field:
    a known city in its three names, else in the language its script shows or the
    caller's)."""
    given = cleaned(venue)
    if any_given(given):
        return venue_completed(given)
    return venue_text(venue_city.strip(), current_lang())


def _check_kind(book: Rulebook, body: Body, kind: str) -> None:
    workflow_of(book, kind)
    expected = book.procedures[kind].body
    if expected not in (body.code, "secretariat"):
        raise refuse(
            "wrong_body", "meetings.wrong_body", procedure=kind, expected=expected, body=body.code
        )


def check_dates(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise refuse("meeting_end_before_start", "meetings.end_before_start", start=start, end=end)


def _meeting_create(
    book: Rulebook,
    *,
    body: Body,
    kind: str,
    extraordinary: bool,
    start: dt.date,
    end: dt.date | None,
    venue: Text,
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
        **{f"venue_city_{lang}": venue[lang] for lang in LANGS},
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
    venue: Text | None = None,
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
        venue=venue_of(venue, venue_city),
        venue_state=venue_state,
        title=title,
        by=by,
        subject=subject,
    )
    deadlines_sync(meeting=meeting)
    others = list(
        Meeting.objects.filter(body=body, extraordinary=False, date_start__year=start.year)
        .exclude(state="cancelled")
        .exclude(pk=meeting.pk)
        .values_list("date_start", flat=True)
    )
    # Where and how often the body's regular meetings are held (BCB-REGULAR: once a year,
    # in the country hosting the CHS or the CHG): a wrong venue is refused, a second
    # meeting in the year is a warning.
    regular = check_regular_meeting(
        book,
        reference(),
        body=body.code,
        year=start.year,
        other_regular_dates=others,
        venue_state=venue_state.code if venue_state else None,
    )
    if not regular.ok:
        raise MeetingRefusedError(regular)
    return PlannedMeeting(
        meeting, check_year_plan(book, body.code, start.year, len(others) + 1), regular
    )


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
    venue: Text | None = None,
    venue_state: State | None = None,
    title: Text | None = None,
    by: User | None = None,
    subject: Text | None = None,
    sent_on: dt.date | None = None,
) -> Meeting:
    """Open an extraordinary meeting on the initiative of ``by``'s delegation, naming the
    other delegations in ``initiators`` as co-initiators, in the workflow's first state.

    The opening delegation joins the initiative at once, its appeal or letter sent on
    ``sent_on`` (today at its seat by default). Every other delegation named is only named:
    it sees the initiative and joins it itself (``initiative_join``); nobody joins in
    another's name. Whether enough initiators joined and whether their appeal was sent on
    time is decided when it is received (the ``receive_appeal``/``receive_letters`` step), so
    a refusal cites the rule at the moment the regulation applies it. Without ``by`` (the
    system's own calls: the demo), every delegation named is only named.
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
        venue=venue_of(venue, venue_city),
        venue_state=venue_state,
        title=title,
        by=by,
        subject=subject,
    )
    members = members_of(meeting, ref)
    opener = by.delegation if by is not None else None
    if by is not None:
        if opener is None:
            raise refuse("initiator_not_entitled", "meetings.initiator_no_delegation")
        _check_initiator(meeting, opener, members)
    unique = {d.pk: d for d in initiators}
    if opener is not None:
        unique.pop(opener.pk, None)
    for delegation in unique.values():
        _check_initiator(meeting, delegation, members)
        Initiative.objects.create(meeting=meeting, delegation=delegation)
    if by is not None and opener is not None:
        notices.initiators_named(meeting, opener, unique.values())
        Initiative.objects.create(
            meeting=meeting,
            delegation=opener,
            joined_at=timezone.now(),
            joined_by=by,
            sent_on=sending_day(opener, sent_on),
        )
    if workflow_of(book, kind).collects_consents:
        opening = {opener.state.code} if opener is not None and opener.state else set()
        others = Delegation.objects.filter(
            kind=member_kind(meeting), state__code__in=set(members) - opening
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
    """Record the day something happened (the appeal received, ...); deadlines follow it.

    The day cannot be one that has not yet come at the recording delegation's seat, nor
    precede the fact it follows (a receipt before the sending, the parts informed before the
    appeal was received).
    """
    book = rulebook()
    check_serves(meeting, by)
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    valid = book.procedures[locked.kind].events
    if event not in valid:
        raise refuse("unknown_event", "meetings.unknown_event", event=event, valid=sorted(valid))
    if event in DERIVED_EVENTS:
        raise refuse("derived_event", "replies.derived_event", event=event)
    recorded = {e.event: e.date for e in locked.events.all()}
    row = _event_create(book, locked, event, date, by, recorded)
    bump(locked, meeting)
    return row


def _event_actor(book: Rulebook, kind: str, event: str) -> str | None:
    """The actor of the rule whose step the event is (its ``event``), if any."""
    for rule_id in book.procedures[kind].rule_ids:
        rule = book.rule(rule_id)
        if rule.deadline is not None and rule.deadline.event == event and rule.step:
            return rule.step.actor
    return None


def _event_follows(book: Rulebook, kind: str, event: str) -> list[str]:
    """The events ``event`` cannot precede: the anchors of the rule it fulfils when that rule
    counts after them (informed after received), and the sending for the receipt."""
    follows = [SENT] if event == RECEIVED else []
    for rule_id in book.procedures[kind].rule_ids:
        rule = book.rule(rule_id)
        d = rule.deadline
        if d is not None and d.event == event and d.direction == "after":
            follows.extend(n for n in d.anchor.names if n in book.procedures[kind].events)
    return follows


def _event_create(
    book: Rulebook,
    locked: Meeting,
    event: str,
    date: dt.date,
    by: User | None,
    recorded: Mapping[str, dt.date],
) -> MeetingEvent:
    """Check the day of ``event`` against the clock and the facts it follows; record it and
    bring the deadlines into line."""
    if event in recorded:
        raise refuse(
            "already_recorded",
            "meetings.already_recorded",
            event=event,
            date=recorded[event],
            status=409,
        )
    what = Message(f"event.{event}")
    actor = _event_actor(book, locked.kind, event)
    fallback = actor_state(book, reference(), actor, on=locked.date_start) if actor else None
    state = (
        by.delegation.state.code
        if by is not None and by.delegation is not None and by.delegation.state
        else fallback
    )
    try:
        check_not_future(state, date, timezone.now(), what=what)
        for before in _event_follows(book, locked.kind, event):
            if before in recorded:
                check_not_before(
                    date, recorded[before], what=what, after=Message(f"event.{before}")
                )
    except InputError as exc:
        refuse_dated(exc)
    row = MeetingEvent.objects.create(meeting=locked, event=event, date=date, recorded_by=by)
    deadlines_sync(meeting=locked)
    return row


@transaction.atomic
def meeting_transition(
    *,
    meeting: Meeting,
    event: str,
    by: User | None = None,
    facts: Mapping[str, Any] | None = None,
    item: AgendaItem | None = None,
    expected_version: int | None = None,
    reason: str = "",
    on: dt.date | None = None,
) -> MeetingTransition:
    """Take the workflow step ``event`` if the rules allow it; refuse with their verdict.

    The guards read the meeting's own rows: initiators, consents and events, and for the
    Board the attendance (``quorate``), the positions on ``item`` (``no_objection``) and the
    signatures (``minutes_signed_by_every_part``). ``facts`` can add only what no row holds.
    ``reason``: required for a step that ends or stops the meeting (refuse, cancel, decline).
    ``on``: the day of the fact the step needs (the day the appeal was received), recorded
    with it where it is not recorded yet.
    """
    if event in DEDICATED_STEPS:
        book = rulebook()
        names = {t.event: t.name for t in workflow_of(book, meeting.kind).transitions}
        raise refuse("dedicated_step", "meetings.dedicated_step", step=names.get(event, event))
    check_serves(meeting, by)
    locked = lock_meeting(meeting, expected_version)
    return take(locked, meeting, event, by=by, facts=facts, item=item, reason=reason, on=on)


def _record_needed_event(
    book: Rulebook, locked: Meeting, transition: Transition, on: dt.date | None, by: User | None
) -> None:
    """Record the fact the step needs from the day given in its own form, and the joint
    appeal's sending day from the initiators' own (the latest of them)."""
    recorded = {e.event: e.date for e in locked.events.all()}
    events = book.procedures[locked.kind].events
    if SENT in events and SENT not in recorded:
        days = [i.sent_on for i in joined_initiatives(locked) if i.sent_on is not None]
        if days:
            _event_create(book, locked, SENT, max(days), by, recorded)
            recorded[SENT] = max(days)
    needed = transition.requires_event
    if needed and needed not in recorded and on is not None:
        _event_create(book, locked, needed, on, by, recorded)


def take(
    locked: Meeting,
    source: Meeting,
    event: str,
    *,
    by: User | None,
    facts: Mapping[str, Any] | None = None,
    item: AgendaItem | None = None,
    reason: str = "",
    on: dt.date | None = None,
) -> MeetingTransition:
    """Check and take ``event`` on a meeting already locked; write the transition row.

    The step is dated on its actor's seat's day. A session cannot open, decide or close
    before the meeting's first day there. Each deadline the step keeps is judged on time or
    late, and the timing verdict goes into the history with the step.
    """
    book = rulebook()
    ref = reference()
    try:
        transition = find_transition(book, locked.kind, locked.state, event)
    except InputError as exc:
        raise input_error(exc) from exc
    reason = check_reason(transition, reason)
    today = actor_today(book, ref, locked, transition.actor)
    if (early := too_early(locked, transition, today)) is not None:
        refuse_verdict("session_before_start", early, transition.rules)
    _record_needed_event(book, locked, transition, on, by)
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
    timing = deadlines_done(locked, transition.rules, today=today)
    # What each guard found (the quorum counted, the consensus, the signatures) is recorded
    # with the step, so the history and the minutes show the facts as they were then; the
    # engine's verdict carries each guard's own verdict. So does the timing of each deadline
    # the step keeps: on time, or late with the rule, its due day and the day taken.
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
        rendered[lang]["timing"] = [
            {
                "rule": t.rules[0],
                "outcome": t.outcome,
                "due": t.facts["due"],
                "taken_on": t.facts["taken_on"],
                "summary": t.summary.render(lang),
            }
            for t in timing
        ]
    row = MeetingTransition.objects.create(
        meeting=locked,
        from_state=from_state,
        to_state=locked.state,
        event=event,
        by=by,
        verdict=rendered,
        reason=reason,
        on=today,
    )
    # The text the parts will sign, as it stands now (BCB-MINUTES-SIGN); not while a
    # Russian or Chinese text of its content is missing: it is frozen once they are given
    # (services.translations), or on the first signature.
    if (
        event == CONCLUDE
        and any(
            t.event == "sign_minutes"
            for t in workflow_of(book, locked.kind).available(locked.state)
        )
        and not missing_authentic(locked)
    ):
        minutes_freeze(locked)
    # Whom the step concerns is told, in this transaction (notifications.yaml).
    notices.step_told(locked, transition, row)
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
    notices.consent_recorded(locked, consent)
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
    check_serves(meeting, by)
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    locked.date_start, locked.date_end = start, end
    bump(locked, meeting)
    return deadlines_sync(meeting=locked)
