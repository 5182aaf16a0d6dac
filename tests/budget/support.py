"""Shared data of the budget tests: a year's budget with articles, and the users who act."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.budget import services
from secretariat.budget.models import Article, Budget
from secretariat.core.errors import RefusedError
from secretariat.registry.models import State
from secretariat.registry.selectors import member_states_on
from tests.factories.accounts import user_get_or_create as user

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
    return user("finance", "secretariat_finance", "sco-secretariat")


def consenter(code: str) -> User:
    """The national coordinator of member state ``code`` (its delegation is the code)."""
    return user(f"nc-{code.lower()}", "national_coordinator", code.lower())


def members() -> list[State]:
    return list(member_states_on(timezone.localdate()))


def a_budget(year: int = 2026, *, due_on: dt.date | None = None) -> Budget:
    return services.budget_create(
        year=year,
        holder="secretariat",
        currency="USD",
        contributions_due_on=due_on,
        articles=ARTICLES,
        by=finance(),
    )


def article(budget: Budget, code: str) -> Article:
    return budget.articles.get(code=code)


def money(value: str) -> Decimal:
    return Decimal(value)


def refused(expected: str, call: Any, /, **kwargs: Any) -> RefusedError:
    """The refusal ``call(**kwargs)`` raises, checked to be ``expected``."""
    with pytest.raises(RefusedError) as caught:
        call(**kwargs)
    assert caught.value.code == expected
    return caught.value
