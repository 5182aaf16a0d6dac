"""What the engine says of each procedure's meetings (workflows.yaml: conduct, drafting), and
the sub-verdicts check_transition carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from secretariat.procedure.conduct import conduct_of, conducts, drafting_kinds, load_conducts
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.workflows import (
    WORKFLOWS_FILE,
    WorkflowError,
    check_transition,
    workflows,
)

from .builders import MEMBERS, day


def test_every_workflow_has_a_conduct(book: Rulebook) -> None:
    assert set(conducts(book).procedures) == set(workflows(book).workflows)


def test_the_board_counts_national_parts_and_the_sco_member_states(
    book: Rulebook, reference: ReferenceData
) -> None:
    board = conduct_of(book, "bcb-regular")
    sco = conduct_of(book, "sco-meeting")

    assert board.members == "national_parts"
    assert board.member_delegation == "national_part"
    assert board.secretariat == "bc_secretariat"
    assert board.counts_attendance
    assert board.participants_need_agreement
    assert board.rules.consensus == "BCB-CONSENSUS"
    assert board.rules.preparation == ("BCB-AGENDA-PROPOSALS-10D",)
    assert sco.members == "member_states"
    assert sco.secretariat == "sco_secretariat"
    assert not sco.counts_attendance
    assert not sco.participants_need_agreement
    assert sco.rules.consensus == "STRAT-CONSENSUS"
    assert sco.rules.participants == ("SEC-PROTOCOL",)
    assert board.members_on(reference, day("2026-06-30")) == sorted(
        b.state for b in reference.national_parts() if b.state
    )
    assert sco.members_on(reference, day("2026-06-30")) == reference.members_on(day("2026-06-30"))


def test_extraordinary_procedures_are_those_convened_on_an_initiative(book: Rulebook) -> None:
    for kind, conduct in conducts(book).procedures.items():
        assert conduct.extraordinary == workflows(book).get(kind).convened_on_initiative


def test_the_board_secretariat_serves_the_board_s_procedures(book: Rulebook) -> None:
    assert conducts(book).served_by("bc_secretariat") == {"bcb-regular", "bcb-extraordinary"}
    assert conducts(book).served_by("member_state") == frozenset()


def test_drafting_kinds_by_body(book: Rulebook) -> None:
    assert drafting_kinds(book, "bcb") == {"national_part", "bc_secretariat"}
    assert drafting_kinds(book, "bc") == {"national_part", "bc_secretariat"}
    assert drafting_kinds(book, "cnc") == {"member_state", "sco_secretariat"}


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda c: c["sco-meeting"].update(members="everyone"), "members must be one of"),
        (lambda c: c["sco-meeting"].update(secretariat="nobody"), "unknown kind of delegation"),
        (lambda c: c["sco-meeting"]["rules"].update(participants=["SEC-NOPE"]), "unknown rule"),
        (lambda c: c["sco-meeting"].update(extraordinary=True), "extraordinary is true"),
        (lambda c: c["sco-meeting"].update(counts_attendance=True), "counts_attendance"),
        (lambda c: c.pop("sco-meeting"), "no entry for sco-meeting"),
        (lambda c: c["sco-meeting"]["rules"].update(consensus="BCB-CONSENSUS"), "no_objection"),
    ],
)
def test_a_malformed_conduct_is_refused_with_a_clear_error(
    book: Rulebook, tmp_path: Path, change: Any, complaint: str
) -> None:
    raw = yaml.safe_load(WORKFLOWS_FILE.read_text(encoding="utf-8"))
    change(raw["conduct"])
    path = tmp_path / "workflows.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    with pytest.raises(WorkflowError, match=complaint):
        load_conducts(book, path)


def test_a_transition_verdict_carries_each_guard_s_verdict(
    book: Rulebook, reference: ReferenceData
) -> None:
    facts = {
        "meeting_start": day("2026-06-30"),
        "events": {"sent": day("2026-05-01"), "received": day("2026-05-01")},
        "initiators": ["CN", "RU"],
        "members": list(MEMBERS),
    }
    verdict = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal", facts
    )

    assert verdict.ok
    assert [c.guard for c in verdict.checks] == ["enough_initiators", "notice_on_time"]
    assert all(c.verdict.ok for c in verdict.checks)


def test_a_refused_transition_carries_the_guards_checked_up_to_the_failing_one(
    book: Rulebook, reference: ReferenceData
) -> None:
    facts = {"present": {}, "parts": 5}
    verdict = check_transition(
        book, reference, "bcb-regular", "agenda_circulated", "open_session", facts
    )

    assert not verdict.ok
    assert [c.guard for c in verdict.checks] == ["quorate"]
    assert verdict.checks[0].verdict.outcome == verdict.outcome


def test_a_workflow_says_when_attendance_is_taken(book: Rulebook) -> None:
    board = workflows(book).get("bcb-regular")
    sco = workflows(book).get("sco-meeting")

    assert board.counts_quorum
    assert board.quorum_next("agenda_circulated")
    assert not board.quorum_next("planned")
    assert not sco.counts_quorum
    assert workflows(book).get("cmfa-extraordinary").collects_consents
    assert not board.collects_consents
