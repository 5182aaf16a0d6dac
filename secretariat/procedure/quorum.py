"""Quorum of the Board of the Business Council (BCB-QUORUM, BCB-COMPOSITION)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, Text
from secretariat.procedure.verdicts import InputError, Verdict


def board_size(book: Rulebook, parts: int) -> int:
    """Board size: members per national part times the number of parts."""
    return int(book.rule("BCB-COMPOSITION").param("members_per_part")) * parts


def required_members(book: Rulebook, size: int) -> int:
    """The least whole number of members >= ``size`` x fraction + plus (16 of 30, 15 of 27)."""
    rule = book.rule("BCB-QUORUM")
    exact = Fraction(str(rule.param("fraction"))) * size + int(rule.param("plus_members"))
    return math.ceil(exact)


def check_quorum(
    book: Rulebook,
    present: Mapping[str, int],
    parts: int,
    valid_states: frozenset[str] | None = None,
    *,
    names: Mapping[str, Text] | None = None,
) -> Verdict:
    """Whether the Board members present make a quorum.

    ``present`` maps a member state's code to the number of its national part's Board
    members in the room; ``parts`` is the number of national parts on the Board. ``names``:
    each national part's name by state code, for the messages (``reference.part_names``).
    """
    per_part = int(book.rule("BCB-COMPOSITION").param("members_per_part"))
    if parts < 1:
        raise InputError("invalid_parts", Message("error.parts_positive", {"parts": parts}))
    for state, count in present.items():
        if valid_states is not None and state not in valid_states:
            raise InputError(
                "unknown_state",
                Message("error.unknown_state", {"value": state, "valid": sorted(valid_states)}),
            )
        if count < 0 or count > per_part:
            raise InputError(
                "impossible_count",
                Message(
                    "error.count_out_of_range",
                    {"state": (names or {}).get(state, state), "count": count, "max": per_part},
                ),
            )
    states = sorted(s for s, c in present.items() if c > 0)
    if len(states) > parts:
        raise InputError(
            "more_states_than_parts",
            Message("error.more_states_than_parts", {"states": len(states), "parts": parts}),
        )
    size = board_size(book, parts)
    required = required_members(book, size)
    required_states = int(book.rule("BCB-QUORUM").param("min_states"))
    total = sum(present.values())
    enough_members = total >= required
    enough_states = len(states) >= required_states
    quorate = enough_members and enough_states
    if quorate:
        code = "quorum.quorate"
    elif not enough_members and not enough_states:
        code = "quorum.short_of_both"
    elif not enough_members:
        code = "quorum.short_of_members"
    else:
        code = "quorum.short_of_states"
    facts = {
        "present": total,
        "required": required,
        "states": len(states),
        "required_states": required_states,
        "size": size,
        "parts": parts,
        "states_present": states,
    }
    return Verdict(
        check="quorum",
        outcome="quorate" if quorate else "not_quorate",
        ok=quorate,
        summary=Message(code, facts),
        facts=facts,
        rules=("BCB-QUORUM", "BCB-COMPOSITION"),
    )
