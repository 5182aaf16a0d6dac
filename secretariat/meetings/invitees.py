"""Who may be invited to a meeting and who may agree the invitations: reads only, for the
services (``services.participants``), the invitation form's choices and the page's offers.

The engine decides (``procedure.participation.check_invitee``); this module gives it the
meeting's body, first day, participants rules and the delegation's kind, name and state.
"""

from __future__ import annotations

from django.db.models import QuerySet

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.core.lang import names_of
from secretariat.meetings.facts import conduct, input_error, part_state
from secretariat.meetings.models import Meeting
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.participation import OWN_STRUCTURES, check_invitee
from secretariat.procedure.rules import rulebook
from secretariat.procedure.verdicts import InputError, Verdict
from secretariat.registry.reference import reference

#: The kinds of delegation a person may represent (the engine checks each one): the
#: Organisation's and the Business Council's own structures, and partner states.
INVITABLE_KINDS = (*sorted(OWN_STRUCTURES), DelegationKind.PARTNER_STATE)


def invitee_verdict(meeting: Meeting, delegation: Delegation | None, capacity: str = "") -> Verdict:
    """The engine's verdict on inviting a person representing ``delegation`` (None: a guest
    in the personal ``capacity``) to ``meeting``."""
    conducted = conduct(meeting)
    try:
        return check_invitee(
            rulebook(),
            reference(),
            body=meeting.body.code,
            day=meeting.date_start,
            participants=conducted.rules.participants,
            needs_agreement=conducted.participants_need_agreement,
            kind=str(delegation.kind) if delegation is not None else "",
            name=names_of(delegation) if delegation is not None else None,
            state=delegation.state.code if delegation and delegation.state else None,
            capacity=capacity,
        )
    except InputError as exc:
        raise input_error(exc) from exc


def invitable_delegations(meeting: Meeting) -> QuerySet[Delegation]:
    """The delegations a person invited to ``meeting`` may represent: those the rules let
    be invited to a meeting of its body on its first day (the form's choices)."""
    candidates = Delegation.objects.filter(kind__in=INVITABLE_KINDS).select_related("state")
    allowed = [d.pk for d in candidates if invitee_verdict(meeting, d).ok]
    return Delegation.objects.filter(pk__in=allowed).order_by("kind", "code")


def agreeing_capacity(meeting: Meeting, user: User | None) -> str:
    """In which capacity ``user`` may agree the meeting's invitations now: "chair" or
    "deputy" (the Chair or the Deputy Chair of its national part's state, per the chair
    rules on the meeting's first day, with the right to agree), or "" (may not)."""
    if user is None or not user.is_active or not user.can("meetings.agree_participants"):
        return ""
    delegation = user.delegation
    ref = reference()
    state = part_state(delegation, ref) if delegation is not None else None
    if state is None:
        return ""
    try:
        chair = check_chair(rulebook(), ref, meeting.body.code, meeting.date_start)
    except InputError:
        return ""
    if state == chair.facts.get("chair_state"):
        return "chair"
    if state == chair.facts.get("deputy_state"):
        return "deputy"
    return ""
