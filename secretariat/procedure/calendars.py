"""Working-day calendars of the seats: weekends, public holidays, transferred working days.

The ``holidays`` package gives each state's public holidays and official working
Saturdays/Sundays; the Secretariat's override table (``CalendarOverride``) corrects it,
above all for future years, which the package can only estimate. An override wins.

Estimated years (regulations.md, How dates are counted): a state publishes its calendar
(transferred working days, extra days off) for a year shortly before it begins, so the
years up to the current one are taken as published. A later year is an estimate until the
override table holds that year's official calendar: its transfers entered as overrides
marked ``official`` (a working Saturday and the day off it moves, ...). A count reaching an
estimated year says so, naming the state and the year.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import holidays
import yaml

from secretariat.procedure.reference import CalendarOverride
from secretariat.procedure.text import LANGS, Lang, Message, Text, catalogue

DayOffKind = Literal["weekend", "holiday", "transfer", "override"]
ONE_DAY = dt.timedelta(days=1)

# Our languages -> the prefixes of the holidays package's locale codes, best first.
_LOCALE_PREFIXES: dict[Lang, tuple[str, ...]] = {
    "en": ("en_US", "en"),
    "ru": ("ru",),
    "zh": ("zh_CN", "zh"),
}


#: Holiday names in ru/zh by the package's English name, for states it does not translate.
HOLIDAY_NAMES_FILE = Path(__file__).with_name("holidays.yaml")
#: A rest day moved from a weekend day that became a working day (the package's wording).
_TRANSFERRED = re.compile(r"^Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)$")
#: What the package appends to a holiday's name, and the sentence that words it.
_SUFFIXES = {
    " (observed, estimated)": "holiday.observed_estimated",
    " (observed)": "holiday.observed",
    " (estimated)": "holiday.estimated",
}


class UnknownCalendarError(ValueError):
    """No working-day calendar is known for this state code (or for this year of it)."""


@dataclass(frozen=True, slots=True)
class DayOff:
    """Why a day is not a working day in a calendar."""

    date: dt.date
    kind: DayOffKind
    #: The holiday's or override's name; for a weekend, the day of the week.
    name: Text

    def describe(self) -> Message:
        return Message(f"dayoff.{self.kind}", {"date": self.date, "name": self.name})


@dataclass(frozen=True, slots=True)
class _Year:
    holidays: frozenset[dt.date]
    working_weekend_days: frozenset[dt.date]


def supported_states() -> frozenset[str]:
    """State codes the holidays package has a calendar for."""
    return frozenset(holidays.list_supported_countries())


def _weekday_name(day: dt.date) -> Text:
    return catalogue()[f"weekday.{day.weekday()}"]


class WorkingCalendar:
    """The working days of one state, with the Secretariat's overrides applied."""

    def __init__(self, state: str, overrides: Iterable[CalendarOverride] = ()) -> None:
        if state not in supported_states():
            raise UnknownCalendarError(state)
        self.state = state
        self._base = holidays.country_holidays(state)
        self.weekend = frozenset(self._base.weekend)
        self._overrides = {o.date: o for o in overrides if o.state == state}
        #: Years whose official calendar the override table holds.
        self.official_years = frozenset(d.year for d, o in self._overrides.items() if o.official)
        self._years: dict[int, _Year] = {}

    def estimated_years(
        self, first: dt.date, last: dt.date, today: dt.date | None = None
    ) -> tuple[int, ...]:
        """The years from ``first`` to ``last`` (either order) whose calendar is an estimate:
        after the current year, and not held as official by the override table."""
        current = (today or dt.datetime.now(dt.UTC).date()).year
        low, high = sorted((first.year, last.year))
        return tuple(
            y for y in range(low, high + 1) if y > current and y not in self.official_years
        )

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            # A fresh instance per year: the package accumulates working weekend days
            # only for the years it has populated.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                h = holidays.country_holidays(self.state, years=year)
            if any(issubclass(w.category, UserWarning) for w in caught):
                # The package says it lacks some holidays of that year (India's lunar
                # calendar outside 2001-2035, ...): counting on it would be wrong.
                raise UnknownCalendarError(f"{self.state} {year}")
            cached = _Year(
                holidays=frozenset(h.keys()),
                working_weekend_days=frozenset(d for d in h.weekend_workdays if d.year == year),
            )
            self._years[year] = cached
        return cached

    def is_working_day(self, day: dt.date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.working
        year = self._year(day.year)
        if day.weekday() in self.weekend:
            return day in year.working_weekend_days
        return day not in year.holidays

    def day_off(self, day: dt.date) -> DayOff | None:
        """Why ``day`` is not a working day, or None when it is one."""
        override = self._overrides.get(day)
        if override is not None:
            return None if override.working else DayOff(day, "override", override.reason)
        year = self._year(day.year)
        if day in year.holidays:
            moved_from = self.transferred_from(day)
            if moved_from is not None:
                return DayOff(
                    day, "transfer", _text(Message("holiday.moved_from", {"date": moved_from}))
                )
            return DayOff(day, "holiday", self.holiday_name(day))
        if day.weekday() in self.weekend and day not in year.working_weekend_days:
            return DayOff(day, "weekend", _weekday_name(day))
        return None

    def holiday_name(self, day: dt.date) -> Text:
        """The holiday's name in each language: the package's own translation where it has
        one, else holidays.yaml (China and Uzbekistan in Russian, ...), never English."""
        names = {lang: _holiday_names(self.state, day.year, lang).get(day, "") for lang in LANGS}
        en = names["en"] or day.isoformat()
        return Text(
            en=en,
            ru=names["ru"] or _translated(en, "ru"),
            zh=names["zh"] or _translated(en, "zh"),
        )

    def transferred_from(self, day: dt.date) -> dt.date | None:
        """The working day a rest day was moved from, when ``day`` is only that: a
        transferred day off (перенесённый выходной день, 调休), not a public holiday."""
        en = _holiday_names(self.state, day.year, "en").get(day, "")
        found = _TRANSFERRED.match(en)
        if found is None:
            return None
        month, dom, year = found.groups()
        return dt.date(int(year), int(month), int(dom))

    def add_working_days(self, day: dt.date, n: int) -> tuple[dt.date, list[DayOff]]:
        """The n-th working day after ``day`` (before it when n < 0), and the days skipped."""
        step = ONE_DAY if n >= 0 else -ONE_DAY
        skipped: list[DayOff] = []
        remaining = abs(n)
        current = day
        while remaining:
            current += step
            off = self.day_off(current)
            if off is None:
                remaining -= 1
            else:
                skipped.append(off)
        return current, skipped


@cache
def _holiday_names(state: str, year: int, lang: Lang) -> dict[dt.date, str]:
    """Holiday names in our language where the package has it; empty otherwise."""
    cls = holidays.country_holidays(state, years=year)
    supported = tuple(getattr(cls, "supported_languages", ()) or ())
    for prefix in _LOCALE_PREFIXES[lang]:
        for locale in supported:
            if locale == prefix or locale.startswith(prefix):
                localised = holidays.country_holidays(state, years=year, language=locale)
                return {d: str(name) for d, name in localised.items()}
    if lang == "en":
        return {d: str(name) for d, name in cls.items()}
    return {}


def _text(message: Message) -> Text:
    return Text(**{lang: message.render(lang) for lang in LANGS})


@cache
def _names_table() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(HOLIDAY_NAMES_FILE.read_text(encoding="utf-8"))
    return {str(en): {str(k): str(v) for k, v in t.items()} for en, t in raw["names"].items()}


def _translated(en: str, lang: Lang) -> str:
    """A holiday's English name (parts joined by "; ") in ``lang`` from holidays.yaml."""
    return "; ".join(_translated_part(part, lang) for part in en.split("; "))


def _translated_part(part: str, lang: Lang) -> str:
    found = _TRANSFERRED.match(part)
    if found is not None:
        month, dom, year = found.groups()
        return Message(
            "holiday.transferred", {"date": dt.date(int(year), int(month), int(dom))}
        ).render(lang)
    for suffix, code in _SUFFIXES.items():
        if part.endswith(suffix):
            name = _translated_part(part.removesuffix(suffix), lang)
            return Message(code, {"name": name}).render(lang)
    # A name missing from the table stays as the package gives it (a test covers the
    # member states' holidays, so a reader meets none).
    return _names_table().get(part, {}).get(lang) or part


@cache
def _calendar(state: str, overrides: tuple[CalendarOverride, ...]) -> WorkingCalendar:
    return WorkingCalendar(state, overrides)


def calendar_for(state: str, overrides: Iterable[CalendarOverride] = ()) -> WorkingCalendar:
    """A shared calendar for ``state`` with these overrides (built once per process)."""
    return _calendar(state, tuple(o for o in overrides if o.state == state))
