"""The agenda's items while it is prepared: titles in three languages, a timetable entry,
speakers and documents attached as materials; moved, removed, and frozen once circulated.
A meeting's subject in en/ru/zh, marked "translation pending" where a language is missing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from secretariat.accounts.models import Delegation
from secretariat.core.errors import ConflictError, InvalidInputError
from secretariat.documents.models import Document
from secretariat.documents.services import document_create
from secretariat.meetings.forms import CirculateForm
from secretariat.meetings.models import AgendaCirculation, AgendaItem, Meeting
from secretariat.meetings.presenters import content_shown
from secretariat.meetings.services import (
    ItemFields,
    MeetingRefusedError,
    agenda_circulate,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    meeting_plan,
)
from secretariat.meetings.subjects import subject_in
from secretariat.procedure.text import Text
from secretariat.registry.models import Body
from secretariat.registry.services import LoadReport
from tests.factories import accounts
from tests.factories.meetings import bcb_extraordinary
from tests.factories.registry import registry_loaded
from tests.said import rule_said

from .support import day
from .test_content import START, at, bc_officer, board_meeting, circulated, part, user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def delegations() -> None:
    from secretariat.accounts.services import delegations_sync

    delegations_sync()
    cache.clear()


def title(en: str, ru: str = "", zh: str = "") -> Text:
    return Text(en=en, ru=ru, zh=zh)


def document(meeting: Meeting, owner: str = "bc-secretariat", name: str = "Draft work plan") -> Any:
    return document_create(
        type="decision",
        body=Body.objects.get(code="bcb"),
        title={"en": name, "ru": "Проект плана работы"},
        owner=Delegation.objects.get(code=owner),
        meeting=meeting,
    )


def three_items(meeting: Meeting) -> list[AgendaItem]:
    officer = bc_officer()
    return [
        agenda_item_add(meeting=meeting, by=officer, fields=ItemFields(title=title(t)))
        for t in ("Opening", "Energy club", "Any other business")
    ]


def titles(meeting: Meeting) -> list[tuple[int, str]]:
    return list(meeting.agenda_items.order_by("number").values_list("number", "title_en"))


# --- services ---------------------------------------------------------------------------------


def test_an_item_is_added_and_edited_with_its_timetable_speakers_and_materials() -> None:
    meeting = board_meeting()
    officer = bc_officer()
    draft = document(meeting)
    before = Meeting.objects.get(pk=meeting.pk).version

    item = agenda_item_add(
        meeting=meeting,
        by=officer,
        fields=ItemFields(
            title=title("Energy club", "Энергетический клуб"),
            starts_at=at(f"{START}T10:00"),
            duration_minutes=45,
            speakers=[" A. Ivanov ", "", "Li Wei"],
            materials=[draft.pk],
        ),
    )
    agenda_item_update(
        meeting=meeting,
        item=item,
        by=officer,
        fields=ItemFields(
            title=title("Energy club", "Энергетический клуб", "能源俱乐部"),
            starts_at=at(f"{START}T11:30"),
            duration_minutes=30,
            speakers=["Li Wei"],
            materials=[],
        ),
    )

    stored = AgendaItem.objects.get(pk=item.pk)
    assert (stored.number, stored.title_ru, stored.title_zh) == (
        1,
        "Энергетический клуб",
        "能源俱乐部",
    )
    assert timezone.localtime(stored.starts_at).strftime("%H:%M") == "11:30"
    assert stored.duration_minutes == 30
    assert stored.speakers == ["Li Wei"]
    assert not stored.materials.exists()
    assert Meeting.objects.get(pk=meeting.pk).version == before + 2


def test_items_move_up_and_down_and_a_removed_item_closes_the_gap() -> None:
    meeting = board_meeting()
    officer = bc_officer()
    first, _second, third = three_items(meeting)

    agenda_item_move(meeting=meeting, item=third, by=officer, direction="up")
    moved = titles(meeting)
    with pytest.raises(InvalidInputError) as edge:
        agenda_item_move(meeting=meeting, item=first, by=officer, direction="up")
    agenda_item_move(meeting=meeting, item=first, by=officer, direction="down")
    removed = agenda_item_delete(
        meeting=meeting, item=AgendaItem.objects.get(pk=third.pk), by=officer
    )

    assert moved == [(1, "Opening"), (2, "Any other business"), (3, "Energy club")]
    assert edge.value.code == "item_at_the_edge"
    assert removed == 1
    assert titles(meeting) == [(1, "Opening"), (2, "Energy club")]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (ItemFields(title=title("")), "item_title_required"),
        (ItemFields(title=title("X"), duration_minutes=0), "item_duration"),
        (ItemFields(title=title("X"), duration_minutes=721), "item_duration"),
        (
            ItemFields(title=title("X"), starts_at=at("2026-07-02T10:00")),
            "item_start_outside_meeting",
        ),
        (ItemFields(title=title("X"), speakers=[f"S{i}" for i in range(13)]), "item_speakers"),
        (ItemFields(title=title("X"), speakers=["x" * 201]), "item_speakers"),
        (ItemFields(title=title("X"), materials=[999999]), "unknown_material"),
    ],
)
def test_bounds_are_refused_and_nothing_is_saved(fields: ItemFields, code: str) -> None:
    meeting = board_meeting()

    with pytest.raises(InvalidInputError) as raised:
        agenda_item_add(meeting=meeting, by=bc_officer(), fields=fields)

    assert raised.value.code == code
    assert not AgendaItem.objects.exists()


def test_a_document_the_secretariat_may_not_see_is_not_attached() -> None:
    meeting = board_meeting()
    private = document(meeting, owner="np-cn", name="China's own draft")

    with pytest.raises(InvalidInputError) as raised:
        agenda_item_add(
            meeting=meeting,
            by=bc_officer(),
            fields=ItemFields(title=title("X"), materials=[private.pk]),
        )

    assert raised.value.code == "unknown_material"
    assert not AgendaItem.objects.exists()


def test_a_national_part_does_not_edit_the_agenda() -> None:
    meeting = board_meeting()

    with pytest.raises(MeetingRefusedError) as raised:
        agenda_item_add(
            meeting=meeting,
            by=user("cn-chair", "np-cn", "np_chair"),
            fields=ItemFields(title=title("X")),
        )

    assert raised.value.code == "not_entitled_to_prepare"


def test_once_circulated_the_items_are_neither_added_edited_moved_nor_removed() -> None:
    meeting = circulated(board_meeting())
    officer = bc_officer()
    item = meeting.agenda_items.get()
    calls = [
        lambda: agenda_item_add(meeting=meeting, by=officer, fields=ItemFields(title=title("X"))),
        lambda: agenda_item_update(
            meeting=meeting, item=item, by=officer, fields=ItemFields(title=title("X"))
        ),
        lambda: agenda_item_move(meeting=meeting, item=item, by=officer, direction="down"),
        lambda: agenda_item_delete(meeting=meeting, item=item, by=officer),
    ]

    for call in calls:
        with pytest.raises(ConflictError) as raised:
            call()
        assert raised.value.code == "agenda_circulated"
        with translation.override("ru"):
            assert "Повестка дня разослана" in raised.value.render()
        with translation.override("zh-hans"):
            assert "议程已于" in raised.value.render()

    assert titles(meeting) == [(1, "Work plan until the next meeting")]


def test_an_empty_agenda_is_not_circulated_citing_the_steps_rules() -> None:
    meeting = board_meeting()

    with pytest.raises(MeetingRefusedError) as raised:
        agenda_circulate(meeting=meeting, by=bc_officer())

    assert raised.value.code == "empty_agenda"
    assert raised.value.rules == ("BCB-AGENDA-PROPOSALS-10D", "BCB-AGENDA-CIRCULATE-5D")
    assert Meeting.objects.get(pk=meeting.pk).state == "planned"
    assert not AgendaCirculation.objects.exists()


def test_the_circulate_form_asks_the_cncs_consent_only_where_the_rule_applies() -> None:
    board = board_meeting()
    cnc = meeting_plan(body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day(START))

    assert "cnc_consent" not in CirculateForm(meeting=board).fields
    assert "cnc_consent" in CirculateForm(meeting=cnc.meeting).fields


def test_materials_are_shown_only_to_those_who_may_see_the_document() -> None:
    meeting = board_meeting()
    officer = bc_officer()
    draft = document(meeting)
    agenda_item_add(
        meeting=meeting,
        by=officer,
        fields=ItemFields(title=title("Energy club"), materials=[draft.pk]),
    )
    agenda_circulate(meeting=meeting, by=officer)
    member = user("kz-chair", "np-kz", "np_chair")

    mine = content_shown(meeting, officer, "en").items[0]
    theirs = content_shown(meeting, member, "en").items[0]
    Document.objects.filter(pk=draft.pk).update(circulated_to_members=True)
    later = content_shown(meeting, member, "en").items[0]

    assert [m.title for m in mine.materials] == ["Draft work plan"]
    assert theirs.title == "Energy club"
    assert theirs.materials == []
    assert [m.id for m in later.materials] == [draft.pk]


def test_an_item_title_missing_in_a_language_is_shown_as_pending_translation() -> None:
    meeting = board_meeting()
    agenda_item_add(meeting=meeting, by=bc_officer(), fields=ItemFields(title=title("", "Бюджет")))

    english = content_shown(meeting, bc_officer(), "en").items[0]
    russian = content_shown(meeting, bc_officer(), "ru").items[0]

    assert (english.title, english.title_pending, english.title_lang) == ("Бюджет", True, "ru")
    assert (russian.title, russian.title_pending) == ("Бюджет", False)


# --- the subject ------------------------------------------------------------------------------


def test_three_extraordinary_meetings_differ_by_their_subject() -> None:
    subjects = [
        Text(en="Energy security", ru="Энергетическая безопасность", zh="能源安全"),
        Text(en="", ru="Цифровая экономика", zh=""),
        Text(en="Transport corridors", ru="", zh=""),
    ]
    meetings = [bcb_extraordinary("CN", "RU", subject=s) for s in subjects]

    shown = {lang: [subject_in(m, lang) for m in meetings] for lang in ("en", "ru", "zh")}

    assert [s.text for s in shown["en"] if s] == [
        "Energy security",
        "Цифровая экономика",
        "Transport corridors",
    ]
    assert [s.pending for s in shown["en"] if s] == [False, True, False]
    # Russian stands in for Chinese (a working language first), English only when alone.
    assert [(s.text, s.lang, s.pending) for s in shown["zh"] if s] == [
        ("能源安全", "zh", False),
        ("Цифровая экономика", "ru", True),
        ("Transport corridors", "en", True),
    ]


def test_the_subject_is_asked_on_the_pages_and_shown_in_the_list_and_on_the_meeting() -> None:
    client = accounts.logged_in(bc_officer())
    response = client.post(
        "/meetings/plan/",
        {
            "kind": "bcb-regular",
            "body": Body.objects.get(code="bcb").pk,
            "start": "2026-06-30",
            "subject_en": "Energy security",
        },
    )
    meeting = Meeting.objects.get()
    russian = client.get(f"/ru/meetings/{meeting.pk}/").content.decode()
    listed = client.get("/meetings/").content.decode()
    form = client.get("/meetings/plan/").content.decode()

    assert response.status_code == 302, response.content
    assert meeting.subject_en == "Energy security"
    assert 'name="subject_ru"' in form
    assert "Energy security" in listed
    assert 'lang="en"' in russian
    assert "ожидается перевод" in russian


def test_the_subject_is_given_through_the_api_with_its_pending_languages() -> None:
    client = accounts.logged_in(bc_officer())
    response = client.post(
        "/api/meetings/regular",
        json.dumps(
            {"body": "bcb", "kind": "bcb-regular", "start": "2026-06-30", "subject_ru": "Бюджет"}
        ),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    subject = response.json()["meeting"]["subject"]
    assert subject == {
        "text": "Бюджет",
        "lang": "ru",
        "pending": True,
        "en": "",
        "ru": "Бюджет",
        "zh": "",
    }


# --- pages ------------------------------------------------------------------------------------


def version_of(meeting: Meeting) -> int:
    return Meeting.objects.get(pk=meeting.pk).version


def test_the_secretariat_edits_the_agenda_on_the_page_until_it_is_circulated() -> None:
    meeting = board_meeting()
    three_items(meeting)
    client = accounts.logged_in(bc_officer())

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    moved = client.post(
        f"/meetings/{meeting.pk}/agenda/items/move/",
        {"number": 2, "direction": "down", "expected_version": version_of(meeting)},
    )
    removed = client.post(
        f"/meetings/{meeting.pk}/agenda/items/delete/",
        {"number": 1, "expected_version": version_of(meeting)},
    )
    added = client.post(
        f"/meetings/{meeting.pk}/agenda/items/new/",
        {"title_zh": "其他事项", "duration_minutes": "15", "expected_version": version_of(meeting)},
    )
    edit_form = client.get(f"/meetings/{meeting.pk}/agenda/items/1/").content.decode()
    edited = client.post(
        f"/meetings/{meeting.pk}/agenda/items/1/",
        {
            "title_en": "AOB",
            "title_ru": "Разное",
            "starts_at": "2026-06-30T16:00",
            "speakers": "Li Wei\nA. Ivanov",
            "expected_version": version_of(meeting),
        },
    )

    assert 'class="inline item-up"' in page
    assert 'class="inline item-delete"' in page
    assert 'id="item-add-form"' in page
    assert 'id="circulate-form"' in page
    assert 'name="cnc_consent"' not in page
    assert (moved.status_code, removed.status_code, added.status_code) == (302, 302, 302)
    assert 'value="Any other business"' in edit_form
    assert edited.status_code == 302, edited.content
    assert titles(meeting) == [(1, "AOB"), (2, "Energy club"), (3, "")]
    item = meeting.agenda_items.get(number=1)
    assert item.speakers == ["Li Wei", "A. Ivanov"]
    shown = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "其他事项" in shown
    assert "Li Wei; A. Ivanov" in shown


def test_after_circulation_the_page_offers_no_edit_and_refuses_one() -> None:
    meeting = circulated(board_meeting())
    client = accounts.logged_in(bc_officer())

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    refused = client.post(
        f"/meetings/{meeting.pk}/agenda/items/move/",
        {"number": 1, "direction": "down", "expected_version": version_of(meeting)},
    )
    edit = client.post(
        f"/ru/meetings/{meeting.pk}/agenda/items/1/",
        {"title_en": "Changed", "expected_version": version_of(meeting)},
    )

    assert "item-delete" not in page
    assert 'id="item-add-form"' not in page
    assert refused.status_code == 409
    assert edit.status_code == 409
    assert "Повестка дня разослана" in edit.content.decode()
    assert titles(meeting) == [(1, "Work plan until the next meeting")]


def test_a_member_sees_no_edit_buttons() -> None:
    meeting = board_meeting()
    three_items(meeting)
    client = accounts.logged_in(user("kz-chair", "np-kz", "np_chair"))

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    refused = client.post(
        f"/meetings/{meeting.pk}/agenda/items/delete/",
        {"number": 1, "expected_version": version_of(meeting)},
    )

    assert "item-delete" not in page
    assert refused.status_code == 403
    assert meeting.agenda_items.count() == 3


# --- API --------------------------------------------------------------------------------------


def api(client: Any, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    call = getattr(client, method)
    return call(
        f"/api/meetings/{path}",
        json.dumps(body or {}),
        content_type="application/json",
    )


def test_the_api_adds_edits_moves_and_removes_items_until_circulation() -> None:
    meeting = board_meeting()
    draft = document(meeting)
    client = accounts.logged_in(bc_officer())
    start = timezone.localtime(at(f"{START}T09:30")).isoformat()

    first = api(client, "post", f"{meeting.pk}/agenda/preliminary", {"title_en": "Opening"})
    second = api(
        client,
        "post",
        f"{meeting.pk}/agenda/preliminary",
        {
            "title_ru": "Энергетический клуб",
            "starts_at": start,
            "duration_minutes": 60,
            "speakers": ["Li Wei"],
            "materials": [draft.pk],
        },
    )
    too_long = api(
        client,
        "post",
        f"{meeting.pk}/agenda/preliminary",
        {"title_en": "X", "duration_minutes": 800},
    )
    moved = api(client, "post", f"{meeting.pk}/agenda/items/2/move", {"direction": "up"})
    replaced = api(
        client,
        "put",
        f"{meeting.pk}/agenda/items/1",
        {"title_en": "Energy club", "title_ru": "Энергетический клуб", "materials": [draft.pk]},
    )
    removed = client.delete(f"/api/meetings/{meeting.pk}/agenda/items/2")
    circulated_ = api(client, "post", f"{meeting.pk}/agenda/circulate")
    frozen = api(client, "put", f"{meeting.pk}/agenda/items/1", {"title_en": "Changed"})

    assert first.status_code == 201, first.content
    item = second.json()["agenda"][1]
    assert item["title"] == "Энергетический клуб"
    assert item["title_pending"] is True
    assert item["titles"] == {"en": "", "ru": "Энергетический клуб", "zh": ""}
    assert (item["duration_minutes"], item["speakers"]) == (60, ["Li Wei"])
    assert item["materials"] == [{"id": draft.pk, "title": "Draft work plan"}]
    assert dt.datetime.fromisoformat(item["starts_at"]) == at(f"{START}T09:30")
    assert too_long.status_code in (400, 422)
    assert [i["number"] for i in moved.json()["agenda"]] == [1, 2]
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["agenda"][0]["title_pending"] is False
    assert removed.status_code == 200, removed.content
    assert [i["title"] for i in removed.json()["agenda"]] == ["Energy club"]
    assert circulated_.status_code == 200, circulated_.content
    assert frozen.status_code == 409
    assert frozen.json()["code"] == "agenda_circulated"


def test_the_api_refuses_to_circulate_an_empty_agenda() -> None:
    meeting = board_meeting()
    client = accounts.logged_in(bc_officer())

    response = api(client, "post", f"{meeting.pk}/agenda/circulate")

    assert response.status_code == 400
    assert response.json()["code"] == "empty_agenda"
    assert rule_said("BCB-AGENDA-CIRCULATE-5D", "en") in response.json()["message"]
    assert part("CN")  # the registry's parts are there; nothing else changed
    assert Meeting.objects.get(pk=meeting.pk).state == "planned"
