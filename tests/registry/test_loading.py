"""Loading the SCO reference data file into the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from secretariat.registry import selectors, services
from secretariat.registry.models import Body, CalendarOverride, State
from secretariat.registry.reference_file import parse_reference
from secretariat.registry.reference_records import ReferenceDataError
from secretariat.registry.services import LoadReport, reference_load
from tests.factories.registry import registry_loaded

from .support import reference_raw, registry_snapshot, write_reference

TIANJIN = dt.date(2025, 9, 1)


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


pytestmark = pytest.mark.django_db


def test_the_loader_reports_how_many_rows_of_each_kind_the_file_holds(
    registry: LoadReport,
) -> None:
    assert (registry.states, registry.bodies, registry.secretaries_general) == (27, 21, 8)
    assert registry.council_meetings == 67  # 27 CHS, 25 CHG, 15 CMFA
    assert registry.chairmanship_terms == 26
    assert "27 states" in registry.summary()


def test_on_2025_09_01_there_are_10_member_states_and_17_partners() -> None:
    members = {s.code for s in selectors.member_states_on(TIANJIN)}
    partners = {s.code for s in selectors.partners_on(TIANJIN)}

    assert members == {"CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY"}
    assert len(partners) == 17
    assert not members & partners


def test_on_2025_08_31_the_partners_were_2_observers_and_14_dialogue_partners() -> None:
    day = TIANJIN - dt.timedelta(days=1)
    observers = selectors.states_with_status_on(day=day, statuses=["observer"])
    dialogue = selectors.states_with_status_on(day=day, statuses=["dialogue_partner"])

    assert {s.code for s in observers} == {"AF", "MN"}
    assert dialogue.count() == 14


def test_laos_is_a_partner_from_2025_09_01_and_held_no_status_before() -> None:
    laos = State.objects.get(code="LA")

    assert [(s.status, s.valid_from) for s in laos.statuses.all()] == [("partner", TIANJIN)]
    assert laos.status_on(TIANJIN - dt.timedelta(days=1)) is None
    status = laos.status_on(TIANJIN)
    assert status is not None
    assert status.status == "partner"


def test_india_was_an_observer_until_the_day_before_it_became_a_member() -> None:
    india = State.objects.get(code="IN")

    assert [(s.status, s.valid_from, s.valid_to) for s in india.statuses.all()] == [
        ("observer", dt.date(2005, 7, 5), dt.date(2017, 6, 8)),
        ("member", dt.date(2017, 6, 9), None),
    ]


def test_belarus_was_a_dialogue_partner_then_an_observer_then_a_member() -> None:
    belarus = State.objects.get(code="BY")
    history = [(s.status, s.valid_from, s.confidence) for s in belarus.statuses.all()]

    assert history == [
        ("dialogue_partner", dt.date(2009, 6, 16), "medium"),
        ("observer", dt.date(2015, 7, 10), "high"),
        ("member", dt.date(2024, 7, 4), "high"),
    ]


def test_the_secretariat_the_business_council_secretariat_and_rats_have_their_seats() -> None:
    seats = {
        b.code: (b.seat_state.code if b.seat_state else None, b.seat_city_en)
        for b in Body.objects.filter(code__in=["secretariat", "bc_secretariat", "rats"])
    }

    assert seats == {
        "secretariat": ("CN", "Beijing"),
        "bc_secretariat": ("RU", "Moscow"),
        "rats": ("UZ", "Tashkent"),
    }


def test_every_member_state_has_a_national_part_in_the_business_council() -> None:
    parts = Body.objects.filter(kind="national_part")

    assert {p.state.code for p in parts if p.state} == {
        s.code for s in selectors.member_states_on(TIANJIN)
    }
    assert all(p.parent and p.parent.code == "bc" for p in parts)


def test_loading_twice_changes_nothing() -> None:
    before = registry_snapshot()

    reference_load()

    assert registry_snapshot() == before


def test_a_broken_entry_is_named_and_leaves_the_registry_unchanged(tmp_path: Path) -> None:
    raw = reference_raw()
    raw["states"][0]["name"]["en"] = "Renamed before the error"
    raw["council_meetings"][3]["date_start"] = "sometime in 2004"
    broken = write_reference(raw, tmp_path / "broken.yaml")
    before = registry_snapshot()

    with pytest.raises(ReferenceDataError, match=r"council_meetings\[3\].*date_start"):
        reference_load(path=broken)

    assert registry_snapshot() == before


def test_a_failure_half_way_through_leaves_the_registry_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = reference_raw()
    raw["states"][0]["name"]["en"] = "Renamed before the failure"
    changed = write_reference(raw, tmp_path / "changed.yaml")
    before = registry_snapshot()

    def fail(*args: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_secretaries_general_save", fail)
    with pytest.raises(RuntimeError):
        reference_load(path=changed)

    assert registry_snapshot() == before


def test_overlapping_statuses_are_refused_naming_the_state() -> None:
    raw = reference_raw()
    india = next(s for s in raw["states"] if s["code"] == "IN")
    india["statuses"][0]["to"] = dt.date(2018, 1, 1)

    with pytest.raises(ReferenceDataError, match=r"\(IN\).*overlap"):
        parse_reference(raw)


def test_a_body_whose_parent_is_not_in_the_file_is_refused() -> None:
    raw = reference_raw()
    next(b for b in raw["bodies"] if b["code"] == "bcb")["parent"] = "no_such_body"

    with pytest.raises(ReferenceDataError, match=r"\(bcb\).*no_such_body"):
        parse_reference(raw)


def test_a_file_without_the_secretariat_seat_is_refused() -> None:
    raw = reference_raw()
    next(b for b in raw["bodies"] if b["code"] == "secretariat")["seat"] = None

    with pytest.raises(ReferenceDataError, match="seat"):
        parse_reference(raw)


def test_a_meeting_in_an_unknown_state_is_refused() -> None:
    raw = reference_raw()
    raw["council_meetings"][0]["state"] = "XX"

    with pytest.raises(ReferenceDataError, match=r"council_meetings\[0\].*'XX'"):
        parse_reference(raw)


def test_calendar_overrides_entered_in_the_admin_survive_a_reload() -> None:
    CalendarOverride.objects.create(
        state=State.objects.get(code="RU"),
        date=dt.date(2026, 12, 31),
        is_working_day=False,
        reason_en="New Year's Eve made a day off by decree",
    )

    reference_load()

    assert CalendarOverride.objects.filter(state__code="RU", date=dt.date(2026, 12, 31)).exists()


def test_the_load_command_prints_a_one_line_summary_of_counts() -> None:
    out = StringIO()

    call_command("registry", "load", stdout=out)

    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert "27 states" in lines[0]
    assert "67 council meetings" in lines[0]


def test_the_load_command_reports_a_broken_file_and_loads_nothing(tmp_path: Path) -> None:
    raw = reference_raw()
    raw["secretaries_general"][0]["nationality"] = "ZZ"
    broken = write_reference(raw, tmp_path / "broken.yaml")
    before = registry_snapshot()

    with pytest.raises(CommandError, match=r"Nothing was loaded.*secretaries_general\[0\]"):
        call_command("registry", "load", "--path", str(broken), stdout=StringIO())

    assert registry_snapshot() == before
