"""JSON API of the meetings app, mounted at /api/meetings/: every step of the meeting pages.

Refusals come back through the project's handler as ``{"code", "message"}`` in the
caller's language: a refusal by the rules with the verdict's outcome as its code (``late``,
``too_few_initiators``, ...) and the rule ids in its message; ``stale_meeting`` (409) when
``expected_version`` is no longer current.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import Status

from secretariat.accounts.models import Delegation
from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import InvalidInputError, NotFoundError
from secretariat.core.schemas import ErrorOut
from secretariat.meetings import selectors, services
from secretariat.meetings.agenda_api import item_of as _item
from secretariat.meetings.agenda_api import meeting_of as _meeting
from secretariat.meetings.agenda_api import own_delegation as _own_delegation
from secretariat.meetings.agenda_api import router as agenda_router
from secretariat.meetings.agenda_api import title_in, venue_in
from secretariat.meetings.api_replies import router as replies_router
from secretariat.meetings.forms import extraordinary_kinds
from secretariat.meetings.languages import any_given
from secretariat.meetings.page_cache import detail_cached
from secretariat.meetings.presenters import (
    meeting_detail_data,
    meeting_summary,
    verdict_data,
)
from secretariat.meetings.schemas import (
    AttendanceIn,
    ChairItemIn,
    ConsentIn,
    DecisionOut,
    DistributionIn,
    EventIn,
    ExtraordinaryIn,
    InvitationIn,
    JoinIn,
    MeetingDetailOut,
    MeetingOut,
    PlannedOut,
    PositionIn,
    ProposalIn,
    ProposalReceivedIn,
    RegularIn,
    RescheduleIn,
    TransitionIn,
    VerdictOut,
    VersionIn,
    WithdrawIn,
)
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Text, parse_lang
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body, State

router = ActionRouter(tags=["meetings"])


# --- helpers ---------------------------------------------------------------------------------


def _body(code: str) -> Body:
    found = Body.objects.filter(code=code).first()
    if found is None:
        raise InvalidInputError(
            translation.gettext_lazy("There is no body with the code “%(body)s”."),
            code="unknown_body",
            body=code,
        )
    return found


def _state(code: str | None) -> State | None:
    if not code:
        return None
    found = State.objects.filter(code=code).first()
    if found is None:
        raise InvalidInputError(
            translation.gettext_lazy("There is no state with the code “%(state)s”."),
            code="unknown_state",
            state=code,
        )
    return found


def _delegations(codes: list[str]) -> list[Delegation]:
    found = {d.code: d for d in Delegation.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise InvalidInputError(
            translation.gettext_lazy("There is no delegation with the code “%(delegation)s”."),
            code="unknown_delegation",
            delegation=missing[0],
        )
    return [found[c] for c in codes]


# --- operations ------------------------------------------------------------------------------


@router.read(
    "",
    action="meetings.view",
    response=list[MeetingOut],
    summary="Meetings",
)
def meetings_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every meeting you may see, latest first, with where it stands."""
    lang = parse_lang(me(request).language)
    flows = workflows(rulebook())
    with translation.override(me(request).language):
        return [
            meeting_summary(m, flows.get(m.kind).states[m.state][lang])
            for m in selectors.meetings_visible(me(request)).order_by("-date_start", "pk")[:500]
        ]


