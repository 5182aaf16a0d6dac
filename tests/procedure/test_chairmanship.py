"""Who chairs the CNC and the Board on a day (CNC-CHAIR, BCB-CHAIR).

The SCO chair passes at the close of each summit to the host of the next one. The host of
a summit presides over it: the handover happens at the end of its last day, so on every
day of a summit (a one-day summit's only day included) the host chairs, and the next chair
starts the day after (chairmanship.py; docs/rules-engine.md). The CNC is chaired by the
national coordinator of that state (seed 001 ¶3); the Board by the chair of its national
part, the deputy being the chair of the national part of the state chairing next (seed 004
§3).
"""

from __future__ import annotations

import pytest

from secretariat.procedure.chairmanship import check_chair, term_on
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.verdicts import InputError

from .builders import SUMMITS, build_reference, day, summit

# --- With the summits of the tests -------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "chair"),
    [
        pytest.param("2024-01-15", "KZ", id="after New Delhi 2023: Kazakhstan"),
        pytest.param("2024-07-03", "KZ", id="first day of the Astana summit: still Kazakhstan"),
        pytest.param("2024-07-04", "KZ", id="last day of the Astana summit: still its host"),
        pytest.param("2024-07-05", "CN", id="the day after the Astana summit: China"),
        pytest.param("2025-08-31", "CN", id="first day of the Tianjin summit: still China"),
        pytest.param("2025-09-01", "CN", id="last day of the Tianjin summit: still its host"),
        pytest.param("2025-09-02", "KG", id="the day after the Tianjin summit: Kyrgyzstan"),
        pytest.param("2023-07-04", "IN", id="the one-day New Delhi summit: India, its host"),
        pytest.param("2026-01-15", "KG", id="15 Jan 2026: Kyrgyzstan"),
    ],
)
def test_the_chair_passes_at_the_close_of_each_summit(
    book: Rulebook, reference: ReferenceData, on: str, chair: str
) -> None:
    verdict = check_chair(book, reference, "cnc", day(on))

    assert verdict.facts["chair_state"] == chair
    assert verdict.rules == ("CNC-CHAIR",)
    assert verdict.ok


def test_a_term_runs_from_the_day_after_a_summit_to_the_last_day_of_the_next_one(
    reference: ReferenceData,
) -> None:
    term = term_on(reference, day("2025-01-01"))

    assert (term.state, term.valid_from, term.valid_to) == (
        "CN",
        day("2024-07-05"),
        day("2025-09-01"),
    )
    assert term.opened_by.number == 24


