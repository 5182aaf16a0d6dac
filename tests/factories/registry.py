"""The registry's reference rows (bodies, states, organisations...) loaded from the shipped
data file for a test module, and the delegations synced from them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
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


@contextmanager
def registry_with_delegations(django_db_blocker: Any) -> Iterator[None]:
    """``registry_loaded`` plus the delegations ``delegations_sync`` makes from it (deleted
    afterwards)."""
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()
