"""Amounts the columns cannot hold (issue 16): refused with one stable code, through the API
and the pages alike, in the caller's language, and nothing written; every budget page, API
call and export still answers afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from secretariat.audit.models import AuditEntry
from secretariat.budget import checks, services
from secretariat.budget.models import (
    Article,
    ArticleAmendment,
    Budget,
    Expert,
    ExpertContract,
    Payment,
    Spending,
)
from secretariat.core.errors import RefusedError
from tests.factories.accounts import logged_in as client_of
from tests.factories.budget import a_budget, finance
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

#: The amounts of the report: fits numeric(16, 2) on paper, but not a double (SQLite); and
#: one past a 64-bit integer.
HUGE = ("99999999999999.99", "9223372036854775808")
OUT_OF_RANGE = "amount_out_of_range"
#: The Russian sentence of the refusal (its start).
RU = "выходит за допустимые пределы"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture
def budget() -> Budget:
    budget = a_budget(due_on=timezone.localdate() - dt.timedelta(days=1))
    services.contributions_assess(budget=budget)
    return budget


@pytest.fixture
def officer() -> Client:
    user = finance()
    user.language = "ru"
    user.save(update_fields=["language"])
    return client_of(user)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, ArticleAmendment, Payment, Spending, ExpertContract, Expert)
    }


def _api_writes(budget: Budget, amount: str) -> list[tuple[str, dict[str, Any]]]:
    today = timezone.localdate().isoformat()
    return [
        (
            f"/api/budget/{budget.pk}/articles",
            {"code": "9", "name": {"en": "Huge"}, "amount": amount},
        ),
        (
            f"/api/budget/{budget.pk}/articles/1/amend",
            {"amount": amount, "reason": "CNC decision No. 1", "decided_on": today},
        ),
        (
            f"/api/budget/{budget.pk}/spending",
            {"article": "1", "amount": amount, "spent_on": today, "description": "Huge"},
        ),
        (
            f"/api/budget/{budget.pk}/payments",
            {
                "state": "KZ",
                "amount": amount,
                "currency": "USD",
                "received_on": today,
                "reference": "HUGE-1",
            },
        ),
        (
            "/api/budget/contracts",
            {
                "expert_name": "Dr. Huge",
                "budget": budget.pk,
                "article": "3",
                "subject": "Huge research",
                "starts_on": "2026-04-01",
                "ends_on": "2026-06-30",
                "fee": amount,
            },
        ),
    ]


def _everything_answers(budget: Budget) -> None:
    """Every budget page, API read and export answers 200, for the officer and a reader."""
    client = client_of(finance())
    for url in (
        "/api/budget/",
        f"/api/budget/{budget.pk}",
        "/api/budget/contracts",
        "/budget/",
        f"/budget/{budget.pk}/",
        f"/budget/{budget.pk}/contributions/",
        f"/budget/{budget.pk}/execution.csv",
        f"/budget/{budget.pk}/execution.xlsx",
        f"/budget/{budget.pk}/contributions.csv",
        f"/budget/{budget.pk}/contributions.xlsx",
        "/budget/experts/",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("amount", HUGE)
def test_the_api_refuses_amounts_the_columns_cannot_hold_and_writes_nothing(
    budget: Budget, officer: Client, amount: str
) -> None:
    before = _counts()
    for url, body in _api_writes(budget, amount):
        answer = officer.post(url, body, content_type="application/json")

        assert answer.status_code == 400, (url, answer.content[:300])
        assert answer.json()["code"] == OUT_OF_RANGE, url
        assert RU in answer.json()["message"], url
    assert _counts() == before  # the contract's new expert is not left behind either
    _everything_answers(budget)


@pytest.mark.parametrize("amount", HUGE)
def test_the_pages_refuse_the_same_amounts_with_the_same_sentence(
    budget: Budget, officer: Client, amount: str
) -> None:
    today = timezone.localdate().isoformat()
    before = _counts()
    posts = [
        (
            f"/ru/budget/{budget.pk}/article/",
            {"code": "9", "name_en": "Huge", "amount": amount},
        ),
        (
            f"/ru/budget/{budget.pk}/article/1/amend/",
            {"amount": amount, "reason_en": "CNC decision No. 1", "decided_on": today},
        ),
        (
            f"/ru/budget/{budget.pk}/spending/",
            {"article": "1", "amount": amount, "spent_on": today, "description_en": "Huge"},
        ),
        (
            f"/ru/budget/{budget.pk}/contributions/payment/",
            {
                "state": "KZ",
                "amount": amount,
                "currency": "USD",
                "received_on": today,
                "reference": "HUGE-1",
            },
        ),
        (
            "/ru/budget/experts/new/",
            {
                "expert_name": "Dr. Huge",
                "budget": budget.pk,
                "article": "3",
                "subject_en": "Huge research",
                "starts_on": "2026-04-01",
                "ends_on": "2026-06-30",
                "fee": amount,
            },
        ),
    ]
    for url, data in posts:
        refusals = AuditEntry.objects.filter(action="refused").count()
        page = officer.post(url, data)

        assert page.status_code == 400, url
        assert RU in page.content.decode(), url
        # The refusal is on record although the step's writes were rolled back.
        last = AuditEntry.objects.filter(action="refused").order_by("-seq").first()
        assert AuditEntry.objects.filter(action="refused").count() == refusals + 1, url
        assert last is not None, url
        assert last.after["code"] == OUT_OF_RANGE, url
    assert _counts() == before
    _everything_answers(budget)


def test_the_services_refuse_a_budget_whose_total_the_columns_cannot_hold(
    budget: Budget,
) -> None:
    """Articles each within range whose sum is not: the contributions (the total × a share)
    could not be written, so the article that would pass the column is refused."""
    officer = client_of(finance())
    limit = "9999999999999.99"
    codes = []
    for n in range(12):
        answer = officer.post(
            f"/api/budget/{budget.pk}/articles",
            {"code": f"B{n}", "name": {"en": "Big"}, "amount": limit},
            content_type="application/json",
        )
        codes.append(answer.json().get("code") if answer.status_code != 201 else "")
    assert OUT_OF_RANGE in codes
    _everything_answers(budget)


def test_an_amount_at_the_limit_is_kept_to_the_cent(budget: Budget) -> None:
    """The budget's articles (750,000) and one more up to the limit: 15 digits, exact."""
    added = services.article_add(
        budget=budget, code="L", name={"en": "Limit"}, amount=Decimal("9999999249999.99")
    )
    added.refresh_from_db()

    assert added.amount == Decimal("9999999249999.99")
    assert services.selectors.budget_total(budget) == Decimal("9999999999999.99")
    services.contributions_assess(budget=budget)
    _everything_answers(budget)


