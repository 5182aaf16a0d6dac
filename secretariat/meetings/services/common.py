"""What every stage of the meetings app shares: the locked meeting, the workflow, refusals.

Every service runs in one transaction, locks the meeting row (``locked``: the kernel's
``lock_version``) before changing it and raises its ``version`` (``bump``), so two delegations
acting on the same view get one success and one ``stale_meeting`` conflict (409). A refusal by
the rules is a ``MeetingRefusedError`` carrying the verdict and its rules; any other refusal
is the kernel's ``refuse``. Nothing is written when a step is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.core.errors import InvalidRefusalError, refuse
from secretariat.core.locking import bump as bump_version
from secretariat.core.locking import lock_version
from secretariat.meetings.facts import input_error, preparation_rules, secretariat_kind
from secretariat.meetings.models import Meeting
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, Text
from secretariat.procedure.timing import actor_state, day_at
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.procedure.workflows import Transition, Workflow, workflows


class MeetingRefusedError(InvalidRefusalError):
    """The rules refuse the step; ``verdict`` says why, citing ``rules``."""

    code = "refused"

    def __init__(self, verdict: Verdict) -> None:
        message = Message("meetings.refused", {"summary": verdict.summary, "rules": verdict.rules})
        super().__init__(verdict.outcome, message, rules=verdict.rules)
        self.verdict = verdict


def workflow_of(book: Rulebook, kind: str) -> Workflow:
    try:
        return workflows(book).get(kind)
    except InputError as exc:
        raise input_error(exc) from exc


def lock_meeting(meeting: Meeting, expected_version: int | None) -> Meeting:
    """The meeting's row, locked and read afresh; ``stale_meeting`` (409) when the caller acted
    on another version."""
    return lock_version(
        meeting, expected_version, code="stale_meeting", message="meetings.stale", related=("body",)
    )


def check_open(book: Rulebook, meeting: Meeting) -> None:
    workflow = workflow_of(book, meeting.kind)
    if meeting.state in workflow.final:
        raise refuse("meeting_closed", "meetings.closed", state=workflow.states[meeting.state])


def bump(meeting: Meeting, source: Meeting) -> None:
    """Save the locked ``meeting`` with its version raised; the caller's object ``source``
    follows (state, version, dates), so it can pass its version to the next call."""
    bump_version(meeting, source, fields=("state", "date_start", "date_end"))


#: The state in which the meeting sits: items are added and positions stated only then.
IN_SESSION = "in_session"


#: Steps that write more than the step: taken only by their own service (agenda_circulate
#: sends the agenda and checks the CNC's consent; minutes_sign takes sign_minutes with the
#: last part's signature). distribute_minutes is not one: its guard waits for every
#: recipient's row, and minutes_distribute takes it with the last one.
DEDICATED_STEPS = frozenset({"circulate_agenda", "sign_minutes"})


#: Steps the meeting page offers through their own form rather than as a bare button.
#: A decision is taken on an item, from its own form (item_decide), never as a bare step.
STEPS_WITH_FORMS = DEDICATED_STEPS | {"distribute_minutes", "adopt_decision"}


#: The step that sends the minutes out.
DISTRIBUTE = "distribute_minutes"

#: States a session reaches: not before the meeting's first day at the acting seat.
SESSION_STATES = frozenset({IN_SESSION, "concluded"})

#: States that end or stop a meeting: the step to them takes a reason, kept and sent on.
REASONED_STATES = frozenset({"cancelled", "refused"})

#: The events of sending and of receipt, where the regulations distinguish them.
SENT = "sent"
RECEIVED = "received"

#: The longest reason accepted.
REASON_MAX = 2000


def check_reason(transition: Transition, reason: str) -> str:
    """The step's reason, required where it ends or stops the meeting; bounded."""
    reason = (reason or "").strip()
    if transition.target in REASONED_STATES and not reason:
        raise refuse("reason_required", "meetings.reason_required", step=transition.name)
    if len(reason) > REASON_MAX:
        raise refuse("reason_too_long", "meetings.reason_too_long", limit=REASON_MAX)
    return reason


def refuse_verdict(
    outcome: str, summary: Message, rules: tuple[str, ...], **facts: Any
) -> NoReturn:
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


def check_in_session(book: Rulebook, meeting: Meeting, rules: tuple[str, ...]) -> None:
    if meeting.state != IN_SESSION:
        state = workflow_of(book, meeting.kind).states[meeting.state]
        refuse_verdict(
            "not_in_session", Message("meetings.not_in_session", {"state": state}), rules
        )


def check_secretariat(
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
    if not by.is_active or delegation is None or delegation.kind != secretariat_kind(meeting):
        cited = rules or preparation_rules(meeting)
        refuse_verdict(refusal, Message(f"meetings.{refusal}", {"rules": list(cited)}), cited)
    return delegation


def state_name(ref: ReferenceData, code: str) -> Text | str:
    found = ref.states.get(code)
    return found.name if found is not None else code


# --- the seat's day ---------------------------------------------------------------------------
#
# A step is dated on the calendar day at the seat of whoever takes it (procedure.timing): the
# acting delegation's state, or for a step of the workflow the seat of its actor.


def actor_today(book: Rulebook, ref: ReferenceData, meeting: Meeting, actor: str) -> dt.date:
    """Today at the seat of ``actor`` (a code of actors.yaml) for ``meeting``."""
    state = actor_state(book, ref, actor, on=meeting.date_start)
    return day_at(state, timezone.now())


def user_today(user: User | None, fallback: str | None = None) -> dt.date:
    """Today at the seat of ``user``'s delegation (its state), else at ``fallback``'s."""
    delegation = user.delegation if user is not None else None
    state = delegation.state.code if delegation is not None and delegation.state else fallback
    return day_at(state, timezone.now())


def too_early(meeting: Meeting, transition: Transition, today: dt.date) -> Message | None:
    """Why a step reaching a session cannot be taken on ``today`` (the acting seat's day):
    before the meeting's first day; None when it can."""
    if transition.target in SESSION_STATES and today < meeting.date_start:
        return Message(
            "meetings.session_before_start",
            {"step": transition.name, "start": meeting.date_start, "today": today},
        )
    return None


def refuse_dated(exc: InputError) -> NoReturn:
    """A date the clock refuses (in the future, before what it follows) as a 400 refusal."""
    raise input_error(exc) from exc


def check_serves(meeting: Meeting, by: User | None) -> None:
    """``by`` acts for the Secretariat that serves the meeting (the SCO Secretariat for the
    SCO's bodies and the CMFA, the BC Secretariat for the Board); another Secretariat's
    officer is refused (``not_serving``). Calls without a user (the system's own) pass."""
    if by is None:
        return
    delegation = by.delegation
    if delegation is None or delegation.kind != secretariat_kind(meeting):
        raise refuse(
            "not_serving",
            "meetings.not_serving",
            secretariat=Message(f"meetings.secretariat.{secretariat_kind(meeting)}"),
            status=403,
        )
