"""How a deadline's date is counted (regulations.md, "How dates are counted").

- ``days`` before: the first day of the meeting minus N calendar days;
- ``months`` before: minus N calendar months, a missing day clamped to the month's end;
- ``days`` after: the day of the event plus N calendar days;
- ``working_days`` after: the N-th working day after the event in the acting body's
  seat calendar;
- ``none`` on: the same day ("immediately after", "at the start").

A deadline is never moved off a weekend or holiday; callers warn instead.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from secretariat.procedure.calendars import DayOff, UnknownCalendarError, WorkingCalendar
from secretariat.procedure.rules import Count, Direction
from secretariat.procedure.text import Message
from secretariat.procedure.verdicts import InputError


class CalendarRequiredError(ValueError):
    """Working days were asked for without a calendar to count them in."""


def count_deadline(
    anchor: dt.date,
    count: Count,
    n: int,
    direction: Direction,
    calendar: WorkingCalendar | None = None,
) -> tuple[dt.date, list[DayOff]]:
    """The due date counted from ``anchor``, and (for working days) the days skipped."""
    try:
        return _count(anchor, count, n, direction, calendar)
    except UnknownCalendarError:
        state = calendar.state if calendar else "?"
        raise InputError(
            "calendar_year_unknown",
            Message("error.calendar_year_unknown", {"seat": state, "from": anchor}),
        ) from None
    except CalendarRequiredError:
        raise
    except (OverflowError, ValueError) as exc:  # past year 1 or 9999 (relativedelta: ValueError)
        raise out_of_range(anchor) from exc


def out_of_range(anchor: dt.date) -> InputError:
    """The error for a date counted past year 1 or year 9999."""
    return InputError("date_out_of_range", Message("error.date_out_of_range", {"anchor": anchor}))


def _count(
    anchor: dt.date,
    count: Count,
    n: int,
    direction: Direction,
    calendar: WorkingCalendar | None,
) -> tuple[dt.date, list[DayOff]]:
    if direction == "on" or count == "none":
        return anchor, []
    sign = -1 if direction == "before" else 1
    if count == "days":
        return anchor + dt.timedelta(days=sign * n), []
    if count == "months":
        # relativedelta clamps: 2026-03-31 minus one month is 2026-02-28.
        return anchor + relativedelta(months=sign * n), []
    if calendar is None:
        raise CalendarRequiredError("working days need the acting body's calendar")
    return calendar.add_working_days(anchor, sign * n)
