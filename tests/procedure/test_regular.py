"""The Board's regular meeting: one a year, in the country hosting the CHS or the CHG
(BCB-REGULAR, seed 004 §6), checked against the shipped summits and CHG meetings."""

from __future__ import annotations

import pytest

from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.regular import check_regular_board_meeting
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import LANGS
from tests.said import RULE_ID, day_said, rule_said

from .builders import day


def check(
    book: Rulebook, ref: ReferenceData, year: int, venue: str | None, others: tuple[str, ...] = ()
):  # type: ignore[no-untyped-def]
    return check_regular_board_meeting(
        book, ref, year=year, other_regular_dates=[day(d) for d in others], venue_state=venue
    )


@pytest.mark.parametrize(
    ("year", "venue"),
    [
        pytest.param(2025, "CN", id="2025 in China, host of the Tianjin summit"),
        pytest.param(2025, "RU", id="2025 in Russia, host of the CHG in Moscow"),
        pytest.param(2024, "PK", id="2024 in Pakistan, host of the CHG in Islamabad"),
    ],
)
def test_a_regular_meeting_at_a_councils_host_is_right(
    book: Rulebook, shipped_reference: ReferenceData, year: int, venue: str
) -> None:
    verdict = check(book, shipped_reference, year, venue)

    assert verdict.ok
    assert verdict.outcome == "regular_ok"
    assert verdict.rules == ("BCB-REGULAR",)
    assert not verdict.warnings


def test_a_venue_hosting_neither_council_is_not_right(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    verdict = check(book, shipped_reference, 2025, "KZ")

    assert not verdict.ok
    assert verdict.outcome == "venue_wrong"
    assert verdict.facts["chs_hosts"] == ["CN"]
    assert verdict.facts["chg_hosts"] == ["RU"]
    english = verdict.summary.render("en")
    assert "Kazakhstan" in english
    assert "China" in english
    assert "Russia" in english
    assert len({verdict.summary.render(lang) for lang in LANGS}) == 3


def test_a_second_regular_meeting_in_a_year_is_flagged(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    verdict = check(book, shipped_reference, 2025, "CN", others=("2025-03-10", "2024-06-01"))

    assert verdict.ok
    assert verdict.outcome == "second_in_year"
    [warning] = verdict.warnings
    assert warning.code == "regular.second_in_year"
    for lang in LANGS:
        text = warning.render(lang)
        assert rule_said("BCB-REGULAR", lang) in text
        assert not RULE_ID.search(text)
        assert day_said("2025-03-10", lang) in text
        assert "2024-06-01" not in text


def test_without_the_hosts_of_that_year_the_check_cannot_tell(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    # 2026: the summit in Bishkek and the CHG in Dushanbe have no dates in the data yet.
    verdict = check(book, shipped_reference, 2026, "KG")

    assert verdict.ok
    assert verdict.outcome == "venue_unknown"
    codes = [w.code for w in verdict.warnings]
    assert codes == ["regular.venue_unknown_host", "regular.venue_unknown_host"]
    assert "Council of Heads of Government" in verdict.warnings[1].render("en")
    assert "Совет глав правительств" in verdict.warnings[1].render("ru")


def test_the_only_meeting_of_the_year_without_a_venue_is_counted_only(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    verdict = check(book, shipped_reference, 2025, None)

    assert verdict.ok
    assert verdict.outcome == "regular_ok"
    assert verdict.summary.code == "regular.one_this_year"
