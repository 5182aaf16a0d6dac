"""Shared helpers of the registry tests: load the real data file once per module."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from secretariat.reference_data import REFERENCE_FILE
from secretariat.registry.models import (
    Body,
    CalendarOverride,
    ChairmanshipTerm,
    CooperationDocument,
    CouncilMeeting,
    InternationalOrganisation,
    OrganisationProfile,
    SecretaryGeneral,
    State,
    StateStatus,
)
from secretariat.registry.services import LoadReport, reference_load

#: Every registry table, in an order that deletes referring rows first.
REGISTRY_MODELS = (
    ChairmanshipTerm,
    CouncilMeeting,
    CooperationDocument,
    InternationalOrganisation,
    SecretaryGeneral,
    CalendarOverride,
    Body,
    StateStatus,
    State,
    OrganisationProfile,
)


def registry_clear() -> None:
    """Empty the registry tables (bodies point at their parents, so unlink them first)."""
    Body.objects.update(parent=None)
    for model in REGISTRY_MODELS:
        model.objects.all().delete()


@contextmanager
def registry_loaded(django_db_blocker: Any) -> Iterator[LoadReport]:
    """Load the shipped data file outside the tests' transactions; empty it afterwards."""
    with django_db_blocker.unblock():
        report = reference_load()
    try:
        yield report
    finally:
        with django_db_blocker.unblock():
            registry_clear()


def registry_snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every registry table, for before/after comparisons."""
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in REGISTRY_MODELS
    }


@cache
def _reference_parsed() -> dict[str, Any]:
    # libyaml's safe loader when PyYAML has it: the file is parsed at collection (parametrize).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = REFERENCE_FILE.read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.load(text, Loader=loader)  # noqa: S506  # a safe loader
    return raw


def reference_raw() -> dict[str, Any]:
    """The shipped data file, parsed, for tests that change one entry (a copy of their own:
    the file is parsed once per process)."""
    return copy.deepcopy(_reference_parsed())


def write_reference(raw: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
