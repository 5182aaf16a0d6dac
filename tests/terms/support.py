"""The shipped term base loaded for a test module (outside the tests' transactions) and
emptied afterwards. Other apps' tests that use ``terms.lookup`` load it the same way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from secretariat.terms import lookup
from secretariat.terms.models import Concept, Source
from secretariat.terms.services import LoadReport, termbase_load


def termbase_clear() -> None:
    Concept.objects.all().delete()
    Source.objects.all().delete()
    lookup.forget()


@contextmanager
def termbase_loaded(django_db_blocker: Any) -> Iterator[LoadReport]:
    """Load the shipped term base for the duration; empty it afterwards."""
    with django_db_blocker.unblock():
        report = termbase_load()
    try:
        yield report
    finally:
        with django_db_blocker.unblock():
            termbase_clear()
