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
from typing import Any, NoReturn, cast

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise, lazy

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.core.errors import ConflictError, InvalidInputError
from secretariat.core.lang import current_lang
from secretariat.meetings.minutes import minutes_pdf, minutes_ready, minutes_sha256
from secretariat.meetings.models import (
    AgendaCirculation,
    AgendaItem,
    AgendaProposal,
    Attendance,
    Consent,
    ConsentAnswer,
    Deadline,
    DistributionMethod,
    Initiative,
    Invitation,
    Meeting,
    MeetingEvent,
    MeetingTransition,
    MinutesDistribution,
    MinutesSignature,
    Position,
)
from secretariat.meetings.recipients import deadline_reminders_sync
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.consensus import Position as ConsensusPosition
from secretariat.procedure.consensus import check_consensus, parse_position
from secretariat.procedure.participation import PARTNER_RULES, check_partner_participation
from secretariat.procedure.quorum import check_quorum
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook, rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import LANGS, Message, Text
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.procedure.workflows import (
    GUARDS,
    Workflow,
    check_transition,
    check_year_plan,
    consensus_rule,
    find_transition,
    workflows,
)
from secretariat.registry.models import Body, State
from secretariat.registry.reference import reference


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
    """Tell the reminders that the meeting's deadlines moved, in the same transaction.

    Each open deadline reminds the users acting for its actor (recipients.actor_users);
    reminders of deadlines gone or done are cancelled, all of them once the meeting is
    cancelled or refused.
    """
    deadline_reminders_sync(meeting, deadlines)


