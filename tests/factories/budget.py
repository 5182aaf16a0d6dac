"""Budgets taken through the services: a year's budget of the Secretariat with three articles,
and the users who act on it (the finance officer, member states' coordinators)."""

from __future__ import annotations

import datetime as dt

from secretariat.accounts.models import User
from secretariat.budget import services
from secretariat.budget.models import Budget
from tests.factories.accounts import user_get_or_create

#: The articles of ``a_budget``: staff, travel and experts' research, 750,000 in all.
ARTICLES = [
    {"code": "1", "name": {"en": "Staff", "ru": "Персонал", "zh": "人员"}, "amount": "600000.00"},
    {"code": "2", "name": {"en": "Travel", "ru": "Командировки", "zh": "差旅"}, "amount": "100000"},
    {
        "code": "3",
        "name": {"en": "Research by experts", "ru": "Исследования экспертов", "zh": "专家研究"},
        "amount": "50000.00",
    },
]


def finance() -> User:
    """The Secretariat's finance officer ``finance`` (the same one if already made)."""
    return user_get_or_create("finance", "secretariat_finance", "sco-secretariat")


def consenter(code: str) -> User:
    """The national coordinator of member state ``code`` (its delegation is the code)."""
    return user_get_or_create(f"nc-{code.lower()}", "national_coordinator", code.lower())


def a_budget(year: int = 2026, *, due_on: dt.date | None = None) -> Budget:
    """The Secretariat's budget of ``year`` in USD with ARTICLES, contributions due ``due_on``."""
    return services.budget_create(
        year=year,
        holder="secretariat",
        currency="USD",
        contributions_due_on=due_on,
        articles=ARTICLES,
        by=finance(),
    )
