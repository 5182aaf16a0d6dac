"""Plans in three languages (issue 17): a Russian and a Chinese reader see titles, notes and
remarks in their language, or another language's text marked "translation pending"; the forms
take the three versions, Russian and Chinese first; bodies and areas are named, never coded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from secretariat.plans import selectors, services
from secretariat.plans.models import Plan, PlanItem
from secretariat.registry.models import Body
from tests.factories.accounts import logged_in
from tests.factories.plans import add_item, approved_general, general, officer
from tests.factories.registry import registry_with_delegations

from .support import d

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def page(path: str) -> str:
    return logged_in(officer()).get(path).content.decode()


def test_a_russian_and_a_chinese_reader_see_the_plan_and_its_items_in_their_language() -> None:
    plan = general("2026-07-01")
    add_item(plan, "Forum", "2026-09-01", areas=["security"])

    russian = page(f"/ru/plans/{plan.pk}/")
    chinese = page(f"/zh-hans/plans/{plan.pk}/")

    assert "<h1>Общий план</h1>" in russian
    assert "Forum (ru)" in russian
    assert "<h1>总体计划</h1>" in chinese
    assert "Forum（zh）" in chinese
    assert "General plan from" not in russian + chinese


def test_a_title_missing_in_the_readers_language_is_shown_marked_pending_with_its_lang() -> None:
    plan = services.plan_create(
        kind="general", title={"ru": "План только по-русски"}, start=d("2026-07-01")
    )

    chinese = page(f"/zh-hans/plans/{plan.pk}/")
    listed = page("/zh-hans/plans/")

    for shown in (chinese, listed):
        assert '<span lang="ru">План только по-русски</span>' in shown
        assert "pending-translation" in shown


def test_the_rats_part_remarks_and_carried_note_are_kept_and_shown_in_each_language() -> None:
    plan = general("2026-07-01")
    services.plan_record_rats(
        plan=plan,
        participated_on=d("2026-06-05"),
        text={"ru": "Предложения РАТС учтены.", "zh": "已纳入地区反恐怖机构的建议。", "en": ""},
    )
    approved = approved_general("2025-01-01")
    item = approved.items.order_by("planned_on").last()
    assert isinstance(item, PlanItem)
    services.item_carry_over(item=item, note="Хозяева попросили перенести на весну.")
    item.refresh_from_db()

    chinese = page(f"/zh-hans/plans/{plan.pk}/")
    english = page(f"/plans/{approved.pk}/")

    assert "已纳入地区反恐怖机构的建议。" in chinese
    assert (item.carried_note_ru, item.carried_note_en) == (
        "Хозяева попросили перенести на весну.",
        "",
    )
    assert '<span lang="ru">Хозяева попросили перенести на весну.</span>' in english


def test_the_item_form_saves_the_three_versions_and_needs_one_of_them() -> None:
    plan = general("2026-07-01")
    client = logged_in(officer())

    added = client.post(
        f"/ru/plans/{plan.pk}/item/",
        {
            "title_ru": "Конференция",
            "title_zh": "会议",
            "title_en": "Conference",
            "body": "secretariat",
            "planned_on": "2026-09-01",
        },
    )
    empty = client.post(
        f"/ru/plans/{plan.pk}/item/", {"body": "secretariat", "planned_on": "2026-09-02"}
    )

    assert added.status_code == 302
    item = plan.items.get()
    assert (item.title_ru, item.title_zh, item.title_en) == ("Конференция", "会议", "Conference")
    assert empty.status_code == 400
    assert plan.items.count() == 1


def test_the_forms_put_russian_and_chinese_first_and_name_bodies_in_the_readers_language() -> None:
    plan = general("2026-07-01")

    russian = page(f"/ru/plans/{plan.pk}/")
    form = russian[russian.index('id="item-form"') :]
    options = re.findall(r'<option value="([a-z_]+)"[^>]*>([^<]+)</option>', form)
    bodies = [name for code, name in options if Body.objects.filter(code=code).exists()]

    assert form.index('name="title_ru"') < form.index('name="title_zh"')
    assert form.index('name="title_zh"') < form.index('name="title_en"')
    assert dict(options)["secretariat"] == Body.objects.get(code="secretariat").name_ru
    assert bodies == sorted(bodies)


def test_areas_of_cooperation_are_named_not_coded() -> None:
    plan = general("2026-07-01")
    add_item(plan, "Exercise", "2026-09-01", areas=["security"])

    russian = page(f"/ru/plans/{plan.pk}/")

    assert "<code>security</code>" not in russian
    with translation.override("ru"):
        assert selectors.area_names(["security"])[0] in russian


def test_the_api_gives_the_title_language_and_the_notes_in_three_languages() -> None:
    plan = services.plan_create(kind="general", title={"zh": "总体计划"}, start=d("2026-07-01"))
    services.plan_record_rats(plan=plan, participated_on=d("2026-06-05"), text="РАТС участвовал.")
    reader = officer()
    reader.language = "ru"
    reader.save(update_fields=["language"])
    client: Client = logged_in(reader)

    answer = client.get(f"/api/plans/{plan.pk}").json()
    stored = Plan.objects.get(pk=plan.pk)

    assert (answer["title"], answer["title_lang"], answer["title_pending"]) == (
        "总体计划",
        "zh",
        True,
    )
    assert stored.rats_participation_ru == "РАТС участвовал."
    assert answer["rats_participation"]["ru"] == "РАТС участвовал."
