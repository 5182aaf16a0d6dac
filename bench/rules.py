"""Benchmark: compute the timetables of a synthetic ten-year calendar of meetings.

    python bench/rules.py [--meetings N] [--years Y] [--seed S] [--repeat R] [--profile]

The calendar mixes every procedure of ``secretariat rules schedule``: regular and
extraordinary Board meetings (the latter with the day the appeal was received, some of
them late), extraordinary CMFA meetings, meetings of SCO bodies served by the Secretariat
and depositary originals; some meetings last several days. Every schedule is computed with
``compute_schedule`` in this one process, pinned to one core where the system allows it.

Printed: the number of meetings, schedules per second for a cold pass (working-day
calendars not yet built) and for the best of R warm passes, the mean time per schedule, and
the floor of the stack: a loop doing only one ``date + timedelta`` per step of each schedule.
Our warm throughput divided by the floor's says how far the engine is from bare date
arithmetic. The goal is at least 20,000 schedules per second, warm.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from secretariat.procedure import calendars
from secretariat.procedure.reference import ReferenceData, load_reference_file
from secretariat.procedure.rules import Rulebook, rulebook
from secretariat.procedure.schedules import Schedule, compute_schedule

GOAL_PER_SECOND = 20_000
FIRST_YEAR = 2026
DEFAULT_MEETINGS = 6_000
DEFAULT_YEARS = 10

#: How often each procedure occurs in the calendar (weights, not counts).
MIXTURE: Mapping[str, int] = {
    "bcb-regular": 15,
    "bcb-extraordinary": 25,
    "cmfa-extraordinary": 15,
    "sco-meeting": 30,
    "depositary": 15,
}
#: Share of meetings that last several days (2 to 4).
MULTI_DAY_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class SyntheticMeeting:
    """One question for the engine: a procedure and its dates."""

    procedure: str
    meeting_start: dt.date | None
    meeting_end: dt.date | None
    events: Mapping[str, dt.date] = field(default_factory=dict)
    #: Whether the generator made the received date later than the rules allow.
    late: bool = False


def generate_calendar(
    n: int = DEFAULT_MEETINGS, years: int = DEFAULT_YEARS, seed: int = 2026
) -> list[SyntheticMeeting]:
    """Return ``n`` synthetic meetings spread over ``years`` years from 2026, in date order."""
    if n < 0 or years < 1:
        raise ValueError("need n >= 0 meetings over at least one year")
    rng = random.Random(seed)
    first = dt.date(FIRST_YEAR, 1, 1)
    span = (dt.date(FIRST_YEAR + years, 1, 1) - first).days
    procedures = list(MIXTURE)
    weights = list(MIXTURE.values())
    meetings = []
    for _ in range(n):
        procedure = rng.choices(procedures, weights)[0]
        day = first + dt.timedelta(days=rng.randrange(span))
        meetings.append(_meeting(rng, procedure, day))
    meetings.sort(key=lambda m: m.meeting_start or m.events["received"])
    return meetings


def _meeting(rng: random.Random, procedure: str, day: dt.date) -> SyntheticMeeting:
    if procedure == "depositary":
        # No meeting: the day the Secretariat received the original.
        return SyntheticMeeting(procedure, None, None, {"received": day})
    end = day
    if rng.random() < MULTI_DAY_SHARE:
        end = day + dt.timedelta(days=rng.randint(1, 3))
    if procedure == "bcb-extraordinary":
        # The appeal is due 30 days before; a third of them arrive later than that.
        ahead = rng.randint(15, 60)
        received = day - dt.timedelta(days=ahead)
        # Sent and received the same day: the notice binds the sending (regulations.md).
        events = {"sent": received, "received": received}
        return SyntheticMeeting(procedure, day, end, events, late=ahead < 30)
    if procedure == "cmfa-extraordinary":
        # The letters are due one month before; about a quarter arrive late. Some questions
        # give no received date, and the latest permissible day is assumed.
        if rng.random() < 0.2:
            return SyntheticMeeting(procedure, day, end)
        ahead = rng.randint(20, 60)
        received = day - dt.timedelta(days=ahead)
        late = received > day - relativedelta(months=1)
        events = {"sent": received, "received": received}
        return SyntheticMeeting(procedure, day, end, events, late=late)
    return SyntheticMeeting(procedure, day, end)


def compute_all(
    book: Rulebook, reference: ReferenceData, meetings: Sequence[SyntheticMeeting]
) -> list[Schedule]:
    """The schedule of every meeting, in order."""
    return [
        compute_schedule(
            book,
            reference,
            m.procedure,
            meeting_start=m.meeting_start,
            meeting_end=m.meeting_end,
            events=m.events,
        )
        for m in meetings
    ]


def _timed_pass(
    book: Rulebook, reference: ReferenceData, meetings: Sequence[SyntheticMeeting]
) -> tuple[float, list[Schedule]]:
    started = time.perf_counter()
    schedules = compute_all(book, reference, meetings)
    return time.perf_counter() - started, schedules


def floor_pass(anchors: Sequence[dt.date], steps: Sequence[int]) -> float:
    """Seconds for one ``date + timedelta`` per step of each schedule, and nothing else."""
    delta = dt.timedelta(days=1)
    started = time.perf_counter()
    for anchor, count in zip(anchors, steps, strict=True):
        day = anchor
        for _ in range(count):
            day = day + delta
    return time.perf_counter() - started


def forget_calendars() -> None:
    """Drop the process-wide calendar caches, so the next pass builds the calendars again."""
    for name in ("_calendar", "_holiday_names"):
        cached = getattr(calendars, name, None)
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()


def pin_to_one_core() -> str:
    """Run on a single core where the system allows it; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "one process (core pinning not available)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"one process pinned to core {core}"


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=DEFAULT_MEETINGS, help="meetings")
    parser.add_argument("--years", type=int, default=DEFAULT_YEARS, help="years from 2026")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--repeat", type=int, default=5, help="warm passes (best is kept)")
    parser.add_argument("--profile", action="store_true", help="cProfile one warm pass")
    args = parser.parse_args(argv)
    if args.meetings < 1 or args.years < 1 or args.repeat < 1:
        parser.error("--meetings, --years and --repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    args = _parse(argv)
    where = pin_to_one_core()
    meetings = generate_calendar(args.meetings, args.years, args.seed)
    n = len(meetings)

    started = time.perf_counter()
    book = rulebook()
    reference = load_reference_file()
    load_seconds = time.perf_counter() - started

    forget_calendars()
    cold_seconds, schedules = _timed_pass(book, reference, meetings)
    warm_seconds = min(_timed_pass(book, reference, meetings)[0] for _ in range(args.repeat))

    steps = [len(s.steps) for s in schedules]
    anchors = [m.meeting_start or m.events["received"] for m in meetings]
    floor_seconds = min(floor_pass(anchors, steps) for _ in range(args.repeat))

    mix = Counter(m.procedure for m in meetings)
    multi_day = sum(1 for m in meetings if m.meeting_end and m.meeting_end != m.meeting_start)
    late = sum(1 for m in meetings if m.late)
    violations = sum(len(s.violations) for s in schedules)
    warnings = sum(len(step.warnings) for s in schedules for step in s.steps)
    cold_rate = n / cold_seconds
    warm_rate = n / warm_seconds
    floor_rate = n / floor_seconds
    first = min(anchors)
    last = max(m.meeting_end or m.events["received"] for m in meetings)

    print(f"meetings: {n} ({first} .. {last}, seed {args.seed}); {where}")
    print("  mixture: " + ", ".join(f"{p} {mix[p]}" for p in MIXTURE))
    print(f"  multi-day: {multi_day}; received late: {late}; violations found: {violations}")
    print(f"  steps: {sum(steps)} ({sum(steps) / n:.2f} per schedule); warnings: {warnings}")
    print(f"rulebook + reference data loaded in {load_seconds * 1e3:.1f} ms")
    print(f"cold pass (calendars not yet built): {cold_rate:,.0f} schedules/s")
    print(f"warm pass (best of {args.repeat}): {warm_rate:,.0f} schedules/s")
    print(f"  mean per schedule (warm): {warm_seconds / n * 1e6:.1f} µs")
    print(
        f"floor (one date + timedelta per step): {floor_rate:,.0f} schedules/s; "
        f"ours / floor = {warm_rate / floor_rate:.4f} (the floor is "
        f"{floor_rate / warm_rate:,.0f}x faster)"
    )
    met = "met" if warm_rate >= GOAL_PER_SECOND else "NOT met"
    print(f"goal >= {GOAL_PER_SECOND:,} schedules/s (warm): {met}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        compute_all(book, reference, meetings)
        profiler.disable()
        report = io.StringIO()
        pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(15)
        print("\nprofile of one warm pass, top 15 by cumulative time:")
        print(report.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
