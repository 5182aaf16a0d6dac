"""Timetables of whole procedures, each date computed by hand from regulations.md.

Meetings of the Board count working days in the BC Secretariat's calendar (Moscow, RU);
the SCO Secretariat's steps are checked against Beijing's (CN); the CMFA's against the
state chairing the SCO (Kyrgyzstan in 2026, Kazakhstan in early 2024, in our summits).
"""

from __future__ import annotations

import datetime as dt

import pytest

from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.schedules import Schedule, compute_schedule
from secretariat.procedure.verdicts import InputError
from tests.said import RULE_ID, day_said, rule_said

from .builders import build_reference, day, override

# Tue 30 June 2026, a one-day meeting of the Board.
BCB_REGULAR_30_JUNE = {
    "BCB-AGENDA-PROPOSALS-10D": "2026-06-20",  # 30 Jun - 10 days
    "BCB-AGENDA-CIRCULATE-5D": "2026-06-25",  # 30 Jun - 5 days
    "BCB-AGENDA-ADOPT": "2026-06-30",  # at the start of the meeting
    "BCB-MINUTES-DISTRIBUTE-5WD": "2026-07-07",  # Wed 1, Thu 2, Fri 3, Mon 6, Tue 7 Jul
}
BCB_EXTRA_30_JUNE = {
    "BCB-EXTRA-NOTICE-30D": "2026-05-31",  # 30 Jun - 30 days (regulations.md)
    "BCB-EXTRA-INFORM-5D": "2026-06-05",  # assumed received 31 May + 5
    "BCB-EXTRA-REPLY-10D": "2026-06-15",  # assumed informed 5 Jun + 10
    "BCB-EXTRA-RELAY-3D": "2026-06-18",  # reply deadline 15 Jun + 3
    **BCB_REGULAR_30_JUNE,
}

