"""The lifecycle of a meeting as data (``regulations/workflows.yaml``), guarded by the rules.

A workflow is a state machine per procedure: states named in en/ru/zh, and transitions
``{from, to, event, actor, guards, rules}``. A guard is a pure check of this module over
plain facts (who initiated, when the appeal arrived, who consented, who is present); a
transition is allowed when every guard passes, and refused with the guard's verdict, which
cites its rules, otherwise.

Facts a guard may read (plain values; ``facts`` of ``check_transition``):
  ``meeting_start`` (date), ``events`` ({name: date}: sent, received, informed, ...; the
  notice guard judges ``sent``, the day the appeal or letters were sent, and refuses while
  it is not recorded; ``received`` starts the steps counted from receipt),
  ``initiator_sent`` (optional {state: date}: each initiator's own sending day; the joint
  sending day is the latest, and differing days are a warning: not sent simultaneously),
  ``initiators`` and ``members`` (state codes), ``consents`` ({state: True/False/None}),
  ``present`` ({state: members in the room}) and ``parts`` (national parts on the Board),
  ``positions`` ({party: support/object/abstain/absent}), ``unsigned`` (parts that have
  not signed the minutes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from secretariat.procedure.consensus import check_consensus, consensus_names, parse_position
from secretariat.procedure.convening import check_convening
from secretariat.procedure.quorum import check_quorum
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.replies import FACTS as REPLY_FACTS
from secretariat.procedure.replies import GUARD as REPLIES_GUARD
from secretariat.procedure.replies import guard_replies_in
from secretariat.procedure.rules import REGULATIONS_DIR, Rulebook
from secretariat.procedure.text import Message, Text, TextError
from secretariat.procedure.verdicts import InputError, Verdict

WORKFLOWS_FILE = REGULATIONS_DIR / "workflows.yaml"
#: Rules that make a step wait for the Council of National Coordinators' consent.
CNC_CONSENT_RULES = frozenset({"SEC-CIRCULATE-CNC"})


class WorkflowError(ValueError):
    """workflows.yaml is malformed: the message names the workflow and what is wrong."""


@dataclass(frozen=True, slots=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    event: str
    actor: str
    guards: tuple[str, ...]
    rules: tuple[str, ...]
    name: Text
    #: A fact (an event of procedures.yaml) that must be recorded before the step.
    requires_event: str | None = None

    @property
    def reads(self) -> frozenset[str]:
        """The facts this step's guards read (names of ``check_transition``'s facts)."""
        return frozenset(fact for guard in self.guards for fact in GUARD_FACTS[guard])

    @property
    def consent_rules(self) -> tuple[str, ...]:
        """The rules of this step that make it wait for the CNC's consent (SEC-CIRCULATE-CNC:
        the agenda of an SCO body circulated with the consent of the national coordinators)."""
        return tuple(r for r in self.rules if r in CNC_CONSENT_RULES)

    @property
    def checks_quorum(self) -> bool:
        """Whether the step waits for a quorum of the members present."""
        return "present" in self.reads


@dataclass(frozen=True, slots=True)
class Workflow:
    kind: str
    initial: str
    final: frozenset[str]
    states: Mapping[str, Text]
    transitions: tuple[Transition, ...]

    def available(self, state: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if state in t.sources)

    @property
    def counts_quorum(self) -> bool:
        """Whether some step waits for a quorum, so who is in the room is recorded."""
        return any(t.checks_quorum for t in self.transitions)

    def quorum_next(self, state: str) -> bool:
        """Whether a step offered in ``state`` waits for a quorum (attendance is taken now)."""
        return any(t.checks_quorum for t in self.available(state))

    @property
    def collects_consents(self) -> bool:
        """Whether some step waits for every other member's consent (the members asked)."""
        return any("all_consented" in t.guards for t in self.transitions)

    @property
    def convened_on_initiative(self) -> bool:
        """Whether the meeting is convened on its members' initiative (extraordinary)."""
        return any("enough_initiators" in t.guards for t in self.transitions)

    def reachable(self) -> set[str]:
        """The states a meeting can reach from the initial one."""
        seen = {self.initial}
        frontier = [self.initial]
        while frontier:
            state = frontier.pop()
            for t in self.available(state):
                if t.target not in seen:
                    seen.add(t.target)
                    frontier.append(t.target)
        return seen


