"""How a deadline's date is counted: regulations.md, "How dates are counted"."""

from __future__ import annotations

import pytest

from secretariat.procedure.calendars import calendar_for
from secretariat.procedure.deadlines import CalendarRequiredError, count_deadline
from secretariat.procedure.verdicts import InputError
from tests.said import day_said

from .builders import day


@pytest.mark.parametrize(
    ("anchor", "count", "n", "direction", "expected"),
    [
        # "not later than N days before": first day of the meeting - N calendar days.
        pytest.param(
            "2026-06-30",
            "days",
            30,
            "before",
            "2026-05-31",
            id="30 days before 30 Jun (regulations.md)",
        ),
        pytest.param("2026-06-30", "days", 20, "before", "2026-06-10", id="20 days before 30 Jun"),
        pytest.param(
            "2026-03-10", "days", 10, "before", "2026-02-28", id="10 days before, across February"
        ),
        pytest.param(
            "2024-03-10",
            "days",
            10,
            "before",
            "2024-02-29",
            id="10 days before, across a leap February",
        ),
        pytest.param(
            "2026-01-05", "days", 5, "before", "2025-12-31", id="5 days before, across the year"
        ),
        pytest.param(
            "2026-06-30", "days", 0, "before", "2026-06-30", id="0 days before is the day itself"
        ),
        # "not later than one month before": minus a calendar month, clamped to its end.
        pytest.param(
            "2026-03-31",
            "months",
            1,
            "before",
            "2026-02-28",
            id="a month before 31 Mar (regulations.md)",
        ),
        pytest.param(
            "2024-03-30",
            "months",
            1,
            "before",
            "2024-02-29",
            id="a month before 30 Mar of a leap year",
        ),
        pytest.param(
            "2024-03-31",
            "months",
            1,
            "before",
            "2024-02-29",
            id="a month before 31 Mar of a leap year",
        ),
        pytest.param("2026-05-31", "months", 1, "before", "2026-04-30", id="a month before 31 May"),
        pytest.param("2026-06-30", "months", 1, "before", "2026-05-30", id="a month before 30 Jun"),
        pytest.param(
            "2026-01-15", "months", 1, "before", "2025-12-15", id="a month before, across the year"
        ),
        pytest.param("2028-02-29", "months", 12, "before", "2027-02-28", id="a year before 29 Feb"),
        # "within N days" after an event: day of the event + N calendar days.
        pytest.param(
            "2026-05-20",
            "days",
            5,
            "after",
            "2026-05-25",
            id="5 days after 20 May (regulations.md)",
        ),
        pytest.param("2026-05-20", "days", 7, "after", "2026-05-27", id="7 days after 20 May"),
        pytest.param(
            "2026-12-30", "days", 2, "after", "2027-01-01", id="2 days after, across the year"
        ),
        pytest.param("2026-01-31", "months", 1, "after", "2026-02-28", id="a month after 31 Jan"),
        # "immediately after", "at the start": the same day.
        pytest.param("2026-06-30", "none", 0, "on", "2026-06-30", id="on the day"),
    ],
)
def test_a_deadline_in_calendar_days_or_months(
    anchor: str, count: str, n: int, direction: str, expected: str
) -> None:
    due, skipped = count_deadline(day(anchor), count, n, direction)  # type: ignore[arg-type]  # tables hold str

    assert due == day(expected)
    assert skipped == []


@pytest.mark.parametrize(
    ("state", "anchor", "n", "expected"),
    [
        pytest.param(
            "RU", "2026-06-30", 5, "2026-07-07", id="BC Secretariat, Tue 30 Jun (regulations.md)"
        ),
        pytest.param(
            "RU", "2025-12-29", 5, "2026-01-15", id="BC Secretariat, over the New Year holidays"
        ),
        pytest.param("CN", "2026-09-30", 5, "2026-10-13", id="SCO Secretariat, over National Day"),
        pytest.param("UZ", "2026-12-04", 2, "2026-12-09", id="RATS, over Constitution Day"),
    ],
)
def test_a_deadline_in_working_days_counts_in_the_seats_calendar(
    state: str, anchor: str, n: int, expected: str
) -> None:
    due, skipped = count_deadline(day(anchor), "working_days", n, "after", calendar_for(state))

    assert due == day(expected)
    assert all(day(anchor) < off.date < due for off in skipped)
    assert skipped, "a count over a weekend skips it"


def test_a_deadline_falling_on_a_holiday_is_not_moved() -> None:
    # 20 days before Thu 21 Jan 2026 is 1 January; no source moves it (regulations.md).
    due, _ = count_deadline(day("2026-01-21"), "days", 20, "before")

    assert due == day("2026-01-01")
    assert not calendar_for("CN").is_working_day(due)


@pytest.mark.parametrize(
    ("anchor", "count", "n", "direction"),
    [
        pytest.param("0001-01-10", "days", 30, "before", id="30 days before 10 Jan of year 1"),
        pytest.param("0001-01-31", "months", 1, "before", id="a month before Jan of year 1"),
        pytest.param("9999-12-30", "days", 5, "after", id="5 days after 30 Dec 9999"),
    ],
)
def test_a_deadline_outside_the_calendar_is_an_input_error(
    anchor: str, count: str, n: int, direction: str
) -> None:
    with pytest.raises(InputError) as raised:
        count_deadline(day(anchor), count, n, direction)  # type: ignore[arg-type]  # tables hold str

    assert raised.value.code == "date_out_of_range"
    assert day_said(anchor, "ru") in raised.value.render("ru")
    assert anchor in raised.value.render("en")


def test_working_days_without_a_calendar_are_refused() -> None:
    with pytest.raises(CalendarRequiredError):
        count_deadline(day("2026-06-30"), "working_days", 5, "after")
