"""Builders of the audit tests: states, users of a role, and an actor to write as."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from secretariat.accounts.models import User
from secretariat.audit.context import Actor, acting_as
from secretariat.registry.models import State
from tests.factories import accounts

#: A client address from the documentation range (RFC 5737).
ADDRESS = "203.0.113.5"


def state_create(code: str = "ZZ", **fields: Any) -> State:
    values: dict[str, Any] = {
        "alpha3": f"{code}X",
        "name_en": f"Stateland {code}",
        "name_ru": "Государство",
        "name_zh": "国家",
    }
    return State.objects.create(code=code, **{**values, **fields})


def user_create(username: str, role: str, **fields: Any) -> User:
    """A user of ``role`` with no delegation: enough for the permission checks."""
    return accounts.person(username, role=role, delegation=None, **fields)


@pytest.fixture
def officer() -> User:
    return user_create("officer", "secretariat_officer")


@pytest.fixture
def as_officer(officer: User) -> Iterator[Actor]:
    """Write as the Secretariat officer, from ADDRESS."""
    with acting_as(Actor(user_id=officer.pk, username=officer.username, origin=ADDRESS)) as actor:
        yield actor


@pytest.fixture
def static_root(settings: Any, tmp_path: Path) -> None:
    # WhiteNoise warns (an error under -W error) when STATIC_ROOT does not exist yet.
    settings.STATIC_ROOT = tmp_path