@dataclass(frozen=True, slots=True)
class YearPlan:
    rule: str
    parameter: str


@dataclass(frozen=True, slots=True)
class Workflows:
    workflows: Mapping[str, Workflow]
    year_plans: Mapping[str, YearPlan]

    def get(self, kind: str) -> Workflow:
        found = self.workflows.get(kind)
        if found is None:
            raise InputError(
                "unknown_procedure",
                Message(
                    "error.unknown_procedure", {"value": kind, "valid": sorted(self.workflows)}
                ),
            )
        return found


# --- guards ----------------------------------------------------------------------------------

Guard = Callable[[Rulebook, ReferenceData, str, Mapping[str, Any]], Verdict]


def _fact(facts: Mapping[str, Any], name: str, guard: str) -> Any:
    if facts.get(name) is None:
        raise InputError(
            "missing_fact", Message("error.workflow_missing_fact", {"fact": name, "guard": guard})
        )
    return facts[name]


def _convening(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any], guard: str
) -> Verdict:
    events: Mapping[str, dt.date] = facts.get("events") or {}
    return check_convening(
        book,
        reference,
        body,
        initiators=list(_fact(facts, "initiators", guard)),
        sent=events.get("sent"),
        received=events.get("received"),
        initiator_sent=facts.get("initiator_sent") or {},
        meeting_start=_fact(facts, "meeting_start", guard),
        members=list(_fact(facts, "members", guard)),
        consents=facts.get("consents") or {},
    )


def _convening_part(
    verdict: Verdict,
    failures: Sequence[str],
    rule: str,
    passed: Message,
    warnings: Sequence[str] = (),
) -> Verdict:
    """The part of a convening verdict one guard is about: its failures, its rule and the
    warnings (by message code) that belong to it."""
    own = tuple(w for w in verdict.warnings if w.code in warnings)
    found = [f for f in verdict.facts["failures"] if f in failures]
    if not found:
        return Verdict(
            check="convening",
            outcome="passed",
            ok=True,
            summary=passed,
            facts=verdict.facts,
            rules=(rule,),
            warnings=own,
        )
    # The failures' sentences are the summary, then the first warnings, in the same order.
    sentences = (verdict.summary, *verdict.warnings)
    summary = sentences[list(verdict.facts["failures"]).index(found[0])]
    return Verdict(
        check="convening",
        outcome=found[0],
        ok=False,
        summary=summary,
        facts=verdict.facts,
        rules=(rule,),
        warnings=own,
    )


