"""Experts on single-term contracts, with every member state's consent and within the budget
(SEC-EXPERTS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from secretariat.budget import selectors, services
from secretariat.budget.models import Budget, Consent, ContractStatus, Expert, ExpertContract
from secretariat.registry.models import State
from tests.budget.support import article, members, refused
from tests.factories.budget import a_budget, consenter, finance
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

D = Decimal
START = dt.date(2026, 3, 1)


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def expert(name: str = "Dr. Aigerim Sultanova") -> Expert:
    return services.expert_add(full_name=name, citizenship=State.objects.get(code="KZ"))


def propose(budget: Budget, who: Expert, *, fee: str = "20000.00", **kw: Any) -> ExpertContract:
    return services.contract_propose(
        expert=who,
        article=article(budget, kw.pop("code", "3")),
        subject=kw.pop("subject", "Transport corridors of Central Asia"),
        starts_on=kw.pop("starts_on", START),
        ends_on=kw.pop("ends_on", START + dt.timedelta(days=90)),
        fee=D(fee),
        by=finance(),
        **kw,
    )


def consent_all(contract: ExpertContract, *, except_: str = "", given: bool = True) -> None:
    for state in members():
        if state.code != except_:
            services.consent_decide(
                contract=contract, state=state, given=given, by=consenter(state.code)
            )


def test_a_proposed_contract_asks_every_member_state_for_consent() -> None:
    contract = propose(a_budget(), expert())

    assert contract.status == ContractStatus.AWAITING_CONSENT
    asked = set(contract.consents.values_list("state__code", flat=True))
    assert asked == {s.code for s in members()}
    assert len(asked) == 10
    assert all(c.given is None for c in contract.consents.all())


def test_a_contract_is_concluded_once_every_member_state_consented() -> None:
    contract = propose(a_budget(), expert())
    consent_all(contract, except_="IN")

    error = refused("budget_consent_missing", services.contract_conclude, contract=contract)
    assert error.rules == ("SEC-EXPERTS",)
    assert "India" in error.render()
    with translation.override("zh-hans"):
        assert "印度" in error.render()

    services.consent_decide(
        contract=contract, state=State.objects.get(code="IN"), given=True, by=consenter("IN")
    )
    services.contract_conclude(contract=contract, by=finance())

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCLUDED
    assert contract.concluded_at is not None


def test_consent_withheld_by_one_state_stops_the_contract() -> None:
    contract = propose(a_budget(), expert())
    consent_all(contract)
    services.consent_decide(
        contract=contract, state=State.objects.get(code="PK"), given=False, by=consenter("PK")
    )

    error = refused("budget_consent_withheld", services.contract_conclude, contract=contract)

    assert "Pakistan" in error.render()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AWAITING_CONSENT


def test_only_a_states_own_delegation_gives_its_consent() -> None:
    contract = propose(a_budget(), expert())
    kz = State.objects.get(code="KZ")

    error = refused(
        "budget_not_consenting_state",
        services.consent_decide,
        contract=contract,
        state=kz,
        given=True,
        by=consenter("RU"),
    )
    assert error.status == 403
    refused(
        "budget_not_consenting_state",
        services.consent_decide,
        contract=contract,
        state=kz,
        given=True,
        by=finance(),
    )
    assert Consent.objects.get(contract=contract, state=kz).given is None


def test_concluding_beyond_the_articles_amount_is_refused_and_nothing_is_saved() -> None:
    budget = a_budget()  # article 3: 50000.00
    services.spending_record(
        article=article(budget, "3"),
        amount=D("15000.00"),
        spent_on=timezone.localdate(),
        description="Workshop",
    )
    first = propose(budget, expert("First"), fee="30000.00")
    consent_all(first)
    services.contract_conclude(contract=first)
    second = propose(budget, expert("Second"), fee="5000.01", subject="Water")
    consent_all(second)

    error = refused("budget_over_line", services.contract_conclude, contract=second)

    assert error.status == 409
    assert error.rules == ("SEC-EXPERTS", "SEC-BUDGET")
    assert "50,000.01\u00a0USD" in error.render()
    assert "50,000.00\u00a0USD" in error.render()
    second.refresh_from_db()
    assert second.status == ContractStatus.AWAITING_CONSENT
    assert selectors.commitments(article(budget, "3")) == D("45000.00")


def test_a_fee_paid_out_is_not_counted_twice_in_the_commitments() -> None:
    budget = a_budget()
    contract = propose(budget, expert(), fee="30000.00")
    consent_all(contract)
    services.contract_conclude(contract=contract)
    services.spending_record(
        article=article(budget, "3"),
        amount=D("10000.00"),
        spent_on=timezone.localdate(),
        description="First instalment",
        contract=contract,
    )

    assert selectors.commitments(article(budget, "3")) == D("30000.00")
    report = selectors.execution(budget)
    row = next(r for r in report.rows if r.article.code == "3")
    assert (row.spent, row.committed) == (D("10000.00"), D("30000.00"))


def test_a_contract_ending_before_it_starts_is_refused() -> None:
    budget = a_budget()

    error = refused(
        "budget_contract_end_before_start",
        propose,
        budget=budget,
        who=expert(),
        ends_on=START - dt.timedelta(days=1),
    )

    assert error.rules == ("SEC-EXPERTS",)
    assert not ExpertContract.objects.exists()


def test_a_second_contract_overlapping_the_first_is_refused_as_not_single_term() -> None:
    budget = a_budget()
    who = expert()
    propose(budget, who)

    error = refused(
        "budget_contract_overlap",
        propose,
        budget=budget,
        who=who,
        subject="Something else",
        starts_on=START + dt.timedelta(days=30),
        ends_on=START + dt.timedelta(days=200),
    )

    assert error.rules == ("SEC-EXPERTS",)
    with translation.override("ru"):
        assert "разовый контракт" in error.render()
    assert ExpertContract.objects.filter(expert=who).count() == 1


def test_a_renewal_is_refused_whether_named_straight_after_or_for_the_same_research() -> None:
    budget = a_budget()
    who = expert()
    first = propose(budget, who)
    after = first.ends_on + dt.timedelta(days=1)

    refused("budget_contract_renewal", propose, budget=budget, who=who, renews=first)
    refused(
        "budget_contract_renewal",
        propose,
        budget=budget,
        who=who,
        subject="Another study",
        starts_on=after,
        ends_on=after + dt.timedelta(days=30),
    )
    later = first.ends_on + dt.timedelta(days=120)
    refused(
        "budget_contract_renewal",
        propose,
        budget=budget,
        who=who,
        subject="transport corridors of central asia ",
        starts_on=later,
        ends_on=later + dt.timedelta(days=30),
    )
    # Other research, after a break: a new single-term contract.
    propose(
        budget,
        who,
        subject="Digital economy",
        starts_on=later,
        ends_on=later + dt.timedelta(days=30),
    )
    assert ExpertContract.objects.filter(expert=who).count() == 2


def test_a_withdrawn_contract_frees_the_term_and_a_closed_one_takes_no_more_answers() -> None:
    budget = a_budget()
    who = expert()
    first = propose(budget, who)
    services.contract_withdraw(contract=first)

    refused(
        "budget_contract_closed",
        services.consent_decide,
        contract=first,
        state=State.objects.get(code="KZ"),
        given=True,
        by=consenter("KZ"),
    )
    refused("budget_contract_closed", services.contract_conclude, contract=first)
    propose(budget, who, subject="A new study")


def test_a_fee_in_another_currency_and_paying_an_unconcluded_contract_are_refused() -> None:
    budget = a_budget()
    refused("budget_contract_currency", propose, budget=budget, who=expert(), currency="EUR")
    refused("budget_subject_required", propose, budget=budget, who=expert(), subject=" ")
    refused("budget_expert_name_required", services.expert_add, full_name="  ")
    contract = propose(budget, expert())
    refused(
        "budget_contract_not_concluded",
        services.spending_record,
        article=article(budget, "3"),
        amount=D("1"),
        spent_on=timezone.localdate(),
        description="Fee",
        contract=contract,
    )
    refused(
        "budget_contract_other_article",
        services.spending_record,
        article=article(budget, "1"),
        amount=D("1"),
        spent_on=timezone.localdate(),
        description="Fee",
        contract=contract,
    )


def test_a_state_not_asked_cannot_answer() -> None:
    contract = propose(a_budget(), expert())
    mongolia = State.objects.get(code="MN")  # an observer, not a member state

    refused(
        "budget_not_asked", services.consent_decide, contract=contract, state=mongolia, given=True
    )


def test_the_demo_is_made_once_with_a_state_in_arrears_an_article_over_and_a_contract() -> None:
    from secretariat.budget.demo import IN_ARREARS, demo_budget_ensure

    consenter("KZ")
    made = demo_budget_ensure(today=dt.date(2026, 11, 30))
    again = demo_budget_ensure(today=dt.date(2026, 11, 30))

    assert made.budget is not None
    assert again.budget is None
    table = selectors.contributions(made.budget, dt.date(2026, 11, 30))
    assert [r.contribution.state.code for r in table.rows if r.arrears] == [IN_ARREARS]
    assert len(table.warnings) == 1
    report = selectors.execution(made.budget)
    assert [r.article.code for r in report.rows if r.over] == ["2"]
    assert made.contract is not None
    assert made.contract.status == ContractStatus.AWAITING_CONSENT
    assert made.contract.consents.get(state__code="KZ").given is True
