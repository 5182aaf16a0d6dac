"""Shared data of the documents, decisions and depositary tests: a Board meeting held, with
its first item adopted by consensus and its second objected to, taken through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.documents.models import Document
from secretariat.documents.services import document_create, language_version_add
from secretariat.meetings import services as meetings
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.registry.models import Body
from tests.factories.accounts import user_get_or_create
from tests.registry.support import registry_loaded

#: 16 Board members from 6 national parts: a quorum of a Board of 30.
QUORUM = {"np-cn": 3, "np-ru": 3, "np-kz": 3, "np-kg": 3, "np-tj": 3, "np-uz": 1}

RU = "Совет принимает решение.\n\nСтатья 2. Решение вступает в силу со дня подписания."
ZH = "理事会作出决定。\n\n第二条 本决定自签署之日起生效。"
EN = "The Board decides.\n\nArticle 2. The decision enters into force on signature."


@contextmanager
def registry_with_delegations(django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


#: The user named so if there is one, else a new one (the plans, relations, press and budget
#: tests take it from here too).
user = user_get_or_create


def held_board_meeting(days_ago: int = 20) -> Meeting:
    """A Board meeting held ``days_ago``: item 1 adopted by consensus, item 2 objected to."""
    today = timezone.localdate()
    officer = user("bc-officer", "bc_secretariat_officer", "bc-secretariat")
    meeting = meetings.meeting_plan(
        body=Body.objects.get(code="bcb"),
        kind="bcb-regular",
        start=today - dt.timedelta(days=days_ago),
        venue_city="Bishkek",
    ).meeting
    due = meeting.deadlines.get(rule_id="BCB-AGENDA-PROPOSALS-10D").due
    noon = timezone.make_aware(dt.datetime.combine(due, dt.time(12)))
    for code, title in (("np-cn", "Energy club"), ("np-ru", "Digital economy")):
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
    return meeting.agenda_items.order_by("number")[0]


def board_draft(
    meeting: Meeting, *, owner: str = "bc-secretariat", type: str = "decision"
) -> Document:
    """A draft decision of the Board on the meeting's first item, in ru, zh and en."""
    document = document_create(
        type=type,
        body=Body.objects.get(code="bcb"),
        title={"en": "Decision on the energy club", "ru": "Решение об энергетическом клубе"},
        owner=Delegation.objects.get(code=owner),
        meeting=meeting,
        agenda_item=first_item(meeting),
        areas=["trade_economic"],
    )
    for lang, text in (("ru", RU), ("zh", ZH), ("en", EN)):
        language_version_add(document=document, lang=lang, text=text)
    document.refresh_from_db()
    return document


def use_keys(settings: Any, directory: Any) -> None:
    """Point the signing settings at a development key made in ``directory``."""
    from secretariat.signing.keys import keys_init
    from tests.signing.conftest import use_keys as use_key_files

    use_key_files(settings, keys_init(directory))
