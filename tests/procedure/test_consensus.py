"""Consensus of the Board (BCB-CONSENSUS; seed 004 §13): adopted unless a national part
objects; "Absence or abstention is not an objection" (regulations.md)."""

from __future__ import annotations

import pytest

from secretariat.procedure.consensus import Position, check_consensus, parse_position
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.verdicts import InputError

SUPPORT, OBJECT, ABSTAIN, ABSENT = (
    Position.SUPPORT,
    Position.OBJECT,
    Position.ABSTAIN,
    Position.ABSENT,
)


@pytest.mark.parametrize(
    ("positions", "adopted", "objections"),
    [
        pytest.param(
            {"CN": SUPPORT, "RU": SUPPORT, "KZ": SUPPORT}, True, [], id="everyone supports"
        ),
        pytest.param(
            {"CN": SUPPORT, "RU": ABSTAIN, "KZ": SUPPORT},
            True,
            [],
            id="an abstention is not an objection",
        ),
        pytest.param(
            {"CN": SUPPORT, "RU": ABSENT, "KZ": SUPPORT},
            True,
            [],
            id="an absence is not an objection",
        ),
        pytest.param({"CN": ABSTAIN, "RU": ABSENT}, True, [], id="nobody supports, nobody objects"),
        pytest.param(
            {"CN": SUPPORT, "RU": OBJECT, "KZ": SUPPORT}, False, ["RU"], id="one objection blocks"
        ),
        pytest.param(
            {"PK": OBJECT, "CN": SUPPORT, "IN": OBJECT, "RU": ABSTAIN},
            False,
            ["PK", "IN"],
            id="objections in input order",
        ),
        pytest.param(
            {"IN": OBJECT, "PK": OBJECT},
            False,
            ["IN", "PK"],
            id="objections in input order, reversed",
        ),
    ],
)
def test_a_decision_is_adopted_unless_a_national_part_objects(
    book: Rulebook, positions: dict[str, Position], adopted: bool, objections: list[str]
) -> None:
    verdict = check_consensus(book, positions)

    assert verdict.ok is adopted
    assert verdict.outcome == ("adopted" if adopted else "not_adopted")
    assert verdict.facts["objections"] == objections
    assert verdict.rules == ("BCB-CONSENSUS",)


def test_the_verdict_counts_each_position(book: Rulebook) -> None:
    verdict = check_consensus(
        book, {"CN": SUPPORT, "RU": SUPPORT, "KZ": ABSTAIN, "KG": ABSENT, "TJ": ABSENT}
    )

    assert (verdict.facts["support"], verdict.facts["abstain"], verdict.facts["absent"]) == (
        2,
        1,
        2,
    )
    assert verdict.facts["object"] == 0


def test_an_objection_is_named_in_the_summary(book: Rulebook) -> None:
    verdict = check_consensus(book, {"CN": SUPPORT, "RU": OBJECT})

    for lang in ("en", "ru", "zh"):
        assert "RU" in verdict.summary.render(lang)


def test_no_positions_at_all_is_an_input_error(book: Rulebook) -> None:
    with pytest.raises(InputError) as raised:
        check_consensus(book, {})

    assert raised.value.code == "no_positions"


@pytest.mark.parametrize("word", ["support", "object", "abstain", "absent"])
def test_the_four_positions_are_read_from_their_names(word: str) -> None:
    assert parse_position(word).value == word


def test_an_unknown_position_is_an_input_error() -> None:
    with pytest.raises(InputError) as raised:
        parse_position("veto")

    assert raised.value.code == "unknown_position"
    assert "abstain" in str(raised.value)
