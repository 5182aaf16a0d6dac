"""How each procedure's meetings are conducted, and who drafts for each body, as data.

The ``conduct`` and ``drafting`` sections of ``regulations/workflows.yaml`` say what the apps
would otherwise decide by a body's code: who the members are (the states with a national part
on the Board, or the member states of the Organisation), which delegation speaks for a member
and which serves the meeting, whether attendance is counted, whether the procedure is
extraordinary, whether invited persons need the Chair's agreement, and which rules govern the
agenda's preparation, the participants, the items added in session and the consensus. The
apps ask (``conduct_of(book, kind)``, ``drafting_kinds(book, body)``); no app branches on a
body's code or picks a rule id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message
from secretariat.procedure.verdicts import InputError
from secretariat.procedure.workflows import (
    WORKFLOWS_FILE,
    WorkflowError,
    consensus_rule,
    workflows,
)

Members = Literal["national_parts", "member_states"]
MEMBERS: tuple[Members, ...] = ("national_parts", "member_states")
#: The kinds of delegation the data may name (accounts.DelegationKind's values).
DELEGATION_KINDS = frozenset(
    {
        "member_state",
        "national_part",
        "sco_secretariat",
        "bc_secretariat",
        "partner_state",
        "partner_organisation",
        "rats",
    }
)


@dataclass(frozen=True, slots=True)
class ConductRules:
    """The rules a procedure's meetings apply at each stage the apps carry out."""

    #: The Secretariat's preparation of the agenda (cited when someone else tries).
    preparation: tuple[str, ...]
    #: The latest day for members' agenda proposals (their Deadline rows hold the day).
    proposals_due: tuple[str, ...]
    #: Who else may be invited to the meeting.
    participants: tuple[str, ...]
    #: Items added during the session by the Chair.
    items_in_session: tuple[str, ...]
    #: Who chairs (cited when someone else acts as the Chair).
    chair: tuple[str, ...]
    #: The rule by which the body decides by consensus.
    consensus: str


@dataclass(frozen=True, slots=True)
class Conduct:
    """How meetings under one procedure are conducted."""

    procedure: str
    #: Whose initiative, consent and positions count.
    members: Members
    #: The kind of delegation that speaks for a member.
    member_delegation: str
    #: The kind of delegation serving the meeting (prepares, invites, distributes).
    secretariat: str
    #: Whether who is in the room is recorded: a member not there is absent from the
    #: consensus, and states a position only when present.
    counts_attendance: bool
    #: Whether a meeting under this procedure is convened on its members' initiative.
    extraordinary: bool
    #: Whether an invitation waits for the Chair's or the Deputy Chair's agreement.
    participants_need_agreement: bool
    #: Whether members may still propose items after the agenda's circulation, until the
    #: session closes (the Chair adds them).
    additional_items: bool
    rules: ConductRules

    def members_on(self, reference: ReferenceData, day: Any) -> list[str]:
        """The states counted as members on ``day``: those with a national part on the
        Board, or the member states of the Organisation that day."""
        if self.members == "national_parts":
            return sorted(b.state for b in reference.national_parts() if b.state)
        return reference.members_on(day)


@dataclass(frozen=True, slots=True)
class Conducts:
    procedures: Mapping[str, Conduct]
    #: Body code -> the kinds of delegation that prepare drafts for it.
    drafting: Mapping[str, frozenset[str]]
    default_drafting: frozenset[str]

    def of(self, kind: str) -> Conduct:
        found = self.procedures.get(kind)
        if found is None:
            raise InputError(
                "unknown_procedure",
                Message(
                    "error.unknown_procedure", {"value": kind, "valid": sorted(self.procedures)}
                ),
            )
        return found

    def served_by(self, delegation_kind: str) -> frozenset[str]:
        """The procedures whose meetings a delegation of ``delegation_kind`` serves."""
        return frozenset(k for k, c in self.procedures.items() if c.secretariat == delegation_kind)


