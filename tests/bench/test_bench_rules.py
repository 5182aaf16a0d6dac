"""The schedule benchmark's calendar generator and one pass over it (no timing asserts)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from secretariat.procedure.reference import load_reference_file
from secretariat.procedure.rules import rulebook

BENCH_SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "rules.py"
LATE_RULES = {
    "bcb-extraordinary": "BCB-EXTRA-NOTICE-30D",
    "cmfa-extraordinary": "CMFA-EXTRA-NOTICE-1M",
}


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """bench/rules.py, loaded as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_rules", BENCH_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_the_calendar_mixes_every_procedure_multi_day_meetings_and_late_receipts(
    bench: ModuleType,
) -> None:
    meetings = bench.generate_calendar(200, 10, 7)

    assert len(meetings) == 200
    kinds = Counter(m.procedure for m in meetings)
    assert set(kinds) == {
        "bcb-regular",
        "bcb-extraordinary",
        "cmfa-extraordinary",
        "sco-meeting",
        "depositary",
    }
    assert any(m.meeting_end and m.meeting_end > m.meeting_start for m in meetings)
    late = [m for m in meetings if m.late]
    assert {m.procedure for m in late} == set(LATE_RULES)
    assert any(m.procedure == "bcb-extraordinary" and not m.late for m in meetings)
    for m in meetings:
        if m.procedure == "depositary":
            assert m.meeting_start is None
            assert "received" in m.events
        else:
            assert m.meeting_start is not None
            assert m.meeting_end is not None
            assert m.meeting_start <= m.meeting_end
        if m.procedure == "bcb-extraordinary":
            assert "received" in m.events


def test_the_calendar_spreads_over_the_requested_years_in_date_order(bench: ModuleType) -> None:
    meetings = bench.generate_calendar(200, 10, 7)

    firsts = [m.meeting_start or m.events["received"] for m in meetings]
    assert firsts == sorted(firsts)
    assert all(dt.date(2026, 1, 1) <= d <= dt.date(2035, 12, 31) for d in firsts)
    assert len({d.year for d in firsts}) == 10


def test_the_same_seed_gives_the_same_calendar_and_another_seed_another(
    bench: ModuleType,
) -> None:
    assert bench.generate_calendar(200, 10, 7) == bench.generate_calendar(200, 10, 7)
    assert bench.generate_calendar(200, 10, 7) != bench.generate_calendar(200, 10, 8)


def test_one_pass_schedules_every_meeting_and_flags_exactly_the_late_receipts(
    bench: ModuleType,
) -> None:
    meetings = bench.generate_calendar(200, 10, 7)

    schedules = bench.compute_all(rulebook(), load_reference_file(), meetings)

    assert len(schedules) == len(meetings)
    for meeting, schedule in zip(meetings, schedules, strict=True):
        assert schedule.procedure.code == meeting.procedure
        assert schedule.steps
        dues = [s.due for s in schedule.steps]
        assert dues == sorted(dues)
        flagged = [v.rule for v in schedule.violations]
        assert flagged == ([LATE_RULES[meeting.procedure]] if meeting.late else [])


def test_the_floor_does_one_date_operation_per_step(bench: ModuleType) -> None:
    seconds = bench.floor_pass([dt.date(2026, 6, 30)] * 3, [4, 8, 2])

    assert seconds >= 0


def test_the_benchmark_prints_its_figures_for_a_small_calendar(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Pinning would bind the whole test process to one core.
    monkeypatch.setattr(bench, "pin_to_one_core", lambda: "test process")

    code = bench.main(["--meetings", "40", "--repeat", "1", "--seed", "3"])

    printed = capsys.readouterr().out
    assert code == 0
    assert "meetings: 40" in printed
    for figure in ("cold pass", "warm pass", "per schedule", "floor", "goal"):
        assert figure in printed
