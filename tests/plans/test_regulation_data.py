"""The plans app asks the engine (workflows.yaml: plans) what it would otherwise decide by a
body's code: the data names the app's kinds of plan and the registry's kinds of body."""

from __future__ import annotations

from secretariat.plans.models import PlanKind
from secretariat.procedure.planning import PLAN_KINDS, plan_specs
from secretariat.procedure.rules import rulebook
from secretariat.registry.models import BodyKind


def test_the_engine_describes_every_kind_of_plan_of_the_app() -> None:
    assert set(PLAN_KINDS) == set(PlanKind.values)
    assert set(plan_specs(rulebook()).kinds) == set(PlanKind.values)


def test_the_kinds_of_body_holding_no_work_plan_are_kinds_of_the_registry() -> None:
    for spec in plan_specs(rulebook()).kinds.values():
        assert spec.not_held_by <= set(BodyKind.values)