def _ids(value: Any, book: Rulebook, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise WorkflowError(f"{where}: expected a rule id or a list of them, got {value!r}")
    unknown = [str(v) for v in value if str(v) not in book]
    if unknown:
        raise WorkflowError(f"{where}: unknown rule {', '.join(unknown)}")
    return tuple(str(v) for v in value)


def _kind(value: Any, where: str) -> str:
    if value not in DELEGATION_KINDS:
        raise WorkflowError(
            f"{where}: unknown kind of delegation {value!r} "
            f"(known: {', '.join(sorted(DELEGATION_KINDS))})"
        )
    return str(value)


def _flag(raw: Mapping[str, Any], name: str, where: str) -> bool:
    value = raw.get(name)
    if not isinstance(value, bool):
        raise WorkflowError(f"{where}: {name} must be true or false, got {value!r}")
    return value


def _conduct(kind: str, raw: Mapping[str, Any], book: Rulebook) -> Conduct:
    where = f"workflows.yaml: conduct: {kind}"
    members = raw.get("members")
    if members not in MEMBERS:
        raise WorkflowError(f"{where}: members must be one of {', '.join(MEMBERS)}")
    rules = raw.get("rules") or {}
    consensus = _ids(rules.get("consensus"), book, f"{where}: rules: consensus")
    if len(consensus) != 1:
        raise WorkflowError(f"{where}: rules: consensus names one rule")
    conduct = Conduct(
        procedure=kind,
        members=cast(Members, members),
        member_delegation=_kind(raw.get("member_delegation"), f"{where}: member_delegation"),
        secretariat=_kind(raw.get("secretariat"), f"{where}: secretariat"),
        counts_attendance=_flag(raw, "counts_attendance", where),
        extraordinary=_flag(raw, "extraordinary", where),
        participants_need_agreement=_flag(raw, "participants_need_agreement", where),
        additional_items=_flag(raw, "additional_items", where),
        rules=ConductRules(
            **{
                name: _ids(rules.get(name) or [], book, f"{where}: rules: {name}")
                for name in ("preparation", "proposals_due", "participants", "items_in_session")
            },
            chair=_ids(rules.get("chair") or [], book, f"{where}: rules: chair"),
            consensus=consensus[0],
        ),
    )
    workflow = workflows(book).get(kind)
    if conduct.extraordinary != workflow.convened_on_initiative:
        raise WorkflowError(
            f"{where}: extraordinary is {str(conduct.extraordinary).lower()}, but the workflow "
            f"{'does not check' if conduct.extraordinary else 'checks'} its initiators"
        )
    if conduct.rules.consensus != consensus_rule(book.procedures[kind].body):
        raise WorkflowError(
            f"{where}: rules: consensus is {conduct.rules.consensus}, but the guard no_objection "
            f"counts by {consensus_rule(book.procedures[kind].body)}"
        )
    if conduct.counts_attendance != workflow.counts_quorum:
        raise WorkflowError(
            f"{where}: counts_attendance must say whether a step waits for a quorum "
            f"({str(workflow.counts_quorum).lower()})"
        )
    return conduct


def load_conducts(book: Rulebook, path: Path = WORKFLOWS_FILE) -> Conducts:
    """Read the ``conduct`` and ``drafting`` sections; every workflow has a conduct."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = raw.get("conduct") or {}
    procedures = {str(k): _conduct(str(k), v, book) for k, v in entries.items()}
    missing = sorted(set(workflows(book).workflows) - set(procedures))
    if missing:
        raise WorkflowError(f"workflows.yaml: conduct: no entry for {', '.join(missing)}")
    drafting_raw = dict(raw.get("drafting") or {})
    if "default" not in drafting_raw:
        raise WorkflowError("workflows.yaml: drafting: no default")
    drafting = {
        str(body): frozenset(_kind(k, f"workflows.yaml: drafting: {body}") for k in kinds)
        for body, kinds in drafting_raw.items()
    }
    default = drafting.pop("default")
    return Conducts(procedures, drafting, default)


@cache
def conducts(book: Rulebook) -> Conducts:
    """The project's conducts, checked against ``book``, loaded once per rulebook."""
    return load_conducts(book)


def conduct_of(book: Rulebook, kind: str) -> Conduct:
    """How meetings under the procedure ``kind`` are conducted."""
    return conducts(book).of(kind)


def drafting_kinds(book: Rulebook, body: str) -> frozenset[str]:
    """The kinds of delegation that prepare drafts for the body ``body``."""
    found = conducts(book)
    return found.drafting.get(body, found.default_drafting)
