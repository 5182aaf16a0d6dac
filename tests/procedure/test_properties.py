"""Properties that hold for any date, checked with hypothesis.

Working days are checked against the holidays package's own ``is_working_day``, an
oracle independent of the engine's calendar code.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from functools import cache

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from secretariat.procedure.calendars import calendar_for
from secretariat.procedure.consensus import Position, check_consensus
from secretariat.procedure.deadlines import count_deadline
from secretariat.procedure.quorum import check_quorum
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.schedules import compute_schedule

from .builders import MEMBERS, day

PROPERTY = settings(deadline=None, max_examples=150)
ONE_DAY = dt.timedelta(days=1)

meeting_days = st.dates(day("2000-01-01"), day("2040-12-31"))
#: The CMFA's calendar is the chair's: our summits give a chair from 4 July 2023 on.
chaired_days = st.dates(day("2023-07-04"), day("2040-12-31"))
SEATS = ("CN", "RU", "UZ", "KZ")
MEETING_PROCEDURES = ("bcb-regular", "bcb-extraordinary", "cmfa-extraordinary", "sco-meeting")


@cache
def _package_year(state: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(state, years=year)


def package_says_working(state: str, date: dt.date) -> bool:
    return bool(_package_year(state, date.year).is_working_day(date))


# --- Deadlines -----------------------------------------------------------------------------


@PROPERTY
@given(start=meeting_days, n=st.integers(0, 400))
def test_a_deadline_n_days_before_a_meeting_is_n_days_before_its_start(
    start: dt.date, n: int
) -> None:
    due, _ = count_deadline(start, "days", n, "before")

    assert due <= start
    assert (start - due).days == n


@PROPERTY
@given(start=meeting_days, n=st.integers(0, 24))
def test_a_deadline_n_months_before_a_meeting_is_never_after_its_start(
    start: dt.date, n: int
) -> None:
    due, _ = count_deadline(start, "months", n, "before")

    assert due <= start
    assert (due == start) is (n == 0)


@PROPERTY
@given(start=meeting_days, n=st.integers(0, 24), direction=st.sampled_from(["before", "after"]))
def test_month_arithmetic_keeps_the_day_or_clamps_it_to_the_months_last(
    start: dt.date, n: int, direction: str
) -> None:
    due, _ = count_deadline(start, "months", n, direction)  # type: ignore[arg-type]  # tables hold str

    months = start.year * 12 + start.month - 1 + (n if direction == "after" else -n)
    year, month = divmod(months, 12)
    assert (due.year, due.month) == (year, month + 1)
    assert due.day == min(start.day, month_calendar.monthrange(year, month + 1)[1])


@PROPERTY
@given(
    state=st.sampled_from(SEATS),
    start=st.dates(day("2000-01-01"), day("2035-12-31")),
    n=st.integers(1, 60),
)
def test_the_nth_working_day_has_exactly_n_minus_1_working_days_before_it(
    state: str, start: dt.date, n: int
) -> None:
    due, skipped = calendar_for(state).add_working_days(start, n)

    assert due > start
    assert package_says_working(state, due)
    between = [start + ONE_DAY * i for i in range(1, (due - start).days)]
    assert sum(package_says_working(state, d) for d in between) == n - 1
    assert [off.date for off in skipped] == [
        d for d in between if not package_says_working(state, d)
    ]


@PROPERTY
@given(
    state=st.sampled_from(SEATS),
    start=st.dates(day("2000-01-01"), day("2035-12-31")),
    n=st.integers(1, 60),
)
def test_counting_working_days_back_returns_to_a_working_start(
    state: str, start: dt.date, n: int
) -> None:
    calendar = calendar_for(state)
    while not calendar.is_working_day(start):
        start += ONE_DAY

    due, _ = calendar.add_working_days(start, n)

    assert calendar.add_working_days(due, -n)[0] == start


# --- Schedules -----------------------------------------------------------------------------


@st.composite
def procedure_questions(
    draw: st.DrawFn,
) -> tuple[str, dt.date | None, dt.date | None, dict[str, dt.date]]:
    """A procedure, its meeting (perhaps several days) and events around it."""
    procedure = draw(st.sampled_from([*MEETING_PROCEDURES, "depositary"]))
    start = draw(chaired_days if procedure == "cmfa-extraordinary" else meeting_days)
    end = start + ONE_DAY * draw(st.integers(0, 10))
    offset = st.integers(-90, 15).map(lambda days: start + ONE_DAY * days)
    events: dict[str, dt.date] = {}
    takes_received = procedure in ("bcb-extraordinary", "cmfa-extraordinary")
    if procedure == "depositary" or (takes_received and draw(st.booleans())):
        events["received"] = draw(offset)
    if procedure == "bcb-extraordinary":
        for name in ("informed", "last_reply"):
            if draw(st.booleans()):
                events[name] = draw(offset)
    if procedure == "depositary":
        return procedure, None, None, events
    return procedure, start, end, events


@PROPERTY
@given(question=procedure_questions())
def test_a_timetables_steps_are_in_date_order_one_per_rule(
    book: Rulebook,
    reference: ReferenceData,
    question: tuple[str, dt.date | None, dt.date | None, dict[str, dt.date]],
) -> None:
    procedure, start, end, events = question

    result = compute_schedule(
        book, reference, procedure, meeting_start=start, meeting_end=end, events=events
    )

    dues = [step.due for step in result.steps]
    assert dues == sorted(dues)
    assert sorted(s.rule.id for s in result.steps) == sorted(book.procedures[procedure].rule_ids)


@st.composite
def meetings(draw: st.DrawFn) -> tuple[str, dt.date, dt.date]:
    """A procedure and a meeting of one to eleven days."""
    procedure = draw(st.sampled_from(MEETING_PROCEDURES))
    start = draw(chaired_days if procedure == "cmfa-extraordinary" else meeting_days)
    return procedure, start, start + ONE_DAY * draw(st.integers(0, 10))


@PROPERTY
@given(meeting=meetings())
def test_steps_after_a_meeting_are_on_or_after_its_last_day_and_before_it_on_or_before_its_first(
    book: Rulebook, reference: ReferenceData, meeting: tuple[str, dt.date, dt.date]
) -> None:
    procedure, start, end = meeting

    result = compute_schedule(book, reference, procedure, meeting_start=start, meeting_end=end)

    counted_from_the_meeting = 0
    for step in result.steps:
        deadline = step.rule.deadline
        assert deadline is not None
        if step.anchor not in ("meeting_start", "meeting_end"):
            continue
        counted_from_the_meeting += 1
        if deadline.direction == "after":
            assert step.due >= end, step.rule.id
        elif deadline.direction == "before":
            assert step.due <= start, step.rule.id
        else:
            assert start <= step.due <= end, step.rule.id
    assert counted_from_the_meeting >= 1


# --- Quorum and consensus ------------------------------------------------------------------

attendances = st.dictionaries(st.sampled_from(MEMBERS), st.integers(0, 3))


@PROPERTY
@given(present=attendances, arriving=st.sampled_from(MEMBERS))
def test_one_more_member_arriving_never_breaks_a_quorum(
    book: Rulebook, present: dict[str, int], arriving: str
) -> None:
    if present.get(arriving, 0) == 3:
        return
    more = {**present, arriving: present.get(arriving, 0) + 1}

    before, after = check_quorum(book, present, 10), check_quorum(book, more, 10)

    assert after.ok or not before.ok


@PROPERTY
@given(present=attendances)
def test_fewer_than_five_states_are_never_a_quorum(book: Rulebook, present: dict[str, int]) -> None:
    verdict = check_quorum(book, present, 10)

    if sum(1 for count in present.values() if count) < 5:
        assert not verdict.ok
    if sum(present.values()) < 16:
        assert not verdict.ok


positions = st.dictionaries(st.sampled_from(MEMBERS), st.sampled_from(list(Position)), min_size=1)


@PROPERTY
@given(positions=positions, objector=st.sampled_from(MEMBERS))
def test_any_one_objection_blocks_and_without_objections_a_decision_passes(
    book: Rulebook, positions: dict[str, Position], objector: str
) -> None:
    objected = {**positions, objector: Position.OBJECT}
    softened = {
        state: Position.ABSTAIN if p is Position.OBJECT else p for state, p in positions.items()
    }

    assert not check_consensus(book, objected).ok
    assert objector in check_consensus(book, objected).facts["objections"]
    assert check_consensus(book, softened).ok