@pytest.mark.parametrize(
    "shares",
    [
        {"KZ": "1e400", "CN": "-1e400"},
        {"KZ": "NaN"},
        {"KZ": "33.33335", "CN": "33.33335", "RU": "33.3333"},
    ],
)
def test_shares_the_columns_cannot_hold_are_refused_not_a_500(
    budget: Budget, shares: dict[str, str]
) -> None:
    due = list(budget.contributions.values_list("state__code", "due"))
    answer = client_of(finance()).post(
        f"/api/budget/{budget.pk}/contributions", {"shares": shares}, "application/json"
    )

    assert answer.status_code in {400, 422}, answer.content[:300]
    assert list(budget.contributions.values_list("state__code", "due")) == due
    _everything_answers(budget)


def test_a_description_longer_than_its_column_is_refused_not_cut(budget: Budget) -> None:
    """The services cut descriptions and subjects to 500 characters without a word; now the
    caller hears that the text is too long, and nothing is written."""
    today = timezone.localdate().isoformat()
    client = client_of(finance())
    long_text = "Travel " * 100  # 700 characters

    spending = client.post(
        f"/api/budget/{budget.pk}/spending",
        {"article": "1", "amount": "10.00", "spent_on": today, "description": long_text},
        "application/json",
    )
    contract = client.post(
        "/api/budget/contracts",
        {
            "expert_name": "Dr. Long",
            "budget": budget.pk,
            "article": "3",
            "subject": long_text,
            "starts_on": "2026-04-01",
            "ends_on": "2026-06-30",
            "fee": "10.00",
        },
        "application/json",
    )

    assert spending.status_code == 400
    assert spending.json()["code"] == "field_too_long"
    assert contract.status_code == 400
    assert contract.json()["code"] == "field_too_long"
    assert not Spending.objects.exists()
    assert not Expert.objects.exists()


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("1" * 100_000, OUT_OF_RANGE),
        ("x" * 100_000, "budget_bad_amount"),
        ("0." + "1" * 100_000, "budget_amount_not_cents"),
    ],
)
def test_a_huge_amount_text_is_refused_without_being_sent_back(
    budget: Budget, amount: str, code: str
) -> None:
    answer = client_of(finance()).post(
        f"/api/budget/{budget.pk}/articles/1/amend",
        {"amount": amount, "reason": "CNC decision No. 1", "decided_on": "2026-01-05"},
        "application/json",
    )

    assert answer.status_code == 400
    assert answer.json()["code"] == code
    assert len(answer.content) < 2000
    assert not ArticleAmendment.objects.exists()


def test_a_share_that_is_not_a_number_names_the_state_in_the_readers_language(
    budget: Budget,
) -> None:
    """«Доля KZ (NaN)…» named the state by its code; the reader sees its name, placed where
    no case depends on it."""
    with pytest.raises(RefusedError) as raised:
        checks.share("kz", "NaN")

    assert raised.value.code == "budget_bad_share"
    for language, name in (
        ("ru", "Казахстан: "),
        ("zh-hans", "哈萨克斯坦："),
        ("en", "Kazakhstan: "),
    ):
        with translation.override(language):
            message = raised.value.render()
        assert message.startswith(name), message
        assert "KZ" not in message
