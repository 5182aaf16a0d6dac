"""JSON API of the meetings app, mounted at /api/meetings/: every step of the meeting pages.

Refusals come back through the project's handler as ``{"code", "message"}`` in the
caller's language: a refusal by the rules with the verdict's outcome as its code (``late``,
``too_few_initiators``, ...) and the rule ids in its message; ``stale_meeting`` (409) when
``expected_version`` is no longer current.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Schema, Status

from secretariat.accounts.access import ActionRouter, user_of
from secretariat.accounts.models import Delegation, User
from secretariat.errors import InvalidInputError, NotFoundError
from secretariat.meetings import services
from secretariat.meetings.forms import extraordinary_kinds
from secretariat.meetings.models import Meeting
from secretariat.meetings.views import MeetingShown, meeting_shown
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import parse_lang
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body, State

router = ActionRouter(tags=["meetings"])


# --- schemas ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str
    message: str


class MeetingOut(Schema):
    id: int
    body: str = Field(description="The body's code (bcb, cmfa, ...).")
    kind: str = Field(description="The procedure of procedures.yaml and workflows.yaml.")
    extraordinary: bool
    state: str
    state_name: str = Field(description="The state's name in the caller's language.")
    title: str
    date_start: dt.date
    date_end: dt.date
    venue_city: str
    venue_state: str | None = Field(description="The host state's code.")
    version: int = Field(description="Pass it as expected_version to act on this view.")


class DeadlineOut(Schema):
    rule_id: str
    source: str = Field(description="Where the rule comes from: file and paragraph.")
    due: dt.date
    anchor: str = Field(description="What the date counts from.")
    anchor_date: dt.date
    action: str = Field(description="What must be done, in the caller's language.")
    actor: str = Field(description="Who acts: a code of actors.yaml.")
    actor_name: str
    warnings: list[str]
    done_at: dt.datetime | None


class StepOut(Schema):
    event: str
    name: str
    target: str
    target_name: str
    rules: list[str]


class TransitionOut(Schema):
    at: dt.datetime
    by: str
    event: str
    name: str
    from_state: str
    to_state: str
    summary: str = Field(description="The verdict that allowed the step, in the caller's language.")
    rules: list[str]


class ConsentOut(Schema):
    state: str
    answer: bool | None = Field(description="true: consents; false: refuses; null: no answer yet.")


class EventOut(Schema):
    event: str
    date: dt.date


class MeetingDetailOut(MeetingOut):
    procedure: str
    deadlines: list[DeadlineOut]
    next_steps: list[StepOut]
    history: list[TransitionOut]
    initiators: list[str] = Field(description="Delegation codes.")
    consents: list[ConsentOut]
    events: list[EventOut]


class YearPlanOut(Schema):
    outcome: str = Field(description="enough, short (a warning) or no_rule.")
    message: str
    rules: list[str]


class PlannedOut(Schema):
    meeting: MeetingDetailOut
    year_plan: YearPlanOut


class ExtraordinaryIn(Schema):
    body: str = Field(description="The body's code; its extraordinary procedure applies.")
    initiators: list[str] = Field(description="Codes of the initiating delegations.")
    proposed_start: dt.date
    proposed_end: dt.date | None = None
    venue_city: str = ""
    venue_state: str | None = Field(None, description="The host state's code.")


class RegularIn(Schema):
    body: str
    kind: str = Field(description="A regular procedure: bcb-regular, sco-meeting.")
    start: dt.date
    end: dt.date | None = None
    venue_city: str = ""
    venue_state: str | None = None


class EventIn(Schema):
    event: str = Field(description="An event of the procedure: received, informed, last_reply.")
    date: dt.date
    expected_version: int | None = None


class TransitionIn(Schema):
    event: str = Field(description="A step the current state offers (see next_steps).")
    expected_version: int = Field(description="The version you acted on; stale -> 409.")
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "What is not stored yet: present and parts (quorum), positions (a decision), "
            "unsigned (the minutes). The meeting's own rows win over these."
        ),
    )


class RescheduleIn(Schema):
    start: dt.date
    end: dt.date | None = None
    expected_version: int | None = None


class ConsentIn(Schema):
    answer: Literal["yes", "no"] = Field(description="Your own member state's answer.")
    expected_version: int | None = None


# --- helpers ---------------------------------------------------------------------------------


def _me(request: HttpRequest) -> User:
    user = user_of(request)
    assert user is not None  # noqa: S101  # the router let only authenticated users through
    return user


def _meeting(meeting_id: int) -> Meeting:
    # Every meeting for every role with meetings.view, for now; the object-level check
    # (access.can_see) applies here once extraordinary proposals are private.
    found = Meeting.objects.select_related("body", "venue_state").filter(pk=meeting_id).first()
    if found is None:
        raise NotFoundError(translation.gettext_lazy("There is no such meeting."))
    return found


def _summary(meeting: Meeting, state_name: str) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "body": meeting.body.code,
        "kind": meeting.kind,
        "extraordinary": meeting.extraordinary,
        "state": meeting.state,
        "state_name": state_name,
        "title": meeting.title,
        "date_start": meeting.date_start,
        "date_end": meeting.date_end,
        "venue_city": meeting.venue_city,
        "venue_state": meeting.venue_state.code if meeting.venue_state else None,
        "version": meeting.version,
    }


def _detail(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The meeting as the caller sees it, in the caller's language."""
    meeting = Meeting.objects.select_related("body", "venue_state").get(pk=meeting.pk)
    with translation.override(_me(request).language):
        shown: MeetingShown = meeting_shown(meeting, parse_lang(_me(request).language))
        return {
            **_summary(meeting, shown.state_name),
            "procedure": shown.procedure,
            "deadlines": [vars_of(d) for d in shown.deadlines],
            "next_steps": [vars_of(s) for s in shown.steps],
            "history": [vars_of(t) for t in shown.history],
            "initiators": [code for code, _name in shown.initiators],
            "consents": [{"state": c.state, "answer": c.answer} for c in shown.consents],
            "events": [{"event": code, "date": date} for code, _label, date in shown.events],
        }


