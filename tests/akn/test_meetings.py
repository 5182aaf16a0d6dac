"""A meeting's agenda and minutes, driven through the services to distributed minutes, export as
Akoma Ntoso that the official schema accepts, in every language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.akn.export import NS, akn_uris, to_akn, validate
from secretariat.core.errors import InvalidInputError
from secretariat.meetings.akn import agenda_text, minutes_text
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import (
    agenda_circulate,
    agenda_prepare,
    agenda_proposal_submit,
    meeting_plan,
    meeting_transition,
    minutes_distribute,
)
from secretariat.procedure.text import Lang
from secretariat.registry.models import Body
from secretariat.registry.services import LoadReport
from tests.factories.registry import registry_loaded
from tests.meetings.test_content import PARTS, bc_officer, in_session, user
from tests.meetings.test_minutes import adopted_and_signed

from .support import parse

pytestmark = pytest.mark.django_db

LANGS: tuple[Lang, ...] = ("ru", "zh", "en")


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def delegations() -> None:
    delegations_sync()


def board_minutes_distributed() -> Meeting:
    """A Board meeting: first item adopted, minutes signed by every part and sent to all."""
    meeting = adopted_and_signed()
    minutes_distribute(meeting=meeting, by=bc_officer(), sent_on=dt.date(2026, 7, 2))
    meeting.refresh_from_db()
    assert meeting.state == "minutes_distributed"
    return meeting


def cnc_minutes_distributed() -> Meeting:
    """A meeting of the CNC (no attendance counted, no signatures) to distributed minutes."""
    officer = user("sco-officer", "sco-secretariat", "secretariat_officer")
    meeting = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=dt.date(2026, 5, 20)
    ).meeting
    agenda_proposal_submit(
        meeting=meeting,
        delegation=Delegation.objects.get(code="kz"),
        title="Draft plan of the chairmanship",
        submitted_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
    )
    agenda_prepare(meeting=meeting, by=officer)
    meeting_transition(meeting=meeting, event="agree_agenda")
    agenda_circulate(meeting=meeting, by=officer, cnc_consent=True)
    for event in ("open_session", "conclude"):
        meeting_transition(meeting=meeting, event=event)
    minutes_distribute(meeting=meeting, by=officer, sent_on=dt.date(2026, 5, 21))
    meeting.refresh_from_db()
    assert meeting.state == "minutes_distributed"
    return meeting


def test_the_agenda_and_minutes_of_a_board_meeting_validate_in_every_language() -> None:
    meeting = board_minutes_distributed()

    agenda = agenda_text(meeting)
    minutes = minutes_text(meeting)

    for content in (agenda, minutes):
        for lang in LANGS:
            assert validate(to_akn(content, lang)) == [], (content.work.name, lang)
    assert akn_uris(minutes.work, "ru").work == (
        f"/akn/sco/debate/minutes/bcb/{meeting.date_start.isoformat()}/{meeting.pk}"
    )
    assert akn_uris(agenda.work, "zh").expression == (
        f"/akn/sco/doc/agenda/bcb/{meeting.date_start.isoformat()}/{meeting.pk}/zho@"
    )


def test_the_minutes_record_what_the_rows_hold_in_the_words_of_the_minutes_pdf() -> None:
    meeting = board_minutes_distributed()
    item = meeting.agenda_items.get(number=1)

    minutes = minutes_text(meeting)

    (recorded,) = minutes.items
    assert recorded.adopted
    assert recorded.outcome["ru"] == item.decision["ru"]["summary"]
    assert {(p.party.code, p.position) for p in recorded.positions} == {
        ("np-cn", "support"),
        ("np-ru", "abstain"),
    }
    assert sorted(a.party.code for a in minutes.attendance) == sorted(
        f"np-{s}" for s in ("cn", "kz", "kg", "ru", "tj", "uz")
    )
    assert len(minutes.signatures) == len(PARTS)
    assert "16" in minutes.quorum["en"]
    root = parse(to_akn(minutes, "zh"))
    speeches = root.xpath("//a:debateSection/a:speech", namespaces={"a": NS})
    assert {s.get("by") for s in speeches} == {"#np-cn", "#np-ru"}
    signed = root.xpath("//a:conclusions//a:signature", namespaces={"a": NS})
    assert len(signed) == len(PARTS)
    assert root.xpath("string(//a:docStatus)", namespaces={"a": NS}) == "正式文本"


def test_the_agenda_and_minutes_of_a_cnc_meeting_validate_without_attendance_or_signatures() -> (
    None
):
    meeting = cnc_minutes_distributed()

    minutes = minutes_text(meeting)

    assert minutes.attendance == ()
    assert minutes.signatures == ()
    for lang in LANGS:
        assert validate(to_akn(minutes, lang)) == [], lang
        assert validate(to_akn(agenda_text(meeting), lang)) == [], lang
    english = parse(to_akn(minutes, "en"))
    assert english.xpath("string(//a:rollCall/a:p)", namespaces={"a": NS}) == (
        "Attendance is not recorded for meetings of this body."
    )
    items = agenda_text(meeting).items
    assert [(i.number, i.titles["zh"]) for i in items] == [
        (1, "Draft plan of the chairmanship (译文待定)")
    ]


def test_the_minutes_are_refused_before_the_meeting_is_closed_as_the_pdf_is() -> None:
    meeting = in_session()

    with pytest.raises(InvalidInputError) as raised:
        minutes_text(meeting)

    assert raised.value.code == "minutes_not_ready"
    assert validate(to_akn(agenda_text(meeting), "ru")) == []
