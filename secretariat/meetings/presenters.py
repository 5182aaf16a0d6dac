"""What the pages and the API show of a meeting: plain dataclasses assembled from its rows.

``meeting_shown`` (the meeting, its deadlines, steps, history and consents) and
``content_shown`` (proposals, agenda, attendance and quorum, signatures, distribution,
invitations) serve both ``views.py`` and ``api.py``; ``page_cache`` keeps them per version
and reader. The calendar's days are assembled here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from secretariat.accounts.models import DelegationKind, User
from secretariat.core.lang import current_lang
from secretariat.core.translated import translated_data
from secretariat.meetings import selectors
from secretariat.meetings.agenda_shown import (
    MaterialShown,
    item_timetable,
    materials_visible,
    minutes_to_sign_sha256,
    proposal_title,
)
from secretariat.meetings.facts import (
    chair_state_of,
    content_facts,
    meeting_facts,
    member_kind,
    minutes_recipients,
    part_state,
    quorum_now,
    secretariat_kind,
)
from secretariat.meetings.forms import (
    POSITION_LABELS,
    event_label,
)
from secretariat.meetings.invitees import agreeing_capacity
from secretariat.meetings.languages import missing_authentic, missing_message
from secretariat.meetings.minutes_pdf import minutes_ready, signature_capacity
from secretariat.meetings.models import (
    Meeting,
)
from secretariat.meetings.services import (
    IN_SESSION,
    STEPS_WITH_FORMS,
    may_sign_now,
    takes_additional_items,
)
from secretariat.meetings.services.common import REASONED_STATES, actor_today, too_early
from secretariat.meetings.services.deadlines import deadline_overdue
from secretariat.meetings.subjects import subject_data
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.replies import DERIVED_EVENTS
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Lang, parse_lang
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.procedure.workflows import Transition, check_transition, workflows
from secretariat.registry.models import State
from secretariat.registry.reference import reference


def step_blocked(meeting: Meeting, transition: Transition, ref: ReferenceData, lang: Lang) -> str:
    """Why the rules would refuse ``transition`` now, in ``lang`` ("" when they would not, or
    when the step waits for what its own form asks, or decides an item): the page shows the
    step's button disabled with this sentence, so no one is offered a step only to be refused.
    The service decides again when the step is taken."""
    if transition.event in STEPS_WITH_FORMS:
        return ""
    book = rulebook()
    today = actor_today(book, ref, meeting, transition.actor)
    if (early := too_early(meeting, transition, today)) is not None:
        return early.render(lang)
    if "positions" in transition.reads:
        return ""
    facts = {
        **meeting_facts(meeting, ref),
        **content_facts(meeting, ref, transition.reads, None),
    }
    needed = transition.requires_event
    if needed and needed not in facts["events"]:
        # Its day is asked in the step's own form: judged as if given today.
        facts["events"] = {**facts["events"], needed: today}
    try:
        verdict = check_transition(book, ref, meeting.kind, meeting.state, transition.event, facts)
    except InputError:
        return ""
    return "" if verdict.ok else verdict.summary.render(lang)


def person_name(user: User | None) -> str:
    """A user as people read them: the full name, the login only where no name is known."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- what the page and the API show of a meeting ---------------------------------------------
@dataclass(frozen=True, slots=True)
class DeadlineShown:
    rule_id: str
    source: str
    due: Any
    anchor: str
    anchor_date: Any
    action: str
    actor: str
    actor_name: str
    warnings: list[str]
    done_at: Any
    #: The day the step was taken (at the actor's seat, or the day of the fact the rule
    #: names), whether that was after ``due``, and the timing verdict's sentence.
    done_on: Any = None
    late: bool = False
    timing: str = ""
    #: Still open after its latest day (the actor's seat's day).
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class StepShown:
    event: str
    name: str
    target: str
    target_name: str
    rules: tuple[str, ...]
    #: The step ends or stops the meeting: it takes a reason and a confirmation.
    needs_reason: bool = False
    #: The fact the step needs and its label, when it is not recorded yet: its day is asked
    #: in the step's own form.
    date_event: str = ""
    date_label: str = ""
    #: Why the rules would refuse the step now (the button is shown disabled with it).
    blocked: str = ""


