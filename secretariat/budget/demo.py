"""Demo budget for ``make run``: ``secretariat budget demo`` (after ``accounts demo``).

The Secretariat's 2026 budget with four articles (illustrative amounts, not the real
budget), one of them amended by a decision of the Council of National Coordinators (the
amount approved stays visible), the member states' contributions assessed from the shares
file on the amended total, payments from every state but one in full (Kyrgyzstan has paid
half: in arrears), spending with the travel article overspent (a warning), and one expert's
contract awaiting the member states' consent (Kazakhstan has consented).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.budget import services
from secretariat.budget.models import Budget, ExpertContract, Holder
from secretariat.registry.models import State

YEAR = 2026
#: Illustrative figures for the demo: not the SCO's budget.
ARTICLES = [
    (
        "1",
        {
            "en": "Staff salaries (demo)",
            "ru": "Оплата труда персонала (демо)",
            "zh": "人员工资（演示）",
        },
        "1800000.00",
    ),
    (
        "2",
        {
            "en": "Official travel (demo)",
            "ru": "Служебные командировки (демо)",
            "zh": "公务差旅（演示）",
        },
        "150000.00",
    ),
    (
        "3",
        {
            "en": "Research by experts (demo)",
            "ru": "Исследования экспертов (демо)",
            "zh": "专家研究（演示）",
        },
        "120000.00",
    ),
    (
        "4",
        {
            "en": "Conferences and symposia (demo)",
            "ru": "Конференции и симпозиумы (демо)",
            "zh": "会议和研讨会（演示）",
        },
        "200000.00",
    ),
]
IN_ARREARS = "KG"
#: The demo's amendment: article, amount as amended, decision (illustrative).
AMENDED = (
    "4",
    "180000.00",
    {
        "en": "Decision of the Council of National Coordinators No. 3 (demo): "
        "conference costs reduced",
        "ru": "Решение Совета национальных координаторов № 3 (демо): "
        "расходы на конференции сокращены",
        "zh": "国家协调员理事会第3号决定（演示）：削减会议费用",
    },
)
#: The demo's spending: article, amount, month, what for.
SPENDING = (
    (
        "1",
        "1350000.00",
        9,
        {
            "en": "Salaries January to September",
            "ru": "Оплата труда за январь–сентябрь",
            "zh": "1月至9月工资",
        },
    ),
    (
        "2",
        "162500.00",
        10,
        {
            "en": "Delegations to the summit and the Councils",
            "ru": "Командирование делегаций на саммит и заседания советов",
            "zh": "派团出席峰会和各理事会会议",
        },
    ),
    (
        "4",
        "48000.00",
        6,
        {
            "en": "Conference on the SCO's 25th anniversary",
            "ru": "Конференция, посвящённая 25-летию ШОС",
            "zh": "上合组织成立25周年会议",
        },
    ),
)
#: The demo contract's research.
RESEARCH = {
    "en": "Transport corridors linking the SCO member states",
    "ru": "Транспортные коридоры, связывающие государства-члены ШОС",
    "zh": "连接上合组织成员国的交通走廊",
}


@dataclass
class Made:
    budget: Budget | None = None
    contract: ExpertContract | None = None
    notes: list[str] = field(default_factory=list)


def _day(month: int, day: int, today: dt.date) -> dt.date:
    return min(dt.date(YEAR, month, day), today)


@transaction.atomic
def demo_budget_ensure(today: dt.date | None = None) -> Made:
    """Make the demo budget unless the Secretariat's 2026 budget exists; say what was made."""
    made = Made()
    if Budget.objects.filter(year=YEAR, holder=Holder.SECRETARIAT).exists():
        return made
    today = today or timezone.localdate()
    finance = User.objects.filter(username="finance").first()
    budget = services.budget_create(
        year=YEAR,
        holder=Holder.SECRETARIAT,
        currency="USD",
        contributions_due_on=dt.date(YEAR, 3, 31),
        articles=[{"code": c, "name": n, "amount": a} for c, n, a in ARTICLES],
        by=finance,
    )
    amended_code, amended_to, decision = AMENDED
    services.article_amend(
        article=budget.articles.get(code=amended_code),
        amount=Decimal(amended_to),
        reason=decision,
        decided_on=_day(1, 20, today),
        by=finance,
    )
    contributions = services.contributions_assess(budget=budget, by=finance)
    for contribution in contributions:
        state = contribution.state
        paid = contribution.due
        if state.code == IN_ARREARS:
            paid = (contribution.due / 2).quantize(Decimal("0.01"))
        services.payment_record(
            budget=budget,
            state=state,
            amount=paid,
            currency="USD",
            received_on=_day(2, 15, today),
            reference=f"DEMO-{YEAR}-{state.code}",
            by=finance,
        )
    articles = {a.code: a for a in budget.articles.all()}
    for code, amount, month, what in SPENDING:
        services.spending_record(
            article=articles[code],
            amount=Decimal(amount),
            spent_on=_day(month, 28, today),
            description=what,
            by=finance,
        )
    # A name is written as its bearer writes it, here in Kazakhstan's Cyrillic, with no
    # English title or "(demo)" for a Russian or Chinese reader to meet; the budget is the demo.
    expert = services.expert_add(
        full_name="Айгерим Султанова",
        citizenship=State.objects.filter(code="KZ").first(),
    )
    contract = services.contract_propose(
        expert=expert,
        article=articles["3"],
        subject=RESEARCH,
        starts_on=dt.date(YEAR + 1, 2, 1),
        ends_on=dt.date(YEAR + 1, 5, 31),
        fee=Decimal("24000.00"),
        by=finance,
    )
    kz = State.objects.filter(code="KZ").first()
    coordinator = User.objects.filter(username="kz-coordinator").first()
    if kz is not None and contract.consents.filter(state=kz).exists():
        services.consent_decide(contract=contract, state=kz, given=True, by=coordinator)
    made.budget, made.contract = budget, contract
    made.notes.append(f"{IN_ARREARS} has paid half its contribution: in arrears")
    made.notes.append("article 2 (travel) is overspent: the budget page warns")
    made.notes.append(f"article {amended_code} was amended to {amended_to} by a CNC decision")
    return made
