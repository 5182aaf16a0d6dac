"""Working-day calendars of the seats: weekends, public holidays, transferred working days.

Expected days are those of the states' official 2025-2026 calendars: Russia's New Year
holidays (1-8 January, 9 January transferred from Saturday 3 January, 31 December 2025
transferred from Sunday 5 January 2025) and Russia Day (12 June); China's Spring Festival
(15-23 February 2026, with Saturdays 14 and 28 February worked) and National Day (1-7
October 2026, with Sunday 20 September and Saturday 10 October worked).
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import replace

import pytest

from secretariat.procedure import calendars
from secretariat.procedure.calendars import UnknownCalendarError, WorkingCalendar, calendar_for
from secretariat.procedure.reference import CalendarOverride, load_reference_file
from tests.said import day_said

from .builders import MEMBERS, day, override


def days_between(first: str, last: str) -> list[dt.date]:
    start, end = day(first), day(last)
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.mark.parametrize(
    ("state", "iso", "working"),
    [
        *[
            pytest.param("RU", d.isoformat(), False, id=f"RU {d} New Year holidays")
            for d in days_between("2026-01-01", "2026-01-08")
        ],
        pytest.param("RU", "2026-01-09", False, id="RU Fri 2026-01-09 transferred from Sat 3 Jan"),
        pytest.param("RU", "2025-12-31", False, id="RU Wed 2025-12-31 transferred from Sun 5 Jan"),
        pytest.param("RU", "2026-01-12", True, id="RU Mon 2026-01-12 back to work"),
        pytest.param("RU", "2026-06-12", False, id="RU Fri 2026-06-12 Russia Day"),
        pytest.param("RU", "2026-06-11", True, id="RU Thu 2026-06-11 ordinary Thursday"),
        pytest.param("RU", "2026-06-27", False, id="RU Sat 2026-06-27 weekend"),
        pytest.param("RU", "2026-06-28", False, id="RU Sun 2026-06-28 weekend"),
        pytest.param("CN", "2026-02-14", True, id="CN Sat 2026-02-14 transferred working Saturday"),
        pytest.param("CN", "2026-02-28", True, id="CN Sat 2026-02-28 transferred working Saturday"),
        pytest.param("CN", "2026-02-16", False, id="CN Mon 2026-02-16 Spring Festival"),
        pytest.param("CN", "2026-02-23", False, id="CN Mon 2026-02-23 Spring Festival"),
        pytest.param("CN", "2026-02-24", True, id="CN Tue 2026-02-24 back to work"),
        pytest.param("CN", "2026-09-20", True, id="CN Sun 2026-09-20 transferred working Sunday"),
        pytest.param("CN", "2026-10-01", False, id="CN Thu 2026-10-01 National Day"),
        pytest.param("CN", "2026-10-07", False, id="CN Wed 2026-10-07 National Day holidays"),
        pytest.param("CN", "2026-10-10", True, id="CN Sat 2026-10-10 transferred working Saturday"),
        pytest.param("CN", "2026-10-11", False, id="CN Sun 2026-10-11 weekend"),
        pytest.param("IR", "2026-09-11", False, id="IR Fri 2026-09-11 weekend"),
        pytest.param("IR", "2026-09-12", True, id="IR Sat 2026-09-12 working"),
        pytest.param("IR", "2026-09-13", True, id="IR Sun 2026-09-13 working"),
        pytest.param("UZ", "2026-09-01", False, id="UZ Tue 2026-09-01 Independence Day"),
        pytest.param("KZ", "2026-12-16", False, id="KZ Wed 2026-12-16 Independence Day"),
    ],
)
def test_a_day_is_a_working_day_as_the_states_official_calendar_says(
    state: str, iso: str, working: bool
) -> None:
    calendar = calendar_for(state)

    assert calendar.is_working_day(day(iso)) is working
    assert (calendar.day_off(day(iso)) is None) is working


def test_irans_weekend_is_friday_and_the_others_is_saturday_and_sunday() -> None:
    friday, saturday, sunday = 4, 5, 6

    assert calendar_for("IR").weekend == {friday}
    for state in ("CN", "RU", "UZ", "KZ"):
        assert calendar_for(state).weekend == {saturday, sunday}


def test_every_member_state_has_a_working_day_calendar() -> None:
    for state in MEMBERS:
        assert state in calendars.supported_states()
        assert calendar_for(state).state == state


def test_an_unknown_state_has_no_calendar() -> None:
    with pytest.raises(UnknownCalendarError):
        WorkingCalendar("XX")


@pytest.mark.parametrize(
    ("state", "iso", "kind", "names"),
    [
        pytest.param(
            "RU",
            "2026-01-07",
            "holiday",
            ("Christmas", "Рождество Христово", "圣诞"),
            id="RU Orthodox Christmas",
        ),
        pytest.param(
            "RU",
            "2026-06-12",
            "holiday",
            ("Russia Day", "День России", "俄罗斯日"),
            id="RU Russia Day",
        ),
        pytest.param(
            "CN",
            "2026-10-01",
            "holiday",
            ("National Day", "День образования КНР", "国庆节"),
            id="CN National Day",
        ),
        pytest.param(
            "RU", "2026-06-28", "weekend", ("Sunday", "воскресенье", "星期日"), id="RU Sunday"
        ),
        pytest.param(
            "IR", "2026-09-11", "weekend", ("Friday", "пятница", "星期五"), id="IR Friday"
        ),
    ],
)
def test_a_day_off_says_why_in_each_language(
    state: str, iso: str, kind: str, names: tuple[str, str, str]
) -> None:
    off = calendar_for(state).day_off(day(iso))

    assert off is not None
    assert off.kind == kind
    for lang, name in zip(("en", "ru", "zh"), names, strict=True):
        assert name in off.name[lang]
        assert name in off.describe().render(lang)
        assert day_said(iso, lang) in off.describe().render(lang)


# --- The Secretariat's overrides win, both ways ----------------------------------------


def test_an_override_makes_a_weekend_day_a_working_day() -> None:
    sunday = override("RU", "2026-06-28", working=True, reason="Working Sunday")
    calendar = calendar_for("RU", [sunday])

    assert calendar.is_working_day(day("2026-06-28"))
    assert calendar.day_off(day("2026-06-28")) is None
    assert not calendar_for("RU").is_working_day(day("2026-06-28")), "overrides leaked"


def test_an_override_makes_a_public_holiday_a_working_day() -> None:
    worked = override("RU", "2026-01-09", working=True, reason="Secretariat works")

    assert calendar_for("RU", [worked]).is_working_day(day("2026-01-09"))


def test_an_override_makes_a_weekday_a_day_off_and_gives_its_reason() -> None:
    closed = override("CN", "2026-06-10", working=False, reason="Secretariat move")
    calendar = calendar_for("CN", [closed])

    off = calendar.day_off(day("2026-06-10"))

    assert not calendar.is_working_day(day("2026-06-10"))
    assert off is not None
    assert off.kind == "override"
    assert off.name.en == "Secretariat move"
    assert calendar_for("CN").is_working_day(day("2026-06-10")), "overrides leaked"


def test_an_override_for_another_state_changes_nothing() -> None:
    elsewhere = override("CN", "2026-06-10", working=False, reason="Beijing only")

    assert calendar_for("RU", [elsewhere]).is_working_day(day("2026-06-10"))


def test_an_override_moves_a_working_day_count() -> None:
    # Tue 30 June + 5 working days is Tue 7 July; with Thu 2 July closed it is Wed 8 July.
    closed = override("RU", "2026-07-02", working=False, reason="Closed")

    assert calendar_for("RU").add_working_days(day("2026-06-30"), 5)[0] == day("2026-07-07")
    due, skipped = calendar_for("RU", [closed]).add_working_days(day("2026-06-30"), 5)

    assert due == day("2026-07-08")
    assert [(d.date, d.kind) for d in skipped] == [
        (day("2026-07-02"), "override"),
        (day("2026-07-04"), "weekend"),
        (day("2026-07-05"), "weekend"),
    ]


# --- Counting working days -------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "start", "n", "expected"),
    [
        pytest.param(
            "RU",
            "2026-06-30",
            5,
            "2026-07-07",
            id="RU Tue 30 Jun + 5 -> Tue 7 Jul (regulations.md)",
        ),
        pytest.param("RU", "2026-06-09", 5, "2026-06-17", id="RU over Russia Day"),
        pytest.param("RU", "2025-12-29", 5, "2026-01-15", id="RU over the New Year holidays"),
        pytest.param("RU", "2026-06-26", 1, "2026-06-29", id="RU Fri + 1 -> Mon"),
        pytest.param("CN", "2026-02-13", 1, "2026-02-14", id="CN Fri + 1 -> the working Saturday"),
        pytest.param("CN", "2026-02-13", 2, "2026-02-24", id="CN over the Spring Festival"),
        pytest.param("CN", "2026-09-30", 1, "2026-10-08", id="CN over National Day"),
        pytest.param("IR", "2026-09-10", 1, "2026-09-12", id="IR Thu + 1 -> Sat"),
        pytest.param("RU", "2026-07-07", -5, "2026-06-30", id="RU counted backwards"),
        pytest.param("RU", "2026-01-03", 0, "2026-01-03", id="RU zero days is the day itself"),
    ],
)
def test_the_nth_working_day_after_a_date(state: str, start: str, n: int, expected: str) -> None:
    assert calendar_for(state).add_working_days(day(start), n)[0] == day(expected)


def test_counting_working_days_returns_the_days_skipped_with_their_reasons() -> None:
    due, skipped = calendar_for("RU").add_working_days(day("2025-12-29"), 5)

    assert due == day("2026-01-15")
    assert [d.date for d in skipped] == [
        day("2025-12-31"),
        *days_between("2026-01-01", "2026-01-11"),
    ]
    reasons = {d.date: (d.kind, d.name.en, d.name.ru) for d in skipped}
    assert reasons[day("2026-01-07")][0] == "holiday"
    assert "Рождество" in reasons[day("2026-01-07")][2]
    assert reasons[day("2026-01-10")] == ("weekend", "Saturday", "суббота")
    assert reasons[day("2026-01-11")] == ("weekend", "Sunday", "воскресенье")
    assert all(
        kind == "holiday"
        for kind, _, _ in (reasons[d] for d in days_between("2026-01-01", "2026-01-08"))
    )
    # 9 January is a day off moved from Saturday 3 January, not a public holiday.
    assert reasons[day("2026-01-09")] == (
        "transfer",
        "moved from 2026-01-03",
        "перенесён с 3 января 2026\u202fг.",
    )


def test_a_working_saturday_is_not_skipped() -> None:
    due, skipped = calendar_for("CN").add_working_days(day("2026-02-13"), 2)

    assert due == day("2026-02-24")
    assert day("2026-02-14") not in [d.date for d in skipped]
    assert [d.date for d in skipped] == days_between("2026-02-15", "2026-02-23")


def test_a_year_outside_the_holidays_package_does_not_silently_lose_its_holidays() -> None:
    # India's lunar holidays are in the holidays package for 2001-2035 only. Diwali, a
    # gazetted holiday of the central government, fell on Thursday 26 October 2000.
    calendar = WorkingCalendar("IN")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            working = calendar.is_working_day(day("2000-10-26"))
        except UnknownCalendarError:
            return  # saying "no calendar for that year" is an honest answer too
    assert not working


# --- Estimated years: a year whose official calendar the override table does not hold ------


def official(state: str, iso: str, *, working: bool) -> CalendarOverride:
    return replace(override(state, iso, working=working, reason="decree"), official=True)


def test_a_year_after_the_current_one_is_an_estimate_until_the_table_holds_it() -> None:
    today = day("2026-12-06")
    plain = WorkingCalendar("CN")

    assert plain.estimated_years(day("2026-12-20"), day("2027-01-10"), today) == (2027,)
    assert plain.estimated_years(day("2026-01-01"), day("2026-12-31"), today) == ()
    assert plain.estimated_years(day("2028-01-05"), day("2027-12-20"), today) == (2027, 2028)


def test_a_years_official_calendar_holds_a_working_weekend_day_and_an_extra_day_off() -> None:
    today = day("2026-12-06")
    calendar = WorkingCalendar(
        "CN",
        [
            official("CN", "2027-09-26", working=True),  # a Sunday worked
            official("CN", "2027-10-06", working=False),  # a Wednesday off (Golden Week)
        ],
    )

    assert calendar.official_years == frozenset({2027})
    assert calendar.estimated_years(day("2027-09-30"), day("2027-10-12"), today) == ()
    assert calendar.is_working_day(day("2027-09-26"))
    assert not calendar.is_working_day(day("2027-10-06"))
    # Without the official table, 6 Oct 2027 counts as a working day, but only as an estimate.
    assert WorkingCalendar("CN").is_working_day(day("2027-10-06"))


def test_an_override_that_is_not_official_leaves_the_year_an_estimate() -> None:
    calendar = WorkingCalendar("CN", [override("CN", "2027-10-06", working=False, reason="x")])

    assert calendar.official_years == frozenset()
    assert calendar.estimated_years(day("2027-10-01"), day("2027-10-08"), day("2026-12-06")) == (
        2027,
    )


def test_the_shipped_reference_holds_russias_2027_calendar_and_not_chinas() -> None:
    shipped = load_reference_file()

    assert 2027 in shipped.official_years("RU")
    assert 2027 not in shipped.official_years("CN")
    russia = calendar_for("RU", shipped.overrides_for("RU"))
    assert russia.is_working_day(day("2027-02-20"))  # Saturday worked
    for iso in ("2027-02-22", "2027-11-05", "2027-12-31"):
        assert not russia.is_working_day(day(iso))