@dataclass(frozen=True, slots=True)
class TransitionShown:
    at: Any
    by: str
    event: str
    name: str
    from_state: str
    from_name: str
    to_state: str
    to_name: str
    summary: str
    rules: list[str]
    #: What each guard found when the step was taken (the quorum counted, ...).
    checks: list[str] = field(default_factory=list)
    #: The reason given (refusal, cancellation, ...).
    reason: str = ""
    #: Each deadline the step kept: on time or late, with the rule, due day and day taken.
    timing: list[str] = field(default_factory=list)
    late: bool = False
    #: The day of the step at the acting seat.
    on: Any = None


@dataclass(frozen=True, slots=True)
class InitiatorShown:
    code: str
    name: str
    #: Joined itself (with the day it sent its appeal or letter), only named, or withdrawn.
    joined: bool
    sent_on: Any
    withdrawn: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ConsentRow:
    state: str
    state_name: str
    #: True (consents), False (refuses) or None (no answer yet).
    answer: bool | None


@dataclass(slots=True)
class MeetingShown:
    meeting: Meeting
    state_name: str
    procedure: str
    final: bool
    deadlines: list[DeadlineShown] = field(default_factory=list)
    steps: list[StepShown] = field(default_factory=list)
    history: list[TransitionShown] = field(default_factory=list)
    initiators: list[InitiatorShown] = field(default_factory=list)
    #: Open deadlines past their latest day.
    overdue: int = 0
    consents: list[ConsentRow] = field(default_factory=list)
    events: list[tuple[str, str, Any]] = field(default_factory=list)
    #: Events of the procedure not recorded yet (each is recorded once).
    events_open: list[str] = field(default_factory=list)


def meeting_shown(meeting: Meeting, lang: Lang) -> MeetingShown:
    """Everything the meeting page shows, in ``lang``: state, deadlines, steps, history."""
    book = rulebook()
    workflow = workflows(book).get(meeting.kind)
    names = {t.event: t.name[lang] for t in workflow.transitions}
    shown = MeetingShown(
        meeting=meeting,
        state_name=workflow.states[meeting.state][lang],
        procedure=book.procedures[meeting.kind].title[lang],
        final=meeting.state in workflow.final,
    )
    ref = reference()
    for d in selectors.meeting_deadlines(meeting):
        rule = book.rule(d.rule_id)
        actor = book.actors.get(d.actor)
        timing = d.timing.get(lang) or {}
        today = actor_today(book, ref, meeting, d.actor)
        late_now = not shown.final and deadline_overdue(d, today)
        shown.overdue += late_now
        shown.deadlines.append(
            DeadlineShown(
                rule_id=d.rule_id,
                source=rule.citation(lang),
                due=d.due,
                anchor=d.anchor,
                anchor_date=d.anchor_date,
                action=rule.step.action[lang] if rule.step else "",
                actor=d.actor,
                actor_name=actor.name[lang] if actor else d.actor,
                warnings=[str(w.get(lang) or w.get("en") or "") for w in d.warnings],
                done_at=d.done_at,
                done_on=d.done_on,
                late=d.late,
                timing=str(timing.get("summary", "")),
                overdue=late_now,
            )
        )
    recorded = {e.event: e for e in meeting.events.all()}
    for t in selectors.meeting_next_steps(meeting):
        date_event = (
            t.requires_event if t.requires_event and t.requires_event not in recorded else ""
        )
        shown.steps.append(
            StepShown(
                t.event,
                t.name[lang],
                t.target,
                workflow.states[t.target][lang],
                t.rules,
                needs_reason=t.target in REASONED_STATES,
                date_event=date_event,
                date_label=str(event_label(date_event)) if date_event else "",
                blocked=step_blocked(meeting, t, ref, lang),
            )
        )
    for row in selectors.meeting_history(meeting):
        verdict = row.verdict.get(lang) or row.verdict.get("en") or {}
        shown.history.append(
            TransitionShown(
                at=row.at,
                by=person_name(row.by),
                event=row.event,
                name=names.get(row.event, row.event),
                from_state=row.from_state,
                from_name=workflow.states[row.from_state][lang],
                to_state=row.to_state,
                to_name=workflow.states[row.to_state][lang],
                summary=str(verdict.get("summary", "")),
                rules=[str(c["id"]) for c in verdict.get("rules", [])],
                checks=[str(c["summary"]) for c in verdict.get("checks", [])],
                reason=row.reason,
                timing=[str(t["summary"]) for t in verdict.get("timing", [])],
                late=any(t.get("outcome") == "late" for t in verdict.get("timing", [])),
                on=row.on,
            )
        )
    shown.initiators = [
        InitiatorShown(
            code=i.delegation.code,
            name=str(i.delegation.name),
            joined=i.joined_at is not None and i.withdrawn_at is None,
            sent_on=i.sent_on,
            withdrawn=i.withdrawn_at is not None,
            reason=i.reason,
        )
        for i in meeting.initiatives.select_related("delegation").order_by("delegation__code")
    ]
    if meeting.consents.exists():
        states = {s.code: s.name for s in State.objects.all()}
        shown.consents = [
            ConsentRow(c.state, states.get(c.state, c.state), c.answer)
            for c in selectors.meeting_consents(meeting)
        ]
    shown.events = [(e.event, event_label(e.event), e.date) for e in recorded.values()]
    # Derived events (the day of the last reply) are kept by the services, never typed.
    shown.events_open = [
        e
        for e in book.procedures[meeting.kind].events
        if e not in recorded and e not in DERIVED_EVENTS
    ]
    return shown


