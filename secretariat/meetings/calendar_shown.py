"""The meetings calendar page: a month of meetings and the deadlines falling in it, as the
reader may see them."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass

from secretariat.accounts.models import User
from secretariat.core.lang import current_lang
from secretariat.meetings import selectors
from secretariat.meetings.models import Deadline
from secretariat.procedure.rules import rulebook

# --- the calendar ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    kind: str  # "meeting" or "deadline"
    meeting_id: int
    text: str
    rule_id: str = ""
    #: An open deadline whose day has passed.
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    entries: list[CalendarEntry]
    today: bool = False


def month_of(raw: str | None) -> dt.date | None:
    """The first day of ``YYYY-MM``, or None when it is not such a month."""
    year, _dash, number = (raw or "").partition("-")
    if not (len(year) == 4 and year.isdigit() and len(number) == 2 and number.isdigit()):
        return None
    if not (1900 <= int(year) <= 2200 and 1 <= int(number) <= 12):
        return None
    return dt.date(int(year), int(number), 1)


def calendar_weeks(user: User | None, first: dt.date, today: dt.date) -> list[list[CalendarDay]]:
    """The weeks of the month starting ``first``: each day's meetings ``user`` may see and
    their open deadlines, with the action of the rule behind each."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    meetings = list(
        selectors.meetings_visible(user).filter(date_start__lte=end, date_end__gte=start)
    )
    lang = current_lang()
    book = rulebook()
    entries: dict[dt.date, list[CalendarEntry]] = {}
    for m in meetings:
        day = max(m.date_start, start)
        while day <= min(m.date_end, end):
            entries.setdefault(day, []).append(CalendarEntry("meeting", m.pk, m.title))
            day += dt.timedelta(days=1)
    visible = selectors.meetings_visible(user).values("pk")
    deadlines = (
        Deadline.objects.filter(
            meeting__in=visible, due__gte=start, due__lte=end, done_at__isnull=True
        )
        .exclude(meeting__state__in=["cancelled", "refused"])
        .select_related("meeting")
        .order_by("due", "rule_id")
    )
    for d in deadlines:
        rule = book.rule(d.rule_id)
        action = rule.step.action[lang] if rule.step else d.rule_id
        entries.setdefault(d.due, []).append(
            CalendarEntry(
                "deadline",
                d.meeting_id,
                f"{action} — {d.meeting.title}",
                d.rule_id,
                overdue=d.due < today,
            )
        )
    days = [
        [
            CalendarDay(day, day.month == first.month, entries.get(day, []), day == today)
            for day in week
        ]
        for week in weeks
    ]
    return days
