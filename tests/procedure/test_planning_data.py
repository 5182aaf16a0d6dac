"""Which body holds each kind of plan and which body's meeting approves it, as data
(workflows.yaml: plans), and a malformed entry refused with an error naming it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from secretariat.procedure.planning import PLAN_KINDS, load_plan_specs, plan_kind, plan_specs
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.verdicts import InputError
from secretariat.procedure.workflows import WORKFLOWS_FILE, WorkflowError


def test_every_kind_of_plan_has_its_rule_holder_and_approver(book: Rulebook) -> None:
    general, body, board = (plan_kind(book, k) for k in ("general", "body", "board"))

    assert set(plan_specs(book).kinds) == set(PLAN_KINDS)
    assert (general.rule, general.holder, general.approver) == ("SEC-PLAN-6M", "secretariat", None)
    assert (body.rule, body.holder, body.approver) == ("SEC-WORKPLANS", None, "cnc")
    assert body.not_held_by == {"non_governmental", "board", "national_part"}
    assert (board.rule, board.holder, board.approver) == ("BCB-BUSINESS", "bcb", "bcb")


def test_who_may_hold_and_approve_a_plan(book: Rulebook) -> None:
    general, body, board = (plan_kind(book, k) for k in ("general", "body", "board"))

    assert general.may_be_held_by("secretariat", "secretariat")
    assert not general.may_be_held_by("rats", "permanent")
    assert body.may_be_held_by("cmfa", "council")
    assert body.may_be_held_by("rats", "permanent")
    assert not body.may_be_held_by("bcb", "board")
    assert not body.may_be_held_by("bc", "non_governmental")
    assert not body.may_be_held_by("np_cn", "national_part")
    assert board.may_be_held_by("bcb", "board")
    assert not board.may_be_held_by("cnc", "council")
    # A body's work plan is approved at the CNC's meeting, the Board's at the Board's; the
    # general plan's rule names no approving body.
    assert body.approved_at("cnc")
    assert not body.approved_at("bcb")
    assert board.approved_at("bcb")
    assert not board.approved_at("cnc")
    assert general.approved_at("cnc")
    assert general.approved_at("bcb")


def test_an_unknown_kind_of_plan_is_an_input_error(book: Rulebook) -> None:
    with pytest.raises(InputError) as caught:
        plan_kind(book, "yearly")

    assert caught.value.code == "plans_unknown_kind"
    assert "yearly" in str(caught.value)


def _section(entry: str, **change: Any) -> Any:
    def apply(plans: dict[str, Any]) -> None:
        plans[entry].update(change)

    return apply


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (
            _section("body", rule="SEC-NOPE"),
            r"workflows.yaml: plans: body: rule: unknown rule 'SEC-NOPE'",
        ),
        (
            _section("general", rule=None),
            r"workflows.yaml: plans: general: rule: unknown rule None",
        ),
        (
            _section("general", holder="secretariate"),
            r"workflows.yaml: plans: general: holder: unknown body 'secretariate'",
        ),
        (
            _section("body", approver="ncn"),
            r"workflows.yaml: plans: body: approver: unknown body 'ncn'",
        ),
        (
            _section("board", approver="BCB"),
            r"workflows.yaml: plans: board: approver: unknown body 'BCB'",
        ),
        (
            _section("body", holder={"any_body_except": ["board", "ngo"]}),
            r"workflows.yaml: plans: body: holder: any_body_except: unknown kind of body ngo",
        ),
        (
            lambda plans: plans["board"].pop("approver"),
            r"workflows.yaml: plans: board: approver: a body code, or null",
        ),
        (
            lambda plans: plans.pop("board"),
            r"workflows.yaml: plans: no entry for board",
        ),
        (
            lambda plans: plans.update(yearly={"rule": "SEC-PLAN-6M"}),
            r"workflows.yaml: plans: unknown kind of plan yearly",
        ),
        (
            lambda plans: plans.update(general="SEC-PLAN-6M"),
            r"workflows.yaml: plans: general: expected rule, holder and approver",
        ),
    ],
)
def test_a_malformed_plans_entry_is_refused_with_an_error_naming_it(
    book: Rulebook, tmp_path: Path, change: Any, complaint: str
) -> None:
    raw = yaml.safe_load(WORKFLOWS_FILE.read_text(encoding="utf-8"))
    change(raw["plans"])
    path = tmp_path / "workflows.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    with pytest.raises(WorkflowError, match=complaint):
        load_plan_specs(book, path)


def test_the_shipped_plans_section_loads(book: Rulebook) -> None:
    assert load_plan_specs(book) == plan_specs(book)
