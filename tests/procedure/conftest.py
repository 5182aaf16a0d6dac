"""Fixtures of the rules-engine tests: the shipped rulebook, and reference data built in code."""

from __future__ import annotations

import pytest

from secretariat.procedure.reference import ReferenceData, load_reference_file
from secretariat.procedure.rules import Rulebook, rulebook

from .builders import build_reference


@pytest.fixture(scope="session")
def book() -> Rulebook:
    """The project's rulebook, from secretariat/procedure/regulations/."""
    return rulebook()


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    """Ten members, the seats of regulations.md, national parts and summits 23-26."""
    return build_reference()


@pytest.fixture(scope="session")
def shipped_reference() -> ReferenceData:
    """The real reference data shipped with the project (secretariat/reference_data/sco.yaml)."""
    return load_reference_file()
