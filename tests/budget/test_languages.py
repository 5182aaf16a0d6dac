"""The budget in three languages (issue 17): an amendment's decision, what a spending was for
and an expert's research are kept and shown in the reader's language, or marked "translation
pending"; the forms take them in three languages and offer articles and states by name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from secretariat.budget import services
from secretariat.budget.models import Spending
from secretariat.registry.models import State
from tests.budget.support import article
from tests.factories.accounts import logged_in as client_of
from tests.factories.budget import a_budget, finance
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_a_russian_and_a_chinese_reader_see_the_amendment_and_spending_in_their_language() -> None:
    budget = a_budget()
    services.article_amend(
        article=article(budget, "2"),
        amount=Decimal("120000.00"),
        reason={"ru": "Решение СНК № 15", "zh": "国家协调员理事会第15号决定", "en": "CNC No. 15"},
        decided_on=dt.date(2026, 3, 4),
    )
    services.spending_record(
        article=article(budget, "1"),
        amount=Decimal("10.00"),
        spent_on=dt.date(2026, 3, 5),
        description={"ru": "Билеты", "zh": "机票", "en": "Tickets"},
    )

    russian = client_of(finance()).get(f"/ru/budget/{budget.pk}/").content.decode()
    chinese = client_of(finance()).get(f"/zh-hans/budget/{budget.pk}/").content.decode()

    assert "Решение СНК № 15" in russian
    assert "Билеты" in russian
    assert "国家协调员理事会第15号决定" in chinese
    assert "机票" in chinese


def test_a_spending_described_in_one_language_is_marked_pending_for_the_others() -> None:
    budget = a_budget()
    services.spending_record(
        article=article(budget, "1"),
        amount=Decimal("10.00"),
        spent_on=dt.date(2026, 3, 5),
        description="Авиабилеты на саммит",
    )

    chinese = client_of(finance()).get(f"/zh-hans/budget/{budget.pk}/").content.decode()

    assert Spending.objects.get().description_ru == "Авиабилеты на саммит"
    assert '<span lang="ru">Авиабилеты на саммит</span>' in chinese


def test_the_spending_form_saves_three_versions_and_offers_articles_by_name() -> None:
    budget = a_budget()
    client = client_of(finance())
    page = client.get(f"/ru/budget/{budget.pk}/").content.decode()
    form = page[page.index('name="description_ru"') - 2000 :]

    posted = client.post(
        f"/ru/budget/{budget.pk}/spending/",
        {
            "article": "1",
            "amount": "10.00",
            "spent_on": "2026-03-05",
            "description_ru": "Билеты",
            "description_zh": "机票",
            "description_en": "Tickets",
        },
    )

    spent = Spending.objects.get()
    assert posted.status_code == 302
    assert (spent.description_ru, spent.description_zh, spent.description_en) == (
        "Билеты",
        "机票",
        "Tickets",
    )
    assert f">1. {article(budget, '1').name_ru or article(budget, '1').name_en}<" in form
    assert page.index('name="description_ru"') < page.index('name="description_en"')


def test_the_payment_form_names_member_states_in_the_readers_language() -> None:
    budget = a_budget()
    page = client_of(finance()).get(f"/ru/budget/{budget.pk}/contributions/").content.decode()

    states = re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', page)

    assert dict(states)["KZ"] == State.objects.get(code="KZ").name_ru
    assert [name for _code, name in states] == sorted(name for _code, name in states)