def guard_enough_initiators(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """Enough states or national parts took the initiative (BCB/CMFA-EXTRA-INITIATORS)."""
    verdict = _convening(book, reference, body, facts, "enough_initiators")
    passed = Message("workflow.enough_initiators", {"count": len(verdict.facts["initiators"])})
    return _convening_part(verdict, ("too_few_initiators",), verdict.rules[0], passed)


def guard_notice_on_time(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """The appeal or letters were sent by the latest permissible day (the NOTICE rule).

    Judges ``events["sent"]`` (and ``initiator_sent``, whose latest day is the joint
    sending day); refuses while no sending day is recorded. Initiators' sending days that
    differ give a warning (not sent simultaneously).
    """
    verdict = _convening(book, reference, body, facts, "notice_on_time")
    passed = Message(
        "workflow.notice_sent_on_time",
        {"sent": verdict.facts["sent"], "due": verdict.facts["notice_due"]},
    )
    return _convening_part(
        verdict,
        ("late", "sent_not_recorded"),
        verdict.rules[1],
        passed,
        warnings=("convening.not_simultaneous",),
    )


def guard_all_consented(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """Every other member state consented (CMFA-EXTRA-INITIATORS)."""
    verdict = _convening(book, reference, body, facts, "all_consented")
    passed = Message("workflow.all_consented", {})
    return _convening_part(
        verdict, ("consent_refused", "consent_pending"), verdict.rules[0], passed
    )


def guard_consent_withheld(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """At least one other member state refused its consent, so the proposal cannot go on."""
    verdict = _convening(book, reference, body, facts, "consent_withheld")
    refused = verdict.facts["consents_refused"]
    if refused:
        return Verdict(
            check="convening",
            outcome="consent_refused",
            ok=True,
            summary=Message("convening.consent_refused", {"states": refused}),
            facts=verdict.facts,
            rules=(verdict.rules[0],),
        )
    return Verdict(
        check="convening",
        outcome="no_refusal",
        ok=False,
        summary=Message("workflow.no_refusal", {}),
        facts=verdict.facts,
        rules=(verdict.rules[0],),
    )


def guard_quorate(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """The members present make a quorum (BCB-QUORUM)."""
    present: Mapping[str, int] = _fact(facts, "present", "quorate")
    parts = int(_fact(facts, "parts", "quorate"))
    return check_quorum(book, present, parts, names=reference.part_names())


def guard_no_objection(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """No member objects: no national part of the Board (BCB-CONSENSUS), no member state of
    an SCO body (STRAT-CONSENSUS)."""
    raw: Mapping[str, str] = _fact(facts, "positions", "no_objection")
    positions = {party: parse_position(p) for party, p in raw.items()}
    rule = consensus_rule(body)
    return check_consensus(book, positions, rule, names=consensus_names(reference, rule))


def consensus_rule(body: str) -> str:
    """The rule by which ``body`` decides by consensus."""
    return "BCB-CONSENSUS" if body == "bcb" else "STRAT-CONSENSUS"


def guard_minutes_signed_by_every_part(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """The head (or an authorised member) of every national part signed (BCB-MINUTES-SIGN)."""
    unsigned = sorted(facts.get("unsigned") or ())
    ok = not unsigned
    return Verdict(
        check="minutes",
        outcome="signed" if ok else "unsigned",
        ok=ok,
        summary=Message(
            "workflow.minutes_signed" if ok else "workflow.minutes_unsigned",
            {"parts": _named(reference.part_names(), unsigned)} if not ok else {},
        ),
        facts={"unsigned": unsigned},
        rules=("BCB-MINUTES-SIGN",),
    )


def _named(names: Mapping[str, Text], codes: list[str]) -> list[Text | str]:
    """The members' names for a sentence (a code the reference does not name stays a code)."""
    return [names.get(code, code) for code in codes]


def _member_names(reference: ReferenceData, body: str) -> dict[str, Text]:
    """The names of the body's members by state code: national parts on the Board."""
    return consensus_names(reference, consensus_rule(body))


def guard_minutes_sent_to_every_recipient(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """The minutes reached every recipient: handed over or sent, each on a recorded day."""
    missing = sorted(_fact(facts, "undistributed", "minutes_sent_to_every_recipient"))
    ok = not missing
    return Verdict(
        check="minutes",
        outcome="distributed" if ok else "undistributed",
        ok=ok,
        summary=Message(
            "workflow.minutes_distributed" if ok else "workflow.minutes_undistributed",
            {"recipients": _named(_member_names(reference, body), missing)} if not ok else {},
        ),
        facts={"undistributed": missing},
        # The step's own rules (BCB-MINUTES-DISTRIBUTE-5WD, SEC-PROTOCOL) are cited.
        rules=(),
    )


#: The facts each guard reads: a caller assembles only those of the step it takes.
_CONVENING_FACTS = frozenset(
    {"meeting_start", "events", "initiators", "members", "consents", "initiator_sent"}
)
GUARD_FACTS: Mapping[str, frozenset[str]] = {
    "enough_initiators": _CONVENING_FACTS,
    "notice_on_time": _CONVENING_FACTS,
    "all_consented": _CONVENING_FACTS,
    "consent_withheld": _CONVENING_FACTS,
    "quorate": frozenset({"present", "parts"}),
    "no_objection": frozenset({"positions"}),
    "minutes_signed_by_every_part": frozenset({"unsigned"}),
    "minutes_sent_to_every_recipient": frozenset({"undistributed"}),
    REPLIES_GUARD: REPLY_FACTS,
}

GUARDS: Mapping[str, Guard] = {
    "enough_initiators": guard_enough_initiators,
    "notice_on_time": guard_notice_on_time,
    "all_consented": guard_all_consented,
    "consent_withheld": guard_consent_withheld,
    "quorate": guard_quorate,
    "no_objection": guard_no_objection,
    "minutes_signed_by_every_part": guard_minutes_signed_by_every_part,
    "minutes_sent_to_every_recipient": guard_minutes_sent_to_every_recipient,
    REPLIES_GUARD: guard_replies_in,
}


# --- loading ---------------------------------------------------------------------------------


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    raise WorkflowError(f"expected a name or a list of names, got {value!r}")


def _workflow(kind: str, raw: Mapping[str, Any], book: Rulebook) -> Workflow:
    where = f"workflows.yaml: {kind}"
    procedure = book.procedures.get(kind)
    if procedure is None:
        raise WorkflowError(f"{where}: no such procedure in procedures.yaml")
    try:
        states = {
            code: Text.from_mapping(name, f"{where}: state {code}")
            for code, name in (raw.get("states") or {}).items()
        }
        initial = str(raw["initial"])
        final = frozenset(_names(raw.get("final") or []))
        transitions: list[Transition] = []
        for i, t in enumerate(raw.get("transitions") or ()):
            at = f"{where}: transition {i + 1} ({t.get('event')})"
            transition = Transition(
                sources=_names(t["from"]),
                target=str(t["to"]),
                event=str(t["event"]),
                actor=str(t["actor"]),
                guards=_names(t.get("guards") or []),
                rules=_names(t.get("rules") or []),
                name=Text.from_mapping(t.get("name"), at),
                requires_event=t.get("requires_event"),
            )
            for state in (*transition.sources, transition.target):
                if state not in states:
                    raise WorkflowError(f"{at}: unknown state {state}")
            unknown_guards = [g for g in transition.guards if g not in GUARDS]
            if unknown_guards:
                raise WorkflowError(
                    f"{at}: unknown guard {', '.join(unknown_guards)} "
                    f"(known: {', '.join(sorted(GUARDS))})"
                )
            unknown_rules = [r for r in transition.rules if r not in book]
            if unknown_rules:
                raise WorkflowError(f"{at}: unknown rule {', '.join(unknown_rules)}")
            if transition.actor not in book.actors:
                raise WorkflowError(f"{at}: unknown actor {transition.actor}")
            if transition.requires_event and transition.requires_event not in procedure.events:
                raise WorkflowError(
                    f"{at}: requires event {transition.requires_event}, which {kind} does not know"
                )
            leaving_final = sorted(set(transition.sources) & final)
            if leaving_final:
                raise WorkflowError(f"{at}: leaves the final state {', '.join(leaving_final)}")
            for other in transitions:
                if other.event == transition.event and set(other.sources) & set(transition.sources):
                    raise WorkflowError(f"{at}: event {transition.event} is defined twice")
            transitions.append(transition)
    except TextError as exc:
        raise WorkflowError(str(exc)) from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise WorkflowError(f"{where}: {exc}") from exc
    if initial not in states:
        raise WorkflowError(f"{where}: unknown initial state {initial}")
    unknown_final = sorted(final - set(states))
    if unknown_final:
        raise WorkflowError(f"{where}: unknown final state {', '.join(unknown_final)}")
    return Workflow(kind, initial, final, states, tuple(transitions))


def load_workflows(book: Rulebook, path: Path = WORKFLOWS_FILE) -> Workflows:
    """Read workflows.yaml and check every state, guard, rule and actor it names."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    workflows = {
        kind: _workflow(str(kind), entry, book)
        for kind, entry in (raw.get("workflows") or {}).items()
    }
    plans: dict[str, YearPlan] = {}
    for body, entry in (raw.get("year_plans") or {}).items():
        plan = YearPlan(rule=str(entry["rule"]), parameter=str(entry["parameter"]))
        if plan.rule not in book:
            raise WorkflowError(f"workflows.yaml: year_plans: {body}: unknown rule {plan.rule}")
        book.rule(plan.rule).param(plan.parameter)  # a missing parameter fails here
        plans[str(body)] = plan
    return Workflows(workflows, plans)


@cache
def workflows(book: Rulebook) -> Workflows:
    """The project's workflows, checked against ``book``, loaded once per rulebook."""
    return load_workflows(book)


# --- questions -------------------------------------------------------------------------------


def available_transitions(book: Rulebook, kind: str, state: str) -> tuple[Transition, ...]:
    """The steps a meeting of ``kind`` in ``state`` may take (guards not yet checked)."""
    workflow = workflows(book).get(kind)
    _known_state(workflow, state)
    return workflow.available(state)


def _known_state(workflow: Workflow, state: str) -> None:
    if state not in workflow.states:
        raise InputError(
            "unknown_state",
            Message(
                "error.workflow_unknown_state",
                {"value": state, "procedure": workflow.kind, "valid": sorted(workflow.states)},
            ),
        )


def find_transition(book: Rulebook, kind: str, state: str, event: str) -> Transition:
    """The transition ``event`` takes from ``state``; an event not possible there is bad input."""
    workflow = workflows(book).get(kind)
    _known_state(workflow, state)
    for transition in workflow.available(state):
        if transition.event == event:
            return transition
    raise InputError(
        "unknown_transition",
        Message(
            "error.workflow_unknown_event",
            {
                "event": event,
                "state": workflow.states[state],
                "valid": sorted({t.event for t in workflow.available(state)}),
            },
        ),
    )


@dataclass(frozen=True, slots=True)
class GuardCheck:
    """One guard of a step and its own verdict (the quorum counted, the consensus found)."""

    guard: str
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class TransitionVerdict(Verdict):
    """``check_transition``'s verdict, carrying each guard's verdict in the order checked (up
    to the first that failed), so a caller records what each found without checking again."""

    checks: tuple[GuardCheck, ...] = ()


def check_transition(
    book: Rulebook,
    reference: ReferenceData,
    kind: str,
    state: str,
    event: str,
    facts: Mapping[str, Any],
) -> TransitionVerdict:
    """Whether a meeting of ``kind`` in ``state`` may take ``event``, given ``facts``.

    The verdict is ok, citing the transition's rules, or the first failing guard's refusal,
    citing that guard's rules; an event the state does not offer is an ``InputError``.
    ``checks`` holds each guard's own verdict.
    """
    transition = find_transition(book, kind, state, event)
    workflow = workflows(book).get(kind)
    body = book.procedures[kind].body
    context = {
        "procedure": kind,
        "state": state,
        "event": event,
        "target": transition.target,
    }
    required = transition.requires_event
    if required and (facts.get("events") or {}).get(required) is None:
        return TransitionVerdict(
            check="workflow",
            outcome="event_not_recorded",
            ok=False,
            summary=Message(
                "workflow.event_not_recorded",
                {"event": Message(f"event.{required}"), "step": transition.name},
            ),
            facts=context,
            rules=transition.rules,
        )
    warnings: list[Message] = []
    checks: list[GuardCheck] = []
    for name in transition.guards:
        verdict = GUARDS[name](book, reference, body, facts)
        checks.append(GuardCheck(name, verdict))
        if not verdict.ok:
            return TransitionVerdict(
                check="workflow",
                outcome=verdict.outcome,
                ok=False,
                summary=verdict.summary,
                facts={**context, "guard": name, **verdict.facts},
                rules=verdict.rules or transition.rules,
                warnings=verdict.warnings,
                checks=tuple(checks),
            )
        warnings.extend(verdict.warnings)
    return TransitionVerdict(
        check="workflow",
        outcome="allowed",
        ok=True,
        summary=Message(
            "workflow.allowed",
            {
                "step": transition.name,
                "source": workflow.states[state],
                "target": workflow.states[transition.target],
            },
        ),
        facts={**context, "guards": list(transition.guards)},
        rules=transition.rules,
        warnings=tuple(warnings),
        checks=tuple(checks),
    )


def check_year_plan(book: Rulebook, body: str, year: int, planned: int) -> Verdict:
    """Whether a body's plan for ``year`` holds as many regular meetings as its regulation asks.

    Falling short is a warning, not a refusal: the plan may still grow.
    """
    plan = workflows(book).year_plans.get(body)
    if plan is None:
        return Verdict(
            check="year_plan",
            outcome="no_rule",
            ok=True,
            summary=Message("workflow.year_plan_no_rule", {"year": year, "planned": planned}),
            facts={"body": body, "year": year, "planned": planned},
            rules=(),
        )
    required = int(book.rule(plan.rule).param(plan.parameter))
    facts = {"body": body, "year": year, "planned": planned, "required": required}
    if planned >= required:
        return Verdict(
            check="year_plan",
            outcome="enough",
            ok=True,
            summary=Message("workflow.year_plan_enough", facts),
            facts=facts,
            rules=(plan.rule,),
        )
    short = Message("workflow.year_plan_short", {**facts, "rule": plan.rule})
    return Verdict(
        check="year_plan",
        outcome="short",
        ok=True,
        summary=short,
        facts=facts,
        rules=(plan.rule,),
        warnings=(short,),
    )
