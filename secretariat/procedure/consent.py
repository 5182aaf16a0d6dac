"""Unanimity: a step that needs every member state's consent (no Django).

Three procedures ask it: an agreement with a partner is signed only once every member state
consented (SEC-EXTERNAL), an expert's single-term contract is concluded only with every member
state's consent (SEC-EXTERNAL's sibling SEC-EXPERTS), and an extraordinary CMFA meeting goes on
only when every other member state agreed (CMFA-EXTRA-INITIATORS). Each app stores the answers
its own way (``core.consent.MemberConsent`` is the shared shape; the CMFA consents are read by
``convening.check_convening``); all of them ask this one check: given the states whose consent
is needed and their answers, did they all agree, who has not answered, who refused.

One refusal blocks the step, whatever the others say; a state that has not answered keeps it
waiting; an answer from a state that is not among ``members`` (no longer a member, or not
asked) counts neither way; with no member at all, nobody agreed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Answer(StrEnum):
    """A member state's answer."""

    GIVEN = "given"
    WITHHELD = "withheld"
    PENDING = "pending"


#: How the apps spell an answer: the relations app's words, the budget app's ``given`` flag
#: (True, False or None for not yet) and the meetings app's yes/no/pending.
_SPELLINGS: dict[object, Answer] = {
    "given": Answer.GIVEN,
    "yes": Answer.GIVEN,
    True: Answer.GIVEN,
    "withheld": Answer.WITHHELD,
    "no": Answer.WITHHELD,
    False: Answer.WITHHELD,
    "pending": Answer.PENDING,
    "": Answer.PENDING,
    None: Answer.PENDING,
}


def answer_of(value: str | bool | None) -> Answer:
    """The answer an app stored, in the engine's words (an unknown spelling is an error)."""
    try:
        return _SPELLINGS[value]
    except KeyError:
        raise ValueError(f"not a consent answer: {value!r}") from None


class Outcome(StrEnum):
    AGREED = "agreed"
    PENDING = "pending"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class ConsentVerdict:
    """Whether every member state agreed, and the states that stand in the way.

    Each tuple holds state codes, sorted.
    """

    outcome: Outcome
    #: Member states that have not answered yet.
    missing: tuple[str, ...]
    #: Member states that withheld their consent.
    withheld: tuple[str, ...]
    given: tuple[str, ...]
    #: The rules that ask for the consent of every member state.
    rules: tuple[str, ...]

    @property
    def agreed(self) -> bool:
        """Every member state consented: the step may go on."""
        return self.outcome is Outcome.AGREED

    @property
    def may_sign(self) -> bool:
        """An agreement's word for ``agreed``: it may be signed."""
        return self.agreed


def unanimity(
    members: Iterable[str],
    answers: Mapping[str, str | bool | None],
    *,
    rules: tuple[str, ...],
) -> ConsentVerdict:
    """Whether every one of ``members`` (state codes) consented, given ``answers`` (state code
    -> given/withheld/pending, yes/no, True/False/None); the verdict cites ``rules``.

    Refused when one member withheld its consent (even while others have not answered);
    pending while one has not answered; agreed when all gave it.
    """
    required = sorted(set(members))
    said = {code: answer_of(answers.get(code)) for code in required}
    given = tuple(code for code in required if said[code] is Answer.GIVEN)
    withheld = tuple(code for code in required if said[code] is Answer.WITHHELD)
    missing = tuple(code for code in required if said[code] is Answer.PENDING)
    if withheld:
        outcome = Outcome.REFUSED
    elif missing or not required:
        outcome = Outcome.PENDING
    else:
        outcome = Outcome.AGREED
    return ConsentVerdict(outcome, missing, withheld, given, tuple(rules))
