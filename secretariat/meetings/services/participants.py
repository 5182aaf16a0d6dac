"""Who else is in the room: invited persons and partners' representatives (STRAT-OBSERVERS,
STRAT-DIALOGUE), agreed by the Board's Chair or Deputy Chair where the procedure asks it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.meetings.facts import conduct, input_error, part_state
from secretariat.meetings.models import (
    Invitation,
    Meeting,
)
from secretariat.meetings.services.common import (
    MeetingRefusedError,
    bump,
    check_open,
    check_secretariat,
    lock_meeting,
    refuse_verdict,
    state_name,
)
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.participation import PARTNER_RULES, check_partner_participation
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Message
from secretariat.procedure.verdicts import InputError
from secretariat.registry.reference import reference

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
    body's meetings to the partner's status on the meeting's first day. Where the procedure
    asks it (the Board, BCB-PARTICIPANTS) the invitation waits for the Chair's or the Deputy
    Chair's agreement.
    """
    book = rulebook()
    ref = reference()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    conducted = conduct(locked)
    rules = conducted.rules.participants
    check_secretariat(locked, by, refusal="not_entitled_to_invite", rules=rules)
    if delegation is not None and delegation.kind in PARTNER_KINDS:
        if delegation.state is None:
            # A partner organisation: no rule of the seeds opens meetings to organisations.
            refuse_verdict(
                "not_a_partner",
                Message(
                    "participation.not_a_partner",
                    {"state": names_of(delegation), "status": delegation.kind},
                ),
                PARTNER_RULES,
            )
        try:
            verdict = check_partner_participation(
                book, ref, locked.body.code, delegation.state.code, locked.date_start
            )
        except InputError as exc:
            raise input_error(exc) from exc
        if not verdict.ok:
            raise MeetingRefusedError(verdict)
    name = name.strip()
    capacity = capacity.strip()
    if locked.invitations.filter(name=name, capacity=capacity).exists():
        raise refuse("already_invited", "meetings.already_invited", name=name, status=409)
    invitation = Invitation.objects.create(
        meeting=locked,
        name=name,
        capacity=capacity,
        delegation=delegation,
        proposed_at=timezone.now(),
        proposed_by=by,
        needs_agreement=conducted.participants_need_agreement,
    )
    bump(locked, meeting)
    return invitation


@transaction.atomic
def invitation_agree(
    *, meeting: Meeting, invitation: Invitation, by: User, expected_version: int | None = None
) -> Invitation:
    """The Chair or the Deputy Chair of the Board agrees an invitation (BCB-PARTICIPANTS)."""
    book = rulebook()
    ref = reference()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    if invitation.meeting_id != locked.pk:
        raise refuse("not_found", "meetings.item_of_other_meeting", number="—")
    invitation.refresh_from_db()
    if invitation.agreed_at is not None or not invitation.needs_agreement:
        raise refuse("already_agreed", "meetings.already_agreed", name=invitation.name, status=409)
    try:
        chair = check_chair(book, ref, locked.body.code, locked.date_start)
    except InputError as exc:
        raise input_error(exc) from exc
    chair_state = chair.facts.get("chair_state")
    deputy_state = chair.facts.get("deputy_state")
    delegation = by.delegation
    state = part_state(delegation, ref) if delegation is not None else None
    capacity = ""
    if by.is_active and by.can("meetings.agree_participants") and state is not None:
        if state == chair_state:
            capacity = "chair"
        elif state == deputy_state:
            capacity = "deputy"
    if not capacity:
        refuse_verdict(
            "not_chair_or_deputy",
            Message(
                "meetings.not_chair_or_deputy",
                {
                    "chair": state_name(ref, str(chair_state)),
                    "deputy": state_name(ref, str(deputy_state)) if deputy_state else "—",
                    "user": by.get_full_name() or by.username,
                },
            ),
            (*conduct(locked).rules.participants, *conduct(locked).rules.chair),
        )
    invitation.agreed_at = timezone.now()
    invitation.agreed_by = by
    invitation.agreed_as = capacity
    invitation.save(update_fields=["agreed_at", "agreed_by", "agreed_as"])
    bump(locked, meeting)
    return invitation
