"""Chairmanship terms derived from the summits."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from secretariat.registry import selectors
from secretariat.registry.models import ChairmanshipTerm
from secretariat.registry.reference_file import chair_terms_from_summits, parse_reference
from secretariat.registry.reference_records import MeetingRecord
from secretariat.registry.services import LoadReport
from tests.factories.registry import registry_loaded

from .support import reference_raw

pytestmark = pytest.mark.django_db

SETTLED_PERIODS = [
    (p["period"], p["state"])
    for p in reference_raw()["chairmanship_by_period"]
    if p.get("confidence", "high") == "high"
]


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


def chair_code(day: dt.date) -> str | None:
    term = selectors.chair_on(day)
    return term.state.code if term else None


@pytest.mark.parametrize(("period", "state"), SETTLED_PERIODS)
def test_the_term_derived_from_the_summits_agrees_with_the_chairmanship_by_period(
    period: str, state: str
) -> None:
    assert ChairmanshipTerm.objects.get(period=period).state.code == state


def test_every_settled_period_of_the_reference_data_is_checked() -> None:
    assert len(SETTLED_PERIODS) == 25


def test_the_chair_on_2026_01_15_is_kyrgyzstan() -> None:
    assert chair_code(dt.date(2026, 1, 15)) == "KG"


def test_the_chair_on_2024_01_15_is_kazakhstan() -> None:
    assert chair_code(dt.date(2024, 1, 15)) == "KZ"


def test_the_host_chairs_every_day_of_its_summit_and_hands_over_after_the_last() -> None:
    # The host presides over its own summit (docs/rules-engine.md: the chair on a summit
    # day); the chairmanship passes at the close of the summit's last day.
    assert chair_code(dt.date(2025, 8, 31)) == "CN"  # Tianjin opens
    assert chair_code(dt.date(2025, 9, 1)) == "CN"  # Tianjin closes: China still presides
    assert chair_code(dt.date(2025, 9, 2)) == "KG"  # the day after: Kyrgyzstan chairs


def test_no_term_covers_a_day_before_the_first_summit() -> None:
    assert selectors.chair_on(dt.date(2001, 6, 14)) is None


def test_a_term_whose_closing_summit_has_no_date_stays_open() -> None:
    term = ChairmanshipTerm.objects.get(period="2025-2026")

    assert (term.valid_from, term.valid_to) == (dt.date(2025, 9, 2), None)
    assert term.is_open
    # Who chairs is sure (summit 25 and its handover are well sourced); when the term
    # ends is not, and that shows as an open end, not as a weaker confidence.
    assert term.confidence == "high"


def test_the_term_announced_after_a_planned_summit_is_unconfirmed_and_not_settled() -> None:
    term = ChairmanshipTerm.objects.get(period="2026-2027")

    assert term.state.code == "PK"
    assert term.valid_from is None
    assert term.confidence == "low"
    assert not term.is_settled


def test_terms_follow_each_other_without_gap_or_overlap() -> None:
    dated = [t for t in selectors.chair_terms() if t.valid_from and t.valid_to]

    for earlier, later in itertools.pairwise(dated):
        assert later.valid_from == earlier.valid_to + dt.timedelta(days=1)


def summit(
    number: int,
    end: dt.date | None,
    confidence: str,
    chair_after: str | None = None,
    chair_after_confidence: str = "high",
) -> MeetingRecord:
    return MeetingRecord(
        body="chs",
        number=number,
        date_start=end,
        date_end=end,
        city=None,
        state="KZ",
        format="in_person",
        held=end is not None,
        extraordinary=False,
        chaired_by="",
        chair_after=chair_after,
        chair_after_period="",
        chair_after_confidence=chair_after_confidence,
        confidence=confidence,
        notes="",
        sources=(),
    )


def test_a_term_is_as_sure_as_its_opening_summit_and_the_chair_it_names() -> None:
    terms = chair_terms_from_summits(
        [
            summit(1, dt.date(2030, 6, 1), "high", chair_after="CN"),
            summit(2, dt.date(2031, 6, 1), "medium", chair_after="RU"),
            summit(3, dt.date(2032, 6, 1), "high", chair_after="KG", chair_after_confidence="low"),
            summit(4, None, "high"),
        ]
    )

    assert [(t.state, t.confidence) for t in terms] == [
        ("CN", "high"),  # summit 1 and its handover are sure
        ("RU", "medium"),  # summit 2 is only medium
        ("KG", "low"),  # the chair after summit 3 is low
    ]
    assert terms[0].valid_to == dt.date(2031, 6, 1)
    assert terms[2].valid_to is None
    assert terms[0].period == "2030-2031"


def test_summits_out_of_number_order_still_give_terms_in_order() -> None:
    raw = reference_raw()
    raw["council_meetings"] = list(reversed(raw["council_meetings"]))

    terms = parse_reference(raw).terms

    assert [t.opened_by for t in terms] == list(range(1, 27))
