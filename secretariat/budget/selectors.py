"""Reads of the budget app: budgets, the execution report, contributions with arrears, the
warnings of SEC-BUDGET, and experts' contracts with their consents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import DecimalField, Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.accounts.models import User
from secretariat.budget.models import (
    Article,
    ArticleAmendment,
    Budget,
    Consent,
    ContractStatus,
    Contribution,
    ExpertContract,
    Spending,
)
from secretariat.core.lang import current_lang, names_of
from secretariat.core.lookup import found_or_404
from secretariat.procedure.formatting import Money
from secretariat.procedure.text import LANGS, Message, Text

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: Percentages of execution are shown to one decimal place.
PERCENT = Decimal("0.1")
#: The member states' shares, with their source and the day each schedule applies from. It
#: stays beside the budget app rather than in procedure/regulations/: it is not a rule of
#: procedure with an id and a wording but the budget Agreement's annex of figures, read only
#: here; the engine's apportionment (procedure.apportion) is given the shares as plain values.
SHARES_FILE = Path(__file__).with_name("shares.yaml")
#: The rules every budget warning cites.
BUDGET_RULES = ("SEC-BUDGET",)


#: What a sum of amounts is read as: wider than one amount's column (15 digits), so a sum of
#: many rows, each in range, is read without a decimal error on SQLite.
SUM_FIELD = DecimalField(max_digits=30, decimal_places=2)


def sum_of(of: str) -> Sum:
    """The sum of the amounts ``of`` (a field or a path to one), read as SUM_FIELD."""
    return Sum(of, output_field=SUM_FIELD)


def cents(value: Decimal | int | None) -> Decimal:
    """A sum from the database to the cent (SQLite's SUM drops trailing zeros)."""
    return Decimal(value or 0).quantize(CENT)


# --- shares ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareSchedule:
    valid_from: dt.date
    #: Where the shares come from, in English (as recorded with each contribution)...
    source: str
    shares: dict[str, Decimal]
    #: ...and in the three languages, for the pages.
    sources: Text | None = None

    @property
    def source_shown(self) -> str:
        """The source in the reader's language."""
        return self.sources[current_lang()] if self.sources else self.source


def _source(given: object) -> Text:
    if isinstance(given, dict):
        return Text(**{lang: str(given.get(lang) or given["en"]) for lang in LANGS})
    return Text(en=str(given), ru=str(given), zh=str(given))


@cache
def share_schedules() -> tuple[ShareSchedule, ...]:
    """The schedules of shares.yaml, oldest first."""
    raw = yaml.safe_load(SHARES_FILE.read_text(encoding="utf-8"))
    found = [
        ShareSchedule(
            valid_from=item["valid_from"],
            source=_source(item["source"]).en,
            shares={str(code): Decimal(str(v)) for code, v in item["shares"].items()},
            sources=_source(item["source"]),
        )
        for item in raw["schedules"]
    ]
    return tuple(sorted(found, key=lambda s: s.valid_from))


def shares_for(year: int) -> ShareSchedule | None:
    """The schedule in force on the first day of ``year``."""
    first = dt.date(year, 1, 1)
    applying = [s for s in share_schedules() if s.valid_from <= first]
    return applying[-1] if applying else None


# --- budgets -----------------------------------------------------------------------------


def budgets_visible(user: User | None) -> QuerySet[Budget]:
    """Budgets ``user`` may see: every one for a role with budget.view, else none."""
    if user is None or not user.can("budget.view"):
        return Budget.objects.none()
    return Budget.objects.all()


def budget_of(user: User | None, budget_id: int) -> Budget:
    return found_or_404(budgets_visible(user), _("There is no such budget."), pk=budget_id)


def article_of(budget: Budget, code: str) -> Article:
    """The article of ``budget`` with this code."""
    return found_or_404(budget.articles.all(), _("There is no such article."), code=code)


def budget_total(budget: Budget) -> Decimal:
    return cents(budget.articles.aggregate(total=sum_of("amount"))["total"])


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal place; None when ``whole`` is 0."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(PERCENT, rounding=ROUND_HALF_UP)


def spent_on_article(article: Article) -> Decimal:
    return cents(article.spendings.aggregate(total=sum_of("amount"))["total"])


def outstanding_fees(article: Article) -> Decimal:
    """Fees of concluded contracts on ``article`` not yet paid out as spending."""
    owed = ZERO
    contracts = article.contracts.filter(status=ContractStatus.CONCLUDED).annotate(
        paid=sum_of("spendings__amount")
    )
    for contract in contracts:
        owed += max(contract.fee - cents(contract.paid), ZERO)
    return owed


def commitments(article: Article) -> Decimal:
    """What the article is bound to: money spent plus fees of concluded contracts still owed."""
    return spent_on_article(article) + outstanding_fees(article)


def approved_amount(article: Article, amendments: list[ArticleAmendment] | None = None) -> Decimal:
    """The amount the article was approved with: before its first amendment, else its amount.

    ``amendments`` are the article's, oldest first, when already read.
    """
    if amendments is None:
        amendments = list(article.amendments.order_by("recorded_at", "pk")[:1])
    return amendments[0].amount_before if amendments else article.amount


@dataclass
class ExecutionRow:
    article: Article
    #: As approved (before any amendment).
    approved: Decimal
    #: As last amended: the article's amount, against which spending is weighed.
    planned: Decimal
    spent: Decimal
    committed: Decimal
    remaining: Decimal
    percent: Decimal | None
    #: The warning when spending passed the article's amount.
    warning: Message | None = None
    #: The article's amendments, oldest first.
    amendments: list[ArticleAmendment] = field(default_factory=list)

    @property
    def over(self) -> bool:
        return self.warning is not None

    @property
    def amended(self) -> bool:
        return bool(self.amendments)


@dataclass
class ExecutionReport:
    budget: Budget
    rows: list[ExecutionRow]
    approved: Decimal
    planned: Decimal
    spent: Decimal
    committed: Decimal
    percent: Decimal | None

    @property
    def warnings(self) -> list[Message]:
        return [row.warning for row in self.rows if row.warning is not None]

    @property
    def amended(self) -> bool:
        """Whether any article was amended."""
        return any(row.amended for row in self.rows)


def execution(budget: Budget) -> ExecutionReport:
    """Planned (as amended) against spent (and committed) per article, with percentages and
    warnings; the amount approved before any amendment beside it."""
    rows: list[ExecutionRow] = []
    amendments = ArticleAmendment.objects.select_related("recorded_by").order_by(
        "recorded_at", "pk"
    )
    articles = budget.articles.order_by("code").prefetch_related(
        Prefetch("amendments", queryset=amendments)
    )
    for article in articles:
        history = list(article.amendments.all())
        spent = spent_on_article(article)
        committed = spent + outstanding_fees(article)
        warning = None
        if spent > article.amount:
            warning = Message(
                "budget.warning_over_article",
                {
                    "code": article.code,
                    "name": names_of(article),
                    "spent": Money(spent, budget.currency),
                    "amount": Money(article.amount, budget.currency),
                    "over": Money(spent - article.amount, budget.currency),
                },
            )
        rows.append(
            ExecutionRow(
                article=article,
                approved=approved_amount(article, history),
                planned=article.amount,
                spent=spent,
                committed=committed,
                remaining=article.amount - spent,
                percent=percent_of(spent, article.amount),
                warning=warning,
                amendments=history,
            )
        )
    approved = sum((r.approved for r in rows), ZERO)
    planned = sum((r.planned for r in rows), ZERO)
    spent = sum((r.spent for r in rows), ZERO)
    committed = sum((r.committed for r in rows), ZERO)
    return ExecutionReport(
        budget, rows, approved, planned, spent, committed, percent_of(spent, planned)
    )


# --- contributions -----------------------------------------------------------------------


@dataclass
class ContributionRow:
    contribution: Contribution
    share: Decimal
    due: Decimal
    paid: Decimal
    #: What remains to pay (0 when paid in full or more).
    arrears: Decimal
    #: What was paid beyond the contribution.
    credit: Decimal
    overdue: bool
    warning: Message | None = None


@dataclass
class ContributionsTable:
    budget: Budget
    today: dt.date
    rows: list[ContributionRow] = field(default_factory=list)
    due: Decimal = ZERO
    paid: Decimal = ZERO
    arrears: Decimal = ZERO
    credit: Decimal = ZERO

    @property
    def warnings(self) -> list[Message]:
        return [row.warning for row in self.rows if row.warning is not None]


def contributions(budget: Budget, today: dt.date | None = None) -> ContributionsTable:
    """Each member state's share, what it owes, has paid, its arrears or credit, and whether
    it is overdue (past the year's due date with arrears left)."""
    today = today or timezone.localdate()
    table = ContributionsTable(budget, today)
    found = (
        budget.contributions.select_related("state")
        .annotate(paid_total=sum_of("payments__amount"))
        .order_by("-share", "state__code")
    )
    for contribution in found:
        paid = cents(contribution.paid_total)
        arrears = max(contribution.due - paid, ZERO)
        credit = max(paid - contribution.due, ZERO)
        due_on = budget.contributions_due_on
        overdue = due_on is not None and today > due_on and arrears > 0
        warning = None
        if overdue:
            warning = Message(
                "budget.warning_overdue",
                {
                    "state": names_of(contribution.state),
                    "year": budget.year,
                    "due_on": due_on,
                    "arrears": Money(arrears, budget.currency),
                },
            )
        table.rows.append(
            ContributionRow(
                contribution=contribution,
                share=contribution.share,
                due=contribution.due,
                paid=paid,
                arrears=arrears,
                credit=credit,
                overdue=overdue,
                warning=warning,
            )
        )
        table.due += contribution.due
        table.paid += paid
        table.arrears += arrears
        table.credit += credit
    return table


def payments_of(budget: Budget) -> QuerySet[Any]:
    from secretariat.budget.models import Payment

    return (
        Payment.objects.filter(contribution__budget=budget)
        .select_related("contribution__state")
        .order_by("-received_on", "-pk")
    )


def spendings_of(budget: Budget) -> QuerySet[Spending]:
    return (
        Spending.objects.filter(article__budget=budget)
        .select_related("article", "contract__expert")
        .order_by("-spent_on", "-pk")
    )


# --- experts and contracts ---------------------------------------------------------------


def contracts_visible(user: User | None) -> QuerySet[ExpertContract]:
    if user is None or not user.can("budget.view"):
        return ExpertContract.objects.none()
    consents = Consent.objects.select_related("state", "decided_by").order_by("state__code")
    return ExpertContract.objects.select_related(
        "expert", "article__budget", "created_by"
    ).prefetch_related(Prefetch("consents", queryset=consents))


def contract_of(user: User | None, contract_id: int) -> ExpertContract:
    return found_or_404(contracts_visible(user), _("There is no such contract."), pk=contract_id)


def consent_state_of(user: User | None) -> str | None:
    """The state code whose consent ``user`` gives (relations.consent, member delegation)."""
    if user is None or not user.can("relations.consent") or user.delegation is None:
        return None
    state = user.delegation.state
    return state.code if state is not None else None


# --- as the API answers ------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _warning_out(message: Message, lang: str) -> dict[str, Any]:
    from secretariat.procedure.text import parse_lang

    return {
        "code": message.code,
        "message": message.render(parse_lang(lang)),
        "rules": list(BUDGET_RULES),
    }


def budget_out(budget: Budget, lang: str = "en", today: dt.date | None = None) -> dict[str, Any]:
    """The budget with its articles' execution, contributions, and warnings."""
    report = execution(budget)
    table = contributions(budget, today)
    return {
        "id": budget.pk,
        "year": budget.year,
        "holder": budget.holder,
        "currency": budget.currency,
        "contributions_due_on": budget.contributions_due_on,
        "total": _money(report.planned),
        "total_approved": _money(report.approved),
        "spent": _money(report.spent),
        "committed": _money(report.committed),
        "percent": None if report.percent is None else str(report.percent),
        "articles": [
            {
                "code": r.article.code,
                "name": r.article.name,
                "approved": _money(r.approved),
                "planned": _money(r.planned),
                "committed": _money(r.committed),
                "spent": _money(r.spent),
                "remaining": _money(r.remaining),
                "percent": None if r.percent is None else str(r.percent),
                "over": r.over,
                "amendments": [
                    {
                        "decided_on": a.decided_on,
                        "amount_before": _money(a.amount_before),
                        "amount_after": _money(a.amount_after),
                        "reason": a.reason,
                        "recorded_at": a.recorded_at,
                    }
                    for a in r.amendments
                ],
            }
            for r in report.rows
        ],
        "contributions": [
            {
                "state": r.contribution.state.code,
                "share": str(r.share.normalize()),
                "due": _money(r.due),
                "paid": _money(r.paid),
                "arrears": _money(r.arrears),
                "credit": _money(r.credit),
                "overdue": r.overdue,
            }
            for r in table.rows
        ],
        "warnings": [_warning_out(w, lang) for w in [*report.warnings, *table.warnings]],
    }


def contract_out(contract: ExpertContract) -> dict[str, Any]:
    return {
        "id": contract.pk,
        "expert": {"id": contract.expert_id, "full_name": contract.expert.full_name},
        "budget": contract.article.budget_id,
        "article": contract.article.code,
        "subject": contract.subject,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "fee": _money(contract.fee),
        "currency": contract.currency,
        "status": contract.status,
        "status_name": str(contract.get_status_display()),
        "concluded_at": contract.concluded_at,
        "consents": [
            {
                "state": c.state.code,
                "names_of": c.state.name,
                "given": c.given,
                "decided_at": c.decided_at,
            }
            for c in contract.consents.all()
        ],
    }
