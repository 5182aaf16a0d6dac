"""Writes of the budget app (SEC-BUDGET) and of experts' contracts (SEC-EXPERTS).

Every service checks its input first (``budget.checks``), then runs in one transaction: a
refusal leaves nothing saved. The audit app records every row written (through signals).
Services that weigh an article's money (spending, concluding a contract) lock the article's
row first, so two clerks concluding contracts on the same article at once cannot both pass its
amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.budget import checks, selectors
from secretariat.budget.models import (
    Article,
    ArticleAmendment,
    Budget,
    Consent,
    ContractStatus,
    Contribution,
    Expert,
    ExpertContract,
    Holder,
    Payment,
    Spending,
)
from secretariat.core.errors import refuse
from secretariat.core.in_languages import texts_columns, texts_given
from secretariat.core.lang import names_of
from secretariat.core.locking import lock
from secretariat.procedure.apportion import HUNDRED, apportion, shares_total
from secretariat.procedure.consent import ConsentVerdict, Outcome, unanimity
from secretariat.procedure.formatting import Money
from secretariat.procedure.text import Lang, Text
from secretariat.registry.models import State
from secretariat.registry.selectors import member_states_on

BUDGET = ("SEC-BUDGET",)
EXPERTS = ("SEC-EXPERTS",)
EXPERTS_AND_BUDGET = ("SEC-EXPERTS", "SEC-BUDGET")
HOLDER_NAMES = {
    Holder.ORGANISATION: Text(en="the Organisation", ru="Организация", zh="本组织"),
    Holder.SECRETARIAT: Text(en="the Secretariat", ru="Секретариат", zh="秘书处"),
}


# --- budgets and articles ------------------------------------------------------------------


@transaction.atomic
def budget_create(
    *,
    year: int,
    holder: str,
    currency: str,
    contributions_due_on: dt.date | None = None,
    articles: Iterable[Mapping[str, object]] = (),
    by: User | None = None,
) -> Budget:
    """Open ``holder``'s budget for ``year`` (once), optionally with its articles."""
    if holder not in Holder.values:
        raise refuse("budget_unknown_holder", "budget.unknown_holder", BUDGET, value=holder)
    if not 2000 <= year <= 2100:
        raise refuse("budget_bad_year", "budget.bad_year", BUDGET, year=year)
    code = checks.currency(currency)
    # Taken rows are locked too, so two clerks opening the same year get one refusal.
    if Budget.objects.select_for_update().filter(year=year, holder=holder).exists():
        raise refuse(
            "budget_exists",
            "budget.exists",
            BUDGET,
            status=409,
            holder=HOLDER_NAMES[Holder(holder)],
            year=year,
        )
    budget = Budget.objects.create(
        year=year,
        holder=holder,
        currency=code,
        contributions_due_on=contributions_due_on,
        created_at=timezone.now(),
        created_by=by,
    )
    for article in articles:
        name = article.get("name") or {}
        assert isinstance(name, Mapping)  # noqa: S101  # a mapping by the callers' schema
        article_add(
            budget=budget,
            code=str(article.get("code") or ""),
            name=name,
            amount=str(article.get("amount") or "0"),
            by=by,
        )
    return budget


@transaction.atomic
def article_add(
    *,
    budget: Budget,
    code: str,
    name: Mapping[str, str],
    amount: Decimal | str,
    by: User | None = None,
) -> Article:
    """Add an article (code, name in en/ru/zh, planned amount) to the budget."""
    code = code.strip()
    if not code:
        raise refuse("budget_code_required", "budget.code_required", BUDGET)
    text = checks.trilingual(name, "name_required")
    money = checks.amount(amount, (Article, "amount"))
    if Article.objects.filter(budget=budget, code=code).exists():
        raise refuse(
            "budget_article_exists", "budget.article_exists", BUDGET, status=409, code=code
        )
    checks.total_kept(budget, selectors.budget_total(budget) + money)
    return Article.objects.create(
        budget=budget,
        code=code,
        name_en=text["en"],
        name_ru=text["ru"],
        name_zh=text["zh"],
        amount=money,
    )


