"""Convening an extraordinary meeting: initiators, consents, notice.

BCB (Regulation §7): at least N national parts, their joint appeal SENT to the BC
Secretariat jointly (simultaneously) not later than N days before the proposed date.
CMFA (¶1): at least N member states, the consent of the other states' ministers, the
letters SENT simultaneously to the CMFA Chair not later than N months before.

The notice binds the day of sending («направляют … не позднее»); the day of receipt is
recorded too and starts the steps counted from it (BCB-EXTRA-INFORM-5D,
CMFA-EXTRA-NOTIFY-2D). When each initiator's own sending day is known, the joint sending
day is the latest of them (the appeal is complete only when the last initiator has sent
it), and days that differ are a warning: the appeal was not sent simultaneously.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal

from secretariat.procedure.consent import unanimity
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import Message, Text
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
    meeting_start: dt.date,
    members: Sequence[str],
    sent: dt.date | None = None,
    received: dt.date | None = None,
    initiator_sent: Mapping[str, dt.date] | None = None,
    consents: Mapping[str, bool | None] | None = None,
) -> Verdict:
    """Whether an extraordinary meeting may be convened as proposed.

    ``sent`` is the day the appeal or letters were sent (the notice rule judges it);
    ``initiator_sent`` maps initiators to their own sending days, whose latest is the joint
    sending day (with ``sent``, when both are given). Without any sending day the notice
    cannot be judged: the failure ``sent_not_recorded``. ``received`` (not before the
    sending day) starts the steps counted from receipt. ``consents`` (CMFA only) maps each
    other member state to True (consents), False (refuses) or None (no answer yet).
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
    own_days = dict(initiator_sent or {})
    strangers = sorted(set(own_days) - set(distinct))
    if strangers:
        raise InputError(
            "unknown_state",
            Message("error.unknown_state", {"value": strangers, "valid": distinct}),
        )
    days = [d for d in (sent, *own_days.values()) if d is not None]
    joint = max(days) if days else None
    events = {
        name: value
        for name, value in (("sent", joint), ("received", received))
        if value is not None
    }
    schedule = compute_schedule(
        book, reference, procedure, meeting_start=meeting_start, events=events
    )
    due = schedule.step(notice_rule).due
    warnings: list[Message] = []
    if joint is None:
        codes.append("sent_not_recorded")
        failures.append(Message("convening.sent_not_recorded", {"rule": notice_rule}))
    elif joint > due:
        codes.append("late")
        failures.append(
            Message("convening.sent_late", {"sent": joint, "due": due, "rule": notice_rule})
        )
    if len(set(own_days.values())) > 1:
        # «одновременно направляют»: the initiators' days differ.
        order = [c for c in distinct if c in own_days]
        warnings.append(
            Message(
                "convening.not_simultaneous",
                {
                    "days": [
                        Message(
                            "convening.sent_by",
                            {"state": _name(reference, c), "date": own_days[c]},
                        )
                        for c in order
                    ],
                    "joint": joint,
                    "rule": notice_rule,
                },
            )
        )
    rules = [initiators_rule, notice_rule]
    others = [m for m in members if m not in distinct]
    refused: list[str] = []
    pending: list[str] = []
    names = reference.state_names()

    def named(codes: list[str]) -> list[Text | str]:
        """The states by name in the reader's language, for the sentence (never their codes)."""
        return [names.get(code, code) for code in codes]

    if body == "cmfa":
        # The other member states' consent: the one unanimity check (procedure.consent).
        agreed = unanimity(others, consents or {}, rules=(initiators_rule,))
        # Named in the order of the members (the reference's), as the sentence lists them.
        refused = [m for m in others if m in agreed.withheld]
        pending = [m for m in others if m in agreed.missing]
        if refused:
            codes.append("consent_refused")
            failures.append(Message("convening.consent_refused", {"states": named(refused)}))
        elif pending:
            codes.append("consent_pending")
            failures.append(Message("convening.consent_pending", {"states": named(pending)}))
    facts = {
        "initiators": distinct,
        "minimum_initiators": minimum,
        "sent": joint.isoformat() if joint else None,
        "initiator_sent": {c: d.isoformat() for c, d in sorted(own_days.items())},
        "received": received.isoformat() if received else None,
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
        warnings=(*failures[1:], *warnings),
    )


def _name(reference: ReferenceData, code: str) -> Text | str:
    state = reference.states.get(code)
    return state.name if state else code