@dataclass(frozen=True, slots=True)
class ProposalShown:
    id: int
    delegation: str
    delegation_name: str
    #: In the reader's language, or in another one given (``title_lang``) while its
    #: translation is pending; ``titles`` as stored.
    title: str
    titles: dict[str, str]
    title_lang: str
    title_pending: bool
    text: str
    materials: list[str]
    submitted_at: Any
    #: Circulated to every member with the agenda (else private to its delegation).
    circulated: bool
    #: Proposed after circulation, for the Chair to add in session (BCB-AGENDA-ADOPT).
    additional: bool = False


@dataclass(frozen=True, slots=True)
class PositionShown:
    delegation: str
    delegation_name: str
    position: str
    position_name: str


@dataclass(frozen=True, slots=True)
class ItemShown:
    number: int
    title: str
    added_by_chair: bool
    proposed_by: str | None
    decided_at: Any
    adopted: bool
    decision: str
    positions: list[PositionShown]
    #: The title in each language as stored (empty where its translation is pending), and
    #: the language ``title`` is in when it stands in for the reader's (agenda_shown).
    titles: dict[str, str] = field(default_factory=dict)
    title_lang: str = ""
    title_pending: bool = False
    starts_at: Any = None
    duration_minutes: int | None = None
    speakers: list[str] = field(default_factory=list)
    materials: list[MaterialShown] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AttendanceShown:
    delegation: str
    delegation_name: str
    members_present: int
    chair_present: bool


@dataclass(frozen=True, slots=True)
class SignatureShown:
    delegation: str
    delegation_name: str
    signed_by: str
    signed_at: Any
    as_authorised_member: bool
    #: The capacity in which they signed, with the part's name (the minutes' wording).
    capacity: str = ""
    #: SHA-256 of the minutes PDF they signed.
    pdf_sha256: str = ""


@dataclass(frozen=True, slots=True)
class DistributionShown:
    delegation: str
    delegation_name: str
    method: str
    sent_on: Any
    late: bool
    pdf_sha256: str


