"""Who may be invited to a body's meeting beside its members, and on what ground.

Every invited person passes one check (``check_invitee``), on one of four grounds:

* ``partner``: the person represents a partner state. STRAT-OBSERVERS invites observer states
  to the public meetings of the CHS, the CHG and of heads of ministries and agencies;
  STRAT-DIALOGUE engages dialogue partners in ministerial and expert meetings. Since the
  Tianjin summit (1 September 2025) both statuses are merged into one, "SCO partner"; the
  reading of this project (docs/participation.md) is that a partner holds what either former
  status held, so both rules list it among their ``statuses`` (strat.yaml). The status is the
  one the state holds on the meeting's first day.
* ``by_right``: the person represents a delegation the body's participants rule names among
  those who take part by right (``by_right`` of BCB-PARTICIPANTS: the SCO Secretariat on the
  Board); no agreement is needed.
* ``invited``: the person represents another of the Organisation's or the Business
  Council's own structures (the SCO Secretariat, the Business Council Secretariat, RATS),
  invited under the body's participants rules; on the Board the list is agreed with the
  Chair or the Deputy Chair.
* ``guest``: the person represents no delegation and is invited in a personal capacity,
  which must then be given; on the Board, agreed as the other invited persons are.

A partner organisation is not a partner state: no rule opens meetings to organisations, so
its representative is invited, if at all, by name as a guest. A member's own delegation
(a member state, a national part) is not an invitee. Each refusal cites the rules checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rule, Rulebook, citations
from secretariat.procedure.text import Message, Text
from secretariat.procedure.verdicts import InputError, Verdict

#: The rules that open meetings to partner states, by the status they hold.
PARTNER_RULES = ("STRAT-OBSERVERS", "STRAT-DIALOGUE")
#: The kinds of delegation a person may represent, beside partner states: the Organisation's
#: and the Business Council's own structures.
OWN_STRUCTURES = frozenset({"sco_secretariat", "bc_secretariat", "rats"})
PARTNER_STATE, PARTNER_ORGANISATION = "partner_state", "partner_organisation"
#: The grounds an invitation rests on (``facts["ground"]`` of an allowing verdict).
GROUNDS = ("partner", "by_right", "invited", "guest")


def _body_name(reference: ReferenceData, body: str) -> Text:
    info = reference.bodies.get(body)
    return info.name if info is not None else Text(en=body, ru=body, zh=body)


def status_name(status: str | None) -> Message:
    """A status in the SCO as the reader calls it (never its code)."""
    known = ("member", "observer", "dialogue_partner", "partner")
    return Message(f"participation.status.{status if status in known else 'none'}")


def _statuses(rule: Rule) -> list[str]:
    return [str(s) for s in rule.param("statuses")]


def check_partner_participation(
    book: Rulebook, reference: ReferenceData, body: str, state: str, day: dt.date
) -> Verdict:
    """Whether partner ``state`` may be invited to a meeting of ``body`` held on ``day``.

    The rules whose ``statuses`` hold the state's status of the day are those that apply; the
    meeting is open to it when one of them lists ``body``. A state of no partner status (a
    member, or none) is refused with every partner rule cited.
    """
    info = reference.states.get(state)
    if info is None:
        raise InputError("unknown_state", Message("error.unknown_state", {"state": state}))
    status = info.status_on(day)
    facts = {"state": state, "status": status, "body": body, "day": day.isoformat()}
    applying = [book.rule(r) for r in PARTNER_RULES if status in _statuses(book.rule(r))]
    if not applying:
        return Verdict(
            check="participation",
            outcome="not_a_partner",
            ok=False,
            summary=Message(
                "participation.no_partner_status" if status else "participation.no_status",
                {"state": info.name, "status": status_name(status)},
            ),
            facts=facts,
            rules=PARTNER_RULES,
        )
    opening = [r for r in applying if body in [str(b) for b in r.param("bodies")]]
    ok = bool(opening)
    cited = tuple(r.id for r in (opening or applying))
    open_to = sorted({str(b) for r in applying for b in r.param("bodies")})
    merged = len(applying) > 1
    if ok:
        key = "participation.merged_allowed" if merged else "participation.status_allowed"
    else:
        key = "participation.merged_not_allowed" if merged else "participation.status_not_allowed"
    return Verdict(
        check="participation",
        outcome="partner_allowed" if ok else "partner_not_allowed",
        ok=ok,
        summary=Message(
            key,
            {
                "state": info.name,
                "status": status_name(status),
                "body": _body_name(reference, body),
                "bodies": [_body_name(reference, b) for b in open_to],
                "rules": citations([book.rule(r) for r in cited]),
            },
        ),
        facts={**facts, "bodies": open_to, "ground": "partner", "needs_agreement": False},
        rules=cited,
    )


def _by_right(book: Rulebook, participants: Sequence[str], kind: str) -> tuple[str, ...]:
    """The participants rules that let a delegation of ``kind`` take part by right.

    ``by_right`` is an optional parameter of a participants rule: a rule that names no one
    (SEC-PROTOCOL) gives no one that right.
    """
    found = []
    for rule_id in participants:
        named = book.rule(rule_id).parameters.get("by_right") or ()
        if kind in [str(k) for k in named]:
            found.append(rule_id)
    return tuple(found)


def check_invitee(
    book: Rulebook,
    reference: ReferenceData,
    *,
    body: str,
    day: dt.date,
    participants: Sequence[str],
    needs_agreement: bool,
    kind: str = "",
    name: Text | None = None,
    state: str | None = None,
    capacity: str = "",
) -> Verdict:
    """Whether a person may be put on the list of a meeting of ``body`` held on ``day``.

    ``kind``, ``name`` and ``state``: the delegation the person represents (empty ``kind``:
    none, a guest in a personal ``capacity``). ``participants``: the rules of the meeting's
    procedure on who else takes part; ``needs_agreement``: whether its invitations wait for
    the Chair's or the Deputy Chair's agreement. An allowing verdict says in
    ``facts["ground"]`` on what ground, and in ``facts["needs_agreement"]`` whether the
    invitation still waits for that agreement.
    """
    rules = tuple(participants)
    label = name or Text(en=kind, ru=kind, zh=kind)
    facts: dict[str, object] = {"body": body, "day": day.isoformat(), "kind": kind or None}
    if not kind:
        if not capacity.strip():
            return _refused(
                "capacity_required", Message("participation.capacity_required"), rules, facts
            )
        return _allowed(
            "guest",
            Message("participation.guest", {"body": _body_name(reference, body)}),
            rules,
            needs_agreement,
            facts,
        )
    if kind == PARTNER_STATE:
        if state is None:
            raise InputError("unknown_state", Message("error.unknown_state", {"state": "—"}))
        verdict = check_partner_participation(book, reference, body, state, day)
        if not verdict.ok:
            return verdict
        return replace(verdict, facts={**verdict.facts, "needs_agreement": needs_agreement})
    if kind == PARTNER_ORGANISATION:
        return _refused(
            "organisation_not_partner",
            Message("participation.organisation", {"name": label, "rules": list(PARTNER_RULES)}),
            PARTNER_RULES,
            facts,
        )
    if kind not in OWN_STRUCTURES:
        return _refused(
            "not_an_invitee", Message("participation.not_an_invitee", {"name": label}), rules, facts
        )
    by_right = _by_right(book, rules, kind)
    if by_right:
        return _allowed(
            "by_right",
            Message(
                "participation.by_right",
                {"name": label, "body": _body_name(reference, body), "rules": list(by_right)},
            ),
            by_right,
            False,
            facts,
        )
    return _allowed(
        "invited",
        Message("participation.invited", {"name": label, "body": _body_name(reference, body)}),
        rules,
        needs_agreement,
        facts,
    )


def _allowed(
    ground: str,
    summary: Message,
    rules: tuple[str, ...],
    needs_agreement: bool,
    facts: dict[str, object],
) -> Verdict:
    return Verdict(
        check="participation",
        outcome=f"invitee_{ground}",
        ok=True,
        summary=summary,
        facts={**facts, "ground": ground, "needs_agreement": needs_agreement},
        rules=rules,
    )


def _refused(
    outcome: str, summary: Message, rules: tuple[str, ...], facts: dict[str, object]
) -> Verdict:
    return Verdict(
        check="participation", outcome=outcome, ok=False, summary=summary, facts=facts, rules=rules
    )
