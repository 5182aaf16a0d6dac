"""The budget's pages, API and exports, through Django's test client."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from secretariat.budget import services
from secretariat.budget.models import Budget, ContractStatus, ExpertContract, Payment
from secretariat.registry.models import State
from tests.budget.support import article, members
from tests.factories.accounts import logged_in as client_of
from tests.factories.accounts import user_get_or_create as user
from tests.factories.budget import a_budget, consenter, finance
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def _demo_like() -> Budget:
    """A budget with contributions assessed, KZ paid in full, article 2 overspent."""
    budget = a_budget(due_on=timezone.localdate() - dt.timedelta(days=1))
    services.contributions_assess(budget=budget)
    kz_due = budget.contributions.get(state__code="KZ").due
    services.payment_record(
        budget=budget,
        state=State.objects.get(code="KZ"),
        amount=kz_due + D("10.00"),
        currency="USD",
        received_on=timezone.localdate(),
        reference="KZ-2026",
    )
    services.spending_record(
        article=article(budget, "2"),
        amount=D("120000.00"),
        spent_on=timezone.localdate(),
        description="Summit travel",
    )
    return budget


def test_the_budget_page_shows_execution_and_the_over_article_warning_in_russian() -> None:
    budget = _demo_like()
    client = client_of(consenter("KZ"))

    page = client.get(f"/ru/budget/{budget.pk}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Командировки" in text
    assert "120,0" in text  # Russian writes a decimal comma
    assert "превышение 20\u00a0000,00\u00a0USD" in text
    assert "SEC-BUDGET" in text
    assert 'id="spending-form"' not in text  # a representative sees, the finance officer keeps


def test_the_contributions_page_shows_arrears_credit_and_overdue_warnings() -> None:
    budget = _demo_like()
    page = client_of(finance()).get(f"/zh-hans/budget/{budget.pk}/contributions/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "10.00" in text  # Kazakhstan's credit
    assert "尚欠" in text  # the overdue warning, in Chinese
    assert 'id="payment-form"' in text


def test_the_finance_officer_records_a_payment_through_the_page_and_a_refusal_is_shown() -> None:
    budget = _demo_like()
    client = client_of(finance())
    today = timezone.localdate().isoformat()
    data = {"state": "CN", "amount": "100.00", "currency": "EUR", "received_on": today}

    refused = client.post(
        f"/budget/{budget.pk}/contributions/payment/", {**data, "reference": "CN-1"}
    )
    assert refused.status_code == 400
    assert "budget is kept in USD" in refused.content.decode()
    assert not Payment.objects.filter(reference="CN-1").exists()

    done = client.post(
        f"/budget/{budget.pk}/contributions/payment/",
        {**data, "currency": "USD", "reference": "CN-1"},
    )
    assert done.status_code == 302
    assert Payment.objects.get(reference="CN-1").amount == D("100.00")


def test_a_representative_cannot_record_spending() -> None:
    budget = _demo_like()
    response = client_of(consenter("RU")).post(
        f"/budget/{budget.pk}/spending/",
        {"article": "1", "amount": "1", "spent_on": "2026-01-01", "description": "x"},
    )
    assert response.status_code == 403


def test_the_execution_report_exports_as_csv_and_xlsx_with_the_figures() -> None:
    budget = _demo_like()
    client = client_of(finance())

    as_csv = client.get(f"/budget/{budget.pk}/execution.csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert as_csv["Content-Type"].startswith("text/csv")
    assert rows[0][:5] == ["Article", "Name", "Approved", "Planned", "Committed"]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["2"][2:8] == [
        "100000.00",
        "100000.00",
        "120000.00",
        "120000.00",
        "-20000.00",
        "120.0",
    ]
    assert by_code["1"][7] == "0.0"

    as_xlsx = client.get(f"/budget/{budget.pk}/execution.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx.content))
    sheet = book.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    travel = next(r for r in values if r[0] == "2")
    assert D(str(travel[3])) == D("100000")
    assert D(str(travel[5])) == D("120000")
    total = values[-1]
    assert D(str(total[3])) == D("750000")
    assert D(str(total[5])) == D("120000")


def test_the_contributions_table_exports_as_csv_and_xlsx_and_adds_up() -> None:
    budget = _demo_like()
    client = client_of(finance())

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/budget/{budget.pk}/contributions.csv").content.decode("utf-8-sig")
            )
        )
    )
    states = rows[1:-1]
    assert len(states) == 10
    assert sum(D(r[3]) for r in states) == D("750000.00")
    kz = next(r for r in states if r[0] == "KZ")
    assert (kz[2], kz[3], kz[5], kz[6]) == ("15.2", "114000.00", "0.00", "10.00")
    assert rows[-1][3] == "750000.00"

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/budget/{budget.pk}/contributions.xlsx").content)
    )
    sheet = book.active
    assert sheet is not None
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    cn = next(r for r in values if r[0] == "CN")
    assert D(str(cn[3])) == D("132000")
    assert D(str(cn[5])) == D("132000")  # nothing paid: all of it in arrears
    assert sum(D(str(r[3])) for r in values[:-1]) == D("750000")


def test_the_api_opens_a_budget_and_refuses_the_same_year_again() -> None:
    client = client_of(finance())
    body = {
        "year": 2030,
        "holder": "organisation",
        "currency": "USD",
        "articles": [{"code": "1", "name": {"en": "Staff"}, "amount": "1000.00"}],
    }

    made = client.post("/api/budget/", body, content_type="application/json")
    again = client.post("/api/budget/", body, content_type="application/json")

    assert made.status_code == 201
    assert made.json()["total"] == "1000.00"
    assert again.status_code == 409
    assert again.json()["code"] == "budget_exists"
    assert again.json()["rules"] == ["SEC-BUDGET"]


def test_the_api_refuses_a_negative_amount_and_shares_not_adding_up() -> None:
    budget = a_budget(2031)
    client = client_of(finance())

    negative = client.post(
        f"/api/budget/{budget.pk}/articles",
        {"code": "9", "name": {"en": "X"}, "amount": "-10"},
        content_type="application/json",
    )
    shares = client.post(
        f"/api/budget/{budget.pk}/contributions",
        {"shares": {"KZ": "60", "CN": "30"}},
        content_type="application/json",
    )

    assert negative.json()["code"] == "budget_negative_amount"
    assert shares.status_code == 400
    assert shares.json()["code"] == "budget_shares_not_100"


def test_an_expert_contract_through_the_api_consents_and_pages() -> None:
    budget = a_budget()
    officer = client_of(finance())
    made = officer.post(
        "/api/budget/contracts",
        {
            "expert_name": "Dr. Li Wei",
            "budget": budget.pk,
            "article": "3",
            "subject": "Energy club",
            "starts_on": "2026-04-01",
            "ends_on": "2026-06-30",
            "fee": "12000.00",
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    contract_id = made.json()["id"]
    assert len(made.json()["consents"]) == 10

    early = officer.post(f"/api/budget/contracts/{contract_id}/conclude")
    assert early.status_code == 409
    assert early.json()["code"] == "budget_consent_missing"
    assert early.json()["rules"] == ["SEC-EXPERTS"]

    for state in members():
        answer = client_of(consenter(state.code)).post(
            f"/api/budget/contracts/{contract_id}/consent",
            {"given": True},
            content_type="application/json",
        )
        assert answer.status_code == 201
    # The finance officer has no state: consenting is not in its role.
    assert (
        officer.post(
            f"/api/budget/contracts/{contract_id}/consent",
            {"given": True},
            content_type="application/json",
        ).status_code
        == 403
    )

    page = client_of(consenter("KZ")).get(f"/budget/experts/{contract_id}/")
    assert page.status_code == 200
    assert "Dr. Li Wei" in page.content.decode()

    concluded = officer.post(f"/budget/experts/{contract_id}/conclude/")
    assert concluded.status_code == 302
    assert ExpertContract.objects.get(pk=contract_id).status == ContractStatus.CONCLUDED


def test_the_consent_page_form_records_the_users_own_state() -> None:
    budget = a_budget()
    contract = services.contract_propose(
        expert=services.expert_add(full_name="Expert K"),
        article=article(budget, "3"),
        subject="Study",
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 5, 31),
        fee=D("1000"),
    )
    client = client_of(consenter("KZ"))

    page = client.get(f"/budget/experts/{contract.pk}/")
    assert 'id="consent-form"' in page.content.decode()
    response = client.post(f"/budget/experts/{contract.pk}/consent/", {"given": "no"})

    assert response.status_code == 302
    assert contract.consents.get(state__code="KZ").given is False
    deputy = client_of(user("kz-deputy", "deputy", "kz"))
    assert deputy.get(f"/budget/experts/{contract.pk}/").status_code == 403


def test_the_over_line_refusal_is_shown_on_the_contract_page() -> None:
    budget = a_budget()
    contract = services.contract_propose(
        expert=services.expert_add(full_name="Expert Big"),
        article=article(budget, "3"),
        subject="Big study",
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 8, 31),
        fee=D("50000.01"),
    )
    for state in members():
        services.consent_decide(contract=contract, state=state, given=True)

    response = client_of(finance()).post(f"/budget/experts/{contract.pk}/conclude/")

    assert response.status_code == 409
    text = response.content.decode()
    assert "beyond its 50,000.00\u00a0USD" in text
    assert "SEC-EXPERTS" in text
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AWAITING_CONSENT


def test_the_list_pages_render_and_the_officer_opens_a_budget() -> None:
    client = client_of(finance())
    assert client.get("/budget/").status_code == 200
    assert client.get("/budget/experts/").status_code == 200

    response = client.post(
        "/budget/new/", {"year": "2032", "holder": "secretariat", "currency": "usd"}
    )

    assert response.status_code == 302
    assert Budget.objects.get(year=2032).currency == "USD"
    again = client.post(
        "/budget/new/", {"year": "2032", "holder": "secretariat", "currency": "USD"}
    )
    assert again.status_code == 409