@dataclass(frozen=True, slots=True)
class InvitationShown:
    id: int
    name: str
    capacity: str
    delegation: str | None
    delegation_name: str
    #: Whether the Chair or the Deputy Chair must agree it (the Board), and who did
    #: (``agreed_as``: chair, deputy, or by_right when the delegation takes part by right).
    needs_agreement: bool
    agreed_by: str
    agreed_as: str
    #: On what ground the person is invited (partner, by_right, invited, guest) and under
    #: which rules.
    ground: str = ""
    rules: tuple[str, ...] = ()


@dataclass(slots=True)
class ContentShown:
    """The meeting's agenda, room and minutes as ``user`` may see them."""

    proposals: list[ProposalShown] = field(default_factory=list)
    items: list[ItemShown] = field(default_factory=list)
    attendance: list[AttendanceShown] = field(default_factory=list)
    #: The quorum as the guard sees it now, where the procedure counts one.
    quorum: str = ""
    quorate: bool | None = None
    signatures: list[SignatureShown] = field(default_factory=list)
    distribution: list[DistributionShown] = field(default_factory=list)
    #: Recipients of the minutes that have not received them yet (delegation codes).
    undistributed: list[str] = field(default_factory=list)
    minutes_ready: bool = False
    invitations: list[InvitationShown] = field(default_factory=list)
    #: SHA-256 of the minutes the parts sign (frozen when the meeting concluded), if any.
    minutes_to_sign_sha256: str = ""
    #: Why the minutes cannot be signed yet: what has no Russian or Chinese text ("" if none).
    minutes_missing: str = ""


def content_shown(meeting: Meeting, user: User | None, lang: Lang) -> ContentShown:
    """The meeting's content rows for display, filtered by what ``user`` may see."""
    shown = ContentShown()
    for p in selectors.agenda_proposals_visible(user, meeting):
        shown.proposals.append(
            ProposalShown(
                id=p.pk,
                delegation=p.owner_delegation.code,
                delegation_name=p.owner_delegation.name,
                **proposal_title(p, lang),
                text=p.text,
                materials=[str(m) for m in p.materials],
                submitted_at=p.submitted_at,
                circulated=p.circulated_to_members,
                additional=p.additional,
            )
        )
    items = selectors.agenda_items_visible(user, meeting).select_related("proposed_by")
    for item in items.prefetch_related("positions__delegation", materials_visible(user)):
        decision = item.decision.get(lang) or item.decision.get("en") or {}
        shown.items.append(
            ItemShown(
                **item_timetable(item, lang),
                number=item.number,
                added_by_chair=item.added_by_chair,
                proposed_by=item.proposed_by.code if item.proposed_by else None,
                decided_at=item.decided_at,
                adopted=item.adopted,
                decision=str(decision.get("summary", "")),
                positions=[
                    PositionShown(
                        p.delegation.code,
                        p.delegation.name,
                        p.position,
                        str(POSITION_LABELS.get(p.position, p.position)),
                    )
                    for p in sorted(item.positions.all(), key=lambda p: p.delegation.code)
                ],
            )
        )
    for a in selectors.meeting_attendance(meeting):
        shown.attendance.append(
            AttendanceShown(
                a.delegation.code, a.delegation.name, a.members_present, a.chair_present
            )
        )
    book = rulebook()
    workflow = workflows(book).get(meeting.kind)
    if workflow.counts_quorum:
        verdict = quorum_now(meeting)
        shown.quorum = verdict.summary.render(lang)
        shown.quorate = verdict.ok
    for sig in selectors.minutes_signatures(meeting):
        shown.signatures.append(
            SignatureShown(
                sig.delegation.code,
                sig.delegation.name,
                sig.signed_by.get_full_name() or sig.signed_by.get_username(),
                sig.signed_at,
                sig.as_authorised_member,
                signature_capacity(sig),
                sig.pdf_sha256,
            )
        )
    for d in selectors.minutes_distribution(meeting):
        shown.distribution.append(
            DistributionShown(
                d.delegation.code, d.delegation.name, d.method, d.sent_on, d.late, d.pdf_sha256
            )
        )
    for inv in meeting.invitations.select_related("delegation", "agreed_by"):
        shown.invitations.append(
            InvitationShown(
                id=inv.pk,
                name=inv.name,
                capacity=inv.capacity,
                delegation=inv.delegation.code if inv.delegation else None,
                delegation_name=inv.delegation.name if inv.delegation else "",
                needs_agreement=inv.needs_agreement,
                agreed_by=(inv.agreed_by.get_full_name() or inv.agreed_by.get_username())
                if inv.agreed_by
                else "",
                agreed_as=inv.agreed_as,
                ground=inv.ground,
                rules=tuple(inv.rules or ()),
            )
        )
    shown.minutes_ready = minutes_ready(meeting)
    shown.minutes_to_sign_sha256 = minutes_to_sign_sha256(meeting)
    if shown.minutes_ready and (missing := missing_authentic(meeting)):
        shown.minutes_missing = missing_message(missing).render(lang)
    if shown.minutes_ready:
        sent = {d.delegation for d in shown.distribution}
        shown.undistributed = [d.code for d in minutes_recipients(meeting) if d.code not in sent]
    return shown


