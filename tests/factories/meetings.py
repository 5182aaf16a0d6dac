"""Meetings taken through the services: a Board meeting held, with its agenda decided, and an
extraordinary Board meeting initiated by national parts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from secretariat.accounts.models import Delegation
from secretariat.meetings import services as meetings
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.services import meeting_initiate_extraordinary
from secretariat.procedure.text import Text
from secretariat.registry.models import Body
from tests.factories.accounts import national_part, user_get_or_create

#: 16 Board members from 6 national parts: a quorum of a Board of 30.
QUORUM = {"np-cn": 3, "np-ru": 3, "np-kz": 3, "np-kg": 3, "np-tj": 3, "np-uz": 1}


def held_board_meeting(days_ago: int = 20) -> Meeting:
    """A Board meeting held ``days_ago``: item 1 adopted by consensus, item 2 objected to."""
    today = timezone.localdate()
    officer = user_get_or_create("bc-officer", "bc_secretariat_officer", "bc-secretariat")
    meeting = meetings.meeting_plan(
        body=Body.objects.get(code="bcb"),
        kind="bcb-regular",
        start=today - dt.timedelta(days=days_ago),
        venue_city="Bishkek",
    ).meeting
    due = meeting.deadlines.get(rule_id="BCB-AGENDA-PROPOSALS-10D").due
    noon = timezone.make_aware(dt.datetime.combine(due, dt.time(12)))
    for code, title in (
        ("np-cn", Text(en="Energy club", ru="Энергетический клуб", zh="能源俱乐部")),
        ("np-ru", Text(en="Digital economy", ru="Цифровая экономика", zh="数字经济")),
    ):
        meetings.agenda_proposal_submit(
            meeting=meeting,
            delegation=Delegation.objects.get(code=code),
            title=title,
            by=officer,
            submitted_at=noon,
        )
    meetings.agenda_prepare(meeting=meeting, by=officer)
    meetings.agenda_circulate(meeting=meeting, by=officer)
    for code, present in QUORUM.items():
        meetings.attendance_record(
            meeting=meeting,
            delegation=Delegation.objects.get(code=code),
            members_present=present,
            by=officer,
        )
    meetings.meeting_transition(meeting=meeting, event="open_session", by=officer)
    first, second = meeting.agenda_items.order_by("number")[:2]
    for code in ("np-cn", "np-ru"):
        meetings.position_record(
            meeting=meeting,
            item=first,
            delegation=Delegation.objects.get(code=code),
            position="support",
            by=officer,
        )
    meetings.item_decide(meeting=meeting, item=first, by=officer)
    meetings.position_record(
        meeting=meeting,
        item=second,
        delegation=Delegation.objects.get(code="np-kg"),
        position="object",
        by=officer,
    )
    meetings.meeting_transition(meeting=meeting, event="conclude", by=officer)
    meeting.refresh_from_db()
    return meeting


def first_item(meeting: Meeting) -> AgendaItem:
    """The meeting's first agenda item (the one adopted by consensus in ``held_board_meeting``)."""
    return meeting.agenda_items.order_by("number")[0]


def bcb_extraordinary(
    *parts: str,
    start: str = "2026-06-30",
    end: str | None = None,
    venue_city: str = "Bishkek",
    **fields: Any,
) -> Meeting:
    """An extraordinary Board meeting initiated by the national parts of the states ``parts``
    (``"CN"``, ``"RU"``...), proposed from ``start`` (to ``end``, ISO dates) in ``venue_city``;
    other fields of ``meeting_initiate_extraordinary`` (``venue_state``, ``title``...) pass
    through. Needs the registry.

    Each part named has joined the initiative itself (as ``initiative_join`` records it, with
    no sending day of its own unless ``sent`` gives one): pass ``joined=False`` to leave them
    only named."""
    joined = fields.pop("joined", True)
    sent = fields.pop("sent", None)
    meeting = meeting_initiate_extraordinary(
        body=Body.objects.get(code="bcb"),
        kind="bcb-extraordinary",
        initiators=[national_part(p) for p in parts],
        proposed_start=dt.date.fromisoformat(start),
        proposed_end=dt.date.fromisoformat(end) if end else None,
        venue_city=venue_city,
        **fields,
    )
    if joined:
        join_all(meeting, sent)
    return meeting


def join_all(meeting: Meeting, sent: str | None = None) -> Meeting:
    """Every delegation named as an initiator of ``meeting`` has joined it (on ``sent``)."""
    meeting.initiatives.filter(joined_at__isnull=True).update(
        joined_at=timezone.now(), sent_on=dt.date.fromisoformat(sent) if sent else None
    )
    return meeting


def record_appeal(meeting: Meeting, received: dt.date, sent: dt.date | None = None) -> Meeting:
    """The joint appeal (or the letters) sent on ``sent`` (the day of receipt by default) and
    received on ``received``, as the Secretariat records them."""
    meetings.meeting_record_event(meeting=meeting, event="sent", date=sent or received)
    meetings.meeting_record_event(meeting=meeting, event="received", date=received)
    meeting.refresh_from_db()
    return meeting
