"""Quorum of the Board (BCB-QUORUM, BCB-COMPOSITION; seed 004 §2 and §12).

"не менее половины состава Правления плюс один член Правления, которые представляют не
менее пяти государств-членов ШОС": the smallest whole number >= size/2 + 1 (16 of 30,
15 of 27), and those present represent at least 5 member states. Three members per part.
"""

from __future__ import annotations

import pytest

from secretariat.procedure.quorum import board_size, check_quorum, required_members
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.verdicts import InputError

from .builders import MEMBERS


def present(*counts: int) -> dict[str, int]:
    """Members present per state, in the order of MEMBERS: present(3, 3, 1) is CN=3, RU=3, KZ=1."""
    return dict(zip(MEMBERS, counts, strict=False))


@pytest.mark.parametrize(
    ("parts", "size", "required"),
    [
        pytest.param(10, 30, 16, id="10 parts: 16 of 30"),
        pytest.param(9, 27, 15, id="9 parts: 15 of 27"),
        pytest.param(11, 33, 18, id="11 parts: 18 of 33"),
        pytest.param(8, 24, 13, id="8 parts: 13 of 24"),
        pytest.param(5, 15, 9, id="5 parts: 9 of 15"),
        pytest.param(1, 3, 3, id="1 part: 3 of 3"),
    ],
)
def test_the_board_has_three_members_per_part_and_needs_half_plus_one(
    book: Rulebook, parts: int, size: int, required: int
) -> None:
    assert board_size(book, parts) == size
    assert required_members(book, size) == required


@pytest.mark.parametrize(
    ("counts", "parts", "quorate", "outcome"),
    [
        pytest.param(
            present(3, 3, 3, 3, 3, 1), 10, True, "quorum.quorate", id="16 of 30 from 6 states"
        ),
        pytest.param(
            present(3, 3, 3, 3, 2, 2),
            10,
            True,
            "quorum.quorate",
            id="16 of 30 from 6 states, spread",
        ),
        pytest.param(
            present(3, 3, 3, 3, 3),
            10,
            False,
            "quorum.short_of_members",
            id="15 of 30 from 5 states",
        ),
        pytest.param(
            present(2, 2, 2, 2, 2, 2, 2, 1),
            10,
            False,
            "quorum.short_of_members",
            id="15 of 30 from 8 states",
        ),
        pytest.param(
            present(3, 3, 3, 3, 3), 9, True, "quorum.quorate", id="15 of 27 from 5 states"
        ),
        pytest.param(present(3, 3, 3, 3, 2), 9, False, "quorum.short_of_members", id="14 of 27"),
        pytest.param(
            present(3, 3, 3, 3),
            10,
            False,
            "quorum.short_of_both",
            id="a board of 30 with only 4 states present",
        ),
        pytest.param(
            present(3, 3, 3, 3),
            4,
            False,
            "quorum.short_of_states",
            id="the whole board of 4 parts: 12 of 12 but 4 states",
        ),
        pytest.param(
            present(3, 3, 3, 0, 0), 5, False, "quorum.short_of_states", id="9 of 15 from 3 states"
        ),
        pytest.param(present(3, 3, 1, 1, 1), 5, True, "quorum.quorate", id="9 of 15 from 5 states"),
        pytest.param(present(*[3] * 10), 10, True, "quorum.quorate", id="everyone present"),
        pytest.param({}, 10, False, "quorum.short_of_both", id="nobody present"),
    ],
)
def test_a_meeting_is_quorate_with_half_plus_one_from_at_least_five_states(
    book: Rulebook, counts: dict[str, int], parts: int, quorate: bool, outcome: str
) -> None:
    verdict = check_quorum(book, counts, parts)

    assert verdict.ok is quorate
    assert verdict.outcome == ("quorate" if quorate else "not_quorate")
    assert verdict.summary.code == outcome
    assert verdict.facts["present"] == sum(counts.values())
    assert verdict.facts["states"] == sum(1 for c in counts.values() if c)
    assert verdict.rules == ("BCB-QUORUM", "BCB-COMPOSITION")


def test_the_verdict_gives_the_numbers_it_used(book: Rulebook) -> None:
    verdict = check_quorum(book, present(3, 3, 3, 3, 3, 1), 10)

    assert verdict.facts["size"] == 30
    assert verdict.facts["required"] == 16
    assert verdict.facts["required_states"] == 5
    assert verdict.facts["states_present"] == sorted(MEMBERS[:6])
    text = verdict.summary.render("en")
    assert "16 of 30" in text
    assert "6 member states" in text


@pytest.mark.parametrize(
    ("counts", "parts", "valid", "code"),
    [
        pytest.param({"CN": 4}, 10, None, "impossible_count", id="4 members of a part that has 3"),
        pytest.param({"CN": -1}, 10, None, "impossible_count", id="a negative count"),
        pytest.param(
            present(1, 1, 1, 1, 1, 1),
            5,
            None,
            "more_states_than_parts",
            id="6 states on a board of 5 parts",
        ),
        pytest.param(present(3, 3), 0, None, "invalid_parts", id="a board without parts"),
        pytest.param(
            {"XX": 3}, 10, frozenset(MEMBERS), "unknown_state", id="a state that is not a member"
        ),
    ],
)
def test_an_impossible_attendance_is_an_input_error(
    book: Rulebook,
    counts: dict[str, int],
    parts: int,
    valid: frozenset[str] | None,
    code: str,
) -> None:
    with pytest.raises(InputError) as raised:
        check_quorum(book, counts, parts, valid)

    assert raised.value.code == code


def test_the_ten_national_parts_of_the_reference_data_make_a_board_of_30(
    book: Rulebook, reference: ReferenceData
) -> None:
    parts = reference.national_parts()

    assert sorted(p.state for p in parts if p.state) == sorted(MEMBERS)
    assert board_size(book, len(parts)) == 30
    assert check_quorum(book, dict.fromkeys(MEMBERS[:6], 3), len(parts)).facts["size"] == 30
