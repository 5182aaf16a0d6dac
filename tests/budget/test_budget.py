"""The budget: a year's articles, assessed contributions to the cent, payments and arrears,
spending against articles and its warnings (SEC-BUDGET)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from secretariat.budget import selectors, services
from secretariat.budget.models import Article, Budget, Contribution, Payment, Spending
from secretariat.procedure.apportion import apportion
from secretariat.registry.models import State
from tests.budget.support import article, refused
from tests.factories.budget import a_budget, finance
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


# --- budgets and articles ----------------------------------------------------------------


def test_a_budget_is_opened_with_its_articles_in_three_languages() -> None:
    budget = a_budget()

    assert budget.currency == "USD"
    assert selectors.budget_total(budget) == D("750000.00")
    staff = article(budget, "1")
    with translation.override("ru"):
        assert staff.name == "Персонал"
    with translation.override("zh-hans"):
        assert staff.name == "人员"


def test_a_years_budget_for_one_holder_exists_once() -> None:
    a_budget()

    error = refused(
        "budget_exists", services.budget_create, year=2026, holder="secretariat", currency="USD"
    )

    assert error.status == 409
    assert error.rules == ("SEC-BUDGET",)
    assert "2026" in error.render()
    with translation.override("ru"):
        assert "уже существует" in error.render()
    assert Budget.objects.filter(year=2026).count() == 1
    # The Organisation's budget of the same year is another budget.
    services.budget_create(year=2026, holder="organisation", currency="USD")


def test_a_negative_article_amount_is_refused_and_nothing_is_saved() -> None:
    error = refused(
        "budget_negative_amount",
        services.budget_create,
        year=2027,
        holder="secretariat",
        currency="USD",
        articles=[{"code": "1", "name": {"en": "Staff"}, "amount": "-1.00"}],
    )

    assert error.rules == ("SEC-BUDGET",)
    assert not Budget.objects.filter(year=2027).exists()


def test_a_currency_must_be_a_three_letter_code() -> None:
    refused(
        "budget_bad_currency",
        services.budget_create,
        year=2027,
        holder="secretariat",
        currency="dollars",
    )


def test_an_unknown_holder_and_a_far_year_are_refused() -> None:
    refused(
        "budget_unknown_holder", services.budget_create, year=2027, holder="rats", currency="USD"
    )
    refused(
        "budget_bad_year", services.budget_create, year=1850, holder="secretariat", currency="USD"
    )


def test_an_article_code_is_used_once_per_budget_and_needs_an_english_name() -> None:
    budget = a_budget()

    refused(
        "budget_article_exists",
        services.article_add,
        budget=budget,
        code="1",
        name={"en": "Again"},
        amount=D("1"),
    )
    refused(
        "budget_name_required",
        services.article_add,
        budget=budget,
        code="9",
        name={"ru": "Только"},
        amount=D("1"),
    )
    refused(
        "budget_code_required",
        services.article_add,
        budget=budget,
        code=" ",
        name={"en": "X"},
        amount=D("1"),
    )
    refused(
        "budget_amount_not_cents",
        services.article_add,
        budget=budget,
        code="9",
        name={"en": "X"},
        amount=D("1.005"),
    )
    assert budget.articles.count() == 3


# --- contributions -------------------------------------------------------------------------


def test_the_shares_file_names_its_source_and_adds_up_to_100() -> None:
    schedule = selectors.shares_for(2026)

    assert schedule is not None
    assert "2024" in schedule.source
    assert sum(schedule.shares.values()) == D(100)
    assert schedule.shares["KZ"] == D("15.2")
    assert selectors.shares_for(2010) is None


def test_contributions_are_the_total_times_the_share_and_add_up_to_the_total() -> None:
    budget = a_budget()
    services.article_add(budget=budget, code="4", name={"en": "Odd"}, amount=D("0.07"))

    made = services.contributions_assess(budget=budget, by=finance())

    total = D("750000.07")
    assert len(made) == 10
    assert sum(c.due for c in made) == total
    kz = Contribution.objects.get(budget=budget, state__code="KZ")
    assert kz.share == D("15.2")
    # 750000.07 × 15.2 % = 114000.01064 → 114000.01 (or a cent more if the remainder lands here)
    assert kz.due in (D("114000.01"), D("114000.02"))
    assert "Protocol" in kz.source


def test_the_rounding_remainder_goes_where_rounding_took_most() -> None:
    parts = apportion(D("0.10"), {"A": D("33.3333"), "B": D("33.3333"), "C": D("33.3334")})
    assert parts == {"A": D("0.03"), "B": D("0.03"), "C": D("0.04")}
    # Each half rounds up to ...0.01: one cent too many, taken back from one part.
    halves = apportion(D("1000000.01"), {"A": D(50), "B": D(50)})
    assert sum(halves.values()) == D("1000000.01")
    assert sorted(halves.values()) == [D("500000.00"), D("500000.01")]


def test_each_part_is_rounded_half_up_to_the_cent() -> None:
    # 0.25 × 10 % = 0.025 → 0.03 half up (0.02 with banker's rounding); the rest 0.225 → 0.23,
    # one cent over in all, given back by the part rounding moved most (a tie: the larger share).
    parts = apportion(D("0.25"), {"A": D(10), "B": D(90)})
    assert parts == {"A": D("0.03"), "B": D("0.22")}
    assert apportion(D("10.05"), {"A": D(50), "B": D(50)}) in (
        {"A": D("5.03"), "B": D("5.02")},
        {"A": D("5.02"), "B": D("5.03")},
    )


def test_shares_not_adding_up_to_100_are_refused() -> None:
    budget = a_budget()

    error = refused(
        "budget_shares_not_100",
        services.contributions_assess,
        budget=budget,
        shares={"KZ": "50", "CN": "49.9"},
    )

    assert "99.9" in error.render()
    assert error.rules == ("SEC-BUDGET",)
    assert not Contribution.objects.filter(budget=budget).exists()


def test_an_unknown_state_or_negative_share_is_refused() -> None:
    budget = a_budget()
    refused(
        "budget_unknown_state", services.contributions_assess, budget=budget, shares={"XX": "100"}
    )
    refused(
        "budget_share_negative",
        services.contributions_assess,
        budget=budget,
        shares={"KZ": "110", "CN": "-10"},
    )


def test_an_empty_budget_has_nothing_to_assess() -> None:
    budget = services.budget_create(year=2026, holder="organisation", currency="USD")
    refused("budget_empty", services.contributions_assess, budget=budget)


def test_assessing_again_after_an_article_is_added_recomputes_what_is_due() -> None:
    budget = a_budget()
    services.contributions_assess(budget=budget)
    services.article_add(budget=budget, code="5", name={"en": "Reserve"}, amount=D("250000"))

    services.contributions_assess(budget=budget)

    assert sum(Contribution.objects.filter(budget=budget).values_list("due", flat=True)) == D(
        "1000000.00"
    )
    assert Contribution.objects.get(budget=budget, state__code="CN").due == D("176000.00")


# --- payments and arrears ------------------------------------------------------------------


def _assessed(due_on: dt.date | None = None) -> Budget:
    budget = a_budget(due_on=due_on)
    services.contributions_assess(budget=budget)
    return budget


def _pay(budget: Budget, code: str, amount: str, reference: str, **kw: Any) -> Payment:
    return services.payment_record(
        budget=budget,
        state=State.objects.get(code=code),
        amount=D(amount),
        currency=kw.pop("currency", "USD"),
        received_on=kw.pop("received_on", timezone.localdate()),
        reference=reference,
        by=finance(),
    )


def test_payments_reduce_the_arrears_and_an_overpayment_shows_as_credit() -> None:
    budget = _assessed()
    cn_due = Contribution.objects.get(budget=budget, state__code="CN").due  # 132000.00

    _pay(budget, "CN", "100000.00", "CN-1")
    _pay(budget, "KZ", "114000.00", "KZ-1")
    _pay(budget, "KZ", "1000.50", "KZ-2")

    table = selectors.contributions(budget)
    rows = {r.contribution.state.code: r for r in table.rows}
    assert rows["CN"].paid == D("100000.00")
    assert rows["CN"].arrears == cn_due - D("100000.00") == D("32000.00")
    assert rows["CN"].credit == 0
    assert rows["KZ"].arrears == 0
    assert rows["KZ"].credit == D("1000.50")
    assert table.due == D("750000.00")
    assert table.paid == D("215000.50")


def test_a_payment_in_another_currency_than_the_budgets_is_refused() -> None:
    budget = _assessed()

    error = refused(
        "budget_currency_mismatch",
        services.payment_record,
        budget=budget,
        state=State.objects.get(code="RU"),
        amount=D("10"),
        currency="EUR",
        received_on=timezone.localdate(),
        reference="RU-1",
    )

    assert "EUR" in error.render()
    assert "USD" in error.render()
    assert not Payment.objects.exists()


def test_a_payment_needs_a_positive_amount_a_reference_a_past_date_and_an_assessment() -> None:
    budget = _assessed()
    ru = State.objects.get(code="RU")
    base = {"budget": budget, "state": ru, "currency": "USD", "received_on": timezone.localdate()}
    refused(
        "budget_amount_not_positive", services.payment_record, amount=D("0"), reference="x", **base
    )
    refused(
        "budget_negative_amount", services.payment_record, amount=D("-5"), reference="x", **base
    )
    refused(
        "budget_reference_required", services.payment_record, amount=D("5"), reference=" ", **base
    )
    tomorrow = {**base, "received_on": timezone.localdate() + dt.timedelta(days=1)}
    refused(
        "budget_date_in_future", services.payment_record, amount=D("5"), reference="x", **tomorrow
    )
    _pay(budget, "RU", "5", "R-1")
    refused(
        "budget_payment_duplicate", services.payment_record, amount=D("5"), reference="R-1", **base
    )
    other = a_budget(2027)
    refused(
        "budget_not_assessed",
        services.payment_record,
        budget=other,
        state=ru,
        amount=D("5"),
        currency="USD",
        received_on=timezone.localdate(),
        reference="x",
    )
    assert Payment.objects.count() == 1


def test_a_contribution_is_overdue_after_its_due_date_while_arrears_remain() -> None:
    today = timezone.localdate()
    budget = _assessed(due_on=today - dt.timedelta(days=1))
    for code, due in Contribution.objects.filter(budget=budget).values_list("state__code", "due"):
        if code != "IN":
            _pay(budget, code, str(due), f"{code}-full")

    table = selectors.contributions(budget)

    overdue = [r.contribution.state.code for r in table.rows if r.overdue]
    assert overdue == ["IN"]
    assert len(table.warnings) == 1
    warning = table.warnings[0]
    assert "India" in warning.render("en")
    assert "44,250.00\u00a0USD" in warning.render("en")
    assert "44\u00a0250,00\u00a0USD" in warning.render("ru")
    assert "US$44,250.00" in warning.render("zh")
    assert "Индия" in warning.render("ru")
    assert "印度" in warning.render("zh")
    # Before the due date nobody is overdue.
    assert not selectors.contributions(budget, today - dt.timedelta(days=2)).warnings


def test_a_state_that_paid_cannot_be_dropped_from_a_new_assessment() -> None:
    budget = _assessed()
    _pay(budget, "KZ", "1", "KZ-x")

    refused(
        "budget_assessed_paid", services.contributions_assess, budget=budget, shares={"CN": "100"}
    )

    assert Contribution.objects.filter(budget=budget).count() == 10


# --- spending and execution ----------------------------------------------------------------


def _spend(art: Article, amount: str, **kw: Any) -> Spending:
    return services.spending_record(
        article=art,
        amount=D(amount),
        spent_on=kw.pop("spent_on", timezone.localdate()),
        description=kw.pop("description", "Tickets"),
        by=finance(),
        **kw,
    )


def test_the_execution_report_shows_planned_against_spent_per_article_with_percentages() -> None:
    budget = a_budget()
    _spend(article(budget, "1"), "150000.00")
    _spend(article(budget, "2"), "33333.33")

    report = selectors.execution(budget)

    rows = {r.article.code: r for r in report.rows}
    assert rows["1"].percent == D("25.0")
    assert rows["2"].percent == D("33.3")
    assert rows["2"].remaining == D("66666.67")
    assert rows["3"].percent == D("0.0")
    assert report.spent == D("183333.33")
    assert report.percent == D("24.4")
    assert not report.warnings


def test_spending_past_the_article_is_recorded_with_a_warning_citing_the_budget() -> None:
    budget = a_budget()
    travel = article(budget, "2")
    _spend(travel, "90000.00")

    _spend(travel, "15000.00")

    assert Spending.objects.filter(article=travel).count() == 2
    report = selectors.execution(budget)
    row = next(r for r in report.rows if r.article.code == "2")
    assert row.over
    assert row.percent == D("105.0")
    assert row.remaining == D("-5000.00")
    (warning,) = report.warnings
    assert "5,000.00\u00a0USD beyond" in warning.render("en")
    assert "Travel" in warning.render("en")
    assert "Командировки" in warning.render("ru")
    assert "差旅" in warning.render("zh")


def test_spending_is_refused_in_another_currency_without_description_or_in_the_future() -> None:
    budget = a_budget()
    staff = article(budget, "1")
    refused("budget_currency_mismatch", _spend, art=staff, amount="1", currency="EUR")
    refused("budget_description_required", _spend, art=staff, amount="1", description="  ")
    refused(
        "budget_date_in_future",
        _spend,
        art=staff,
        amount="1",
        spent_on=timezone.localdate() + dt.timedelta(days=3),
    )
    refused("budget_negative_amount", _spend, art=staff, amount="-1")
    assert not Spending.objects.exists()
