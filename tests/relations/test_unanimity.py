"""The engine's one unanimity check (procedure.consent), as agreements (given/withheld),
experts' contracts (True/False/None) and CMFA meetings (yes/no/pending) spell their answers.

Pure: no database.
"""

from __future__ import annotations

import pytest

from secretariat.procedure.consent import Answer, Outcome, answer_of, unanimity

MEMBERS = ("CN", "KZ", "RU")


@pytest.mark.parametrize(
    ("answers", "outcome", "missing", "withheld"),
    [
        ({"CN": "given", "KZ": "given", "RU": "given"}, Outcome.AGREED, (), ()),
        ({"CN": True, "KZ": True, "RU": True}, Outcome.AGREED, (), ()),
        ({"CN": "yes", "KZ": "yes", "RU": "yes"}, Outcome.AGREED, (), ()),
        ({"CN": "given", "RU": "given"}, Outcome.PENDING, ("KZ",), ()),
        ({"CN": True, "KZ": None, "RU": True}, Outcome.PENDING, ("KZ",), ()),
        ({"CN": "yes", "KZ": "pending", "RU": "yes"}, Outcome.PENDING, ("KZ",), ()),
        # One refusal stops the step even while others have not answered.
        ({"CN": "withheld"}, Outcome.REFUSED, ("KZ", "RU"), ("CN",)),
        ({"CN": False, "KZ": None, "RU": True}, Outcome.REFUSED, ("KZ",), ("CN",)),
        ({"CN": "no", "KZ": "yes", "RU": "yes"}, Outcome.REFUSED, (), ("CN",)),
    ],
)
def test_every_member_must_agree_and_one_refusal_blocks(
    answers: dict[str, str | bool | None],
    outcome: Outcome,
    missing: tuple[str, ...],
    withheld: tuple[str, ...],
) -> None:
    verdict = unanimity(MEMBERS, answers, rules=("SEC-EXTERNAL",))

    assert (verdict.outcome, verdict.missing, verdict.withheld) == (outcome, missing, withheld)
    assert verdict.agreed is (outcome is Outcome.AGREED)
    assert verdict.rules == ("SEC-EXTERNAL",)


def test_answers_of_states_that_are_not_members_count_neither_way() -> None:
    verdict = unanimity(["CN"], {"CN": "given", "TR": "withheld"}, rules=("SEC-EXTERNAL",))

    assert verdict.agreed
    assert verdict.withheld == ()


def test_with_no_member_nobody_agreed() -> None:
    verdict = unanimity([], {}, rules=("SEC-EXPERTS",))

    assert verdict.outcome is Outcome.PENDING
    assert not verdict.agreed


def test_an_unknown_spelling_of_an_answer_is_an_error() -> None:
    assert answer_of("given") is Answer.GIVEN
    with pytest.raises(ValueError, match="not a consent answer"):
        answer_of("maybe")
