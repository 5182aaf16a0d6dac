"""Who is reminded of a meeting's deadlines, and the reminders kept equal to the deadlines.

A Deadline's ``actor`` (a code of actors.yaml) names who must act; the recipients are the
active users of the delegations that act for it. ``deadline_reminders_sync`` is called by
services.deadlines.deadlines_changed inside the transaction that changed the deadlines; a meeting
taken to ``cancelled`` or ``refused`` has every pending reminder cancelled in the
transaction of that step (the post_save receiver below, registered when services imports
this module).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver

from secretariat.accounts.models import DelegationKind, User
from secretariat.meetings.models import Deadline, Meeting, MeetingTransition
from secretariat.notifications.models import Reminder
from secretariat.notifications.services import (
    reminders_cancel,
    reminders_reschedule,
    reminders_schedule,
)
from secretariat.procedure.chairmanship import term_on
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS
from secretariat.procedure.verdicts import InputError
from secretariat.registry.reference import reference

log = logging.getLogger(__name__)

#: States in which the meeting will not take place: nothing is left to remind anyone of.
STOPPED_STATES = frozenset({"cancelled", "refused"})
#: The reminders' message (notifications.messages.MESSAGES).
SUBJECT = "deadline"
#: Roles of the SCO Secretariat reminded of its steps.
SECRETARIAT_ROLES = ("secretariat_officer", "secretary_general")

_NATIONAL_PARTS = Q(delegation__kind=DelegationKind.NATIONAL_PART)
#: Actor code -> the users who act for it, when no meeting fact is needed.
_FIXED: dict[str, Q] = {
    "secretariat": Q(delegation__code="sco-secretariat", role__in=SECRETARIAT_ROLES),
    "bc_secretariat": Q(delegation__code="bc-secretariat"),
    "bcb_secretary": Q(delegation__code="bc-secretariat"),
    "national_parts": _NATIONAL_PARTS,
    "national_part_secretariats": _NATIONAL_PARTS,
    "bcb": _NATIONAL_PARTS,
    "member_states": Q(delegation__kind=DelegationKind.MEMBER_STATE),
}
_INITIATORS = frozenset({"bcb_initiators", "cmfa_initiators"})


def obj_label(meeting: Meeting) -> str:
    return meeting._meta.label_lower


def _chair_q(meeting: Meeting, ref: ReferenceData) -> Q | None:
    try:
        chair = term_on(ref, meeting.date_start).state
    except InputError:
        log.warning("meeting %s: no SCO chair on %s", meeting.pk, meeting.date_start)
        return None
    return Q(delegation__kind=DelegationKind.MEMBER_STATE, delegation__state__code=chair)


def actor_users(meeting: Meeting, actor: str, ref: ReferenceData | None = None) -> list[User]:
    """The active users who act for ``actor`` in ``meeting``; nobody for an unknown actor."""
    where = actor_filter(meeting, actor, ref)
    if where is None:
        return []
    return list(User.objects.filter(where, is_active=True).order_by("pk"))


def acts_for(user: User, meeting: Meeting, actor: str, ref: ReferenceData | None = None) -> bool:
    """Whether ``user`` acts for ``actor`` in ``meeting`` (is among ``actor_users``)."""
    where = actor_filter(meeting, actor, ref)
    return where is not None and User.objects.filter(where, pk=user.pk, is_active=True).exists()


def actor_filter(meeting: Meeting, actor: str, ref: ReferenceData | None = None) -> Q | None:
    """The users (a filter on User) who act for ``actor`` in ``meeting``; None for nobody.

    The one answer to "who must take this step": reminders, the start page ("My work") and
    the private calendars all ask it."""
    where: Q | None
    if actor in _FIXED:
        where = _FIXED[actor]
    elif actor in _INITIATORS:
        initiators = meeting.initiatives.values_list("delegation_id", flat=True)
        where = Q(delegation_id__in=list(initiators))
    elif actor == "cmfa_chair":
        where = _chair_q(meeting, ref or reference())
    else:
        log.warning("meeting %s: no recipients for unknown actor %r", meeting.pk, actor)
        where = None
    return where


def who_may_see(meeting: Meeting, users: Sequence[User]) -> list[User]:
    """Those of ``users`` who may see ``meeting`` (selectors.meetings_visible): an initiative
    not yet registered is told only to its initiators and the Secretariat serving it, never
    through a reminder or a notice to another delegation."""
    from secretariat.meetings.selectors import meetings_visible

    return [u for u in users if meetings_visible(u).filter(pk=meeting.pk).exists()]


def _params(deadline: Deadline) -> dict[str, Any]:
    rule = rulebook().rules.get(deadline.rule_id)
    step = rule.step if rule is not None else None
    action: Any = {lang: step.action[lang] for lang in LANGS} if step else deadline.rule_id
    return {"action": action, "rule": deadline.rule_id, "due": deadline.due.isoformat()}


def deadline_reminders_sync(meeting: Meeting, deadlines: Sequence[Deadline]) -> None:
    """Make the meeting's pending reminders follow ``deadlines`` (its rows after a change)."""
    label = obj_label(meeting)
    if meeting.state in STOPPED_STATES:
        reminders_cancel(obj_label=label, obj_id=meeting.pk)
        return
    ref = reference()
    link = f"/meetings/{meeting.pk}/"
    open_rules: set[str] = set()
    reminded = set(
        Reminder.objects.filter(model_label=label, object_id=str(meeting.pk)).values_list(
            "rule_id", flat=True
        )
    )
    for deadline in deadlines:
        if deadline.done_at is not None:
            continue
        open_rules.add(deadline.rule_id)
        arguments: dict[str, Any] = {
            "obj_label": label,
            "obj_id": meeting.pk,
            "rule_id": deadline.rule_id,
            "deadline": deadline.due,
            "recipients": who_may_see(meeting, actor_users(meeting, deadline.actor, ref)),
            "subject_code": SUBJECT,
            "params": _params(deadline),
            "link": link,
        }
        if deadline.rule_id in reminded:
            reminders_reschedule(**arguments)
        else:
            reminders_schedule(**arguments)
    for rule_id in reminded - open_rules:
        reminders_cancel(obj_label=label, obj_id=meeting.pk, rule_id=rule_id)


@receiver(post_save, sender=MeetingTransition, dispatch_uid="meetings.reminders.stopped")
def _meeting_stopped(sender: type, instance: MeetingTransition, created: bool, **_: Any) -> None:
    """A meeting cancelled or refused: cancel its pending reminders in the same transaction."""
    if created and instance.to_state in STOPPED_STATES:
        reminders_cancel(obj_label=obj_label(instance.meeting), obj_id=instance.meeting_id)
