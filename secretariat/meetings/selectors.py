"""Reads of the meetings app; the meeting's confidential content is filtered by ``visible_q``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from secretariat.accounts.access import visible_q
from secretariat.accounts.models import User
from secretariat.meetings.facts import meeting_facts
from secretariat.meetings.models import (
    AgendaItem,
    AgendaProposal,
    Attendance,
    Deadline,
    Meeting,
    MeetingTransition,
    MinutesDistribution,
    MinutesSignature,
    Position,
)
from secretariat.procedure.conduct import conducts
from secretariat.procedure.rules import rulebook
from secretariat.procedure.timing import actor_state, day_at, overdue
from secretariat.procedure.workflows import Transition, available_transitions, workflows
from secretariat.registry.reference import reference


def meetings_visible(user: User | None) -> QuerySet[Meeting]:
    """The meetings ``user`` may see.

    An extraordinary meeting is an initiative, private to its initiators and to the
    Secretariat that receives it, until a first step other than a refusal is taken (the
    appeal registered, the letters received); from then on every member sees it. The SCO
    Secretariat (``confidential.all``) sees every meeting.
    """
    meetings = Meeting.objects.select_related("body", "venue_state")
    if user is not None and user.is_active and user.can("confidential.all"):
        return meetings
    public = Q(extraordinary=False) | Exists(
        MeetingTransition.objects.filter(meeting=OuterRef("pk")).exclude(event="refuse")
    )
    if user is None or not user.is_active or user.delegation is None:
        return meetings.filter(public)
    delegation = user.delegation
    private = Q(initiatives__delegation=delegation) | Q(created_by=user)
    # The Secretariat serving a procedure's meetings receives their initiatives (the
    # Business Council's Secretariat, the Board's).
    served = conducts(rulebook()).served_by(delegation.kind)
    if served:
        private |= Q(kind__in=sorted(served))
    return meetings.filter(public | private).distinct()


def meetings_of_body(body_code: str) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__code=body_code).select_related("body", "venue_state")


def meeting_deadlines(meeting: Meeting) -> QuerySet[Deadline]:
    return meeting.deadlines.order_by("due", "rule_id")


def meeting_history(meeting: Meeting) -> QuerySet[MeetingTransition]:
    # In the order the steps were taken (each one follows the last under the meeting's lock).
    return meeting.transitions.select_related("by").order_by("pk")


def meeting_next_steps(meeting: Meeting) -> tuple[Transition, ...]:
    """The steps the meeting's workflow offers now (the rules decide when one is taken)."""
    return available_transitions(rulebook(), meeting.kind, meeting.state)


@dataclass(frozen=True, slots=True)
class ConsentShown:
    state: str
    #: True (consents), False (refuses) or None (no answer yet).
    answer: bool | None


def meeting_consents(meeting: Meeting) -> list[ConsentShown]:
    """Every other member state's answer, including those that have not answered."""
    consents = meeting_facts(meeting, reference())["consents"]
    return [ConsentShown(state, answer) for state, answer in sorted(consents.items())]


# --- the meeting's content -----------------------------------------------------------------


def agenda_proposals_visible(user: User | None, meeting: Meeting) -> QuerySet[AgendaProposal]:
    """The meeting's proposals ``user`` may see: its own, those circulated, or all (Secretariat)."""
    return (
        meeting.proposals.filter(visible_q(user))
        .select_related("owner_delegation", "submitted_by")
        .distinct()
        .order_by("submitted_at", "pk")
    )


def agenda_items_visible(user: User | None, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda items ``user`` may see, in order."""
    return meeting.agenda_items.filter(visible_q(user)).distinct().order_by("number")


def meeting_attendance(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("delegation__state").order_by("delegation__code")


def item_positions(item: AgendaItem) -> QuerySet[Position]:
    return item.positions.select_related("delegation__state").order_by("delegation__code")


def minutes_signatures(meeting: Meeting) -> QuerySet[MinutesSignature]:
    return meeting.signatures.select_related("delegation", "signed_by").order_by("delegation__code")


def minutes_distribution(meeting: Meeting) -> QuerySet[MinutesDistribution]:
    return meeting.distribution.select_related("delegation", "recorded_by").order_by(
        "delegation__code"
    )


def overdue_by_meeting(meetings: list[Meeting]) -> dict[int, int]:
    """How many open deadlines of each meeting are past their latest day, each judged on its
    actor's seat's day (meetings in a final state have none)."""
    book = rulebook()
    ref = reference()
    flows = workflows(book)
    open_ids = [m.pk for m in meetings if m.state not in flows.get(m.kind).final]
    now = timezone.now()
    # No seat is more than a day behind the server's day: fetch the candidates once.
    horizon = timezone.localdate()
    starts = {m.pk: m.date_start for m in meetings}
    counts: dict[int, int] = {}
    rows = Deadline.objects.filter(
        meeting_id__in=open_ids, done_at__isnull=True, due__lt=horizon
    ).only("meeting_id", "due", "actor")
    for d in rows:
        state = actor_state(book, ref, d.actor, on=starts[d.meeting_id])
        if overdue(d.due, day_at(state, now)):
            counts[d.meeting_id] = counts.get(d.meeting_id, 0) + 1
    return counts
