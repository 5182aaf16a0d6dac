"""A failure after a write rolls the write back (issue 16): an unexpected error (a 500) in a
page or an API request leaves nothing written, and neither does a refused step, while the
refusal itself stays on record. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from secretariat.audit.models import AuditEntry
from secretariat.budget.models import Expert, ExpertContract
from secretariat.core.access import PUBLIC, requires
from tests.factories.accounts import logged_in
from tests.factories.budget import a_budget, finance
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


class BrokenAfterWriteError(RuntimeError):
    """What fails after the write: a disk, a network, a bug."""


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture
def failing_contracts() -> Iterator[None]:
    """Writing a contract fails after the contract's row is inserted (its expert, a step
    before, is written already)."""

    def fail(**_: Any) -> None:
        raise BrokenAfterWriteError("after the write")

    post_save.connect(fail, sender=ExpertContract, dispatch_uid="test-rollback")
    yield
    post_save.disconnect(sender=ExpertContract, dispatch_uid="test-rollback")


def _contract(budget_id: int) -> dict[str, Any]:
    return {
        "expert_name": "Dr. Rollback",
        "budget": budget_id,
        "article": "3",
        "subject": "Research that fails",  # the API's field
        "subject_en": "Research that fails",  # the page's, one of its three languages
        "starts_on": "2026-04-01",
        "ends_on": "2026-06-30",
        "fee": "1000.00",
    }


def test_a_500_in_an_api_request_leaves_nothing_written(failing_contracts: None) -> None:
    budget = a_budget()
    client = logged_in(finance(), raise_request_exception=False)
    entries = AuditEntry.objects.count()

    answer = client.post("/api/budget/contracts", _contract(budget.pk), "application/json")

    assert answer.status_code == 500
    assert not Expert.objects.exists()
    assert not ExpertContract.objects.exists()
    assert AuditEntry.objects.count() == entries  # nor the audit entries of those rows


def test_a_500_in_a_page_leaves_nothing_written(failing_contracts: None) -> None:
    budget = a_budget()
    client = logged_in(finance(), raise_request_exception=False)

    page = client.post("/budget/experts/new/", _contract(budget.pk))

    assert page.status_code == 500
    assert not Expert.objects.exists()
    assert not ExpertContract.objects.exists()


@pytest.mark.parametrize("where", ["/api/budget/contracts", "/budget/experts/new/"])
def test_a_refused_later_step_leaves_no_row_of_the_earlier_ones_but_is_on_record(
    where: str,
) -> None:
    """The expert is added, then the contract is refused (it ends before it starts)."""
    budget = a_budget()
    client: Client = logged_in(finance())
    body = {**_contract(budget.pk), "ends_on": "2026-03-01"}

    if where.startswith("/api/"):
        answer = client.post(where, body, "application/json")
    else:
        answer = client.post(where, body)

    assert answer.status_code == 400
    assert not Expert.objects.exists()
    refusal = AuditEntry.objects.filter(action="refused").order_by("-seq").first()
    assert refusal is not None
    assert refusal.after["code"] == "budget_contract_end_before_start"


def test_a_view_that_says_it_writes_nothing_runs_outside_a_transaction() -> None:
    """``@transaction.non_atomic_requests`` under ``@requires``: no transaction is opened (the
    test runs in one already, so the savepoints opened inside are counted)."""
    seen: list[int] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(len(connection.savepoint_ids))
        return HttpResponse("ok")

    request = RequestFactory().post("/")
    requires(PUBLIC)(view)(request)
    requires(PUBLIC)(transaction.non_atomic_requests(view))(request)
    requires(PUBLIC)(view)(RequestFactory().get("/"))

    assert seen[0] == seen[1] + 1  # a POST: one transaction (a savepoint here)
    assert seen[2] == seen[1]  # a GET: none
