"""Amending an article's planned amount by a decision: the amount approved and every amendment
stay visible, the execution report weighs spending against the amount as amended, and an
amendment never falls below what is already committed under the article (SEC-BUDGET)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.utils import timezone, translation

from secretariat.audit.models import AuditEntry
from secretariat.budget import selectors, services
from secretariat.budget.models import Article, ArticleAmendment, Budget, ExpertContract
from tests.budget.support import article, members, refused
from tests.factories.accounts import logged_in as client_of
from tests.factories.budget import a_budget, consenter, finance
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

D = Decimal
DECISION = "CNC decision No. 12 of 2026-03-04"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def amend(art: Article, amount: str, **kw: Any) -> ArticleAmendment:
    return services.article_amend(
        article=art,
        amount=amount,
        reason=kw.pop("reason", DECISION),
        decided_on=kw.pop("decided_on", yesterday()),
        by=kw.pop("by", finance()),
    )


def committed_on_research(budget: Budget) -> ExpertContract:
    """Article 3 (50000.00): 30000.00 spent and a concluded contract of 10000.00 not yet paid."""
    research = article(budget, "3")
    services.spending_record(
        article=research,
        amount=D("30000.00"),
        spent_on=timezone.localdate(),
        description="Workshop",
    )
    contract = services.contract_propose(
        expert=services.expert_add(full_name="Dr. Li Wei"),
        article=research,
        subject="Energy club",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 6, 30),
        fee=D("10000.00"),
    )
    for state in members():
        services.consent_decide(contract=contract, state=state, given=True)
    return services.contract_conclude(contract=contract)


# --- the service -----------------------------------------------------------------------------


def test_an_amendment_changes_the_amount_and_keeps_the_amount_approved() -> None:
    budget = a_budget()
    travel = article(budget, "2")  # 100000.00

    first = amend(travel, "120000.00")
    second = amend(
        travel, "110000.50", reason="CNC decision No. 15", decided_on=dt.date(2026, 6, 1)
    )

    assert travel.amount == D("110000.50")  # the caller's object follows
    travel.refresh_from_db()
    assert travel.amount == D("110000.50")
    assert (first.amount_before, first.amount_after) == (D("100000.00"), D("120000.00"))
    assert (second.amount_before, second.amount_after) == (D("120000.00"), D("110000.50"))
    assert first.reason == DECISION
    assert first.recorded_by == finance()
    assert list(travel.amendments.all()) == [first, second]
    assert selectors.approved_amount(travel) == D("100000.00")
    assert selectors.approved_amount(article(budget, "1")) == D("600000.00")  # never amended


def test_the_execution_report_weighs_spending_against_the_amount_as_amended() -> None:
    budget = a_budget()
    travel = article(budget, "2")
    services.spending_record(
        article=travel,
        amount=D("110000.00"),
        spent_on=timezone.localdate(),
        description="Summit travel",
    )
    assert selectors.execution(budget).warnings  # over the 100000.00 approved

    amend(travel, "125000.00")

    report = selectors.execution(budget)
    row = next(r for r in report.rows if r.article.code == "2")
    assert (row.approved, row.planned) == (D("100000.00"), D("125000.00"))
    assert row.remaining == D("15000.00")
    assert row.percent == D("88.0")
    assert row.amended
    assert not report.warnings
    assert (report.approved, report.planned) == (D("750000.00"), D("775000.00"))
    assert selectors.budget_total(budget) == D("775000.00")
    staff = next(r for r in report.rows if r.article.code == "1")
    assert (staff.approved, staff.planned, staff.amended) == (D("600000.00"), D("600000.00"), False)


def test_an_amendment_is_audited_the_article_update_and_the_amendment_row() -> None:
    budget = a_budget()
    travel = article(budget, "2")

    amendment = amend(travel, "90000.00")

    assert AuditEntry.objects.filter(
        model_label="budget.articleamendment", object_id=str(amendment.pk), action="create"
    ).exists()
    update = AuditEntry.objects.get(
        model_label="budget.article", object_id=str(travel.pk), action="update"
    )
    assert update.before is not None
    assert update.after is not None
    assert (update.before["amount"], update.after["amount"]) == ("100000.00", "90000.00")


@pytest.mark.parametrize(
    ("amount", "changes", "expected"),
    [
        ("abc", {}, "budget_bad_amount"),
        ("12,50", {}, "budget_bad_amount"),
        ("NaN", {}, "budget_bad_amount"),
        ("Infinity", {}, "budget_bad_amount"),
        ("-1.00", {}, "budget_negative_amount"),
        ("1.005", {}, "budget_amount_not_cents"),
        ("120000.00", {"reason": "   "}, "budget_amend_reason_required"),
        ("120000.00", {"decided_on": "tomorrow"}, "budget_date_in_future"),
        ("100000", {}, "budget_amend_unchanged"),
    ],
)
def test_a_refused_amendment_leaves_the_article_as_it_was(
    amount: str, changes: dict[str, Any], expected: str
) -> None:
    budget = a_budget()
    travel = article(budget, "2")
    if changes.get("decided_on") == "tomorrow":
        changes["decided_on"] = timezone.localdate() + dt.timedelta(days=1)

    error = refused(
        expected,
        services.article_amend,
        article=travel,
        amount=amount,
        reason=changes.get("reason", DECISION),
        decided_on=changes.get("decided_on", yesterday()),
        by=finance(),
    )

    assert error.rules == ("SEC-BUDGET",)
    assert error.render()  # a sentence of the catalogue, not a bare code
    travel.refresh_from_db()
    assert travel.amount == D("100000.00")
    assert not ArticleAmendment.objects.exists()


def test_the_same_amount_again_is_nothing_to_amend() -> None:
    budget = a_budget()

    error = refused("budget_amend_unchanged", amend, art=article(budget, "2"), amount="100000.0")

    assert error.status == 409
    assert "nothing to amend" in error.render()
    with translation.override("ru"):
        assert "изменять нечего" in error.render()


def test_an_amendment_below_what_is_spent_and_committed_is_refused_with_the_figures() -> None:
    budget = a_budget()
    committed_on_research(budget)
    research = article(budget, "3")

    error = refused("budget_amend_below_committed", amend, art=research, amount="39999.99")

    assert error.status == 409
    assert error.rules == ("SEC-BUDGET",)
    text = error.render()
    for figure in ("39,999.99", "40,000.00", "30,000.00", "10,000.00"):
        assert f"{figure}\u00a0USD" in text
    with translation.override("ru"):
        # Grouped by a no-break space, a decimal comma, the code after: never «40000.00 USD».
        assert "на 40\u00a0000,00\u00a0USD" in error.render()
    with translation.override("zh-hans"):
        assert "40,000.00" in error.render()
        assert "已支出US$30,000.00" in error.render()
    research.refresh_from_db()
    assert research.amount == D("50000.00")
    assert not ArticleAmendment.objects.exists()
    # Down to exactly what is committed is allowed.
    amend(research, "40000.00")
    research.refresh_from_db()
    assert research.amount == D("40000.00")


def test_an_overspent_article_may_be_raised_part_of_the_way_but_not_lowered() -> None:
    budget = a_budget()
    committed_on_research(budget)
    research = article(budget, "3")
    services.spending_record(
        article=research,
        amount=D("20000.00"),
        spent_on=timezone.localdate(),
        description="Second workshop",
    )  # 60000.00 committed against 50000.00 planned

    amend(research, "55000.00")  # still below what is committed, but less over the line
    research.refresh_from_db()
    assert research.amount == D("55000.00")

    refused("budget_amend_below_committed", amend, art=research, amount="54000.00")
    research.refresh_from_db()
    assert research.amount == D("55000.00")
    assert ArticleAmendment.objects.count() == 1


def test_a_malformed_amount_is_refused_for_a_new_article_too() -> None:
    budget = a_budget()

    refused(
        "budget_bad_amount",
        services.article_add,
        budget=budget,
        code="9",
        name={"en": "X"},
        amount="ten",
    )

    assert budget.articles.count() == 3


# --- the API ---------------------------------------------------------------------------------


def amend_url(budget: Budget, code: str) -> str:
    return f"/api/budget/{budget.pk}/articles/{code}/amend"


def test_the_api_amends_an_article_and_answers_with_approved_and_amended() -> None:
    budget = a_budget()
    body = {"amount": "120000.00", "reason": DECISION, "decided_on": "2026-03-04"}

    response = client_of(finance()).post(
        amend_url(budget, "2"), body, content_type="application/json"
    )

    assert response.status_code == 201
    travel = next(a for a in response.json()["articles"] if a["code"] == "2")
    assert (travel["approved"], travel["planned"]) == ("100000.00", "120000.00")
    (amendment,) = travel["amendments"]
    assert amendment["amount_before"] == "100000.00"
    assert amendment["amount_after"] == "120000.00"
    assert amendment["reason"] == DECISION
    assert amendment["decided_on"] == "2026-03-04"
    assert response.json()["total"] == "770000.00"
    assert response.json()["total_approved"] == "750000.00"
    assert article(budget, "2").amount == D("120000.00")


def test_the_api_refuses_with_codes_and_changes_nothing() -> None:
    budget = a_budget()
    officer = client_of(finance())
    good = {"amount": "120000.00", "reason": DECISION, "decided_on": "2026-03-04"}

    def post(code: str, **changes: Any) -> Any:
        return officer.post(
            amend_url(budget, code), {**good, **changes}, content_type="application/json"
        )

    malformed = post("2", amount="12,5")
    negative = post("2", amount="-5")
    no_reason = post("2", reason=" ")
    unchanged = post("2", amount="100000.00")
    unknown = post("99")

    assert (malformed.status_code, malformed.json()["code"]) == (400, "budget_bad_amount")
    assert (negative.status_code, negative.json()["code"]) == (400, "budget_negative_amount")
    assert no_reason.json()["code"] == "budget_amend_reason_required"
    assert (unchanged.status_code, unchanged.json()["code"]) == (409, "budget_amend_unchanged")
    assert unchanged.json()["rules"] == ["SEC-BUDGET"]
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
    no_budget = officer.post(
        "/api/budget/999999/articles/2/amend", good, content_type="application/json"
    )
    assert no_budget.status_code == 404
    assert article(budget, "2").amount == D("100000.00")
    assert not ArticleAmendment.objects.exists()


def test_only_the_finance_officer_amends_through_the_api() -> None:
    budget = a_budget()
    body = {"amount": "1.00", "reason": DECISION, "decided_on": "2026-03-04"}

    response = client_of(consenter("KZ")).post(
        amend_url(budget, "2"), body, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert article(budget, "2").amount == D("100000.00")


def test_an_article_whose_code_has_a_slash_is_amended_by_the_api_and_the_page() -> None:
    budget = a_budget()
    services.article_add(budget=budget, code="5/a", name={"en": "Reserve"}, amount=D("10.00"))
    officer = client_of(finance())

    api = officer.post(
        amend_url(budget, "5/a"),
        {"amount": "20.00", "reason": DECISION, "decided_on": "2026-03-04"},
        content_type="application/json",
    )
    page = officer.get(f"/budget/{budget.pk}/")
    posted = officer.post(
        f"/budget/{budget.pk}/article/5/a/amend/",
        {"amount": "30.00", "reason_en": DECISION, "decided_on": "2026-03-05"},
    )

    assert api.status_code == 201
    assert page.status_code == 200
    assert f'action="/budget/{budget.pk}/article/5/a/amend/"' in page.content.decode()
    assert posted.status_code == 302
    assert article(budget, "5/a").amount == D("30.00")


# --- the page --------------------------------------------------------------------------------


def test_the_finance_officer_amends_an_article_on_the_budget_page() -> None:
    budget = a_budget()
    travel = article(budget, "2")
    client = client_of(finance())

    page = client.get(f"/budget/{budget.pk}/")
    assert f'id="amend-form-{travel.pk}"' in page.content.decode()

    response = client.post(
        f"/budget/{budget.pk}/article/2/amend/",
        {"amount": "120000.00", "reason_en": DECISION, "decided_on": "2026-03-04"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/budget/{budget.pk}/")
    travel.refresh_from_db()
    assert travel.amount == D("120000.00")
    text = client.get(f"/budget/{budget.pk}/").content.decode()
    assert DECISION in text
    assert "100,000.00 → 120,000.00" in text
    assert "2026-03-04" in text


def test_a_refused_amendment_is_shown_on_the_page_with_what_was_typed() -> None:
    budget = a_budget()
    committed_on_research(budget)
    research = article(budget, "3")

    response = client_of(finance()).post(
        f"/budget/{budget.pk}/article/3/amend/",
        {"amount": "35000.00", "reason_en": "CNC decision No. 99", "decided_on": "2026-03-04"},
    )

    assert response.status_code == 409
    text = response.content.decode()
    assert 'class="error" role="alert"' in text
    assert "40,000.00\u00a0USD is already committed" in text
    assert "CNC decision No. 99" in text  # the form comes back as it was typed
    assert "SEC-BUDGET" in text
    research.refresh_from_db()
    assert research.amount == D("50000.00")
    assert not ArticleAmendment.objects.exists()
    assert AuditEntry.objects.filter(
        action="refused", after__code="budget_amend_below_committed"
    ).exists()


def test_an_incomplete_form_and_an_unknown_article_are_refused() -> None:
    budget = a_budget()
    client = client_of(finance())

    incomplete = client.post(
        f"/budget/{budget.pk}/article/2/amend/", {"amount": "1.00", "decided_on": "2026-03-04"}
    )
    unknown = client.post(
        f"/budget/{budget.pk}/article/99/amend/",
        {"amount": "1.00", "reason": DECISION, "decided_on": "2026-03-04"},
    )

    assert incomplete.status_code == 400
    assert unknown.status_code == 404
    assert not ArticleAmendment.objects.exists()


def test_a_representative_sees_the_amendments_but_cannot_amend() -> None:
    budget = a_budget()
    amend(article(budget, "2"), "120000.00")
    client = client_of(consenter("KZ"))

    page = client.get(f"/budget/{budget.pk}/")
    posted = client.post(
        f"/budget/{budget.pk}/article/2/amend/",
        {"amount": "1.00", "reason": DECISION, "decided_on": "2026-03-04"},
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert DECISION in text
    assert "amend-form-" not in text
    assert posted.status_code == 403
    assert article(budget, "2").amount == D("120000.00")


# --- the exports -----------------------------------------------------------------------------


def test_the_execution_export_gives_the_amount_approved_beside_the_amount_planned() -> None:
    budget = a_budget()
    amend(article(budget, "2"), "120000.00")
    client = client_of(finance())

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/budget/{budget.pk}/execution.csv").content.decode("utf-8-sig")
            )
        )
    )
    header, *lines = rows
    assert header.index("Approved") == header.index("Planned") - 1
    by_code = {r[0]: r for r in lines}
    approved, planned = header.index("Approved"), header.index("Planned")
    assert (by_code["2"][approved], by_code["2"][planned]) == ("100000.00", "120000.00")
    assert (by_code["1"][approved], by_code["1"][planned]) == ("600000.00", "600000.00")
    assert (lines[-1][approved], lines[-1][planned]) == ("750000.00", "770000.00")

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/budget/{budget.pk}/execution.xlsx").content)
    )
    sheet = book.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][approved] == "Approved"
    travel = next(r for r in values if r[0] == "2")
    assert D(str(travel[approved])) == D("100000")
    assert D(str(travel[planned])) == D("120000")


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_has_one_amendment_and_assesses_on_the_amended_total() -> None:
    from secretariat.budget.demo import AMENDED, demo_budget_ensure

    made = demo_budget_ensure(today=dt.date(2026, 11, 30))
    demo_budget_ensure(today=dt.date(2026, 11, 30))

    assert made.budget is not None
    amendments = ArticleAmendment.objects.filter(article__budget=made.budget)
    assert amendments.count() == 1
    code, amount, _decision = AMENDED
    report = selectors.execution(made.budget)
    row = next(r for r in report.rows if r.article.code == code)
    assert row.planned == D(amount)
    assert row.approved != row.planned
    assert selectors.contributions(made.budget).due == report.planned