@transaction.atomic
def article_amend(
    *,
    article: Article,
    amount: Decimal | str,
    reason: str | Mapping[str, str],
    decided_on: dt.date,
    by: User | None = None,
) -> ArticleAmendment:
    """Amend the article's planned amount by a decision (of the Council of National
    Coordinators, say); the amount before and after and the decision are kept.

    The article's row is locked, so an amendment and a contract concluded at the same time
    weigh the same figures. An amendment may not lower the amount below what is already
    committed under the article (spending plus fees of concluded contracts not yet paid);
    raising an overspent article part of the way is allowed.
    """
    money = checks.amount(amount, (ArticleAmendment, "amount_after"))
    reasons = texts_columns("reason", reason)
    if not any(reasons.values()):
        raise refuse("budget_amend_reason_required", "budget.amend_reason_required", BUDGET)
    checks.not_future(decided_on)
    locked = lock(article, related=("budget",))
    currency = locked.budget.currency
    if money == locked.amount:
        raise refuse(
            "budget_amend_unchanged",
            "budget.amend_unchanged",
            BUDGET,
            status=409,
            code=locked.code,
            amount=Money(locked.amount, currency),
        )
    checks.total_kept(locked.budget, selectors.budget_total(locked.budget) - locked.amount + money)
    spent = selectors.spent_on_article(locked)
    committed = selectors.commitments(locked)
    # Lowering below what is committed is refused; raising an overspent article part of the
    # way is not (it leaves less over the line than before).
    if money < committed and money < locked.amount:
        raise refuse(
            "budget_amend_below_committed",
            "budget.amend_below_committed",
            BUDGET,
            status=409,
            code=locked.code,
            amount=Money(money, currency),
            committed=Money(committed, currency),
            spent=Money(spent, currency),
            owed=Money(committed - spent, currency),
        )
    amendment = ArticleAmendment.objects.create(
        article=locked,
        amount_before=locked.amount,
        amount_after=money,
        **reasons,
        decided_on=decided_on,
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    locked.amount = money
    locked.save(update_fields=["amount"])
    article.amount = money
    return amendment


@transaction.atomic
def budget_set_due_date(*, budget: Budget, due_on: dt.date | None, by: User | None = None) -> None:
    """Set the day by which the year's contributions are due."""
    budget.contributions_due_on = due_on
    budget.save(update_fields=["contributions_due_on"])


# --- assessed contributions and payments -------------------------------------------------


@transaction.atomic
def contributions_assess(
    *,
    budget: Budget,
    shares: Mapping[str, Decimal | str] | None = None,
    source: str = "",
    by: User | None = None,
) -> list[Contribution]:
    """Assess each member state's contribution: budget total × share, to the cent.

    ``shares`` (state code → percentage) default to the shares file's schedule for the
    budget's year. They must add up to 100. Assessing again (after the articles changed)
    recomputes what each state owes; its payments stay.
    """
    if shares is None:
        schedule = selectors.shares_for(budget.year)
        if schedule is None:
            raise refuse("budget_no_shares", "budget.no_shares", BUDGET, year=budget.year)
        shares, source = schedule.shares, source or schedule.source
    given = {code.strip().upper(): checks.share(code, value) for code, value in shares.items()}
    for code, share in given.items():
        if share < 0:
            raise refuse(
                "budget_share_negative", "budget.share_negative", BUDGET, code=code, share=share
            )
    total_share = shares_total(given)
    if total_share != HUNDRED:
        raise refuse("budget_shares_not_100", "budget.shares_not_100", BUDGET, total=total_share)
    states = {s.code: s for s in State.objects.filter(code__in=list(given))}
    for code in given:
        if code not in states:
            raise refuse("budget_unknown_state", "budget.unknown_state", BUDGET, code=code)
    locked = lock(budget)
    total = selectors.budget_total(locked)
    if total <= 0:
        raise refuse("budget_empty", "budget.empty", BUDGET)
    dropped = locked.contributions.exclude(state__code__in=list(given))
    paid = dropped.filter(payments__isnull=False).select_related("state").first()
    if paid is not None:
        raise refuse(
            "budget_assessed_paid",
            "budget.assessed_paid",
            BUDGET,
            status=409,
            state=names_of(paid.state),
        )
    dropped.delete()
    parts = apportion(total, given)
    now = timezone.now()
    made: list[Contribution] = []
    for code, due in parts.items():
        contribution, _ = Contribution.objects.update_or_create(
            budget=locked,
            state=states[code],
            defaults={
                "share": given[code],
                "due": due,
                "source": (source or "given")[:500],
                "assessed_at": now,
            },
        )
        made.append(contribution)
    return made


@transaction.atomic
def payment_record(
    *,
    budget: Budget,
    state: State,
    amount: Decimal,
    currency: str,
    received_on: dt.date,
    reference: str,
    by: User | None = None,
) -> Payment:
    """Record a payment received from ``state`` towards its contribution to ``budget``.

    A payment beyond what is owed is kept: it shows as the state's credit.
    """
    money = checks.amount(amount, (Payment, "amount"), positive=True)
    code = checks.currency(currency)
    if code != budget.currency:
        raise refuse(
            "budget_currency_mismatch",
            "budget.currency_mismatch",
            BUDGET,
            given=code,
            currency=budget.currency,
        )
    reference = reference.strip()
    if not reference:
        raise refuse("budget_reference_required", "budget.reference_required", BUDGET)
    checks.not_future(received_on)
    contribution = (
        Contribution.objects.select_for_update().filter(budget=budget, state=state).first()
    )
    if contribution is None:
        raise refuse(
            "budget_not_assessed",
            "budget.not_assessed",
            BUDGET,
            status=409,
            state=names_of(state),
        )
    if Payment.objects.filter(contribution__budget=budget, reference=reference).exists():
        raise refuse(
            "budget_payment_duplicate",
            "budget.payment_duplicate",
            BUDGET,
            status=409,
            reference=reference,
        )
    return Payment.objects.create(
        contribution=contribution,
        received_on=received_on,
        amount=money,
        currency=code,
        reference=reference,
        recorded_at=timezone.now(),
        recorded_by=by,
    )


# --- spending ------------------------------------------------------------------------------


@transaction.atomic
def spending_record(
    *,
    article: Article,
    amount: Decimal,
    spent_on: dt.date,
    description: str | Mapping[str, str],
    currency: str | None = None,
    contract: ExpertContract | None = None,
    by: User | None = None,
) -> Spending:
    """Record money spent under ``article``.

    Spending beyond the article's amount is recorded all the same (the money is gone): the
    execution report and the budget's page then warn, citing SEC-BUDGET.
    """
    money = checks.amount(amount, (Spending, "amount"), positive=True)
    budget = article.budget
    code = checks.currency(currency or budget.currency)
    if code != budget.currency:
        raise refuse(
            "budget_currency_mismatch",
            "budget.currency_mismatch",
            BUDGET,
            given=code,
            currency=budget.currency,
        )
    descriptions = texts_columns("description", description)
    if not any(descriptions.values()):
        raise refuse("budget_description_required", "budget.description_required", BUDGET)
    checks.not_future(spent_on)
    locked = lock(article)
    if contract is not None:
        if contract.article_id != locked.pk:
            raise refuse(
                "budget_contract_other_article",
                "budget.contract_other_article",
                EXPERTS_AND_BUDGET,
                code=contract.article.code,
            )
        if contract.status != ContractStatus.CONCLUDED:
            raise refuse(
                "budget_contract_not_concluded",
                "budget.contract_not_concluded",
                EXPERTS,
                status=409,
            )
    return Spending.objects.create(
        article=locked,
        contract=contract,
        spent_on=spent_on,
        amount=money,
        currency=code,
        **descriptions,
        recorded_at=timezone.now(),
        recorded_by=by,
    )


# --- experts and their single-term contracts (SEC-EXPERTS) --------------------------------


@transaction.atomic
def expert_add(
    *, full_name: str, citizenship: State | None = None, by: User | None = None
) -> Expert:
    name = full_name.strip()
    if not name:
        raise refuse("budget_expert_name_required", "budget.expert_name_required", EXPERTS)
    return Expert.objects.create(full_name=name, citizenship=citizenship, created_at=timezone.now())


def _single_term(
    expert: Expert,
    starts_on: dt.date,
    ends_on: dt.date,
    subject: Mapping[Lang, str],
    exclude: int | None = None,
) -> None:
    """Refuse a contract that would not be single-term: one running beside another of the
    same expert, or one that continues an earlier one (the next day, or the same research).

    A «разовый контракт» is concluded once, for one piece of research, for one term: it is
    neither extended nor renewed, and a second contract for the same research or straight
    after the first is a renewal in all but name. A later contract for other research, after
    a break, is a new single-term contract.
    """
    others = ExpertContract.objects.filter(expert=expert).exclude(status=ContractStatus.WITHDRAWN)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    for other in others.order_by("starts_on"):
        facts: dict[str, object] = {
            "expert": expert.full_name,
            "starts_on": other.starts_on,
            "ends_on": other.ends_on,
        }
        if other.starts_on <= ends_on and starts_on <= other.ends_on:
            raise refuse(
                "budget_contract_overlap", "budget.contract_overlap", EXPERTS, status=409, **facts
            )
        continues = starts_on == other.ends_on + dt.timedelta(days=1)
        # The same research in any language it was given in.
        same_research = any(
            text and text.casefold() == str(getattr(other, f"subject_{lang}")).strip().casefold()
            for lang, text in subject.items()
        )
        if continues or same_research:
            raise refuse(
                "budget_contract_renewal", "budget.contract_renewal", EXPERTS, status=409, **facts
            )


@transaction.atomic
def contract_propose(
    *,
    expert: Expert,
    article: Article,
    subject: str | Mapping[str, str],
    starts_on: dt.date,
    ends_on: dt.date,
    fee: Decimal,
    currency: str | None = None,
    renews: ExpertContract | None = None,
    by: User | None = None,
) -> ExpertContract:
    """Draw up a single-term contract and ask every member state for its consent."""
    if renews is not None:
        raise refuse(
            "budget_contract_renewal",
            "budget.contract_renewal",
            EXPERTS,
            status=409,
            expert=renews.expert.full_name,
            starts_on=renews.starts_on,
            ends_on=renews.ends_on,
        )
    subjects = texts_columns("subject", subject)
    if not any(subjects.values()):
        raise refuse("budget_subject_required", "budget.subject_required", EXPERTS)
    if ends_on < starts_on:
        raise refuse(
            "budget_contract_end_before_start",
            "budget.contract_end_before_start",
            EXPERTS,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    money = checks.amount(fee, (ExpertContract, "fee"), positive=True)
    budget = article.budget
    code = checks.currency(currency or budget.currency)
    if code != budget.currency:
        raise refuse(
            "budget_contract_currency",
            "budget.contract_currency",
            EXPERTS_AND_BUDGET,
            given=code,
            code=article.code,
            currency=budget.currency,
        )
    lock(expert)  # one proposal per expert at a time
    _single_term(expert, starts_on, ends_on, texts_given(subject))
    contract = ExpertContract.objects.create(
        expert=expert,
        article=article,
        **subjects,
        starts_on=starts_on,
        ends_on=ends_on,
        fee=money,
        currency=code,
        created_at=timezone.now(),
        created_by=by,
    )
    for state in member_states_on(timezone.localdate()):
        Consent.objects.create(contract=contract, state=state)
    return contract


def _open(contract: ExpertContract) -> ExpertContract:
    locked = lock(contract, related=("expert",))
    if locked.status != ContractStatus.AWAITING_CONSENT:
        raise refuse(
            "budget_contract_closed",
            "budget.contract_closed",
            EXPERTS,
            status=409,
            condition=locked.get_status_display(),
        )
    return locked


@transaction.atomic
def consent_decide(
    *, contract: ExpertContract, state: State, given: bool, by: User | None = None
) -> Consent:
    """Record ``state``'s consent to the contract, given or withheld (its delegation only).

    A state may change its answer until the contract is concluded or withdrawn.
    """
    if by is not None and selectors.consent_state_of(by) != state.code:
        raise refuse(
            "budget_not_consenting_state",
            "budget.not_consenting_state",
            EXPERTS,
            status=403,
            state=names_of(state),
        )
    locked = _open(contract)
    consent = Consent.objects.select_for_update().filter(contract=locked, state=state).first()
    if consent is None:
        raise refuse(
            "budget_not_asked",
            "budget.not_asked",
            EXPERTS,
            status=409,
            state=names_of(state),
        )
    consent.given = given
    consent.decided_at = timezone.now()
    consent.decided_by = by
    consent.save(update_fields=["given", "decided_at", "decided_by"])
    return consent


def contract_verdict(contract: ExpertContract) -> ConsentVerdict:
    """Whether every member state asked about the contract consented (SEC-EXPERTS): the
    states asked are those of its consent rows, made when it was proposed."""
    answers = Consent.answers_in(contract.consents.all())
    return unanimity(answers, answers, rules=EXPERTS)


@transaction.atomic
def contract_conclude(*, contract: ExpertContract, by: User | None = None) -> ExpertContract:
    """Conclude the contract: every member state consented, and its fee fits in the article.

    The article's commitments (spending plus fees of concluded contracts not yet paid) with
    this fee may not pass the article's amount (SEC-EXPERTS: "within budgetary limits").
    """
    article = Article.objects.select_for_update().get(pk=contract.article_id)
    locked = _open(contract)
    verdict = contract_verdict(locked)
    if verdict.outcome is not Outcome.AGREED:
        states = {c.state.code: c.state for c in locked.consents.select_related("state")}
        refused = verdict.outcome is Outcome.REFUSED
        codes = verdict.withheld if refused else verdict.missing
        raise refuse(
            "budget_consent_withheld" if refused else "budget_consent_missing",
            "budget.consent_withheld" if refused else "budget.consent_missing",
            verdict.rules,
            status=409,
            states=[names_of(states[code]) for code in codes],
        )
    _single_term(
        locked.expert,
        locked.starts_on,
        locked.ends_on,
        texts_given({lang: getattr(locked, f"subject_{lang}") for lang in ("en", "ru", "zh")}),
        locked.pk,
    )
    committed = selectors.commitments(article) + locked.fee
    if committed > article.amount:
        raise refuse(
            "budget_over_line",
            "budget.over_line",
            EXPERTS_AND_BUDGET,
            status=409,
            fee=Money(locked.fee, locked.currency),
            code=article.code,
            committed=Money(committed, locked.currency),
            amount=Money(article.amount, locked.currency),
        )
    locked.status = ContractStatus.CONCLUDED
    locked.concluded_at = timezone.now()
    locked.save(update_fields=["status", "concluded_at"])
    contract.refresh_from_db()
    return locked


@transaction.atomic
def contract_withdraw(*, contract: ExpertContract, by: User | None = None) -> ExpertContract:
    """Withdraw a contract still awaiting consent (it frees the expert's term)."""
    locked = _open(contract)
    locked.status = ContractStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    contract.refresh_from_db()
    return locked
