"""Pages of the budget app (mounted at /budget/): a year's budget with its articles and their
execution, the contributions with arrears and warnings, experts' contracts with their
consents; the finance officer's forms; the exports (CSV, XLSX)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from secretariat.accounts.models import User
from secretariat.budget import exports, selectors, services
from secretariat.budget.forms import (
    AmendForm,
    ArticleForm,
    BudgetForm,
    ConsentForm,
    ContractForm,
    PaymentForm,
    SpendingForm,
)
from secretariat.budget.models import Article, Budget, ContractStatus, Expert, ExpertContract
from secretariat.core import downloads
from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.lang import current_lang
from secretariat.core.pages import Again, refusal_seen, refusal_shown, step
from secretariat.procedure.text import Message
from secretariat.registry.models import State


def _rendered(warnings: list[Message]) -> list[str]:
    lang = current_lang()
    return [w.render(lang) for w in warnings]


def _budget(request: HttpRequest, budget_id: int) -> Budget:
    try:
        return selectors.budget_of(me(request), budget_id)
    except NotFoundError:
        raise Http404(_("There is no such budget.")) from None


def _article(budget: Budget, code: str) -> Article:
    try:
        return selectors.article_of(budget, code)
    except NotFoundError:
        raise Http404(_("There is no such article.")) from None


# --- budgets -------------------------------------------------------------------------------


def _list(request: HttpRequest, form: BudgetForm | None = None, **extra: Any) -> HttpResponse:
    user = me(request)
    status = extra.pop("status", 200)
    rows = [(b, selectors.execution(b)) for b in selectors.budgets_visible(user)[:100]]
    can_manage = user.can("budget.manage")
    context = {
        "rows": rows,
        "can_manage": can_manage,
        "form": form or BudgetForm(initial={"year": timezone.localdate().year}),
        **extra,
    }
    return render(request, "budget/list.html", context, status=status)


@requires("budget.view")
def budget_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@requires("budget.manage")
@require_POST
def budget_create(request: HttpRequest) -> HttpResponse:
    form = BudgetForm(request.POST)
    if not form.is_valid():
        return _list(request, form, status=400)
    data = form.cleaned_data
    try:
        budget = services.budget_create(
            year=data["year"],
            holder=data["holder"],
            currency=data["currency"],
            contributions_due_on=data["contributions_due_on"],
            by=me(request),
        )
    except SecretariatError as error:
        return _list(request, form, status=error.status, **refusal_seen(request, error))
    return redirect("budget:detail", budget_id=budget.pk)


def _detail(request: HttpRequest, budget_id: int, **extra: Any) -> HttpResponse:
    user = me(request)
    budget = _budget(request, budget_id)
    status = extra.pop("status", 200)
    report = selectors.execution(budget)
    # The amendment form posted (and refused) is shown again, with what was typed.
    posted_code = extra.pop("amend_code", None)
    posted_form = extra.pop("amend_form", None)
    amendable = [
        (
            row,
            posted_form
            if posted_form is not None and row.article.code == posted_code
            else AmendForm(initial={"amount": row.planned}, auto_id=f"id_amend{row.article.pk}_%s"),
        )
        for row in report.rows
    ]
    context = {
        "budget": budget,
        "report": report,
        "amendable": amendable,
        "warnings": _rendered(report.warnings),
        "spendings": selectors.spendings_of(budget)[:50],
        "can_manage": user.can("budget.manage"),
        "article_form": ArticleForm(),
        "spending_form": SpendingForm(initial={"spent_on": timezone.localdate()}, budget=budget),
        **extra,
    }
    return render(request, "budget/detail.html", context, status=status)


def _detail_again(request: HttpRequest, budget_id: int, **keep: Any) -> Again:
    """The budget's page again, with the form posted (and ``keep``) and the refusal."""

    def again(
        *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse:
        return _detail(request, budget_id, status=status, **keep, **bound, **refusal_shown(error))

    return again


@requires("budget.view")
def budget_detail(request: HttpRequest, budget_id: int) -> HttpResponse:
    return _detail(request, budget_id)


@requires("budget.manage")
@require_POST
def budget_article_add(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget(request, budget_id)
    user = me(request)

    def act(data: dict[str, Any]) -> None:
        services.article_add(
            budget=budget,
            code=data["code"],
            name={"en": data["name_en"], "ru": data["name_ru"], "zh": data["name_zh"]},
            amount=data["amount"],
            by=user,
        )

    _done, response = step(
        request,
        ArticleForm(request.POST),
        "article_form",
        act,
        _detail_again(request, budget_id),
        _("The article was added."),
    )
    return response or redirect("budget:detail", budget_id=budget_id)


@requires("budget.manage")
@require_POST
def budget_article_amend(request: HttpRequest, budget_id: int, code: str) -> HttpResponse:
    budget = _budget(request, budget_id)
    article = _article(budget, code)
    user = me(request)

    def act(data: dict[str, Any]) -> None:
        services.article_amend(
            article=article,
            amount=data["amount"],
            reason=data["reason"],
            decided_on=data["decided_on"],
            by=user,
        )

    _done, response = step(
        request,
        AmendForm(request.POST, auto_id=f"id_amend{article.pk}_%s"),
        "amend_form",
        act,
        _detail_again(request, budget_id, amend_code=code),
        _("The article was amended."),
    )
    return response or redirect("budget:detail", budget_id=budget_id)


@requires("budget.manage")
@require_POST
def budget_spending(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget(request, budget_id)
    user = me(request)

    def act(data: dict[str, Any]) -> None:
        services.spending_record(
            article=_article(budget, data["article"].strip()),
            amount=data["amount"],
            spent_on=data["spent_on"],
            description=data["description"],
            by=user,
        )

    _done, response = step(
        request,
        SpendingForm(request.POST, budget=budget),
        "spending_form",
        act,
        _detail_again(request, budget_id),
        _("The spending was recorded."),
    )
    return response or redirect("budget:detail", budget_id=budget_id)


# --- contributions -------------------------------------------------------------------------


def _contributions(request: HttpRequest, budget_id: int, **extra: Any) -> HttpResponse:
    user = me(request)
    budget = _budget(request, budget_id)
    status = extra.pop("status", 200)
    table = selectors.contributions(budget)
    schedule = selectors.shares_for(budget.year)
    context = {
        "budget": budget,
        "table": table,
        "warnings": _rendered(table.warnings),
        "payments": selectors.payments_of(budget)[:100],
        "schedule": schedule,
        "can_manage": user.can("budget.manage"),
        "payment_form": PaymentForm(
            initial={"currency": budget.currency, "received_on": timezone.localdate()}
        ),
        **extra,
    }
    return render(request, "budget/contributions.html", context, status=status)


@requires("budget.view")
def budget_contributions(request: HttpRequest, budget_id: int) -> HttpResponse:
    return _contributions(request, budget_id)


@requires("budget.manage")
@require_POST
def budget_assess(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget(request, budget_id)
    try:
        services.contributions_assess(budget=budget, by=me(request))
    except SecretariatError as error:
        return _contributions(
            request, budget_id, status=error.status, **refusal_seen(request, error)
        )
    messages.success(request, _("The contributions were assessed."))
    return redirect("budget:contributions", budget_id=budget_id)


@requires("budget.manage")
@require_POST
def budget_payment(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget(request, budget_id)
    user = me(request)

    def again(
        *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse:
        return _contributions(request, budget_id, status=status, **bound, **refusal_shown(error))

    _done, response = step(
        request,
        PaymentForm(request.POST),
        "payment_form",
        lambda data: services.payment_record(budget=budget, by=user, **data),
        again,
        _("The payment was recorded."),
    )
    return response or redirect("budget:contributions", budget_id=budget_id)


# --- exports -------------------------------------------------------------------------------


def _file(body: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = downloads.attachment(name)
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _export(
    rows_of: Callable[[Budget], tuple[list[str], list[exports.Row]]], name: str, kind: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    def view(request: HttpRequest, budget_id: int) -> HttpResponse:
        budget = _budget(request, budget_id)
        header, rows = rows_of(budget)
        filename = f"{name}-{budget.year}-{budget.holder}.{kind}"
        if kind == "csv":
            return _file(exports.as_csv(header, rows), filename, CSV)
        return _file(exports.as_xlsx(f"{name} {budget.year}", header, rows), filename, XLSX)

    return view


def _execution_rows(budget: Budget) -> tuple[list[str], list[exports.Row]]:
    return exports.execution_rows(selectors.execution(budget))


def _contribution_rows(budget: Budget) -> tuple[list[str], list[exports.Row]]:
    return exports.contributions_rows(selectors.contributions(budget))


export_execution_csv = requires("budget.view")(_export(_execution_rows, "execution", "csv"))
export_execution_xlsx = requires("budget.view")(_export(_execution_rows, "execution", "xlsx"))
export_contributions_csv = requires("budget.view")(
    _export(_contribution_rows, "contributions", "csv")
)
export_contributions_xlsx = requires("budget.view")(
    _export(_contribution_rows, "contributions", "xlsx")
)


# --- experts' contracts --------------------------------------------------------------------


def _contracts(
    request: HttpRequest, form: ContractForm | None = None, **extra: Any
) -> HttpResponse:
    user = me(request)
    status = extra.pop("status", 200)
    context = {
        "contracts": selectors.contracts_visible(user)[:200],
        "can_manage": user.can("budget.manage"),
        "form": form or ContractForm(),
        **extra,
    }
    return render(request, "budget/contracts.html", context, status=status)


@requires("budget.view")
def contract_list(request: HttpRequest) -> HttpResponse:
    return _contracts(request)


@requires("budget.manage")
@require_POST
def contract_create(request: HttpRequest) -> HttpResponse:
    form = ContractForm(request.POST)
    if not form.is_valid():
        return _contracts(request, form, status=400)
    data = form.cleaned_data
    user = me(request)
    try:
        # One savepoint: a refused contract leaves no new expert behind.
        with transaction.atomic():
            contract = _propose(user, data)
    except SecretariatError as error:
        return _contracts(request, form, status=error.status, **refusal_seen(request, error))
    return redirect("budget:contract", contract_id=contract.pk)


def _propose(user: User, data: dict[str, Any]) -> ExpertContract:
    article = _article(data["budget"], data["article"].strip())
    expert = Expert.objects.filter(full_name=data["expert_name"].strip()).first()
    if expert is None:
        expert = services.expert_add(full_name=data["expert_name"], by=user)
    return services.contract_propose(
        expert=expert,
        article=article,
        subject=data["subject"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        fee=data["fee"],
        by=user,
    )


def _contract(request: HttpRequest, contract_id: int, **extra: Any) -> HttpResponse:
    user = me(request)
    status = extra.pop("status", 200)
    try:
        contract = selectors.contract_of(user, contract_id)
    except NotFoundError:
        raise Http404(_("There is no such contract.")) from None
    own = selectors.consent_state_of(user)
    open_ = contract.status == ContractStatus.AWAITING_CONSENT
    context = {
        "contract": contract,
        "consents": list(contract.consents.all()),
        "own_state": own,
        "can_consent": open_ and own is not None,
        "can_manage": open_ and user.can("budget.manage"),
        "committed": selectors.commitments(contract.article),
        **extra,
    }
    return render(request, "budget/contract.html", context, status=status)


@requires("budget.view")
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    return _contract(request, contract_id)


@requires("relations.consent")
@require_POST
def contract_consent(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = me(request)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _contract(request, contract_id, status=400)
    try:
        contract = selectors.contract_of(user, contract_id)
        code = selectors.consent_state_of(user)
        state = State.objects.filter(code=code).first() if code else None
        if state is None:
            raise Http404(_("Your delegation represents no state."))
        services.consent_decide(
            contract=contract, state=state, given=form.cleaned_data["given"], by=user
        )
    except NotFoundError:
        raise Http404(_("There is no such contract.")) from None
    except SecretariatError as error:
        return _contract(request, contract_id, status=error.status, **refusal_seen(request, error))
    messages.success(request, _("Your state's answer was recorded."))
    return redirect("budget:contract", contract_id=contract_id)


def _contract_step(
    step: Callable[..., Any], done: str | Promise
) -> Callable[[HttpRequest, int], HttpResponse]:
    def view(request: HttpRequest, contract_id: int) -> HttpResponse:
        user = me(request)
        try:
            step(contract=selectors.contract_of(user, contract_id), by=user)
        except NotFoundError:
            raise Http404(_("There is no such contract.")) from None
        except SecretariatError as error:
            return _contract(
                request, contract_id, status=error.status, **refusal_seen(request, error)
            )
        messages.success(request, str(done))
        return redirect("budget:contract", contract_id=contract_id)

    return view


contract_conclude = requires("budget.manage")(
    require_POST(
        _contract_step(services.contract_conclude, gettext_lazy("The contract was concluded."))
    )
)
contract_withdraw = requires("budget.manage")(
    require_POST(
        _contract_step(services.contract_withdraw, gettext_lazy("The contract was withdrawn."))
    )
)
