"""The engine's view of a meeting: the facts its guards and checks read, from the meeting's rows.

Who the members are (national parts on the Board, member states elsewhere), who initiated
and who consented, who is in the room, the positions on an item, who signed and who received
the minutes. Reads only: no service here, so selectors and presenters may use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from secretariat.accounts.models import Delegation, DelegationKind
from secretariat.core.errors import InvalidRefusalError, refuse
from secretariat.meetings.models import (
    AgendaItem,
    ConsentAnswer,
    Initiative,
    Meeting,
)
from secretariat.meetings.replies_read import reply_facts
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.conduct import Conduct, conduct_of
from secretariat.procedure.consensus import Position as ConsensusPosition
from secretariat.procedure.quorum import check_quorum
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.replies import FACTS as REPLY_FACTS
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Message, catalogue
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.registry.reference import reference


def input_error(error: InputError) -> InvalidRefusalError:
    """The engine's bad-input answer (an unknown procedure, an impossible count) as a refusal
    (400) with its code and sentence."""
    message = error.message
    if error.field is not None and "field" not in message.params:
        # The input at fault, named as the meeting's pages name it (the day of receipt...).
        label: object = error.field
        if f"event.{error.field}" in catalogue():
            label = Message(f"event.{error.field}")
        message = Message(message.code, {**message.params, "field": label})
    return InvalidRefusalError(error.code, message)


def conduct(meeting: Meeting) -> Conduct:
    """How the meeting's procedure is conducted (the engine's ``conduct`` data)."""
    try:
        return conduct_of(rulebook(), meeting.kind)
    except InputError as exc:
        raise input_error(exc) from exc


def members_of(meeting: Meeting, ref: ReferenceData) -> list[str]:
    """The states whose initiative, consent and positions count (the procedure's
    ``members``: the states with a national part on the Board, or the member states)."""
    return conduct(meeting).members_on(ref, meeting.date_start)


def joined_initiatives(meeting: Meeting) -> list[Initiative]:
    """The initiatives that count: joined by their own delegation and not withdrawn."""
    return list(
        meeting.initiatives.filter(joined_at__isnull=False, withdrawn_at__isnull=True)
        .select_related("delegation__state")
        .order_by("delegation__code")
    )


def meeting_facts(meeting: Meeting, ref: ReferenceData) -> dict[str, Any]:
    """The facts the workflow's guards read, from the meeting's rows."""
    members = members_of(meeting, ref)
    # Only the initiatives a delegation joined itself count; one only named does not.
    joined = [
        (i.delegation.state.code, i.sent_on)
        for i in joined_initiatives(meeting)
        if i.delegation.state is not None
    ]
    initiators = sorted(state for state, _sent in joined)
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
        # Each initiator's own sending day: the joint appeal is sent on the latest of them,
        # and days that differ mean it was not sent simultaneously (notice_on_time).
        "initiator_sent": {state: sent for state, sent in joined if sent is not None},
        "members": members,
        "consents": consents,
    }


#: Facts the guards read from the meeting's content rows; what a caller says about them is
#: ignored (see content_facts).
CONTENT_FACTS = frozenset(
    {"present", "parts", "positions", "unsigned", "undistributed", *REPLY_FACTS}
)


def part_states(ref: ReferenceData) -> list[str]:
    """The member states with a national part on the Board, per the registry."""
    return sorted(b.state for b in ref.national_parts() if b.state)


def part_state(delegation: Delegation, ref: ReferenceData) -> str | None:
    """The state of a national part on the Board, or None for any other delegation."""
    if delegation.kind != DelegationKind.NATIONAL_PART or delegation.state is None:
        return None
    code = delegation.state.code
    return code if code in part_states(ref) else None


def meeting_consensus_rule(meeting: Meeting) -> str:
    """The rule by which the meeting's body decides by consensus."""
    return conduct(meeting).rules.consensus


def voter_state(meeting: Meeting, delegation: Delegation, ref: ReferenceData) -> str | None:
    """The member ``delegation`` speaks for in ``meeting``: a national part on the Board, a
    member state of the Organisation on the meeting's day elsewhere; None for anyone else."""
    if delegation.kind != member_kind(meeting) or delegation.state is None:
        return None
    code = delegation.state.code
    return code if code in members_of(meeting, ref) else None


