"""registry.reference.reference keeps the registry's facts per process, and sees every change.

The facts are rebuilt only when the registry's generation token has changed; every save or
deletion of a registry row, and every load of the reference data, changes it, so the next
call in any process reads the registry again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from secretariat.procedure.reference import ReferenceData
from secretariat.registry.models import CalendarOverride, CouncilMeeting, RegistryGeneration, State
from secretariat.registry.reference import reference, reference_forget
from secretariat.registry.selectors import registry_generation
from secretariat.registry.services import LoadReport, reference_load, registry_changed
from tests.factories.registry import registry_clear, registry_loaded

pytestmark = pytest.mark.django_db

DECREE_DAY = dt.date(2026, 7, 3)


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    reference_forget()
    yield
    reference_forget()


def queries_of_one_call() -> tuple[ReferenceData, int]:
    with CaptureQueriesContext(connection) as captured:
        data = reference()
    return data, len(captured.captured_queries)


def override(state: str = "RU", day: dt.date = DECREE_DAY) -> CalendarOverride:
    return CalendarOverride.objects.create(
        state=State.objects.get(code=state),
        date=day,
        is_working_day=False,
        reason_en="Day off by decree (test)",
    )


def days_off(data: ReferenceData, state: str = "RU") -> set[dt.date]:
    return {o.date for o in data.overrides_for(state) if not o.working}


def test_repeated_calls_cost_one_query_and_return_the_same_facts(
    django_assert_num_queries: Any,
) -> None:
    first, built = queries_of_one_call()

    with django_assert_num_queries(1):
        second = reference()
    with django_assert_num_queries(1):
        third = reference()

    assert built > 1
    assert first.origin == "registry"
    assert second is first
    assert third is first


def test_a_calendar_override_saved_through_the_orm_is_seen_on_the_next_call() -> None:
    before, _ = queries_of_one_call()
    assert DECREE_DAY not in days_off(before)

    override()
    after, queries = queries_of_one_call()
    again, queries_again = queries_of_one_call()

    assert DECREE_DAY in days_off(after)
    assert queries > 1  # read again
    assert again is after
    assert queries_again == 1  # and kept again


def test_an_override_changed_or_deleted_is_seen_on_the_next_call() -> None:
    row = override()
    assert DECREE_DAY in days_off(reference())

    row.is_working_day = True
    row.save()
    assert DECREE_DAY not in days_off(reference())

    row.delete()
    assert all(o.date != DECREE_DAY for o in reference().overrides_for("RU"))


def test_a_summit_moved_and_the_reference_data_loaded_again_are_seen() -> None:
    summit = CouncilMeeting.objects.get(body__code="chs", number=25)
    original = summit.date_start
    assert original is not None
    assert any(s.number == 25 and s.date_start == original for s in reference().summits)
    moved = original + dt.timedelta(days=1)
    summit.date_start = moved
    summit.date_end = (summit.date_end or original) + dt.timedelta(days=1)
    summit.save()

    assert any(s.number == 25 and s.date_start == moved for s in reference().summits)

    reference_load()  # the file wins again
    assert any(s.number == 25 and s.date_start == original for s in reference().summits)


def test_a_change_in_another_process_is_seen_through_the_token_alone() -> None:
    kept = reference()
    # Another process renames a state and records the change: here, no signal fires in
    # this process, only the row it wrote shows it.
    State.objects.filter(code="KZ").update(name_en="Kazakhstan (renamed elsewhere)")
    assert reference() is kept  # nothing told this process yet

    RegistryGeneration.objects.update(token="written-by-another-process")  # noqa: S106

    assert reference().states["KZ"].name.en == "Kazakhstan (renamed elsewhere)"


def test_a_change_rolled_back_is_forgotten() -> None:
    kept = reference()

    with transaction.atomic():
        override()
        assert DECREE_DAY in days_off(reference())
        transaction.set_rollback(True)

    after = reference()
    assert DECREE_DAY not in days_off(after)
    assert after.overrides == kept.overrides


def test_without_a_generation_row_nothing_is_kept_until_the_next_change() -> None:
    RegistryGeneration.objects.all().delete()  # as a test database flush leaves it
    assert registry_generation() is None

    first, built = queries_of_one_call()
    second, built_again = queries_of_one_call()
    assert first.origin == second.origin == "registry"
    assert built > 1
    assert built_again > 1

    registry_changed()  # the next registry write creates the row
    assert registry_generation() is not None
    reference()
    _, queries = queries_of_one_call()
    assert queries == 1


def test_an_empty_registry_answers_from_the_file_until_it_is_loaded() -> None:
    registry_clear()  # rolled back with the test
    assert reference().origin == "file"

    reference_load()

    assert reference().origin == "registry"
