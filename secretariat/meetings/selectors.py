"""Reads of the meetings app (permission checks come with the access issue)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from secretariat.meetings.models import Deadline, Meeting, MeetingTransition
from secretariat.meetings.services import meeting_facts
from secretariat.procedure.rules import rulebook
from secretariat.procedure.workflows import Transition, available_transitions
from secretariat.rules.selectors import reference


def meetings_of_body(body_code: str) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__code=body_code).select_related("body", "venue_state")


def meeting_deadlines(meeting: Meeting) -> QuerySet[Deadline]:
    return meeting.deadlines.order_by("due", "rule_id")


def meeting_history(meeting: Meeting) -> QuerySet[MeetingTransition]:
    return meeting.transitions.select_related("by").order_by("at", "pk")


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
