"""Relations in three languages (issue 17): a Russian and a Chinese reader see places,
organisers, subjects and notes in their language, or another's marked "translation pending";
the forms take the three versions; a state's status is named, never coded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from secretariat.relations import services
from secretariat.relations.models import Engagement, Event
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations
from tests.relations.support import state, today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def officer() -> Client:
    return logged_in(user("officer", "secretariat_officer", "sco-secretariat"))


def before_the_form(response: Any) -> str:
    page = str(response.content.decode())
    return page[: page.rfind("<form")]


def conference(**texts: Any) -> Event:
    return services.event_save(
        kind="conference",
        title=texts.get("title", {"en": "Conference", "ru": "Конференция", "zh": "会议"}),
        date_start=today(),
        date_end=today(),
        place=texts.get("place", {"en": "Beijing", "ru": "Пекин", "zh": "北京"}),
        organisers=texts.get(
            "organisers",
            {"en": "SCO Secretariat", "ru": "Секретариат ШОС", "zh": "上合组织秘书处"},
        ),
    )


def test_a_russian_and_a_chinese_reader_see_the_event_in_their_language() -> None:
    event = conference()

    # What the page shows, before its forms (the English input holds the English text).
    russian = before_the_form(officer().get(f"/ru/relations/events/{event.pk}/"))
    chinese = before_the_form(officer().get("/zh-hans/relations/events/"))

    assert all(text in russian for text in ("Конференция", "Пекин", "Секретариат ШОС"))
    assert all(text in chinese for text in ("会议", "北京", "上合组织秘书处"))
    assert "Beijing" not in russian + chinese


def test_a_place_missing_in_the_readers_language_is_marked_pending_with_its_lang() -> None:
    event = conference(place={"ru": "Душанбе"})

    chinese = officer().get(f"/zh-hans/relations/events/{event.pk}/").content.decode()

    assert '<span lang="ru">Душанбе</span>' in chinese
    assert "pending-translation" in chinese


def test_the_event_form_saves_the_three_versions_russian_and_chinese_first() -> None:
    client = officer()
    form = client.get("/ru/relations/events/").content.decode()
    made = client.post(
        "/ru/relations/events/new/",
        {
            "kind": "workshop",
            "title_ru": "Семинар",
            "title_zh": "研讨会",
            "title_en": "Workshop",
            "date_start": str(today()),
            "date_end": str(today()),
            "place_ru": "Ташкент",
            "place_zh": "塔什干",
            "place_en": "Tashkent",
            "organisers_ru": "Секретариат ШОС",
        },
    )

    event = Event.objects.get()
    assert made.status_code == 302
    assert (event.place_ru, event.place_zh, event.place_en) == ("Ташкент", "塔什干", "Tashkent")
    assert (event.organisers_ru, event.organisers_en) == ("Секретариат ШОС", "")
    assert (
        form.index('name="place_ru"')
        < form.index('name="place_zh"')
        < form.index('name="place_en"')
    )


def test_a_form_with_no_language_of_a_required_text_is_refused() -> None:
    refused = officer().post(
        "/relations/events/new/",
        {
            "kind": "workshop",
            "title_en": "Workshop",
            "date_start": str(today()),
            "date_end": str(today()),
            "organisers_en": "Secretariat",
        },
    )

    assert refused.status_code == 400
    assert not Event.objects.exists()


def test_a_text_given_without_its_language_is_filed_under_its_script() -> None:
    saved = services.engagement_save(
        starts_at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC),
        counterpart="Посол Монголии",
        place="北京",
        kind="meeting",
    )

    row = Engagement.objects.get(pk=saved.engagement.pk)
    assert (row.counterpart_ru, row.counterpart_en) == ("Посол Монголии", "")
    assert (row.place_zh, row.place_en) == ("北京", "")


def test_a_partner_states_status_is_named_not_coded() -> None:
    participation = services.participation_record(
        state=state("TR"),
        kind="dialogue_partner",
        level="ministerial",
        event_name={"ru": "Совещание министров", "zh": "部长会议"},
        date=dt.date(2020, 5, 1),
    )

    russian = officer().get("/ru/relations/participation/").content.decode()

    with translation.override("ru"):
        assert participation.status_on_date_name in russian
    assert ">dialogue_partner<" not in russian
    assert "Совещание министров" in russian
