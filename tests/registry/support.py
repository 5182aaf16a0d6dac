"""Helpers of the registry tests: the data file parsed and rewritten, the tables snapshotted
(loading and emptying the registry is in tests.factories.registry)."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from secretariat.reference_data import REFERENCE_FILE
from tests.factories.registry import REGISTRY_MODELS


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
