"""A rule applied to a day before it took effect still answers, but says so."""

from __future__ import annotations

from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.participation import check_partner_participation
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.schedules import compute_schedule

from .builders import day


def test_board_chair_before_the_board_regulation_took_effect_is_answered_with_a_warning(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    verdict = check_chair(book, shipped_reference, "bcb", day("2003-01-01"))

    rendered = [w.render("en") for w in verdict.warnings]
    # The rule is named by its source, in the reader's language; its code stays a machine id.
    assert any(
        "(Regulations of the SCO Business Council Board, para. 3) takes effect on 2006-06-14" in w
        for w in rendered
    )
    russian = [w.render("ru") for w in verdict.warnings]
    assert any(
        "Положение (Регламент Правления Делового совета ШОС, п. 3) вступает в силу "
        "14 июня 2006\u202fг." in w
        for w in russian
    )
    assert not any("BCB-CHAIR" in w for w in [*rendered, *russian])


def test_a_partner_refused_at_a_meeting_is_told_the_rules_source_not_its_code(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    verdict = check_partner_participation(book, shipped_reference, "bcb", "TR", day("2024-01-15"))

    assert verdict.rules == ("STRAT-DIALOGUE",)
    for lang in ("en", "ru", "zh"):
        sentence = verdict.summary.render(lang)
        assert "STRAT-DIALOGUE" not in sentence
        assert book.rule("STRAT-DIALOGUE").citation(lang) in sentence
    assert "Стратегия развития ШОС до 2025 года" in verdict.summary.render("ru")


def test_board_chair_after_the_regulation_took_effect_has_no_such_warning(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    verdict = check_chair(book, shipped_reference, "bcb", day("2024-01-15"))

    assert not any(w.code == "warning.rule_not_in_force" for w in verdict.warnings)


def test_a_schedule_step_due_before_its_rule_took_effect_is_flagged(
    book: Rulebook, reference: ReferenceData
) -> None:
    schedule = compute_schedule(book, reference, "bcb-regular", meeting_start=day("2005-06-30"))

    for step in schedule.steps:
        assert any(w.code == "warning.rule_not_in_force" for w in step.warnings), step.rule.id


def test_an_extraordinary_cmfa_before_any_chair_existed_is_still_scheduled(
    book: Rulebook, reference: ReferenceData
) -> None:
    # The built reference's first summit is in 2023: nobody chairs in 2020, so no calendar
    # names the weekends, but the dates are still counted.
    schedule = compute_schedule(
        book, reference, "cmfa-extraordinary", meeting_start=day("2020-03-31")
    )

    assert schedule.step("CMFA-EXTRA-NOTICE-1M").due == day("2020-02-29")
    assert schedule.step("CMFA-EXTRA-NOTICE-1M").calendar_state is None