def _deadlines_done(meeting: Meeting, rules: Iterable[str]) -> None:
    """Mark done the open deadlines of the rules a step applies; their reminders stop."""
    now = timezone.now()
    done = False
    for deadline in meeting.deadlines.filter(rule_id__in=list(rules), done_at__isnull=True):
        deadline.done_at = now
        deadline.save(update_fields=["done_at"])
        done = True
    if done:
        _deadlines_changed(meeting, list(meeting.deadlines.all()))


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
) -> Meeting:
    """Check the kind and dates, and create the meeting in its workflow's first state."""
    _check_kind(book, body, kind)
    end = end or start
    _check_dates(start, end)
    return Meeting.objects.create(
        body=body,
        kind=kind,
        extraordinary=extraordinary,
        state=_workflow(book, kind).initial,
        venue_city=venue_city,
        venue_state=venue_state,
        date_start=start,
        date_end=end,
        created_by=by,
        **_title(book, kind, title),
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


#: Facts the guards read from the meeting's content rows; what a caller says about them is
#: ignored (see _content_facts).
CONTENT_FACTS = frozenset({"present", "parts", "positions", "unsigned", "undistributed"})


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
        names = {t.event: t.name for t in _workflow(book, meeting.kind).transitions}
        raise _invalid(
            "dedicated_step",
            Message("meetings.dedicated_step", {"step": names.get(event, event)}),
        )
    locked = _locked(meeting, expected_version)
    return _take(locked, meeting, event, by=by, facts=facts, item=item)


def _take(
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
        raise _input_error(exc) from exc
    given = {k: v for k, v in (facts or {}).items() if k not in CONTENT_FACTS}
    all_facts = {
        **given,
        **meeting_facts(locked, ref),
        **_content_facts(locked, ref, transition.guards, item),
    }
    try:
        verdict = check_transition(book, ref, locked.kind, locked.state, event, all_facts)
    except InputError as exc:
        raise _input_error(exc) from exc
    if not verdict.ok:
        raise MeetingRefusedError(verdict)
    from_state = locked.state
    locked.state = str(verdict.facts["target"])
    _bump(locked, source)
    _deadlines_done(locked, transition.rules)
    # What each guard found (the quorum counted, the consensus, the signatures) is recorded
    # with the step, so the history and the minutes show the facts as they were then.
    body = book.procedures[locked.kind].body
    found = [GUARDS[name](book, ref, body, all_facts) for name in transition.guards]
    rendered = {}
    for lang in LANGS:
        rendered[lang] = verdict.render(book, lang)
        rendered[lang]["checks"] = [
            {"guard": name, "outcome": v.outcome, "summary": v.summary.render(lang)}
            for name, v in zip(transition.guards, found, strict=True)
        ]
    return MeetingTransition.objects.create(
        meeting=locked,
        from_state=from_state,
        to_state=locked.state,
        event=event,
        by=by,
        verdict=rendered,
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


# --- the meeting's content: proposals, agenda, attendance, positions, minutes ------------------

#: The state in which the meeting sits: items are added and positions stated only then.
IN_SESSION = "in_session"
#: Rules that set the latest day for agenda proposals; their Deadline rows hold the date.
PROPOSAL_DEADLINE_RULES = ("BCB-AGENDA-PROPOSALS-10D",)
#: Steps that write more than the step: taken only by their own service (agenda_circulate
#: sends the agenda and checks the CNC's consent). distribute_minutes is not one: its guard
#: waits for every recipient's row, and minutes_distribute takes it with the last one.
DEDICATED_STEPS = frozenset({"circulate_agenda"})
#: Steps the meeting page offers through their own form rather than as a bare button.
STEPS_WITH_FORMS = DEDICATED_STEPS | {"distribute_minutes"}
#: The step that sends the minutes out.
DISTRIBUTE = "distribute_minutes"
#: The rule that makes circulation wait for the CNC's consent, when a step cites it.
CNC_CONSENT_RULE = "SEC-CIRCULATE-CNC"


def _refuse(outcome: str, summary: Message, rules: tuple[str, ...], **facts: Any) -> NoReturn:
    """Refuse a step with a verdict citing ``rules`` (code ``outcome``); nothing is written."""
    raise MeetingRefusedError(
        Verdict(
            check="meeting_content",
            outcome=outcome,
            ok=False,
            summary=summary,
            facts=facts,
            rules=rules,
        )
    )


def _part_states(ref: ReferenceData) -> list[str]:
    """The member states with a national part on the Board, per the registry."""
    return sorted(b.state for b in ref.national_parts() if b.state)


def _part_state(delegation: Delegation, ref: ReferenceData) -> str | None:
    """The state of a national part on the Board, or None for any other delegation."""
    if delegation.kind != DelegationKind.NATIONAL_PART or delegation.state is None:
        return None
    code = delegation.state.code
    return code if code in _part_states(ref) else None


def _consensus_rule(meeting: Meeting) -> str:
    """BCB-CONSENSUS for the Board, STRAT-CONSENSUS for the SCO's own bodies."""
    return consensus_rule(meeting.body.code)


def _voter_state(meeting: Meeting, delegation: Delegation, ref: ReferenceData) -> str | None:
    """The member ``delegation`` speaks for in ``meeting``: a national part on the Board, a
    member state of the Organisation on the meeting's day elsewhere; None for anyone else."""
    if meeting.body.code == "bcb":
        return _part_state(delegation, ref)
    if delegation.kind != DelegationKind.MEMBER_STATE or delegation.state is None:
        return None
    code = delegation.state.code
    return code if code in members_of(meeting, ref) else None


def _item_positions(meeting: Meeting, item: AgendaItem, ref: ReferenceData) -> dict[str, str]:
    """Every member's position on ``item``, as the body's consensus rule counts them.

    On the Board (BCB-CONSENSUS) a part not in the room is absent; a part in the room that
    stated nothing did not object, and is counted as abstaining. The SCO's own bodies
    (STRAT-CONSENSUS) record no attendance: a member state that stated nothing did not object.
    """
    stated = {
        p.delegation.state.code: p.position
        for p in item.positions.select_related("delegation__state")
        if p.delegation.state is not None
    }
    # Only the Board records who is in the room.
    present = _present(meeting) if meeting.body.code == "bcb" else None
    positions: dict[str, str] = {}
    for state in members_of(meeting, ref):
        if present is not None and present.get(state, 0) == 0:
            positions[state] = ConsensusPosition.ABSENT.value
        else:
            positions[state] = stated.get(state, ConsensusPosition.ABSTAIN.value)
    return positions


def _present(meeting: Meeting) -> dict[str, int]:
    return {
        a.delegation.state.code: a.members_present
        for a in meeting.attendance.select_related("delegation__state")
        if a.delegation.kind == DelegationKind.NATIONAL_PART and a.delegation.state is not None
    }


def _content_facts(
    meeting: Meeting, ref: ReferenceData, guards: Iterable[str], item: AgendaItem | None
) -> dict[str, Any]:
    """The facts of the guards ``guards`` that the meeting's content rows hold."""
    wanted = set(guards)
    facts: dict[str, Any] = {}
    if "quorate" in wanted:
        facts["present"] = _present(meeting)
        facts["parts"] = len(_part_states(ref))
    if "no_objection" in wanted:
        if item is None:
            raise _invalid("item_required", Message("meetings.item_required", {}))
        _check_item(meeting, item)
        facts["positions"] = _item_positions(meeting, item, ref)
    if "minutes_signed_by_every_part" in wanted:
        signed = {
            s.delegation.state.code
            for s in meeting.signatures.select_related("delegation__state")
            if s.delegation.state is not None
        }
        facts["unsigned"] = sorted(set(_part_states(ref)) - signed)
    if "minutes_sent_to_every_recipient" in wanted:
        sent = {
            d.delegation.state.code
            for d in meeting.distribution.select_related("delegation__state")
            if d.delegation.state is not None
        }
        facts["undistributed"] = sorted(set(members_of(meeting, ref)) - sent)
    return facts


def _check_item(meeting: Meeting, item: AgendaItem) -> None:
    if item.meeting_id != meeting.pk:
        raise _invalid(
            "item_of_other_meeting",
            Message("meetings.item_of_other_meeting", {"number": item.number}),
        )


def _agenda_circulated(meeting: Meeting) -> bool:
    return AgendaCirculation.objects.filter(meeting=meeting).exists()


def takes_additional_items(book: Rulebook, meeting: Meeting) -> bool:
    """Whether members may still propose additional items: the Board, until it closes.

    After circulation, BCB-AGENDA-ADOPT lets the Chair add items on members' proposals, at
    the start of the meeting or during it.
    """
    if meeting.body.code != "bcb":
        return False
    workflow = _workflow(book, meeting.kind)
    return meeting.state == IN_SESSION or any(
        t.event == "open_session" for t in workflow.available(meeting.state)
    )


def _check_agenda_open(book: Rulebook, meeting: Meeting) -> None:
    """Proposals and the agenda's preparation stop once the agenda has been circulated."""
    _open(book, meeting)
    if _agenda_circulated(meeting):
        state = _workflow(book, meeting.kind).states[meeting.state]
        raise _invalid("agenda_closed", Message("meetings.agenda_closed", {"state": state}))


def _check_in_session(book: Rulebook, meeting: Meeting, rules: tuple[str, ...]) -> None:
    if meeting.state != IN_SESSION:
        state = _workflow(book, meeting.kind).states[meeting.state]
        _refuse("not_in_session", Message("meetings.not_in_session", {"state": state}), rules)


def _secretariat_kind(meeting: Meeting) -> DelegationKind:
    """The Secretariat serving the meeting: the Business Council's for the Board."""
    if meeting.body.code == "bcb":
        return DelegationKind.BC_SECRETARIAT
    return DelegationKind.SCO_SECRETARIAT


def _preparation_rules(meeting: Meeting) -> tuple[str, ...]:
    return ("BCB-AGENDA-PROPOSALS-10D",) if meeting.body.code == "bcb" else ("SEC-AGENDA-PREP",)


def _check_secretariat(
    meeting: Meeting,
    by: User,
    *,
    refusal: str = "not_entitled_to_prepare",
    rules: tuple[str, ...] | None = None,
) -> Delegation:
    """``by`` acts for the Secretariat serving the meeting, or the step is refused.

    ``refusal`` is the outcome code and message key (meetings.<refusal>); ``rules`` the rules
    cited, the agenda's preparation rules by default.
    """
    delegation = by.delegation
    if not by.is_active or delegation is None or delegation.kind != _secretariat_kind(meeting):
        cited = rules or _preparation_rules(meeting)
        _refuse(refusal, Message(f"meetings.{refusal}", {"rules": list(cited)}), cited)
    return delegation


def _state_name(ref: ReferenceData, code: str) -> Text | str:
    found = ref.states.get(code)
    return found.name if found is not None else code


def _next_number(meeting: Meeting) -> int:
    last = meeting.agenda_items.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def agenda_proposal_submit(
    *,
    meeting: Meeting,
    delegation: Delegation,
    title: str,
    text: str = "",
    materials: Sequence[str] = (),
    by: User | None = None,
    submitted_at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> AgendaProposal:
    """Receive a member's proposal for the agenda, refused after the rule's latest day.

    The proposal is private to its delegation and the Secretariat that receives it until
    the agenda is circulated. ``submitted_at`` is when it reached the Secretariat (now, or
    the day a paper proposal arrived).
    """
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    additional = _agenda_circulated(locked) and takes_additional_items(book, locked)
    if not additional:
        _check_agenda_open(book, locked)
    members = members_of(locked, ref)
    if (
        delegation.kind != member_kind(locked)
        or delegation.state is None
        or delegation.state.code not in members
    ):
        raise _invalid(
            "not_entitled_to_propose",
            Message("meetings.not_entitled_to_propose", {"delegation": _name(delegation)}),
        )
    submitted_at = submitted_at or timezone.now()
    submitted = timezone.localdate(submitted_at)
    deadline = locked.deadlines.filter(rule_id__in=PROPOSAL_DEADLINE_RULES).first()
    if not additional and deadline is not None and submitted > deadline.due:
        _refuse(
            "late_proposal",
            Message(
                "meetings.late_proposal",
                {"delegation": _name(delegation), "submitted": submitted, "due": deadline.due},
            ),
            (deadline.rule_id,),
            submitted=submitted.isoformat(),
            due=deadline.due.isoformat(),
        )
    title = title.strip()
    if AgendaProposal.objects.filter(
        meeting=locked, owner_delegation=delegation, title=title
    ).exists():
        raise _conflict(
            "duplicate_submission",
            Message(
                "meetings.duplicate_submission", {"delegation": _name(delegation), "title": title}
            ),
        )
    proposal = AgendaProposal.objects.create(
        meeting=locked,
        owner_delegation=delegation,
        title=title,
        text=text,
        materials=[str(m) for m in materials],
        submitted_at=submitted_at,
        submitted_by=by,
        additional=additional,
        # An additional item is proposed to the Board itself: every member sees it.
        circulated_to_members=additional,
    )
    # Sent to the Secretariat that prepares the agenda, so its officers see it too.
    proposal.circulated_to.set(Delegation.objects.filter(kind=_secretariat_kind(locked)))
    _bump(locked, meeting)
    return proposal


@transaction.atomic
def agenda_prepare(
    *, meeting: Meeting, by: User, expected_version: int | None = None
) -> list[AgendaItem]:
    """Turn the proposals received into the preliminary agenda (one item each, in order)."""
    book = rulebook()
    locked = _locked(meeting, expected_version)
    _check_agenda_open(book, locked)
    secretariat = _check_secretariat(locked, by)
    number = _next_number(locked)
    created: list[AgendaItem] = []
    for proposal in locked.proposals.filter(items__isnull=True).order_by("submitted_at", "pk"):
        item = AgendaItem.objects.create(
            meeting=locked,
            number=number,
            title_en=proposal.title,
            from_proposal=proposal,
            owner_delegation=secretariat,
        )
        item.circulated_to.add(proposal.owner_delegation)
        created.append(item)
        number += 1
    if created:
        _bump(locked, meeting)
    return created


@transaction.atomic
def agenda_circulate(
    *,
    meeting: Meeting,
    by: User,
    cnc_consent: bool | None = None,
    expected_version: int | None = None,
) -> MeetingTransition:
    """Send the agenda, its items and the proposals to every member; take circulate_agenda.

    Where the step cites SEC-CIRCULATE-CNC, the CNC must have consented (``cnc_consent``).
    """
    book = rulebook()
    locked = _locked(meeting, expected_version)
    _check_agenda_open(book, locked)
    _check_secretariat(locked, by)
    try:
        transition = find_transition(book, locked.kind, locked.state, "circulate_agenda")
    except InputError as exc:
        raise _input_error(exc) from exc
    needs_consent = CNC_CONSENT_RULE in transition.rules
    if needs_consent and cnc_consent is not True:
        _refuse(
            "cnc_consent_required",
            Message("meetings.cnc_consent_required", {}),
            (CNC_CONSENT_RULE,),
        )
    step = _take(locked, meeting, "circulate_agenda", by=by)
    # Row by row, not queryset.update(): the audit app records changes through signals.
    for proposal in locked.proposals.all():
        proposal.circulated_to_members = True
        proposal.save(update_fields=["circulated_to_members"])
    for item in locked.agenda_items.all():
        item.circulated_to_members = True
        item.save(update_fields=["circulated_to_members"])
    AgendaCirculation.objects.create(
        meeting=locked,
        circulated_at=timezone.now(),
        circulated_by=by,
        cnc_consent=cnc_consent if needs_consent else None,
    )
    return step


@transaction.atomic
def agenda_item_add_by_chair(
    *,
    meeting: Meeting,
    title: Text | None = None,
    by: User,
    proposed_by: Delegation | None = None,
    proposal: AgendaProposal | None = None,
    expected_version: int | None = None,
) -> AgendaItem:
    """Add an item of current activity during the meeting, by the Chair (BCB-AGENDA-ADOPT).

    ``proposal``: a member's proposal for an additional item; its title and proposer are
    taken from it unless given.
    """
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    rules = ("BCB-AGENDA-ADOPT",)
    _check_in_session(book, locked, rules)
    try:
        chair = check_chair(book, ref, locked.body.code, locked.date_start)
    except InputError as exc:
        raise _input_error(exc) from exc
    chair_state = str(chair.facts["chair_state"])
    delegation = by.delegation
    if not (
        by.is_active
        and by.role == "np_chair"
        and delegation is not None
        and _part_state(delegation, ref) == chair_state
    ):
        _refuse(
            "not_the_chair",
            Message("meetings.not_the_chair", {"state": _state_name(ref, chair_state)}),
            (*rules, "BCB-CHAIR"),
        )
    if proposal is not None:
        if proposal.meeting_id != locked.pk or not proposal.additional:
            raise _invalid(
                "not_an_additional_proposal",
                Message("meetings.not_an_additional_proposal", {"title": proposal.title}),
            )
        if proposal.items.exists():
            raise _conflict(
                "duplicate_submission",
                Message(
                    "meetings.duplicate_submission",
                    {"delegation": _name(proposal.owner_delegation), "title": proposal.title},
                ),
            )
        title = title or Text(en=proposal.title, ru="", zh="")
        proposed_by = proposed_by or proposal.owner_delegation
    if title is None or not title.en.strip():
        raise _invalid("item_title_required", Message("meetings.item_title_required", {}))
    item = AgendaItem.objects.create(
        meeting=locked,
        number=_next_number(locked),
        title_en=title.en,
        title_ru=title.ru,
        title_zh=title.zh,
        from_proposal=proposal,
        added_by_chair=True,
        proposed_by=proposed_by,
        owner_delegation=delegation,
        circulated_to_members=True,
    )
    _bump(locked, meeting)
    return item


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    delegation: Delegation,
    members_present: int,
    chair_present: bool | None = None,
    by: User | None = None,
    expected_version: int | None = None,
) -> Attendance:
    """Record how many Board members of a national part are in the room (again if it changes).

    ``chair_present`` says whether the head of the part is among them (default: whenever
    anyone is); it decides who signs the minutes (BCB-MINUTES-SIGN).
    """
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    workflow = _workflow(book, locked.kind)
    counts_quorum = any("quorate" in t.guards for t in workflow.transitions)
    before_opening = any("quorate" in t.guards for t in workflow.available(locked.state))
    if not counts_quorum or not (before_opening or locked.state == IN_SESSION):
        raise _invalid(
            "attendance_closed",
            Message("meetings.attendance_closed", {"state": workflow.states[locked.state]}),
        )
    state = _part_state(delegation, ref)
    if state is None:
        raise _invalid(
            "not_a_national_part",
            Message("meetings.not_a_national_part", {"delegation": _name(delegation)}),
        )
    try:
        # The engine knows how many members a part has (BCB-COMPOSITION).
        check_quorum(book, {state: members_present}, len(_part_states(ref)))
    except InputError as exc:
        raise _input_error(exc) from exc
    if chair_present is None:
        chair_present = members_present > 0
    if chair_present and members_present == 0:
        raise _invalid(
            "chair_without_members",
            Message("meetings.chair_without_members", {"delegation": _name(delegation)}),
        )
    attendance, _created = Attendance.objects.update_or_create(
        meeting=locked,
        delegation=delegation,
        defaults={
            "members_present": members_present,
            "chair_present": chair_present,
            "recorded_at": timezone.now(),
            "recorded_by": by,
        },
    )
    _bump(locked, meeting)
    return attendance


def quorum_now(meeting: Meeting) -> Verdict:
    """Whether the members recorded present make a quorum (BCB-QUORUM), as the guard sees it."""
    ref = reference()
    try:
        return check_quorum(rulebook(), _present(meeting), len(_part_states(ref)))
    except InputError as exc:
        raise _input_error(exc) from exc


@transaction.atomic
def position_record(
    *,
    meeting: Meeting,
    item: AgendaItem,
    delegation: Delegation,
    position: str,
    by: User | None = None,
    expected_version: int | None = None,
) -> Position:
    """Record a member's position on an item (a national part present, on the Board; a
    member state, in an SCO body); it may change until the item is decided."""
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    rules = (_consensus_rule(locked),)
    _check_in_session(book, locked, rules)
    _check_item(locked, item)
    item.refresh_from_db()
    if item.decided_at is not None:
        raise _conflict("item_decided", Message("meetings.item_decided", {"number": item.number}))
    state = _voter_state(locked, delegation, ref)
    if state is None and locked.body.code != "bcb":
        raise _invalid(
            "not_a_member_state",
            Message("meetings.not_a_member_state", {"delegation": _name(delegation)}),
        )
    if state is None:
        raise _invalid(
            "not_a_national_part",
            Message("meetings.not_a_national_part", {"delegation": _name(delegation)}),
        )
    try:
        parsed = parse_position(position)
    except InputError as exc:
        raise _input_error(exc) from exc
    if parsed is ConsensusPosition.ABSENT:
        raise _invalid("position_absent", Message("meetings.position_absent", {}))
    if locked.body.code == "bcb" and _present(locked).get(state, 0) == 0:
        raise _invalid(
            "not_present", Message("meetings.not_present", {"delegation": _name(delegation)})
        )
    row, _created = Position.objects.update_or_create(
        item=item,
        delegation=delegation,
        defaults={
            "meeting": locked,
            "position": parsed.value,
            "recorded_at": timezone.now(),
            "recorded_by": by,
        },
    )
    _bump(locked, meeting)
    return row


@transaction.atomic
def item_decide(
    *,
    meeting: Meeting,
    item: AgendaItem,
    by: User | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Decide an item by consensus from the positions recorded (BCB-CONSENSUS on the Board,
    STRAT-CONSENSUS in the SCO's own bodies).

    Adopted: the ``adopt_decision`` step is taken and the item's positions are frozen. An
    objection: nothing is written, and the verdict names the objecting parts (positions may
    still change and the item be decided again).
    """
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    rule = _consensus_rule(locked)
    _check_in_session(book, locked, (rule,))
    _check_item(locked, item)
    item.refresh_from_db()
    if item.decided_at is not None:
        raise _conflict("item_decided", Message("meetings.item_decided", {"number": item.number}))
    positions = _item_positions(locked, item, ref)
    try:
        verdict = check_consensus(
            book, {party: parse_position(p) for party, p in positions.items()}, rule
        )
    except InputError as exc:
        raise _input_error(exc) from exc
    if not verdict.ok:
        return verdict
    _take(locked, meeting, "adopt_decision", by=by, item=item)
    item.decided_at = timezone.now()
    item.adopted = True
    item.decision = {lang: verdict.render(book, lang) for lang in LANGS}
    item.save(update_fields=["decided_at", "adopted", "decision"])
    return verdict


@transaction.atomic
def minutes_sign(
    *,
    meeting: Meeting,
    delegation: Delegation,
    user: User,
    expected_version: int | None = None,
) -> MinutesSignature:
    """Sign the minutes for a national part: its head, or an authorised member if absent."""
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    workflow = _workflow(book, locked.kind)
    if not any(t.event == "sign_minutes" for t in workflow.available(locked.state)):
        raise _invalid(
            "minutes_not_ready",
            Message("meetings.minutes_not_ready", {"state": workflow.states[locked.state]}),
        )
    rules = ("BCB-MINUTES-SIGN",)
    attendance = locked.attendance.filter(delegation=delegation).first()
    head_absent = attendance is not None and not attendance.chair_present
    own_part = (
        user.is_active
        and user.delegation_id == delegation.pk
        and _part_state(delegation, ref) is not None
    )
    as_head = own_part and user.role == "np_chair"
    as_authorised = own_part and user.role == "np_board_member" and head_absent
    if not (as_head or as_authorised):
        _refuse(
            "not_entitled_to_sign",
            Message(
                "meetings.not_entitled_to_sign",
                {"user": user.get_full_name() or user.username, "delegation": _name(delegation)},
            ),
            rules,
            role=user.role,
            head_absent=head_absent,
        )
    if locked.signatures.filter(delegation=delegation).exists():
        raise _conflict(
            "already_signed", Message("meetings.already_signed", {"delegation": _name(delegation)})
        )
    signature = MinutesSignature.objects.create(
        meeting=locked,
        delegation=delegation,
        signed_by=user,
        signed_at=timezone.now(),
        as_authorised_member=as_authorised,
    )
    _bump(locked, meeting)
    return signature


def member_kind(meeting: Meeting) -> DelegationKind:
    """Who proposes and receives the minutes: national parts for the Board, else states."""
    if meeting.body.code == "bcb":
        return DelegationKind.NATIONAL_PART
    return DelegationKind.MEMBER_STATE


def minutes_recipients(meeting: Meeting, ref: ReferenceData | None = None) -> list[Delegation]:
    """The delegations the minutes go to, one per member (a national part for the Board)."""
    ref = ref or reference()
    members = members_of(meeting, ref)
    return list(
        Delegation.objects.filter(kind=member_kind(meeting), state__code__in=members)
        .select_related("state")
        .order_by("code")
    )


@dataclass(frozen=True, slots=True)
class Distributed:
    """What one call of minutes_distribute recorded, and the step it took if it was the last."""

    rows: list[MinutesDistribution]
    transition: MeetingTransition | None


@transaction.atomic
def minutes_distribute(
    *,
    meeting: Meeting,
    by: User,
    sent_on: dt.date | None = None,
    method: str = DistributionMethod.SENT,
    delegations: Sequence[Delegation] | None = None,
    expected_version: int | None = None,
) -> Distributed:
    """Record the minutes handed over or sent to recipients; the last one takes the step.

    ``delegations`` defaults to every recipient not recorded yet. A day after the rule's
    latest day is recorded as late, never refused: the minutes must still go out. The
    SHA-256 of the PDF sent is kept with each row.
    """
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    workflow = _workflow(book, locked.kind)
    step = next((t for t in workflow.available(locked.state) if t.event == DISTRIBUTE), None)
    if step is None:
        raise _invalid(
            "minutes_not_ready",
            Message("meetings.distribution_not_ready", {"state": workflow.states[locked.state]}),
        )
    rules = tuple(step.rules)
    _check_secretariat(locked, by, refusal="not_entitled_to_distribute", rules=rules)
    if method not in DistributionMethod.values:
        raise _invalid(
            "unknown_method",
            Message(
                "meetings.unknown_event", {"event": method, "valid": DistributionMethod.values}
            ),
        )
    sent_on = sent_on or timezone.localdate()
    if sent_on < locked.date_end or sent_on > timezone.localdate():
        raise _invalid(
            "distribution_date",
            Message(
                "meetings.distribution_date",
                {"date": sent_on, "end": locked.date_end, "today": timezone.localdate()},
            ),
        )
    recipients = minutes_recipients(locked, ref)
    done = set(locked.distribution.values_list("delegation_id", flat=True))
    if delegations is None:
        chosen = [d for d in recipients if d.pk not in done]
    else:
        chosen = list(delegations)
        allowed = {d.pk for d in recipients}
        for target in chosen:
            if target.pk not in allowed:
                raise _invalid(
                    "not_a_recipient",
                    Message("meetings.not_a_recipient", {"delegation": _name(target)}),
                )
            if target.pk in done:
                raise _conflict(
                    "already_distributed",
                    Message("meetings.already_distributed", {"delegation": _name(target)}),
                )
    if not chosen:
        raise _conflict("nothing_to_distribute", Message("meetings.nothing_to_distribute", {}))
    deadline = locked.deadlines.filter(rule_id__in=rules).first()
    late = deadline is not None and sent_on > deadline.due
    digest = minutes_sha256(minutes_pdf(locked))
    now = timezone.now()
    rows = [
        MinutesDistribution.objects.create(
            meeting=locked,
            delegation=target,
            method=method,
            sent_on=sent_on,
            late=late,
            pdf_sha256=digest,
            recorded_at=now,
            recorded_by=by,
        )
        for target in chosen
    ]
    _bump(locked, meeting)
    taken = None
    if len(done) + len(rows) >= len(recipients):
        taken = _take(locked, locked, DISTRIBUTE, by=by)
    return Distributed(rows=rows, transition=taken)


def minutes_of(meeting: Meeting) -> bytes:
    """The minutes PDF, once the meeting is closed; refused before."""
    if not minutes_ready(meeting):
        book = rulebook()
        state = _workflow(book, meeting.kind).states[meeting.state]
        raise _invalid(
            "minutes_not_ready", Message("meetings.minutes_not_drafted", {"state": state})
        )
    return minutes_pdf(meeting)


# --- participants: invited persons and partners (BCB-PARTICIPANTS, STRAT-*) ---------------------

PARTICIPANTS_RULE = "BCB-PARTICIPANTS"
PARTNER_KINDS = frozenset({DelegationKind.PARTNER_STATE, DelegationKind.PARTNER_ORGANISATION})


@transaction.atomic
def invitation_add(
    *,
    meeting: Meeting,
    by: User,
    name: str,
    capacity: str = "",
    delegation: Delegation | None = None,
    expected_version: int | None = None,
) -> Invitation:
    """Put a person on the meeting's list of invited persons.

    A partner's representative is refused unless STRAT-OBSERVERS or STRAT-DIALOGUE opens the
    body's meetings to the partner's status on the meeting's first day. For the Board the
    invitation waits for the Chair's or the Deputy Chair's agreement (BCB-PARTICIPANTS).
    """
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    rules = (PARTICIPANTS_RULE,) if locked.body.code == "bcb" else ("SEC-PROTOCOL",)
    _check_secretariat(locked, by, refusal="not_entitled_to_invite", rules=rules)
    if delegation is not None and delegation.kind in PARTNER_KINDS:
        if delegation.state is None:
            # A partner organisation: no rule of the seeds opens meetings to organisations.
            _refuse(
                "not_a_partner",
                Message(
                    "participation.not_a_partner",
                    {"state": _name(delegation), "status": delegation.kind},
                ),
                PARTNER_RULES,
            )
        try:
            verdict = check_partner_participation(
                book, ref, locked.body.code, delegation.state.code, locked.date_start
            )
        except InputError as exc:
            raise _input_error(exc) from exc
        if not verdict.ok:
            raise MeetingRefusedError(verdict)
    name = name.strip()
    capacity = capacity.strip()
    if locked.invitations.filter(name=name, capacity=capacity).exists():
        raise _conflict("already_invited", Message("meetings.already_invited", {"name": name}))
    invitation = Invitation.objects.create(
        meeting=locked,
        name=name,
        capacity=capacity,
        delegation=delegation,
        proposed_at=timezone.now(),
        proposed_by=by,
        needs_agreement=locked.body.code == "bcb",
    )
    _bump(locked, meeting)
    return invitation


@transaction.atomic
def invitation_agree(
    *, meeting: Meeting, invitation: Invitation, by: User, expected_version: int | None = None
) -> Invitation:
    """The Chair or the Deputy Chair of the Board agrees an invitation (BCB-PARTICIPANTS)."""
    book = rulebook()
    ref = reference()
    locked = _locked(meeting, expected_version)
    _open(book, locked)
    if invitation.meeting_id != locked.pk:
        raise _invalid("not_found", Message("meetings.item_of_other_meeting", {"number": "—"}))
    invitation.refresh_from_db()
    if invitation.agreed_at is not None or not invitation.needs_agreement:
        raise _conflict(
            "already_agreed", Message("meetings.already_agreed", {"name": invitation.name})
        )
    try:
        chair = check_chair(book, ref, locked.body.code, locked.date_start)
    except InputError as exc:
        raise _input_error(exc) from exc
    chair_state = chair.facts.get("chair_state")
    deputy_state = chair.facts.get("deputy_state")
    delegation = by.delegation
    state = _part_state(delegation, ref) if delegation is not None else None
    capacity = ""
    if by.is_active and by.role == "np_chair" and state is not None:
        if state == chair_state:
            capacity = "chair"
        elif state == deputy_state:
            capacity = "deputy"
    if not capacity:
        _refuse(
            "not_chair_or_deputy",
            Message(
                "meetings.not_chair_or_deputy",
                {
                    "chair": _state_name(ref, str(chair_state)),
                    "deputy": _state_name(ref, str(deputy_state)) if deputy_state else "—",
                    "user": by.get_full_name() or by.username,
                },
            ),
            (PARTICIPANTS_RULE, "BCB-CHAIR"),
        )
    invitation.agreed_at = timezone.now()
    invitation.agreed_by = by
    invitation.agreed_as = capacity
    invitation.save(update_fields=["agreed_at", "agreed_by", "agreed_as"])
    _bump(locked, meeting)
    return invitation