def test_the_board_is_chaired_by_this_years_chair_and_deputised_by_next_years(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = check_chair(book, reference, "bcb", day("2025-01-15"))

    assert (verdict.facts["chair_state"], verdict.facts["deputy_state"]) == ("CN", "KG")
    assert verdict.rules == ("BCB-CHAIR",)
    assert "China" in verdict.summary.render("en")
    assert "Kyrgyzstan" in verdict.summary.render("en")


def test_a_chair_whose_closing_summit_has_no_date_is_answered_with_a_warning(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = check_chair(book, reference, "bcb", day("2026-01-15"))

    assert verdict.facts["chair_state"] == "KG"
    assert verdict.facts["term_to"] is None
    assert verdict.facts["deputy_state"] == "PK"
    assert verdict.facts["deputy_confidence"] == "low"
    codes = [w.code for w in verdict.warnings]
    assert "chair.term_end_unknown" in codes
    assert "chair.deputy_low_confidence" in codes


def test_a_chair_resting_on_a_weak_source_is_not_shown_as_settled(book: Rulebook) -> None:
    weak = (
        *SUMMITS[:2],
        summit(25, "2025-08-31", "2025-09-01", "CN", "KG", chair_after_confidence="low"),
        SUMMITS[3],
    )

    verdict = check_chair(book, build_reference(summits=weak), "cnc", day("2026-01-15"))

    assert verdict.facts["confidence"] == "low"
    assert "chair.low_confidence" in [w.code for w in verdict.warnings]


def test_the_deputy_is_unknown_when_no_next_chair_is_announced(book: Rulebook) -> None:
    reference = build_reference(summits=SUMMITS[:3])  # no summit 26 announced

    verdict = check_chair(book, reference, "bcb", day("2026-01-15"))

    assert verdict.facts["deputy_state"] is None
    assert "chair.deputy_unknown" in [w.code for w in verdict.warnings]


def test_a_day_before_the_first_known_summit_closed_is_an_input_error(
    book: Rulebook, reference: ReferenceData
) -> None:
    with pytest.raises(InputError) as raised:
        check_chair(book, reference, "cnc", day("2023-07-03"))

    assert raised.value.code == "date_before_first_summit"
    assert "2023-07-04" in str(raised.value)


def test_a_body_without_a_rotating_chair_is_an_input_error(
    book: Rulebook, reference: ReferenceData
) -> None:
    with pytest.raises(InputError) as raised:
        check_chair(book, reference, "rats", day("2026-01-15"))

    assert raised.value.code == "unknown_body"


# --- With the reference data shipped with the project -------------------------------------


@pytest.mark.parametrize(
    ("on", "chair"),
    [
        pytest.param(
            "2001-06-15", "CN", id="the day of the founding summit, Shanghai 2001: its host"
        ),
        pytest.param("2001-06-16", "RU", id="the day after the founding summit: Russia"),
        pytest.param("2019-06-13", "KG", id="first day of the Bishkek summit 2019: Kyrgyzstan"),
        pytest.param("2019-06-14", "KG", id="last day of the Bishkek summit 2019: its host"),
        pytest.param("2019-06-15", "RU", id="the day after the Bishkek summit 2019: Russia"),
        pytest.param("2023-07-04", "IN", id="the one-day New Delhi summit 2023: India"),
        pytest.param("2023-07-05", "KZ", id="the day after New Delhi 2023: Kazakhstan"),
        pytest.param("2024-01-15", "KZ", id="15 Jan 2024: Kazakhstan"),
        pytest.param("2025-01-15", "CN", id="15 Jan 2025: China"),
        pytest.param("2026-01-15", "KG", id="15 Jan 2026: Kyrgyzstan"),
    ],
)
def test_the_cnc_chair_from_the_shipped_reference_data(
    book: Rulebook, shipped_reference: ReferenceData, on: str, chair: str
) -> None:
    verdict = check_chair(book, shipped_reference, "cnc", day(on))

    assert verdict.facts["chair_state"] == chair


@pytest.mark.parametrize(
    ("on", "chair", "deputy"),
    [
        pytest.param("2024-01-15", "KZ", "CN", id="2024: Kazakhstan, then China"),
        pytest.param("2025-01-15", "CN", "KG", id="2025: China, then Kyrgyzstan"),
        pytest.param("2026-01-15", "KG", "PK", id="2026: Kyrgyzstan, then Pakistan (announced)"),
    ],
)
def test_the_board_chair_and_deputy_from_the_shipped_reference_data(
    book: Rulebook, shipped_reference: ReferenceData, on: str, chair: str, deputy: str
) -> None:
    verdict = check_chair(book, shipped_reference, "bcb", day(on))

    assert (verdict.facts["chair_state"], verdict.facts["deputy_state"]) == (chair, deputy)


def test_no_one_chaired_before_the_founding_summit(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    with pytest.raises(InputError) as raised:
        check_chair(book, shipped_reference, "cnc", day("2001-06-14"))

    assert raised.value.code == "date_before_first_summit"
    assert "2001-06-15" in raised.value.render("en")


@pytest.mark.parametrize("body", ["cnc", "bcb"])
def test_on_a_one_day_summit_the_host_chairs_its_own_summit_day(
    book: Rulebook, shipped_reference: ReferenceData, body: str
) -> None:
    # Every one-day summit of the shipped data: its host presides on that day.
    one_day = [
        s
        for s in shipped_reference.summits
        if s.held and s.date_start and s.date_start == s.date_end and s.host
    ]
    assert one_day
    for held in one_day:
        assert held.date_start is not None
        verdict = check_chair(book, shipped_reference, body, held.date_start)
        assert verdict.facts["chair_state"] == held.host, held.number
        assert verdict.facts["summit_day"] == held.number
        assert "chair.host_presides" in [w.code for w in verdict.warnings]


def test_on_a_summit_day_the_deputy_of_the_board_is_the_next_chair(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = check_chair(book, reference, "bcb", day("2024-07-04"))

    assert (verdict.facts["chair_state"], verdict.facts["deputy_state"]) == ("KZ", "CN")
