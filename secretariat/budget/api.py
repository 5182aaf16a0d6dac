"""JSON API of the budget app, mounted at /api/budget/: budgets with their execution and
contributions (SEC-BUDGET), and experts' single-term contracts with consents (SEC-EXPERTS)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Schema, Status

from secretariat.budget import selectors, services
from secretariat.budget.models import (
    Article,
    Budget,
    Expert,
    ExpertContract,
    Payment,
    Spending,
)
from secretariat.budget.schemas import BudgetOut, ExpertContractOut
from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError
from secretariat.core.lookup import found_or_404
from secretariat.core.schemas import ErrorOut, columns
from secretariat.registry.models import State

router = ActionRouter(tags=["budget"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
BUDGET_CHANGED = {201: BudgetOut, **ERRORS}
CONTRACT_CHANGED = {201: ExpertContractOut, **ERRORS}


@columns(Article, enforce=False, en="name_en", ru="name_ru", zh="name_zh")
class NameIn(Schema):
    en: str
    ru: str = ""
    zh: str = ""


@columns(Article, enforce=False)
class ArticleIn(Schema):
    code: str
    name: NameIn
    amount: Decimal = Field(description="Planned, in the budget's currency; not negative.")


class AmendIn(Schema):
    amount: str = Field(
        description='The article\'s new planned amount, as a decimal string ("135000.00").'
    )
    reason: str = Field(description="The decision that amends it: body, number and date.")
    decided_on: dt.date = Field(description="The day of the decision; not in the future.")


@columns(Budget, enforce=False)
class BudgetIn(Schema):
    year: int
    holder: str = Field(description="organisation or secretariat")
    currency: str = Field("USD", description="ISO 4217 code")
    contributions_due_on: dt.date | None = None
    articles: list[ArticleIn] = Field(default_factory=list)


class AssessIn(Schema):
    shares: dict[str, Decimal] | None = Field(
        None, description="State code → per cent, adding up to 100; default: the shares file."
    )


@columns(Payment, enforce=False)
class PaymentIn(Schema):
    state: str = Field(description="The paying member state's code (KZ).")
    amount: Decimal
    currency: str
    received_on: dt.date
    reference: str


@columns(Spending, enforce=False)
class SpendingIn(Schema):
    article: str = Field(description="The article's code.")
    amount: Decimal
    spent_on: dt.date
    description: str
    currency: str | None = None
    contract: int | None = Field(None, description="The expert's contract paid, if one is.")


@columns(ExpertContract, enforce=False)
@columns(Expert, enforce=False, expert_name="full_name")
class ContractIn(Schema):
    expert: int | None = Field(None, description="An expert already known.")
    expert_name: str = Field("", description="Or a new expert's full name.")
    budget: int
    article: str = Field(description="The article's code.")
    subject: str
    starts_on: dt.date
    ends_on: dt.date
    fee: Decimal
    currency: str | None = None
    renews: int | None = Field(None, description="A contract this one renews: always refused.")


class BudgetConsentIn(Schema):
    given: bool


def _budget_out(request: HttpRequest, budget_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return selectors.budget_out(selectors.budget_of(user, budget_id), user.language)


def _contract_out(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return selectors.contract_out(selectors.contract_of(user, contract_id))


@router.read("/", action="budget.view", response=list[BudgetOut], summary="Budgets")
def budget_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every budget, latest year first, with its total and execution."""
    user = me(request)
    with translation.override(user.language):
        return [
            selectors.budget_out(b, user.language) for b in selectors.budgets_visible(user)[:100]
        ]


@router.create("/", action="budget.manage", response=BUDGET_CHANGED, summary="Open a year's budget")
def budget_create(request: HttpRequest, payload: BudgetIn) -> Status[dict[str, Any]]:
    """A year's budget of the Organisation or of the Secretariat (once), with its articles."""
    budget = services.budget_create(
        year=payload.year,
        holder=payload.holder,
        currency=payload.currency,
        contributions_due_on=payload.contributions_due_on,
        articles=[a.dict() for a in payload.articles],
        by=me(request),
    )
    return Status(201, _budget_out(request, budget.pk))


@router.read(
    "/contracts",
    action="budget.view",
    response=list[ExpertContractOut],
    summary="Experts' contracts",
)
def contract_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Experts' single-term contracts, latest first, each with its consents."""
    user = me(request)
    with translation.override(user.language):
        return [selectors.contract_out(c) for c in selectors.contracts_visible(user)[:200]]


@router.create(
    "/contracts",
    action="budget.manage",
    response=CONTRACT_CHANGED,
    summary="Propose an expert's contract",
)
def contract_propose(request: HttpRequest, payload: ContractIn) -> Status[dict[str, Any]]:
    """A single-term contract (SEC-EXPERTS); every member state is asked for its consent."""
    user = me(request)
    budget = selectors.budget_of(user, payload.budget)
    article = selectors.article_of(budget, payload.article)
    if payload.expert is not None:
        expert = found_or_404(
            Expert, translation.gettext_lazy("There is no such expert."), pk=payload.expert
        )
    else:
        expert = services.expert_add(full_name=payload.expert_name, by=user)
    renews = None
    if payload.renews is not None:
        renews = found_or_404(
            ExpertContract,
            translation.gettext_lazy("There is no such contract."),
            pk=payload.renews,
        )
    contract = services.contract_propose(
        expert=expert,
        article=article,
        subject=payload.subject,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        fee=payload.fee,
        currency=payload.currency,
        renews=renews,
        by=user,
    )
    return Status(201, _contract_out(request, contract.pk))


