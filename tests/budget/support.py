"""Helpers of the budget tests: the member states, an article, money and refusals (the budget
and its users are in tests.factories.budget)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from secretariat.budget.models import Article, Budget
from secretariat.core.errors import RefusedError
from secretariat.registry.models import State
from secretariat.registry.selectors import member_states_on


def members() -> list[State]:
    return list(member_states_on(timezone.localdate()))


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
