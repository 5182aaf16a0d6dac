"""Consensus (BCB-CONSENSUS): adopted unless someone objects; abstention is no objection."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, Text
from secretariat.procedure.verdicts import InputError, Verdict


class Position(StrEnum):
    SUPPORT = "support"
    OBJECT = "object"
    ABSTAIN = "abstain"
    ABSENT = "absent"


def parse_position(value: str) -> Position:
    try:
        return Position(value)
    except ValueError:
        raise InputError(
            "unknown_position",
            Message(
                "error.unknown_position", {"value": value, "valid": [p.value for p in Position]}
            ),
        ) from None


def consensus_names(reference: ReferenceData, rule_id: str) -> dict[str, Text]:
    """The names of the members who decide by ``rule_id``, by state code: the national parts
    on the Board (BCB-CONSENSUS), the member states elsewhere (STRAT-CONSENSUS)."""
    return reference.part_names() if rule_id == "BCB-CONSENSUS" else reference.state_names()


def check_consensus(
    book: Rulebook,
    positions: Mapping[str, Position],
    rule_id: str = "BCB-CONSENSUS",
    *,
    names: Mapping[str, Text] | None = None,
) -> Verdict:
    """Whether a decision is adopted by consensus, naming any objections.

    ``names``: each member's name by code (``reference.state_names``), so that the verdict
    names the objecting members in the reader's language; a member missing there is shown
    by its code. The facts keep the codes."""
    book.rule(rule_id)  # an unknown rule id is a programming error, not an answer
    if not positions:
        raise InputError("no_positions", Message("error.no_positions", {}))
    objections = [state for state, p in positions.items() if p is Position.OBJECT]
    adopted = not objections
    counts = {p.value: sum(1 for v in positions.values() if v is p) for p in Position}
    facts: dict[str, object] = {
        "objections": objections,
        "positions": {k: v.value for k, v in positions.items()},
        **counts,
    }
    summary = (
        Message("consensus.adopted", counts)
        if adopted
        else Message(
            "consensus.objected",
            {"objections": [(names or {}).get(c, c) for c in objections], **counts},
        )
    )
    return Verdict(
        check="consensus",
        outcome="adopted" if adopted else "not_adopted",
        ok=adopted,
        summary=summary,
        facts=facts,
        rules=(rule_id,),
    )