@router.read(
    "/contracts/{contract_id}",
    action="budget.view",
    response={200: ExpertContractOut, 404: ErrorOut},
    summary="An expert's contract",
)
def contract_detail(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    """The contract, its term, fee and article, and each member state's consent."""
    return _contract_out(request, contract_id)


@router.create(
    "/contracts/{contract_id}/consent",
    action="relations.consent",
    response=CONTRACT_CHANGED,
    summary="Give or withhold one's state's consent",
)
def contract_consent(
    request: HttpRequest, contract_id: int, payload: BudgetConsentIn
) -> Status[dict[str, Any]]:
    """The caller's member state consents to the contract, or withholds its consent."""
    user = me(request)
    contract = selectors.contract_of(user, contract_id)
    code = selectors.consent_state_of(user)
    state = State.objects.filter(code=code).first() if code else None
    if state is None:
        raise NotFoundError(translation.gettext_lazy("Your delegation represents no state."))
    services.consent_decide(contract=contract, state=state, given=payload.given, by=user)
    return Status(201, _contract_out(request, contract_id))


@router.create(
    "/contracts/{contract_id}/conclude",
    action="budget.manage",
    response=CONTRACT_CHANGED,
    summary="Conclude an expert's contract",
)
def contract_conclude(request: HttpRequest, contract_id: int) -> Status[dict[str, Any]]:
    """Conclude it: every member state consented and the fee fits in the article."""
    user = me(request)
    services.contract_conclude(contract=selectors.contract_of(user, contract_id), by=user)
    return Status(201, _contract_out(request, contract_id))


@router.create(
    "/contracts/{contract_id}/withdraw",
    action="budget.manage",
    response=CONTRACT_CHANGED,
    summary="Withdraw a contract awaiting consent",
)
def contract_withdraw(request: HttpRequest, contract_id: int) -> Status[dict[str, Any]]:
    user = me(request)
    services.contract_withdraw(contract=selectors.contract_of(user, contract_id), by=user)
    return Status(201, _contract_out(request, contract_id))


@router.read(
    "/{budget_id}",
    action="budget.view",
    response={200: BudgetOut, 404: ErrorOut},
    summary="A budget",
)
def budget_detail(request: HttpRequest, budget_id: int) -> dict[str, Any]:
    """Articles planned against spent, contributions with arrears and credit, warnings."""
    return _budget_out(request, budget_id)


@router.create(
    "/{budget_id}/articles",
    action="budget.manage",
    response=BUDGET_CHANGED,
    summary="Add an article",
)
def budget_article_add(
    request: HttpRequest, budget_id: int, payload: ArticleIn
) -> Status[dict[str, Any]]:
    user = me(request)
    services.article_add(
        budget=selectors.budget_of(user, budget_id),
        code=payload.code,
        name=payload.name.dict(),
        amount=payload.amount,
        by=user,
    )
    return Status(201, _budget_out(request, budget_id))


@router.create(
    "/{budget_id}/articles/{path:code}/amend",
    action="budget.manage",
    response=BUDGET_CHANGED,
    summary="Amend an article's planned amount",
)
def budget_article_amend(
    request: HttpRequest, budget_id: int, code: str, payload: AmendIn
) -> Status[dict[str, Any]]:
    """A decision changes the article's amount; the amount approved and each amendment stay.

    Not below what is already committed under the article (spending plus fees of concluded
    contracts not yet paid).
    """
    user = me(request)
    services.article_amend(
        article=selectors.article_of(selectors.budget_of(user, budget_id), code),
        amount=payload.amount,
        reason=payload.reason,
        decided_on=payload.decided_on,
        by=user,
    )
    return Status(201, _budget_out(request, budget_id))


@router.create(
    "/{budget_id}/contributions",
    action="budget.manage",
    response=BUDGET_CHANGED,
    summary="Assess the member states' contributions",
)
def budget_assess(
    request: HttpRequest, budget_id: int, payload: AssessIn
) -> Status[dict[str, Any]]:
    """Budget total × each state's share, to the cent; the shares add up to 100."""
    user = me(request)
    services.contributions_assess(
        budget=selectors.budget_of(user, budget_id),
        shares=payload.shares,
        source="given" if payload.shares is not None else "",
        by=user,
    )
    return Status(201, _budget_out(request, budget_id))


@router.create(
    "/{budget_id}/payments",
    action="budget.manage",
    response=BUDGET_CHANGED,
    summary="Record a payment",
)
def budget_payment(
    request: HttpRequest, budget_id: int, payload: PaymentIn
) -> Status[dict[str, Any]]:
    """A member state's payment towards its contribution, in the budget's currency."""
    user = me(request)
    state = found_or_404(
        State, translation.gettext_lazy("There is no such state."), code=payload.state.upper()
    )
    services.payment_record(
        budget=selectors.budget_of(user, budget_id),
        state=state,
        amount=payload.amount,
        currency=payload.currency,
        received_on=payload.received_on,
        reference=payload.reference,
        by=user,
    )
    return Status(201, _budget_out(request, budget_id))


@router.create(
    "/{budget_id}/spending",
    action="budget.manage",
    response=BUDGET_CHANGED,
    summary="Record spending",
)
def budget_spending(
    request: HttpRequest, budget_id: int, payload: SpendingIn
) -> Status[dict[str, Any]]:
    """Money spent under an article; past the article's amount it is recorded with a warning."""
    user = me(request)
    budget = selectors.budget_of(user, budget_id)
    contract = None
    if payload.contract is not None:
        contract = found_or_404(
            selectors.contracts_visible(user),
            translation.gettext_lazy("There is no such contract."),
            pk=payload.contract,
        )
    services.spending_record(
        article=selectors.article_of(budget, payload.article),
        amount=payload.amount,
        spent_on=payload.spent_on,
        description=payload.description,
        currency=payload.currency,
        contract=contract,
        by=user,
    )
    return Status(201, _budget_out(request, budget_id))
