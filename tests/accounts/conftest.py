"""Fixtures of the accounts tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axes.utils import reset


@pytest.fixture
def no_lockouts_left_behind(db: None) -> Iterator[None]:
    """Forget django-axes' failed attempts after the test."""
    yield
    reset()