def vars_of(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__}


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
    lang = parse_lang(_me(request).language)
    flows = workflows(rulebook())
    with translation.override(_me(request).language):
        return [
            _summary(m, flows.get(m.kind).states[m.state][lang])
            for m in Meeting.objects.select_related("body", "venue_state")[:500]
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
        venue_city=payload.venue_city,
        venue_state=_state(payload.venue_state),
        by=_me(request),
    )
    return Status(201, _detail(request, meeting))


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
        venue_city=payload.venue_city,
        venue_state=_state(payload.venue_state),
        by=_me(request),
    )
    lang = parse_lang(_me(request).language)
    plan = planned.year_plan
    year_plan = {
        "outcome": plan.outcome,
        "message": plan.summary.render(lang),
        "rules": list(plan.rules),
    }
    return Status(201, {"meeting": _detail(request, planned.meeting), "year_plan": year_plan})


@router.read(
    "/{meeting_id}",
    action="meetings.view",
    response={200: MeetingDetailOut, 404: ErrorOut},
    summary="A meeting: where it stands, its deadlines and its history",
)
def meetings_detail(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """What is due from whom and by when (with the rule behind each date), the next steps,
    the transitions taken, the initiators and the consents."""
    return _detail(request, _meeting(meeting_id))


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
    meeting = _meeting(meeting_id)
    services.meeting_record_event(
        meeting=meeting,
        event=payload.event,
        date=payload.date,
        by=_me(request),
        expected_version=payload.expected_version,
    )
    return Status(201, _detail(request, meeting))


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
    meeting = _meeting(meeting_id)
    services.meeting_transition(
        meeting=meeting,
        event=payload.event,
        by=_me(request),
        facts=payload.facts,
        expected_version=payload.expected_version,
    )
    return _detail(request, meeting)


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
    meeting = _meeting(meeting_id)
    services.meeting_reschedule(
        meeting=meeting,
        start=payload.start,
        end=payload.end,
        by=_me(request),
        expected_version=payload.expected_version,
    )
    return _detail(request, meeting)


@router.create(
    "/{meeting_id}/consents",
    action="meetings.consent",
    response={200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Answer for your member state",
)
def meetings_consent(request: HttpRequest, meeting_id: int, payload: ConsentIn) -> dict[str, Any]:
    """Give (yes) or withhold (no) your member state's consent to an extraordinary meeting."""
    user = _me(request)
    meeting = _meeting(meeting_id)
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
    return _detail(request, meeting)
