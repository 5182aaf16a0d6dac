"""The meeting in session: attendance and the quorum, members' positions on an item, and the
item decided by consensus (adopt_decision)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.meetings.facts import (
    check_item,
    conduct,
    input_error,
    item_positions,
    meeting_consensus_rule,
    member_kind,
    part_state,
    part_states,
    present_counts,
    voter_state,
)
from secretariat.meetings.models import (
    AgendaItem,
    Attendance,
    ItemObjection,
    Meeting,
    Position,
)
from secretariat.meetings.services.common import (
    IN_SESSION,
    bump,
    check_in_session,
    check_open,
    lock_meeting,
    workflow_of,
)
from secretariat.meetings.services.lifecycle import take
from secretariat.procedure.consensus import Position as ConsensusPosition
from secretariat.procedure.consensus import check_consensus, consensus_names, parse_position
from secretariat.procedure.quorum import check_quorum
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.registry.reference import reference

#: The refusal of a delegation that is not a member, by the kind of delegation that is one.
NOT_A_MEMBER = {
    DelegationKind.NATIONAL_PART: "not_a_national_part",
    DelegationKind.MEMBER_STATE: "not_a_member_state",
}


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
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    workflow = workflow_of(book, locked.kind)
    before_opening = workflow.quorum_next(locked.state)
    if not workflow.counts_quorum or not (before_opening or locked.state == IN_SESSION):
        raise refuse(
            "attendance_closed", "meetings.attendance_closed", state=workflow.states[locked.state]
        )
    state = part_state(delegation, ref)
    if state is None:
        raise refuse(
            "not_a_national_part", "meetings.not_a_national_part", delegation=names_of(delegation)
        )
    try:
        # The engine knows how many members a part has (BCB-COMPOSITION).
        check_quorum(book, {state: members_present}, len(part_states(ref)), names=ref.part_names())
    except InputError as exc:
        raise input_error(exc) from exc
    if chair_present is None:
        chair_present = members_present > 0
    if chair_present and members_present == 0:
        raise refuse(
            "chair_without_members",
            "meetings.chair_without_members",
            delegation=names_of(delegation),
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
    bump(locked, meeting)
    return attendance


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
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    rules = (meeting_consensus_rule(locked),)
    check_in_session(book, locked, rules)
    check_item(locked, item)
    item.refresh_from_db()
    if item.decided_at is not None:
        raise refuse("item_decided", "meetings.item_decided", number=item.number, status=409)
    state = voter_state(locked, delegation, ref)
    if state is None:
        # Not a member here: not one of the national parts on the Board, not a member state.
        refusal = NOT_A_MEMBER[member_kind(locked)]
        raise refuse(refusal, f"meetings.{refusal}", delegation=names_of(delegation))
    try:
        parsed = parse_position(position)
    except InputError as exc:
        raise input_error(exc) from exc
    if parsed is ConsensusPosition.ABSENT:
        raise refuse("position_absent", "meetings.position_absent")
    if conduct(locked).counts_attendance and present_counts(locked).get(state, 0) == 0:
        raise refuse("not_present", "meetings.not_present", delegation=names_of(delegation))
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
    bump(locked, meeting)
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
    objection: the objection is recorded on the item (ItemObjection) with the verdict naming
    the objecting parts; positions may still change and the item be decided again. The
    quorum is checked again at each decision, with the attendance at that moment.
    """
    book = rulebook()
    ref = reference()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    rule = meeting_consensus_rule(locked)
    check_in_session(book, locked, (rule,))
    check_item(locked, item)
    item.refresh_from_db()
    if item.decided_at is not None:
        raise refuse("item_decided", "meetings.item_decided", number=item.number, status=409)
    positions = item_positions(locked, item, ref)
    try:
        verdict = check_consensus(
            book,
            {party: parse_position(p) for party, p in positions.items()},
            rule,
            names=consensus_names(ref, rule),
        )
    except InputError as exc:
        raise input_error(exc) from exc
    if not verdict.ok:
        # The objection is recorded on the item with its verdict; nothing else is written,
        # and positions may still change and the item be decided again.
        ItemObjection.objects.create(
            meeting=locked,
            item=item,
            objecting=list(verdict.facts.get("objections", [])),
            verdict={lang: verdict.render(book, lang) for lang in LANGS},
            at=timezone.now(),
            by=by,
        )
        bump(locked, meeting)
        return verdict
    take(locked, meeting, "adopt_decision", by=by, item=item)
    item.decided_at = timezone.now()
    item.adopted = True
    item.decision = {lang: verdict.render(book, lang) for lang in LANGS}
    item.save(update_fields=["decided_at", "adopted", "decision"])
    return verdict