SCHEDULES = [
    pytest.param(
        "bcb-regular",
        "2026-06-30",
        None,
        {},
        BCB_REGULAR_30_JUNE,
        id="bcb-regular, Tue 30 Jun 2026",
    ),
    pytest.param(
        "bcb-regular",
        "2026-06-29",
        "2026-07-01",
        {},
        {
            "BCB-AGENDA-PROPOSALS-10D": "2026-06-19",  # before: from the first day, 29 Jun
            "BCB-AGENDA-CIRCULATE-5D": "2026-06-24",
            "BCB-AGENDA-ADOPT": "2026-06-29",
            "BCB-MINUTES-DISTRIBUTE-5WD": "2026-07-08",  # after: from Wed 1 Jul; Thu 2 .. Wed 8
        },
        id="bcb-regular, three days 29 Jun - 1 Jul 2026",
    ),
    pytest.param(
        "bcb-regular",
        "2026-06-09",
        None,
        {},
        {
            "BCB-AGENDA-PROPOSALS-10D": "2026-05-30",
            "BCB-AGENDA-CIRCULATE-5D": "2026-06-04",
            "BCB-AGENDA-ADOPT": "2026-06-09",
            # Wed 10, Thu 11, (Fri 12 Russia Day, weekend), Mon 15, Tue 16, Wed 17
            "BCB-MINUTES-DISTRIBUTE-5WD": "2026-06-17",
        },
        id="bcb-regular, minutes over Russia Day",
    ),
    pytest.param(
        "bcb-regular",
        "2025-12-29",
        None,
        {},
        {
            "BCB-AGENDA-PROPOSALS-10D": "2025-12-19",
            "BCB-AGENDA-CIRCULATE-5D": "2025-12-24",
            "BCB-AGENDA-ADOPT": "2025-12-29",
            "BCB-MINUTES-DISTRIBUTE-5WD": "2026-01-15",  # Tue 30 Dec, then 12-15 Jan
        },
        id="bcb-regular, minutes over the Russian New Year holidays",
    ),
    pytest.param(
        "bcb-extraordinary",
        "2026-06-30",
        None,
        {},
        BCB_EXTRA_30_JUNE,
        id="bcb-extraordinary, appeal date assumed",
    ),
    pytest.param(
        "bcb-extraordinary",
        "2026-06-30",
        None,
        {"received": "2026-05-20"},
        {
            **BCB_EXTRA_30_JUNE,
            "BCB-EXTRA-INFORM-5D": "2026-05-25",  # received 20 May + 5 (regulations.md)
            "BCB-EXTRA-REPLY-10D": "2026-06-04",  # assumed informed 25 May + 10
            "BCB-EXTRA-RELAY-3D": "2026-06-07",  # 4 Jun + 3
        },
        id="bcb-extraordinary, appeal received 20 May",
    ),
    pytest.param(
        "bcb-extraordinary",
        "2026-06-29",
        "2026-07-01",
        {},
        {
            "BCB-EXTRA-NOTICE-30D": "2026-05-30",  # 29 Jun - 30 days
            "BCB-EXTRA-INFORM-5D": "2026-06-04",
            "BCB-EXTRA-REPLY-10D": "2026-06-14",
            "BCB-EXTRA-RELAY-3D": "2026-06-17",
            "BCB-AGENDA-PROPOSALS-10D": "2026-06-19",
            "BCB-AGENDA-CIRCULATE-5D": "2026-06-24",
            "BCB-AGENDA-ADOPT": "2026-06-29",
            "BCB-MINUTES-DISTRIBUTE-5WD": "2026-07-08",
        },
        id="bcb-extraordinary, three days 29 Jun - 1 Jul 2026",
    ),
    pytest.param(
        "cmfa-extraordinary",
        "2026-03-31",
        None,
        {},
        {
            "CMFA-EXTRA-NOTICE-1M": "2026-02-28",
            "CMFA-EXTRA-NOTIFY-2D": "2026-03-02",  # assumed received on the sending day
            "SEC-CIRCULATE-20D": "2026-03-11",  # 31 Mar - 20 days
        },
        id="cmfa-extraordinary, 31 Mar 2026 (regulations.md)",
    ),
    pytest.param(
        "cmfa-extraordinary",
        "2024-03-30",
        None,
        {},
        {
            "CMFA-EXTRA-NOTICE-1M": "2024-02-29",
            "CMFA-EXTRA-NOTIFY-2D": "2024-03-02",
            "SEC-CIRCULATE-20D": "2024-03-10",
        },
        id="cmfa-extraordinary, 30 Mar of a leap year",
    ),
    pytest.param(
        "cmfa-extraordinary",
        "2026-03-31",
        None,
        {"received": "2026-02-20"},
        {
            "CMFA-EXTRA-NOTICE-1M": "2026-02-28",
            "CMFA-EXTRA-NOTIFY-2D": "2026-02-22",
            "SEC-CIRCULATE-20D": "2026-03-11",
        },
        id="cmfa-extraordinary, letters received 20 Feb",
    ),
    pytest.param(
        "bcb-extraordinary",
        "2026-06-30",
        None,
        {"sent": "2026-05-31", "received": "2026-06-02"},
        {
            **BCB_EXTRA_30_JUNE,
            "BCB-EXTRA-INFORM-5D": "2026-06-07",  # from receipt (regulations.md example)
            "BCB-EXTRA-REPLY-10D": "2026-06-17",
            "BCB-EXTRA-RELAY-3D": "2026-06-20",
        },
        id="bcb-extraordinary, sent 31 May, received 2 Jun (regulations.md)",
    ),
    pytest.param(
        "sco-meeting",
        "2026-06-30",
        None,
        {},
        {"SEC-CIRCULATE-20D": "2026-06-10"},
        id="sco-meeting, 30 Jun 2026",
    ),
    pytest.param(
        "sco-meeting",
        "2026-01-21",
        None,
        {},
        {"SEC-CIRCULATE-20D": "2026-01-01"},
        id="sco-meeting, due on New Year's Day",
    ),
    pytest.param(
        "depositary",
        None,
        None,
        {"received": "2026-05-20"},
        {"SEC-CERTIFIED-7D": "2026-05-27"},
        id="depositary, original received 20 May",
    ),
    pytest.param(
        "depositary",
        None,
        None,
        {"received": "2026-12-28"},
        {"SEC-CERTIFIED-7D": "2027-01-04"},
        id="depositary, across the year",
    ),
]


