"""The demo plans of ``make run``, made once through the services and linked to the demo
meetings and decision."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from secretariat.accounts.services import demo_users_ensure
from secretariat.meetings.demo import demo_meetings_ensure
from secretariat.plans.demo import demo_plans_ensure
from secretariat.plans.models import ItemStatus, Plan, PlanState
from secretariat.plans.selectors import plan_verdict
from tests.factories.registry import registry_with_delegations
from tests.factories.signing import use_keys

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_the_demo_shows_each_kind_of_plan_at_a_stage_a_visitor_can_act_on(
    settings: Any, tmp_path: Path
) -> None:
    from secretariat.demo.documents import demo_documents_ensure

    use_keys(settings, tmp_path / "keys")
    settings.MEDIA_ROOT = tmp_path / "files"
    demo_users_ensure(password=secrets.token_urlsafe(16))
    demo_meetings_ensure()
    demo_documents_ensure()

    made = demo_plans_ensure()
    again = demo_plans_ensure()

    assert again.plans == []
    by_title = {p.title_en.removeprefix("Demo: "): Plan.objects.get(pk=p.pk) for p in made.plans}
    second_half = next(p for t, p in by_title.items() if "July–December 2026" in t)
    first_half = next(p for t, p in by_title.items() if "January–June 2027" in t)
    rats = next(p for p in by_title.values() if p.kind == "body")
    board = next(p for p in by_title.values() if p.kind == "board")
    assert second_half.state == PlanState.APPROVED
    assert first_half.state == PlanState.DRAFT
    assert first_half.rats_participated_on is not None
    assert rats.state == PlanState.SUBMITTED
    assert rats.items.filter(meetings__body__code="cnc").exists()
    assert board.state == PlanState.APPROVED
    assert board.approved_at_meeting is not None
    assert board.approved_by_decision is not None
    assert board.next_meeting is not None
    assert board.end < board.next_meeting.date_start
    statuses = set(second_half.items.values_list("status", flat=True))
    assert {ItemStatus.CARRIED_OVER, ItemStatus.PLANNED} <= statuses
    assert plan_verdict(second_half).facts["total"] == 5


def test_the_demo_command_is_idempotent_and_says_what_it_made(
    settings: Any, tmp_path: Path, capsys: Any
) -> None:
    demo_users_ensure(password=secrets.token_urlsafe(16))

    call_command("plans", "demo")
    first = capsys.readouterr().out
    call_command("plans", "demo")
    second = capsys.readouterr().out

    assert first.count("demo plan #") == 3
    assert "no demo Board meeting" in first
    assert "already there" in second
