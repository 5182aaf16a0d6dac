"""Every write is checked against its columns before it is written (issue 16: the API took a
1 MB title): too long, out of range or unstorable values are refused with a stable code and a
message in the caller's language, naming the field, and no row is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from secretariat.audit.models import AuditEntry
from secretariat.budget.models import Article
from secretariat.core.errors import InvalidInputError
from secretariat.documents.models import Document
from secretariat.press.models import PressItem
from secretariat.registry.models import State
from tests.factories.accounts import user_get_or_create as user
from tests.factories.budget import a_budget
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_000_000


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def _client(username: str, role: str, delegation: str, language: str = "en") -> Client:
    client = Client()
    client.force_login(user(username, role, delegation, language=language))
    return client


def test_a_megabyte_title_of_a_draft_is_refused_through_the_api_with_no_row() -> None:
    kz = _client("coordinator-kz", "national_coordinator", "kz", language="ru")

    answer = kz.post(
        "/api/documents/",
        {"type": "agreement", "body": "cnc", "title_en": MEGABYTE},
        content_type="application/json",
    )

    # Refused at the door since the API's input schemas carry the columns' limits
    # (core.schemas.columns): 422 in the caller's language, naming the field; the columns'
    # check behind it is the backstop for every other way in (tests below).
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"
    assert [e["field"] for e in answer.json()["errors"]] == ["title_en"]
    assert "Проверьте" in answer.json()["message"]
    assert len(answer.content) < 2000  # the value is not echoed
    assert not Document.objects.exists()


def test_a_megabyte_title_of_a_press_item_is_refused_through_the_api_with_no_row() -> None:
    officer = _client("officer", "secretariat_officer", "sco-secretariat", language="zh-hans")

    answer = officer.post(
        "/api/press/items",
        {"kind": "news", "title": {"en": MEGABYTE}, "body": {"en": "Text."}},
        content_type="application/json",
    )

    assert answer.status_code == 400
    assert answer.json()["code"] == "field_too_long"
    assert "过长" in answer.json()["message"]
    assert not PressItem.objects.exists()


def test_a_megabyte_name_of_a_registry_state_is_refused_on_save() -> None:
    state = State.objects.get(code="KZ")
    state.name_en = MEGABYTE

    with pytest.raises(InvalidInputError) as caught:
        state.save()

    assert caught.value.code == "field_too_long"
    state.refresh_from_db()
    assert state.name_en != MEGABYTE


def test_only_the_fields_saved_are_checked() -> None:
    state = State.objects.get(code="KZ")
    state.name_en = MEGABYTE
    state.save(update_fields=["code"])  # name_en is not written, so not refused


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (Decimal("9223372036854775808"), "amount_out_of_range"),
        (Decimal("99999999999999.99"), "amount_out_of_range"),
        (Decimal("1.001"), "amount_out_of_range"),
        (Decimal("NaN"), "amount_out_of_range"),
        (Decimal("Infinity"), "amount_out_of_range"),
    ],
)
def test_a_decimal_the_column_cannot_hold_is_refused(amount: Decimal, code: str) -> None:
    budget = a_budget()
    row = Article(budget=budget, code="X", name_en="X", amount=amount)

    with pytest.raises(InvalidInputError) as caught:
        row.save()

    assert caught.value.code == code
    with translation.override("ru"):
        assert "выходит за допустимые пределы" in caught.value.render()
    assert not Article.objects.filter(code="X").exists()


def test_integers_dates_and_characters_the_database_cannot_hold_are_refused() -> None:
    budget = a_budget()
    budget.year = 70_000  # a PositiveSmallIntegerField: 0..32767 in PostgreSQL
    with pytest.raises(InvalidInputError) as caught:
        budget.save()
    assert caught.value.code == "value_out_of_range"

    budget.refresh_from_db()
    # Midnight of 1 January of year 1 in Tashkent is still year 0 in UTC.
    budget.created_at = dt.datetime(1, 1, 1, tzinfo=ZoneInfo("Asia/Tashkent"))
    with pytest.raises(InvalidInputError) as caught:
        budget.save()
    assert caught.value.code == "value_out_of_range"

    budget.refresh_from_db()
    budget.currency = "U\x00D"
    with pytest.raises(InvalidInputError) as caught:
        budget.save()
    assert caught.value.code == "invalid_character"

    budget.refresh_from_db()
    budget.currency = "\ud800"
    with pytest.raises(InvalidInputError) as caught:
        budget.save()
    assert caught.value.code == "invalid_character"


def test_a_refusal_of_a_path_with_a_nul_character_is_audited_escaped_not_a_500() -> None:
    """``%00`` in an article's code: the refusal (422: no text with NUL is accepted) is
    audited with the NUL escaped, which the columns' check would otherwise refuse (and
    PostgreSQL could not store)."""
    budget = a_budget()
    client = Client(raise_request_exception=False)
    client.force_login(user("finance", "secretariat_finance", "sco-secretariat"))

    answer = client.post(
        f"/api/budget/{budget.pk}/articles/%00x/amend",
        {"amount": "1.00", "reason": "CNC decision No. 1", "decided_on": "2026-01-05"},
        content_type="application/json",
    )

    assert answer.status_code == 422
    entry = AuditEntry.objects.filter(action="refused").order_by("-seq").first()
    assert entry is not None
    assert entry.after["path"].endswith("/articles/\\x00x/amend")
