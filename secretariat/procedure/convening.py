"""Convening an extraordinary meeting: initiators, consents, notice.

BCB (Regulation §7): at least N national parts, their joint appeal received by the BC
Secretariat not later than N days before the proposed date.
CMFA (¶1): at least N member states, the consent of the other states' ministers, the
letters received by the CMFA Chair not later than N months before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal

from secretariat.procedure.consent import unanimity
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import Message
from secretariat.procedure.verdicts import InputError, Verdict

Body = Literal["bcb", "cmfa"]

_RULES: dict[str, tuple[str, str, str]] = {
    # body: (initiators rule, notice rule, procedure)
    "bcb": ("BCB-EXTRA-INITIATORS", "BCB-EXTRA-NOTICE-30D", "bcb-extraordinary"),
    "cmfa": ("CMFA-EXTRA-INITIATORS", "CMFA-EXTRA-NOTICE-1M", "cmfa-extraordinary"),
}


def check_convening(
    book: Rulebook,
    reference: ReferenceData,
    body: str,
    *,
    initiators: Sequence[str],
    received: dt.date,
    meeting_start: dt.date,
    members: Sequence[str],
    consents: Mapping[str, bool | None] | None = None,
) -> Verdict:
    """Whether an extraordinary meeting may be convened as proposed.

    ``consents`` (CMFA only) maps each other member state to True (consents), False
    (refuses) or None (no answer yet).
    """
    if body not in _RULES:
        raise InputError(
            "unknown_body", Message("error.unknown_body", {"value": body, "valid": sorted(_RULES)})
        )
    initiators_rule, notice_rule, procedure = _RULES[body]
    unknown = sorted(set(initiators) - set(members))
    if unknown:
        raise InputError(
            "unknown_state",
            Message("error.unknown_state", {"value": unknown, "valid": sorted(members)}),
        )
    failures: list[Message] = []
    codes: list[str] = []
    minimum = int(book.rule(initiators_rule).param("min_initiators"))
    distinct = sorted(set(initiators))
    if len(distinct) < minimum:
        codes.append("too_few_initiators")
        failures.append(
            Message("convening.too_few_initiators", {"count": len(distinct), "minimum": minimum})
        )
    schedule = compute_schedule(
        book, reference, procedure, meeting_start=meeting_start, events={"received": received}
    )
    due = schedule.step(notice_rule).due
    if received > due:
        codes.append("late")
        failures.append(
            Message("convening.late", {"received": received, "due": due, "rule": notice_rule})
        )
    rules = [initiators_rule, notice_rule]
    others = [m for m in members if m not in distinct]
    refused: list[str] = []
    pending: list[str] = []
    if body == "cmfa":
        # The other member states' consent: the one unanimity check (procedure.consent).
        agreed = unanimity(others, consents or {}, rules=(initiators_rule,))
        # Named in the order of the members (the reference's), as the sentence lists them.
        refused = [m for m in others if m in agreed.withheld]
        pending = [m for m in others if m in agreed.missing]
        if refused:
            codes.append("consent_refused")
            failures.append(Message("convening.consent_refused", {"states": refused}))
        elif pending:
            codes.append("consent_pending")
            failures.append(Message("convening.consent_pending", {"states": pending}))
    facts = {
        "initiators": distinct,
        "minimum_initiators": minimum,
        "received": received.isoformat(),
        "notice_due": due.isoformat(),
        "meeting_start": meeting_start.isoformat(),
        "consents_refused": refused,
        "consents_pending": pending,
        "failures": codes,
    }
    ok = not failures
    summary = Message("convening.may_convene", {"due": due}) if ok else failures[0]
    return Verdict(
        check="convening",
        outcome="may_convene" if ok else codes[0],
        ok=ok,
        summary=summary,
        facts=facts,
        rules=tuple(rules),
        warnings=tuple(failures[1:]),
    )