def pending_consent_of(user: User | None, shown: MeetingShown) -> bool:
    """Whether ``user`` answers for a member state whose consent to the meeting is pending."""
    if user is None or not user.can("meetings.consent") or shown.final:
        return False
    delegation = user.delegation
    if delegation is None or delegation.kind != DelegationKind.MEMBER_STATE:
        return False
    state = delegation.state.code if delegation.state else None
    return any(c.state == state and c.answer is None for c in shown.consents)


def initiative_offers(meeting: Meeting, user: User, shown: MeetingShown) -> dict[str, bool]:
    """Whether ``user``'s delegation, named as an initiator, may join the initiative now, or,
    having joined, withdraw from it (until the appeal is registered)."""
    delegation = user.delegation
    still = meeting.extraordinary and not shown.history and not shown.final
    if not still or delegation is None or not user.can("meetings.initiate"):
        return {"can_join": False, "can_withdraw": False}
    own = next((i for i in shown.initiators if i.code == delegation.code), None)
    return {
        "can_join": own is not None and not own.joined,
        "can_withdraw": own is not None and own.joined,
    }


def page_offers(
    meeting: Meeting, user: User, shown: MeetingShown, content: ContentShown
) -> dict[str, Any]:
    """What the meeting page offers ``user`` now: which forms and buttons it shows (the
    services decide again when one is used)."""
    # Only the Secretariat serving the meeting takes its steps (services.check_serves).
    manage = (
        user.can("meetings.manage")
        and not shown.final
        and user.delegation is not None
        and user.delegation.kind == secretariat_kind(meeting)
    )
    offered = {s.event for s in shown.steps}
    delegation = user.delegation
    in_session = meeting.state == IN_SESSION
    # Held: in session or closed. Invitations and dates are settled before; attendance is
    # recorded just before the opening (the step the quorum guards) and during the session.
    held = in_session or content.minutes_ready
    workflow = workflows(rulebook()).get(meeting.kind)
    opens_next = workflow.quorum_next(meeting.state)
    # Circulation is a step of the history (agenda_circulate takes it), so no query is needed.
    agenda_open = not shown.final and all(t.event != "circulate_agenda" for t in shown.history)
    own_part = delegation is not None and delegation.kind == DelegationKind.NATIONAL_PART
    return {
        "can_manage": manage,
        "generic_steps": [s for s in shown.steps if s.event not in STEPS_WITH_FORMS],
        "additional_only": not agenda_open,
        "can_propose": (agenda_open or takes_additional_items(rulebook(), meeting))
        and user.can("meetings.propose")
        and delegation is not None
        and delegation.kind == member_kind(meeting),
        "agenda_open": agenda_open,
        "can_circulate": manage and "circulate_agenda" in offered,
        "counts_quorum": content.quorate is not None,
        "in_session": in_session,
        "held": held,
        "decide_here": manage and in_session,
        "attendance_open": manage and content.quorate is not None and (opens_next or in_session),
        "can_state_position": in_session and own_part and user.can("meetings.session"),
        # Only the Chair adds items in session (BCB-AGENDA-ADOPT): the part chairing.
        "can_add_item": in_session
        and own_part
        and user.can("meetings.add_item_in_session")
        and delegation is not None
        and part_state(delegation, reference()) == chair_state_of(meeting),
        # Only the part's head, or its authorised member when the head was absent, and
        # only while the meeting waits for the part's signature.
        "can_sign": user.can("meetings.session") and may_sign_now(meeting, user),
        "can_edit_items": manage and agenda_open,
        "can_distribute": manage and "distribute_minutes" in offered,
        # Only the Chair's or the Deputy Chair's national part agrees (BCB-PARTICIPANTS).
        "can_agree": not shown.final
        and any(i.needs_agreement and not i.agreed_by for i in content.invitations)
        and bool(agreeing_capacity(meeting, user)),
        "can_consent": pending_consent_of(user, shown),
        **initiative_offers(meeting, user, shown),
    }


