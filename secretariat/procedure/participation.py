"""Whether a partner state may take part in a body's meeting (STRAT-OBSERVERS, STRAT-DIALOGUE).

Observer states are invited to the public meetings of the CHS and the CHG and to meetings of
heads of ministries; dialogue partners take part in ministerial meetings. The bodies each
status opens come from the rules' parameters; a state that is neither, or a body no rule
opens to its status, is refused with the rules that were checked. Since the Tianjin summit
(2025) both statuses are merged into "SCO partner"; no rule of the seed documents says which
meetings partners of that status attend, so they are refused with that explanation.
"""

from __future__ import annotations

import datetime as dt

from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message
from secretariat.procedure.verdicts import InputError, Verdict

#: The rules that open meetings to partners, one per partner status.
PARTNER_RULES = ("STRAT-OBSERVERS", "STRAT-DIALOGUE")


def check_partner_participation(
    book: Rulebook, reference: ReferenceData, body: str, state: str, day: dt.date
) -> Verdict:
    """Whether partner ``state`` may be invited to a meeting of ``body`` held on ``day``."""
    info = reference.states.get(state)
    if info is None:
        raise InputError("unknown_state", Message("error.unknown_state", {"state": state}))
    status = info.status_on(day)
    facts = {"state": state, "status": status, "body": body, "day": day.isoformat()}
    for rule_id in PARTNER_RULES:
        rule = book.rule(rule_id)
        if status == rule.param("status"):
            bodies = [str(b) for b in rule.param("bodies")]
            ok = body in bodies
            return Verdict(
                check="participation",
                outcome="partner_allowed" if ok else "partner_not_allowed",
                ok=ok,
                summary=Message(
                    "participation.allowed" if ok else "participation.not_allowed",
                    {"state": info.name, "body": body.upper(), "rule": rule_id},
                ),
                facts={**facts, "bodies": bodies},
                rules=(rule_id,),
            )
    return Verdict(
        check="participation",
        outcome="not_a_partner",
        ok=False,
        summary=Message(
            "participation.not_a_partner", {"state": info.name, "status": status or "—"}
        ),
        facts=facts,
        rules=PARTNER_RULES,
    )
