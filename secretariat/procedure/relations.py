"""The rules of external relations as plain functions (no Django): who must consent before an
agreement is signed (SEC-EXTERNAL), which partner state may take part in which meeting and how
(STRAT-OBSERVERS, STRAT-DIALOGUE), and which engagements of a schedule overlap (SEC-PROTOCOL).

The relations app records these facts (``secretariat.relations``); the consent itself is the
engine's one unanimity check (``procedure.consent``). ``procedure.participation`` answers a
different question: whether a partner may sit in a body's meeting of the meetings app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from secretariat.procedure.consent import ConsentVerdict, unanimity

MEMBER, OBSERVER, DIALOGUE_PARTNER, PARTNER = "member", "observer", "dialogue_partner", "partner"
GUEST = "guest"
#: The rule that asks every member state's consent before an agreement is signed.
AGREEMENT_RULES = ("SEC-EXTERNAL",)


def consent_verdict(members: Iterable[str], consents: Mapping[str, str]) -> ConsentVerdict:
    """Signing needs every member state's consent; one withheld consent blocks it (SEC-EXTERNAL).

    ``members``: the member states' codes on the day; ``consents``: state code -> given/withheld.
    Answers from states that are no longer members are not counted either way.
    """
    return unanimity(members, consents, rules=AGREEMENT_RULES)


#: The statuses that allow each kind of participation: the SCO partner status (since the 2025
#: Tianjin summit) took over from both observer and dialogue partner.
STATUSES_FOR_KIND: dict[str, frozenset[str]] = {
    OBSERVER: frozenset({OBSERVER, PARTNER}),
    DIALOGUE_PARTNER: frozenset({DIALOGUE_PARTNER, PARTNER}),
}
#: The meetings each kind of participation is for: observers at the public meetings of the
#: CHS, the CHG and heads of ministries (STRAT-OBSERVERS); dialogue partners at ministerial and
#: expert meetings (STRAT-DIALOGUE).
LEVELS_FOR_KIND: dict[str, frozenset[str]] = {
    OBSERVER: frozenset({"chs", "chg", "heads_of_ministries"}),
    DIALOGUE_PARTNER: frozenset({"ministerial", "expert"}),
}
RULE_FOR_KIND = {OBSERVER: "STRAT-OBSERVERS", DIALOGUE_PARTNER: "STRAT-DIALOGUE"}


@dataclass(frozen=True, slots=True)
class ParticipationVerdict:
    allowed: bool
    #: Why not: member, status, level (or "" when allowed).
    reason: str
    rules: tuple[str, ...]


def participation_verdict(*, kind: str, status: str | None, level: str) -> ParticipationVerdict:
    """Whether a state holding ``status`` on the day may take part as ``kind`` at ``level``."""
    rules = (RULE_FOR_KIND[kind],) if kind in RULE_FOR_KIND else ()
    if status == MEMBER:
        return ParticipationVerdict(False, "member", ("SEC-PARTNERS",))
    if kind == GUEST:
        return ParticipationVerdict(True, "", ())
    if status not in STATUSES_FOR_KIND[kind]:
        return ParticipationVerdict(False, "status", rules)
    if level not in LEVELS_FOR_KIND[kind]:
        return ParticipationVerdict(False, "level", rules)
    return ParticipationVerdict(True, "", rules)


def overlaps(
    entries: Iterable[tuple[int, dt.datetime, dt.datetime]],
) -> dict[int, list[int]]:
    """For each entry (id, start, end), the ids of the others whose time it shares.

    Touching ends (one ends at 10:00, the next starts at 10:00) do not overlap.
    """
    ordered = sorted(entries, key=lambda e: (e[1], e[2], e[0]))
    found: dict[int, list[int]] = {}
    for i, (a, a_start, a_end) in enumerate(ordered):
        for b, b_start, b_end in ordered[i + 1 :]:
            if b_start >= a_end:
                break
            if b_end > a_start:
                found.setdefault(a, []).append(b)
                found.setdefault(b, []).append(a)
    return found