# --- the API's answers -----------------------------------------------------------------------


def meeting_summary(meeting: Meeting, state_name: str) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "body": meeting.body.code,
        "kind": meeting.kind,
        "extraordinary": meeting.extraordinary,
        "state": meeting.state,
        "state_name": state_name,
        "title": meeting.title,
        "subject": subject_data(meeting, current_lang()),
        "date_start": meeting.date_start,
        "date_end": meeting.date_end,
        "venue_city": meeting.venue_city,
        "venue": translated_data(meeting, "venue_city", current_lang()),
        "venue_state": meeting.venue_state.code if meeting.venue_state else None,
        "version": meeting.version,
    }


def meeting_detail_data(meeting: Meeting, user: User, *, fresh: bool = True) -> dict[str, Any]:
    """The meeting as ``user`` sees it, in their language: the API's answer (MeetingDetailOut).

    ``fresh``: read the meeting again (after a write, whose services changed another copy).
    """
    if fresh:
        meeting = Meeting.objects.select_related("body", "venue_state").get(pk=meeting.pk)
    lang = parse_lang(user.language)
    with translation.override(user.language):
        shown: MeetingShown = meeting_shown(meeting, lang)
        content = content_shown(meeting, user, lang)
        return {
            **meeting_summary(meeting, shown.state_name),
            "procedure": shown.procedure,
            "deadlines": [vars_of(d) for d in shown.deadlines],
            "next_steps": [vars_of(s) for s in shown.steps],
            "history": [vars_of(t) for t in shown.history],
            "initiators": [i.code for i in shown.initiators if i.joined],
            "initiatives": [vars_of(i) for i in shown.initiators],
            "overdue": shown.overdue,
            "consents": [{"state": c.state, "answer": c.answer} for c in shown.consents],
            "events": [{"event": code, "date": date} for code, _label, date in shown.events],
            "proposals": [vars_of(p) for p in content.proposals],
            "agenda": [
                {
                    **vars_of(i),
                    "positions": [vars_of(p) for p in i.positions],
                    "materials": [vars_of(m) for m in i.materials],
                }
                for i in content.items
            ],
            "attendance": [vars_of(a) for a in content.attendance],
            "quorum": content.quorum,
            "quorate": content.quorate,
            "signatures": [vars_of(x) for x in content.signatures],
            "distribution": [vars_of(x) for x in content.distribution],
            "undistributed": content.undistributed,
            "minutes_ready": content.minutes_ready,
            "invitations": [vars_of(x) for x in content.invitations],
            "minutes_to_sign_sha256": content.minutes_to_sign_sha256,
            "minutes_missing": content.minutes_missing,
        }


def vars_of(item: Any) -> dict[str, Any]:
    """A presenter's fields as a dict (the API's answer)."""
    return {name: getattr(item, name) for name in item.__slots__}


def verdict_data(verdict: Verdict, lang: str) -> dict[str, Any]:
    language = parse_lang(lang)
    return {
        "outcome": verdict.outcome,
        "ok": verdict.ok,
        "summary": verdict.summary.render(language),
        "rules": list(verdict.rules),
        "facts": dict(verdict.facts),
    }