def schedule(
    book: Rulebook,
    reference: ReferenceData,
    procedure: str,
    start: str | None,
    end: str | None = None,
    **events: str,
) -> Schedule:
    return compute_schedule(
        book,
        reference,
        procedure,
        meeting_start=day(start) if start else None,
        meeting_end=day(end) if end else None,
        events={name: day(value) for name, value in events.items()},
    )


def dues(result: Schedule) -> dict[str, str]:
    return {step.rule.id: step.due.isoformat() for step in result.steps}


@pytest.mark.parametrize(("procedure", "start", "end", "events", "expected"), SCHEDULES)
def test_a_procedures_timetable_is_the_one_computed_by_hand(
    book: Rulebook,
    reference: ReferenceData,
    procedure: str,
    start: str | None,
    end: str | None,
    events: dict[str, str],
    expected: dict[str, str],
) -> None:
    result = schedule(book, reference, procedure, start, end, **events)

    assert dues(result) == expected
    assert [s.due for s in result.steps] == sorted(s.due for s in result.steps)
    assert result.violations == ()


def test_a_timetable_lists_its_steps_in_date_order_with_their_actors(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = schedule(book, reference, "bcb-extraordinary", "2026-06-30")

    assert [s.rule.id for s in result.steps] == sorted(
        BCB_EXTRA_30_JUNE, key=lambda rule_id: BCB_EXTRA_30_JUNE[rule_id]
    )
    minutes = result.step("BCB-MINUTES-DISTRIBUTE-5WD")
    assert minutes.actor.code == "bc_secretariat"
    assert minutes.calendar_state == "RU"
    assert (minutes.anchor, minutes.anchor_date) == ("meeting_end", day("2026-06-30"))
    rendered = result.render("ru")
    assert rendered["steps"][0]["rule"] == "BCB-EXTRA-NOTICE-30D"
    assert rendered["steps"][0]["due"] == "2026-05-31"
    assert rendered["violations"] == []


def test_a_multi_day_meeting_counts_before_from_its_first_day_and_after_from_its_last(
    book: Rulebook, reference: ReferenceData
) -> None:
    one_day = schedule(book, reference, "bcb-regular", "2026-06-29")
    three_days = schedule(book, reference, "bcb-regular", "2026-06-29", "2026-07-01")

    for rule_id in ("BCB-AGENDA-PROPOSALS-10D", "BCB-AGENDA-CIRCULATE-5D", "BCB-AGENDA-ADOPT"):
        assert three_days.step(rule_id).due == one_day.step(rule_id).due
    minutes = three_days.step("BCB-MINUTES-DISTRIBUTE-5WD")
    assert minutes.anchor_date == day("2026-07-01")
    assert minutes.due == day("2026-07-08")
    assert one_day.step("BCB-MINUTES-DISTRIBUTE-5WD").due == day("2026-07-06")


def test_the_minutes_follow_the_calendar_of_the_bc_secretariats_seat(book: Rulebook) -> None:
    # A seat is data: Fri 13 Feb 2026 + 5 working days is Fri 20 Feb in Moscow, but Fri
    # 27 Feb in Beijing (Sat 14 Feb worked, 15-23 Feb the Spring Festival).
    in_moscow = schedule(book, build_reference(), "bcb-regular", "2026-02-13")
    in_beijing = schedule(
        book, build_reference(seats={"bc_secretariat": "CN"}), "bcb-regular", "2026-02-13"
    )

    assert in_moscow.step("BCB-MINUTES-DISTRIBUTE-5WD").due == day("2026-02-20")
    assert in_beijing.step("BCB-MINUTES-DISTRIBUTE-5WD").due == day("2026-02-27")
    assert in_beijing.step("BCB-MINUTES-DISTRIBUTE-5WD").calendar_state == "CN"


# --- Dates already given: violations -------------------------------------------------------


def test_an_appeal_sent_after_the_30th_day_before_the_meeting_is_a_violation(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = schedule(
        book, reference, "bcb-extraordinary", "2026-06-30", sent="2026-06-01", received="2026-06-01"
    )

    assert [v.rule for v in result.violations] == ["BCB-EXTRA-NOTICE-30D"]
    message = result.violations[0].render("en")["message"]
    for fact in ("2026-06-01", "2026-05-31", rule_said("BCB-EXTRA-NOTICE-30D", "en"), "1 day"):
        assert fact in message
    assert not RULE_ID.search(message)
    for lang in ("ru", "zh"):
        other = result.violations[0].render(lang)["message"]
        assert day_said("2026-05-31", lang) in other
        assert other != message
    # The remaining steps run from the day it really arrived.
    assert result.step("BCB-EXTRA-INFORM-5D").due == day("2026-06-06")


def test_an_appeal_sent_on_the_last_permissible_day_is_not_a_violation(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = schedule(
        book, reference, "bcb-extraordinary", "2026-06-30", sent="2026-05-31", received="2026-06-02"
    )

    assert result.violations == ()
    assert result.warnings == ()
    assert result.step("BCB-EXTRA-INFORM-5D").due == day("2026-06-07")


def test_a_receipt_after_the_latest_sending_day_without_a_sending_day_is_only_a_warning(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = schedule(book, reference, "bcb-extraordinary", "2026-06-30", received="2026-06-02")

    assert result.violations == ()
    [note] = result.warnings
    assert note.rule == "BCB-EXTRA-NOTICE-30D"
    for lang in ("en", "ru", "zh"):
        assert day_said("2026-06-02", lang) in note.render(lang)["message"]
        assert day_said("2026-05-31", lang) in note.render(lang)["message"]
    assert "not recorded" in note.render("en")["message"]
    assert note.message in result.step("BCB-EXTRA-NOTICE-30D").warnings
    assert result.step("BCB-EXTRA-INFORM-5D").due == day("2026-06-07")


def test_a_receipt_before_the_sending_day_cannot_be_asked(
    book: Rulebook, reference: ReferenceData
) -> None:
    with pytest.raises(InputError) as raised:
        schedule(
            book, reference, "cmfa-extraordinary", "2026-03-31", sent="2026-02-20",
            received="2026-02-19",
        )  # fmt: skip

    assert raised.value.code == "received_before_sent"
    assert raised.value.field == "received"
    assert "--" not in raised.value.render("en")


@pytest.mark.parametrize(
    ("received", "late"),
    [
        pytest.param("2026-02-28", False, id="letters on 28 Feb: on time"),
        pytest.param("2026-03-01", True, id="letters on 1 Mar: late"),
    ],
)
def test_cmfa_letters_arriving_less_than_a_month_ahead_are_a_violation(
    book: Rulebook, reference: ReferenceData, received: str, late: bool
) -> None:
    result = schedule(book, reference, "cmfa-extraordinary", "2026-03-31", sent=received)

    assert [v.rule for v in result.violations] == (["CMFA-EXTRA-NOTICE-1M"] if late else [])
    # Received on the sending day when not recorded: the Chair notifies within 2 days of it.
    assert result.step("CMFA-EXTRA-NOTIFY-2D").due == day(received) + dt.timedelta(days=2)


def test_informing_the_national_parts_after_five_days_is_a_violation(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = schedule(
        book,
        reference,
        "bcb-extraordinary",
        "2026-06-30",
        received="2026-05-20",
        informed="2026-05-27",
    )

    assert [v.rule for v in result.violations] == ["BCB-EXTRA-INFORM-5D"]
    assert "2 day" in result.violations[0].render("en")["message"]


# --- Dates given move the steps that depend on them ---------------------------------------


def test_a_supplied_informed_date_moves_the_reply_and_relay_deadlines(
    book: Rulebook, reference: ReferenceData
) -> None:
    assumed = schedule(book, reference, "bcb-extraordinary", "2026-06-30", received="2026-05-20")
    informed = schedule(
        book,
        reference,
        "bcb-extraordinary",
        "2026-06-30",
        received="2026-05-20",
        informed="2026-05-22",
    )

    assert assumed.step("BCB-EXTRA-REPLY-10D").due == day("2026-06-04")
    assert informed.step("BCB-EXTRA-REPLY-10D").due == day("2026-06-01")  # 22 May + 10
    assert informed.step("BCB-EXTRA-RELAY-3D").due == day("2026-06-04")  # 1 Jun + 3
    assert informed.violations == ()


@pytest.mark.parametrize(
    ("last_reply", "counted_from", "relay"),
    [
        pytest.param("2026-05-28", "2026-05-28", "2026-05-31", id="last reply before the deadline"),
        pytest.param("2026-06-01", "2026-06-01", "2026-06-04", id="last reply on the deadline"),
        pytest.param("2026-06-03", "2026-06-01", "2026-06-04", id="last reply after the deadline"),
    ],
)
def test_the_relay_runs_from_the_reply_deadline_or_the_last_reply_whichever_is_earlier(
    book: Rulebook, reference: ReferenceData, last_reply: str, counted_from: str, relay: str
) -> None:
    # Informed 22 May, so the replies are due 1 Jun.
    result = schedule(
        book,
        reference,
        "bcb-extraordinary",
        "2026-06-30",
        received="2026-05-20",
        informed="2026-05-22",
        last_reply=last_reply,
    )

    step = result.step("BCB-EXTRA-RELAY-3D")
    assert step.anchor_date == day(counted_from)
    assert step.due == day(relay)


def test_rescheduling_the_meeting_shifts_every_date_counted_from_it(
    book: Rulebook, reference: ReferenceData
) -> None:
    # Tue 30 Jun -> Tue 14 Jul: two weeks later, no holiday on the way, so every step,
    # the working-day one included (Tue 14 Jul + 5 = Tue 21 Jul), moves 14 days.
    before = schedule(book, reference, "bcb-extraordinary", "2026-06-30")
    after = schedule(book, reference, "bcb-extraordinary", "2026-07-14")

    assert after.step("BCB-MINUTES-DISTRIBUTE-5WD").due == day("2026-07-21")
    for step in before.steps:
        assert after.step(step.rule.id).due - step.due == dt.timedelta(days=14), step.rule.id


def test_rescheduling_keeps_the_dates_counted_from_an_appeal_already_received(
    book: Rulebook, reference: ReferenceData
) -> None:
    # Sent and received 10 Jun: late for 30 Jun (due 31 May), on time for 14 Jul (due 14 Jun).
    both = {"sent": "2026-06-10", "received": "2026-06-10"}
    before = schedule(book, reference, "bcb-extraordinary", "2026-06-30", **both)
    after = schedule(book, reference, "bcb-extraordinary", "2026-07-14", **both)

    assert [v.rule for v in before.violations] == ["BCB-EXTRA-NOTICE-30D"]
    assert after.violations == ()
    assert after.step("BCB-EXTRA-NOTICE-30D").due == day("2026-06-14")
    for rule_id in ("BCB-EXTRA-INFORM-5D", "BCB-EXTRA-REPLY-10D", "BCB-EXTRA-RELAY-3D"):
        assert after.step(rule_id).due == before.step(rule_id).due
    assert after.step("BCB-EXTRA-INFORM-5D").due == day("2026-06-15")


# --- Warnings: a deadline on a day off is named, never moved ------------------------------


@pytest.mark.parametrize(
    ("procedure", "start", "rule_id", "due", "names"),
    [
        pytest.param(
            "bcb-extraordinary",
            "2026-06-30",
            "BCB-EXTRA-NOTICE-30D",
            "2026-05-31",
            ("Sunday", "Russia"),
            id="BC Secretariat, a Sunday in Moscow",
        ),
        pytest.param(
            "bcb-regular",
            "2026-06-17",
            "BCB-AGENDA-CIRCULATE-5D",
            "2026-06-12",
            ("Russia Day", "Russia"),
            id="BC Secretariat, Russia Day",
        ),
        pytest.param(
            "sco-meeting",
            "2026-01-21",
            "SEC-CIRCULATE-20D",
            "2026-01-01",
            ("New Year", "China"),
            id="SCO Secretariat, New Year's Day in Beijing",
        ),
        pytest.param(
            "sco-meeting",
            "2026-10-21",
            "SEC-CIRCULATE-20D",
            "2026-10-01",
            ("National Day", "China"),
            id="SCO Secretariat, National Day in Beijing",
        ),
    ],
)
def test_a_deadline_on_a_weekend_or_holiday_is_named_and_not_moved(
    book: Rulebook,
    reference: ReferenceData,
    procedure: str,
    start: str,
    rule_id: str,
    due: str,
    names: tuple[str, ...],
) -> None:
    step = schedule(book, reference, procedure, start).step(rule_id)

    assert step.due == day(due)
    assert len(step.warnings) == 1
    text = step.warnings[0].render("en")
    for name in (due, *names):
        assert name in text
    assert "not moved" in text


def test_a_weekend_warning_names_the_day_in_each_language(
    book: Rulebook, reference: ReferenceData
) -> None:
    step = schedule(book, reference, "bcb-extraordinary", "2026-06-30").step("BCB-EXTRA-NOTICE-30D")

    warning = step.warnings[0]
    assert "воскресенье" in warning.render("ru")
    assert "Россия" in warning.render("ru")
    assert "星期日" in warning.render("zh")
    assert "俄罗斯" in warning.render("zh")


def test_a_holiday_warning_names_the_holiday_in_russian(
    book: Rulebook, reference: ReferenceData
) -> None:
    step = schedule(book, reference, "bcb-regular", "2026-06-17").step("BCB-AGENDA-CIRCULATE-5D")

    assert "День России" in step.warnings[0].render("ru")


def test_a_deadline_on_a_secretariat_day_off_is_named_with_its_reason(book: Rulebook) -> None:
    closed = override("RU", "2026-06-25", working=False, reason="BC Secretariat closed")
    reference = build_reference(overrides=[closed])

    step = schedule(book, reference, "bcb-regular", "2026-06-30").step("BCB-AGENDA-CIRCULATE-5D")

    assert step.due == day("2026-06-25")
    assert "BC Secretariat closed" in step.warnings[0].render("en")


def test_a_deadline_on_a_working_day_has_no_warning(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = schedule(book, reference, "sco-meeting", "2026-06-30")

    assert result.step("SEC-CIRCULATE-20D").warnings == ()


def test_warnings_about_days_off_can_be_turned_off(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = compute_schedule(
        book, reference, "sco-meeting", meeting_start=day("2026-01-21"), warn_days_off=False
    )

    assert result.step("SEC-CIRCULATE-20D").due == day("2026-01-01")
    assert result.step("SEC-CIRCULATE-20D").warnings == ()


def test_a_reply_period_running_past_the_meeting_is_flagged(
    book: Rulebook, reference: ReferenceData
) -> None:
    # Received 25 Jun for 30 Jun: informed by 30 Jun, replies due 10 Jul, after the start.
    result = schedule(book, reference, "bcb-extraordinary", "2026-06-30", received="2026-06-25")

    reply = result.step("BCB-EXTRA-REPLY-10D")
    assert reply.due == day("2026-07-10")
    assert any(
        "2026-07-10" in w.render("en") and "2026-06-30" in w.render("en") for w in reply.warnings
    )
    assert result.step("BCB-EXTRA-INFORM-5D").warnings == ()


# --- Questions that cannot be asked -------------------------------------------------------


@pytest.mark.parametrize(
    ("procedure", "start", "end", "events", "code"),
    [
        pytest.param(
            "depositary",
            None,
            None,
            {},
            "event_required",
            id="depositary without the day the original was received",
        ),
        pytest.param(
            "bcb-regular",
            "2026-06-30",
            "2026-06-29",
            {},
            "meeting_end_before_start",
            id="a meeting ending before it starts",
        ),
        pytest.param(
            "bcb-plenary", "2026-06-30", None, {}, "unknown_procedure", id="an unknown procedure"
        ),
        pytest.param(
            "bcb-regular", None, None, {}, "meeting_start_required", id="a meeting without a date"
        ),
        pytest.param(
            "bcb-extraordinary",
            "2026-06-30",
            None,
            {"recieved": "2026-05-20"},
            "unknown_event",
            id="an event the procedure does not know",
        ),
        pytest.param(
            "sco-meeting",
            "2026-06-30",
            None,
            {"received": "2026-05-20"},
            "unknown_event",
            id="an event of another procedure",
        ),
    ],
)
def test_a_question_that_cannot_be_asked_is_an_input_error(
    book: Rulebook,
    reference: ReferenceData,
    procedure: str,
    start: str | None,
    end: str | None,
    events: dict[str, str],
    code: str,
) -> None:
    with pytest.raises(InputError) as raised:
        schedule(book, reference, procedure, start, end, **events)

    assert raised.value.code == code
    for lang in ("en", "ru", "zh"):
        assert raised.value.render(lang)


# --- Estimated calendars ---------------------------------------------------------------------


def test_minutes_counted_in_a_year_not_yet_official_are_an_estimate(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = schedule(book, reference, "bcb-regular", "2027-06-29")

    minutes = result.step("BCB-MINUTES-DISTRIBUTE-5WD")
    [warning] = [w for w in minutes.warnings if w.code == "warning.calendar_estimated"]
    assert warning.params["year"] == 2027
    assert "Russia" in warning.render("en")
    assert "2027" in warning.render("en")
    assert "Россия" in warning.render("ru")
    assert "俄罗斯" in warning.render("zh")


def test_minutes_counted_in_a_year_held_as_official_are_not_an_estimate(book: Rulebook) -> None:
    from dataclasses import replace

    decree = replace(
        override("RU", "2027-02-20", working=True, reason="working Saturday"), official=True
    )
    result = schedule(book, build_reference(overrides=[decree]), "bcb-regular", "2027-06-29")

    codes = [w.code for w in result.step("BCB-MINUTES-DISTRIBUTE-5WD").warnings]
    assert "warning.calendar_estimated" not in codes


def test_a_due_day_in_chinas_estimated_2027_does_not_pass_silently_as_a_working_day(
    book: Rulebook, reference: ReferenceData
) -> None:
    # 26 Oct 2027 - 20 days = 6 Oct 2027, usually in the Golden Week; the package does not
    # know China's 2027 notice: the step says the calendar is an estimate.
    result = schedule(book, reference, "sco-meeting", "2027-10-26")

    step = result.step("SEC-CIRCULATE-20D")
    assert step.due == day("2027-10-06")
    assert [w.code for w in step.warnings] == ["warning.calendar_estimated"]
    assert "China" in step.warnings[0].render("en")


def test_steps_within_the_current_year_carry_no_estimate(
    book: Rulebook, reference: ReferenceData
) -> None:
    result = schedule(book, reference, "bcb-regular", "2026-06-30")

    for step in result.steps:
        assert "warning.calendar_estimated" not in [w.code for w in step.warnings]