@router.create(
    "/extraordinary",
    action="meetings.initiate",
    response={201: MeetingDetailOut, 400: ErrorOut},
    summary="Propose an extraordinary meeting",
)
def meetings_initiate(request: HttpRequest, payload: ExtraordinaryIn) -> Status[dict[str, Any]]:
    """Open an extraordinary meeting of ``body`` on the initiative of ``initiators``."""
    body = _body(payload.body)
    kind = extraordinary_kinds().get(body.code)
    if kind is None:
        raise InvalidInputError(
            translation.gettext_lazy("“%(body)s” holds no extraordinary meetings."),
            code="no_extraordinary_meetings",
            body=body.code,
        )
    meeting = services.meeting_initiate_extraordinary(
        body=body,
        kind=kind,
        initiators=_delegations(payload.initiators),
        proposed_start=payload.proposed_start,
        proposed_end=payload.proposed_end,
        venue=venue_in(payload, me(request)),
        venue_state=_state(payload.venue_state),
        by=me(request),
        subject=Text(en=payload.subject_en, ru=payload.subject_ru, zh=payload.subject_zh),
        sent_on=payload.sent_on,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.create(
    "/regular",
    action="meetings.manage",
    response={201: PlannedOut, 400: ErrorOut},
    summary="Plan a regular meeting",
)
def meetings_plan(request: HttpRequest, payload: RegularIn) -> Status[dict[str, Any]]:
    """Plan a regular meeting; ``year_plan`` warns when the year's plan is short of its rule."""
    planned = services.meeting_plan(
        body=_body(payload.body),
        kind=payload.kind,
        start=payload.start,
        end=payload.end,
        venue=venue_in(payload, me(request)),
        venue_state=_state(payload.venue_state),
        by=me(request),
        subject=Text(en=payload.subject_en, ru=payload.subject_ru, zh=payload.subject_zh),
    )
    lang = parse_lang(me(request).language)
    plan = planned.year_plan
    year_plan = {
        "outcome": plan.outcome,
        "message": plan.summary.render(lang),
        "rules": list(plan.rules),
        "warnings": [w.render(lang) for w in (*plan.warnings, *planned.regular.warnings)],
    }
    return Status(
        201, {"meeting": meeting_detail_data(planned.meeting, me(request)), "year_plan": year_plan}
    )


@router.read(
    "/{meeting_id}",
    action="meetings.view",
    response={200: MeetingDetailOut, 404: ErrorOut},
    summary="A meeting: where it stands, its deadlines and its history",
)
def meetings_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """What is due from whom and by when (with the rule behind each date), the next steps,
    the transitions taken, the initiators and the consents."""
    return detail_cached(_meeting(request, meeting_id), me(request))


@router.create(
    "/{meeting_id}/events",
    action="meetings.manage",
    response={201: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Record the date of an event",
)
def meetings_record_event(
    request: HttpRequest, meeting_id: int, payload: EventIn
) -> Status[dict[str, Any]]:
    """Record when something happened (received, informed, last_reply), once; the deadlines
    counted from it are recomputed."""
    meeting = _meeting(request, meeting_id)
    services.meeting_record_event(
        meeting=meeting,
        event=payload.event,
        date=payload.date,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.create(
    "/{meeting_id}/transitions",
    action="meetings.manage",
    response={200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Take a step of the meeting's procedure",
)
def meetings_transition(
    request: HttpRequest, meeting_id: int, payload: TransitionIn
) -> dict[str, Any]:
    """Take the step ``event`` if the rules allow it; a refusal (400) has the verdict's outcome
    as its code and cites the rules; a stale ``expected_version`` is 409 stale_meeting."""
    meeting = _meeting(request, meeting_id)
    services.meeting_transition(
        meeting=meeting,
        event=payload.event,
        by=me(request),
        facts=payload.facts,
        expected_version=payload.expected_version,
        reason=payload.reason,
        on=payload.on,
    )
    return meeting_detail_data(meeting, me(request))


@router.create(
    "/{meeting_id}/initiative/join",
    action="meetings.initiate",
    response={200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Join an initiative your delegation is named in",
)
def meetings_initiative_join(
    request: HttpRequest, meeting_id: int, payload: JoinIn
) -> dict[str, Any]:
    """Your delegation, named as an initiator, joins the joint appeal itself, with the day it
    sent its appeal or letter; nobody can join in another's name."""
    meeting = _meeting(request, meeting_id)
    services.initiative_join(
        meeting=meeting,
        by=me(request),
        sent_on=payload.sent_on,
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.create(
    "/{meeting_id}/initiative/withdraw",
    action="meetings.initiate",
    response={200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Withdraw your delegation from an initiative",
)
def meetings_initiative_withdraw(
    request: HttpRequest, meeting_id: int, payload: WithdrawIn
) -> dict[str, Any]:
    """Your delegation withdraws from the initiative before the appeal is registered, with
    its reason, which the other initiators are told."""
    meeting = _meeting(request, meeting_id)
    services.initiative_withdraw(
        meeting=meeting,
        by=me(request),
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.create(
    "/{meeting_id}/reschedule",
    action="meetings.manage",
    response={200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Move a meeting",
)
def meetings_reschedule(
    request: HttpRequest, meeting_id: int, payload: RescheduleIn
) -> dict[str, Any]:
    """Move the meeting; deadlines counted from it move, those counted from an event stay."""
    meeting = _meeting(request, meeting_id)
    services.meeting_reschedule(
        meeting=meeting,
        start=payload.start,
        end=payload.end,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.create(
    "/{meeting_id}/consents",
    action="meetings.consent",
    response={200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Answer for your member state",
)
def meetings_consent(request: HttpRequest, meeting_id: int, payload: ConsentIn) -> dict[str, Any]:
    """Give (yes) or withhold (no) your member state's consent to an extraordinary meeting."""
    user = me(request)
    meeting = _meeting(request, meeting_id)
    if user.delegation is None:
        raise InvalidInputError(
            translation.gettext_lazy("Your account belongs to no delegation."),
            code="no_delegation",
        )
    services.meeting_consent(
        meeting=meeting,
        delegation=user.delegation,
        answer=payload.answer,
        by=user,
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


# --- the agenda, the room and the minutes ----------------------------------------------------


WRITE = {200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}
CREATED = {201: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.create(
    "/{meeting_id}/proposals",
    action="meetings.propose",
    response=CREATED,
    summary="Propose an agenda item for your delegation",
)
def meetings_propose(
    request: HttpRequest, meeting_id: int, payload: ProposalIn
) -> Status[dict[str, Any]]:
    """Send a proposal with its materials; refused after the rule's latest day
    (BCB-AGENDA-PROPOSALS-10D) or when the agenda has gone out. Private to your delegation
    and the Secretariat until the agenda is circulated."""
    user = me(request)
    meeting = _meeting(request, meeting_id)
    services.agenda_proposal_submit(
        meeting=meeting,
        delegation=_own_delegation(user),
        title=title_in(payload, me(request)),
        text=payload.text,
        materials=payload.materials,
        by=user,
        expected_version=payload.expected_version,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.create(
    "/{meeting_id}/proposals/received",
    action="meetings.manage",
    response=CREATED,
    summary="Register a proposal received by letter",
)
def meetings_proposal_received(
    request: HttpRequest, meeting_id: int, payload: ProposalReceivedIn
) -> Status[dict[str, Any]]:
    """Register a delegation's proposal that reached the Secretariat on paper, on the day it
    arrived; the same checks as an online proposal apply to that day."""
    meeting = _meeting(request, meeting_id)
    (delegation,) = _delegations([payload.delegation])
    received = timezone.make_aware(dt.datetime.combine(payload.received_on, dt.time(12)))
    services.agenda_proposal_submit(
        meeting=meeting,
        delegation=delegation,
        title=title_in(payload, me(request)),
        text=payload.text,
        materials=payload.materials,
        by=me(request),
        submitted_at=received,
        expected_version=payload.expected_version,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.create(
    "/{meeting_id}/agenda/items",
    action="meetings.session",
    response=CREATED,
    summary="Add an item in session (the Chair)",
)
def meetings_chair_item(
    request: HttpRequest, meeting_id: int, payload: ChairItemIn
) -> Status[dict[str, Any]]:
    """The Chair of the Board adds an item of current activity during the meeting, on a
    member's proposal (BCB-AGENDA-ADOPT); anyone else is refused, citing BCB-CHAIR."""
    meeting = _meeting(request, meeting_id)
    proposer = _delegations([payload.proposed_by])[0] if payload.proposed_by else None
    proposal = None
    if payload.proposal is not None:
        proposal = meeting.proposals.filter(pk=payload.proposal).first()
        if proposal is None:
            raise NotFoundError(translation.gettext_lazy("There is no such proposal."))
    title = Text(en=payload.title_en, ru=payload.title_ru, zh=payload.title_zh)
    services.agenda_item_add_by_chair(
        meeting=meeting,
        # An empty title in every language: the proposal's.
        title=title if any_given(title) else None,
        by=me(request),
        proposed_by=proposer,
        proposal=proposal,
        expected_version=payload.expected_version,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.replace(
    "/{meeting_id}/attendance/{delegation}",
    action="meetings.manage",
    response=WRITE,
    summary="Record a national part's attendance",
)
def meetings_attendance(
    request: HttpRequest, meeting_id: int, delegation: str, payload: AttendanceIn
) -> dict[str, Any]:
    """How many of the part's Board members are in the room and whether its head is; the
    quorum (BCB-QUORUM) is counted from these rows."""
    meeting = _meeting(request, meeting_id)
    services.attendance_record(
        meeting=meeting,
        delegation=_delegations([delegation])[0],
        members_present=payload.members_present,
        chair_present=payload.chair_present,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.read(
    "/{meeting_id}/quorum",
    action="meetings.view",
    response={200: VerdictOut, 400: ErrorOut, 404: ErrorOut},
    summary="The quorum now",
)
def meetings_quorum(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """Whether the members recorded present make a quorum (BCB-QUORUM), with the count."""
    meeting = _meeting(request, meeting_id)
    return verdict_data(services.quorum_now(meeting), me(request).language)


@router.replace(
    "/{meeting_id}/items/{number}/positions/{delegation}",
    action="meetings.manage",
    response=WRITE,
    summary="Record a national part's position on an item",
)
def meetings_position(
    request: HttpRequest, meeting_id: int, number: int, delegation: str, payload: PositionIn
) -> dict[str, Any]:
    """The Secretary records a present part's position as stated in the room; it may change
    until the item is decided."""
    meeting = _meeting(request, meeting_id)
    services.position_record(
        meeting=meeting,
        item=_item(meeting, number),
        delegation=_delegations([delegation])[0],
        position=payload.position,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.replace(
    "/{meeting_id}/items/{number}/position",
    action="meetings.session",
    response=WRITE,
    summary="State your national part's position on an item",
)
def meetings_own_position(
    request: HttpRequest, meeting_id: int, number: int, payload: PositionIn
) -> dict[str, Any]:
    """Your national part's position (support, object, abstain); it may change until the
    item is decided. Absence is recorded by attendance, not stated."""
    user = me(request)
    meeting = _meeting(request, meeting_id)
    services.position_record(
        meeting=meeting,
        item=_item(meeting, number),
        delegation=_own_delegation(user),
        position=payload.position,
        by=user,
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.create(
    "/{meeting_id}/items/{number}/decision",
    action="meetings.manage",
    response={200: DecisionOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Decide an item by consensus",
)
def meetings_decide(
    request: HttpRequest, meeting_id: int, number: int, payload: VersionIn
) -> dict[str, Any]:
    """Adopted unless a national part objects (BCB-CONSENSUS); absence and abstention are
    no objection. With an objection nothing is written: ``adopted`` is false and the
    verdict names the objecting parts (positions may change, and the item be decided again)."""
    user = me(request)
    meeting = _meeting(request, meeting_id)
    verdict = services.item_decide(
        meeting=meeting,
        item=_item(meeting, number),
        by=user,
        expected_version=payload.expected_version,
    )
    return {
        "adopted": verdict.ok,
        "verdict": verdict_data(verdict, user.language),
        "meeting": meeting_detail_data(meeting, me(request)),
    }


@router.create(
    "/{meeting_id}/distribution",
    action="meetings.manage",
    response=CREATED,
    summary="Record the minutes handed over or sent",
)
def meetings_distribute(
    request: HttpRequest, meeting_id: int, payload: DistributionIn
) -> Status[dict[str, Any]]:
    """Record, per recipient, the day the minutes were handed over or sent (a day after
    BCB-MINUTES-DISTRIBUTE-5WD is recorded as late); the last recipient takes the
    distribute_minutes step."""
    meeting = _meeting(request, meeting_id)
    services.minutes_distribute(
        meeting=meeting,
        by=me(request),
        sent_on=payload.sent_on,
        method=payload.method,
        delegations=_delegations(payload.delegations) if payload.delegations else None,
        expected_version=payload.expected_version,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.create(
    "/{meeting_id}/invitations",
    action="meetings.manage",
    response=CREATED,
    summary="Invite a person",
)
def meetings_invite(
    request: HttpRequest, meeting_id: int, payload: InvitationIn
) -> Status[dict[str, Any]]:
    """Put a person on the list of invited persons, once the rules allow it: a partner
    state's representative where STRAT-OBSERVERS or STRAT-DIALOGUE opens the body's meetings
    to its status of the day (an SCO partner: under either), a representative of the SCO
    Secretariat, the Business Council Secretariat or RATS, or a guest whose capacity is given.
    For the Board the invitation waits for the Chair's or the Deputy Chair's agreement
    (BCB-PARTICIPANTS), except the SCO Secretariat's, which takes part by right."""
    meeting = _meeting(request, meeting_id)
    delegation = _delegations([payload.delegation])[0] if payload.delegation else None
    services.invitation_add(
        meeting=meeting,
        by=me(request),
        name=payload.name,
        capacity=payload.capacity,
        delegation=delegation,
        expected_version=payload.expected_version,
    )
    return Status(201, meeting_detail_data(meeting, me(request)))


@router.create(
    "/{meeting_id}/invitations/{invitation_id}/agreement",
    action="meetings.session",
    response=WRITE,
    summary="Agree an invitation (the Chair or the Deputy Chair)",
)
def meetings_agree_invitation(
    request: HttpRequest, meeting_id: int, invitation_id: int, payload: VersionIn
) -> dict[str, Any]:
    """The Chair or the Deputy Chair of the Board agrees an invitation; anyone else is
    refused, citing BCB-PARTICIPANTS and BCB-CHAIR."""
    meeting = _meeting(request, meeting_id)
    invitation = meeting.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFoundError(translation.gettext_lazy("There is no such invitation."))
    services.invitation_agree(
        meeting=meeting,
        invitation=invitation,
        by=me(request),
        expected_version=payload.expected_version,
    )
    return meeting_detail_data(meeting, me(request))


@router.read(
    "/{meeting_id}/akn/{part}/{lang}",
    action="meetings.view",
    response={200: None, 400: ErrorOut, 404: ErrorOut},
    summary="The agenda or the minutes as Akoma Ntoso 3.0",
    openapi_extra={"responses": {200: {"description": "XML", "content": {"application/xml": {}}}}},
)
def meetings_akn(request: HttpRequest, meeting_id: int, part: str, lang: str) -> HttpResponse:
    """``part`` agenda (a doc named agenda) or minutes (a debate, once the meeting is closed),
    in one language expression: ru and zh authoritative, en a translation."""
    from secretariat.akn.export import to_akn
    from secretariat.akn.model import AknError
    from secretariat.meetings.akn import agenda_text, minutes_text

    meeting = _meeting(request, meeting_id)
    if lang not in ("ru", "zh", "en"):
        raise NotFoundError(translation.gettext_lazy("There is no such language expression."))
    if part not in ("agenda", "minutes"):
        raise NotFoundError(translation.gettext_lazy("There is no such part: agenda or minutes."))
    content = agenda_text(meeting) if part == "agenda" else minutes_text(meeting)
    try:
        xml = to_akn(content, parse_lang(lang))
    except AknError:
        raise NotFoundError(
            translation.gettext_lazy("There is no such language expression.")
        ) from None
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


# The agenda being prepared and the minutes to sign (meetings.agenda_api), same prefix.
router.add_router("", agenda_router)
# --- the national parts' replies (their own module, mounted here) -----------------------------

router.add_router("", replies_router)
