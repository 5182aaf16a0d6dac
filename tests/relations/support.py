"""Helpers of the relations tests: today, a state and refusals (the partner, the agreement and
the officer are in tests.factories.relations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from secretariat.core.errors import RefusedError
from secretariat.registry.models import State


def today() -> dt.date:
    return timezone.localdate()


def state(code: str) -> State:
    return State.objects.get(code=code)


def refused(call: Any, **kwargs: Any) -> RefusedError:
    """The refusal ``call(**kwargs)`` raises."""
    with pytest.raises(RefusedError) as caught:
        call(**kwargs)
    return caught.value
