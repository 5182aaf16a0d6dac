"""Who else is in the room: invited persons, each checked by the engine's participation rules
(``procedure.participation.check_invitee``: partners by STRAT-OBSERVERS and STRAT-DIALOGUE,
the SCO Secretariat on the Board by right, others and guests under the body's participants
rules), agreed by the Board's Chair or Deputy Chair where the procedure asks it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.core.errors import refuse
from secretariat.meetings.facts import conduct, input_error
from secretariat.meetings.invitees import (
    agreeing_capacity,
    invitable_delegations,
    invitee_verdict,
)
from secretariat.meetings.models import Invitation, Meeting
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
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Message
from secretariat.procedure.verdicts import InputError
from secretariat.registry.reference import reference

__all__ = [
    "agreeing_capacity",
    "invitable_delegations",
    "invitation_add",
    "invitation_agree",
    "invitee_verdict",
]


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
    """Put a person on the meeting's list of invited persons, once the rules allow it.

    A person represents a delegation the rules let be invited (a partner state whose status
    on the meeting's first day opens the body's meetings, the SCO Secretariat, the Business
    Council Secretariat, RATS), or none, as a guest whose capacity must then be given. Where
    the procedure asks it (the Board, BCB-PARTICIPANTS) the invitation waits for the Chair's
    or the Deputy Chair's agreement, unless the delegation takes part by right (the SCO
    Secretariat on the Board): that invitation is agreed by right, citing the rule.
    """
    book = rulebook()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    conducted = conduct(locked)
    check_secretariat(
        locked, by, refusal="not_entitled_to_invite", rules=conducted.rules.participants
    )
    name = name.strip()
    capacity = capacity.strip()
    verdict = invitee_verdict(locked, delegation, capacity)
    if not verdict.ok:
        raise MeetingRefusedError(verdict)
    if locked.invitations.filter(name=name, capacity=capacity).exists():
        raise refuse("already_invited", "meetings.already_invited", name=name, status=409)
    now = timezone.now()
    ground = str(verdict.facts["ground"])
    by_right = ground == "by_right"
    invitation = Invitation.objects.create(
        meeting=locked,
        name=name,
        capacity=capacity,
        delegation=delegation,
        proposed_at=now,
        proposed_by=by,
        needs_agreement=bool(verdict.facts["needs_agreement"]),
        agreed_at=now if by_right else None,
        agreed_as="by_right" if by_right else "",
        ground=ground,
        rules=list(verdict.rules),
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
    capacity = agreeing_capacity(locked, by)
    if not capacity:
        chair_state = chair.facts.get("chair_state")
        deputy_state = chair.facts.get("deputy_state")
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