def item_positions(meeting: Meeting, item: AgendaItem, ref: ReferenceData) -> dict[str, str]:
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
    # Only where the procedure counts attendance (the Board) is who is in the room recorded.
    present = present_counts(meeting) if conduct(meeting).counts_attendance else None
    positions: dict[str, str] = {}
    for state in members_of(meeting, ref):
        if present is not None and present.get(state, 0) == 0:
            positions[state] = ConsensusPosition.ABSENT.value
        else:
            positions[state] = stated.get(state, ConsensusPosition.ABSTAIN.value)
    return positions


def present_counts(meeting: Meeting) -> dict[str, int]:
    return {
        a.delegation.state.code: a.members_present
        for a in meeting.attendance.select_related("delegation__state")
        if a.delegation.kind == DelegationKind.NATIONAL_PART and a.delegation.state is not None
    }


def content_facts(
    meeting: Meeting, ref: ReferenceData, wanted: Iterable[str], item: AgendaItem | None
) -> dict[str, Any]:
    """The facts among ``wanted`` (what a step's guards read: ``Transition.reads``) that the
    meeting's content rows hold."""
    wanted = set(wanted)
    facts: dict[str, Any] = {}
    if "present" in wanted:
        facts["present"] = present_counts(meeting)
        facts["parts"] = len(part_states(ref))
    if "positions" in wanted:
        if item is None:
            raise refuse("item_required", "meetings.item_required")
        check_item(meeting, item)
        facts["positions"] = item_positions(meeting, item, ref)
    if "unsigned" in wanted:
        signed = {
            s.delegation.state.code
            for s in meeting.signatures.select_related("delegation__state")
            if s.delegation.state is not None
        }
        facts["unsigned"] = sorted(set(part_states(ref)) - signed)
    if "undistributed" in wanted:
        sent = {
            d.delegation.state.code
            for d in meeting.distribution.select_related("delegation__state")
            if d.delegation.state is not None
        }
        facts["undistributed"] = sorted(set(members_of(meeting, ref)) - sent)
    if "unreplied" in wanted:
        facts.update(reply_facts(meeting, part_states(ref)))
    return facts


def check_item(meeting: Meeting, item: AgendaItem) -> None:
    if item.meeting_id != meeting.pk:
        raise refuse("item_of_other_meeting", "meetings.item_of_other_meeting", number=item.number)


def member_kind(meeting: Meeting) -> DelegationKind:
    """Who speaks for a member (initiates, proposes, receives the minutes): national parts
    for the Board, member states' delegations elsewhere (the procedure's member_delegation)."""
    return DelegationKind(conduct(meeting).member_delegation)


def secretariat_kind(meeting: Meeting) -> DelegationKind:
    """The Secretariat serving the meeting: the Business Council's for the Board."""
    return DelegationKind(conduct(meeting).secretariat)


def preparation_rules(meeting: Meeting) -> tuple[str, ...]:
    """The rules by which the Secretariat prepares the meeting's agenda."""
    return conduct(meeting).rules.preparation


def quorum_now(meeting: Meeting) -> Verdict:
    """Whether the members recorded present make a quorum (BCB-QUORUM), as the guard sees it."""
    ref = reference()
    try:
        return check_quorum(rulebook(), present_counts(meeting), len(part_states(ref)))
    except InputError as exc:
        raise input_error(exc) from exc


def minutes_recipients(meeting: Meeting, ref: ReferenceData | None = None) -> list[Delegation]:
    """The delegations the minutes go to, one per member (a national part for the Board)."""
    ref = ref or reference()
    members = members_of(meeting, ref)
    return list(
        Delegation.objects.filter(kind=member_kind(meeting), state__code__in=members)
        .select_related("state")
        .order_by("code")
    )


def chair_state_of(meeting: Meeting, ref: ReferenceData | None = None) -> str | None:
    """The state whose national part chairs the meeting's body on its first day (BCB-CHAIR),
    or None where the engine names no chair for the body."""
    try:
        verdict = check_chair(rulebook(), ref or reference(), meeting.body.code, meeting.date_start)
    except InputError:
        return None
    return str(verdict.facts.get("chair_state") or "") or None
