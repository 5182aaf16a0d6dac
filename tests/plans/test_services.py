"""Plans drawn up, submitted, approved or returned; items added, done and carried over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from secretariat.core.errors import RefusedError
from secretariat.plans import services
from secretariat.plans.models import ItemStatus, Plan, PlanDay, PlanItem, PlanState
from secretariat.registry.models import Body
from tests.factories.accounts import user_get_or_create as user
from tests.factories.plans import (
    add_item,
    approved_general,
    bc_officer,
    body_plan,
    general,
    meeting,
    officer,
)
from tests.factories.registry import registry_with_delegations

from .support import d, today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def refused(call: Any, **kwargs: Any) -> RefusedError:
    with pytest.raises(RefusedError) as caught:
        call(**kwargs)
    return caught.value


# --- the general plan (SEC-PLAN-6M) -----------------------------------------------------------


def test_a_general_plan_covers_the_following_six_months() -> None:
    plan = general("2027-01-01", by=officer())

    assert (plan.start, plan.end) == (d("2027-01-01"), d("2027-06-30"))
    assert plan.state == PlanState.DRAFT
    assert plan.body.code == "secretariat"
    assert PlanDay.objects.filter(plan=plan).count() == 181


def test_a_general_plan_of_another_length_is_refused_citing_the_rule() -> None:
    error = refused(
        services.plan_create,
        kind="general",
        title={"en": "Too long"},
        start=d("2027-01-01"),
        end=d("2027-12-31"),
    )

    assert error.code == "plans_period_not_six_months"
    assert error.rules == ("SEC-PLAN-6M",)
    assert "2027-06-30" in error.render()
    assert not Plan.objects.exists()


def test_two_general_plans_whose_periods_overlap_are_refused_and_adjacent_ones_are_not() -> None:
    first = general("2026-07-01")
    general("2027-01-01")

    error = refused(
        services.plan_create, kind="general", title={"en": "Overlapping"}, start=d("2026-10-01")
    )

    assert error.code == "plans_period_overlap"
    assert error.status == 409
    assert error.rules == ("SEC-PLAN-6M",)
    assert first.title_en in error.render()
    assert Plan.objects.count() == 2


def test_the_database_itself_refuses_a_second_plan_on_the_same_day() -> None:
    # What makes the overlap check hold under a race: the second insert fails in the database.
    first = general("2026-07-01")
    second = Plan.objects.create(
        kind="general",
        body=first.body,
        title_en="Saved behind the service's back",
        start=d("2026-12-31"),
        end=d("2027-06-29"),
        created_at=first.created_at,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanDay.objects.create(plan=second, kind="general", body=first.body, day=d("2026-12-31"))


def test_a_general_plan_is_submitted_only_once_rats_part_in_it_is_recorded() -> None:
    plan = general("2026-07-01")
    add_item(plan, "Consultations on security", "2026-08-15", areas=["security"])

    missing = refused(services.plan_submit, plan=plan)
    services.plan_record_rats(
        plan=plan, participated_on=today(), text="RATS Executive Committee's proposals taken in."
    )
    services.plan_submit(plan=plan)
    services.plan_approve(plan=plan)

    assert missing.code == "plans_rats_missing"
    assert missing.rules == ("SEC-PLAN-6M",)
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert plan.approved_on == today()
    assert plan.rats_participation_en.startswith("RATS")


def test_a_plan_without_items_is_not_submitted() -> None:
    plan = general("2026-07-01")
    services.plan_record_rats(plan=plan, participated_on=today(), text="Taken part.")

    assert refused(services.plan_submit, plan=plan).code == "plans_no_items"


def test_rats_part_is_recorded_in_the_general_plan_only_and_not_in_the_future() -> None:
    plan = body_plan()
    general_plan = general()

    other = refused(services.plan_record_rats, plan=plan, participated_on=today(), text="x")
    future = refused(
        services.plan_record_rats,
        plan=general_plan,
        participated_on=today() + dt.timedelta(days=1),
        text="x",
    )
    empty = refused(services.plan_record_rats, plan=general_plan, participated_on=today(), text="")

    assert other.code == "plans_rats_general_only"
    assert future.code == "plans_date_in_future"
    assert empty.code == "plans_text_required"


def test_an_unknown_kind_and_an_empty_title_are_refused() -> None:
    assert refused(services.plan_create, kind="yearly", title={"en": "x"}).code == (
        "plans_unknown_kind"
    )
    assert (
        refused(services.plan_create, kind="general", title={"en": " "}, start=d("2027-01-01")).code
        == "plans_title_required"
    )


# --- work plans of the bodies (SEC-WORKPLANS) ---------------------------------------------------


def test_a_bodys_work_plan_is_submitted_to_the_cnc_returned_with_remarks_and_approved() -> None:
    plan = body_plan("rats")
    add_item(plan, "Joint exercise", "2026-05-01", body="rats")
    cnc = meeting("cnc", today() - dt.timedelta(days=2))
    board = meeting("bcb", today() - dt.timedelta(days=30))

    services.plan_submit(plan=plan, submitted_on=today() - dt.timedelta(days=10))
    services.plan_return(plan=plan, remarks="Add the dates of the exercise.")
    returned = Plan.objects.get(pk=plan.pk)
    add_item(plan, "Meeting of experts", "2026-06-01", body="rats")
    services.plan_submit(plan=plan)
    not_cnc = refused(services.plan_approve, plan=plan, meeting=board)
    services.plan_approve(plan=plan, meeting=cnc)

    assert returned.state == PlanState.RETURNED
    assert returned.remarks_en == "Add the dates of the exercise."
    assert not_cnc.code == "plans_not_cnc_meeting"
    assert not_cnc.rules == ("SEC-WORKPLANS",)
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert plan.approved_at_meeting == cnc
    assert plan.items.count() == 2


def test_work_plans_of_the_same_body_may_not_overlap_but_of_two_bodies_may() -> None:
    body_plan("rats", "2026-01-01", "2026-12-31")
    body_plan("secretariat", "2026-01-01", "2026-12-31")

    error = refused(
        services.plan_create,
        kind="body",
        title={"en": "Second"},
        body=Body.objects.get(code="rats"),
        start=d("2026-12-01"),
        end=d("2027-05-31"),
    )

    assert error.code == "plans_period_overlap"
    assert error.rules == ("SEC-WORKPLANS",)


def test_the_business_councils_structures_have_no_work_plan_approved_by_the_cnc() -> None:
    error = refused(
        services.plan_create,
        kind="body",
        title={"en": "x"},
        body=Body.objects.get(code="bcb"),
        start=d("2026-01-01"),
        end=d("2026-12-31"),
    )

    assert error.code == "plans_not_an_sco_body"


def test_a_work_plan_needs_its_body_and_ends_after_it_starts() -> None:
    no_body = refused(
        services.plan_create,
        kind="body",
        title={"en": "x"},
        start=d("2026-01-01"),
        end=d("2026-02-01"),
    )
    backwards = refused(
        services.plan_create,
        kind="body",
        title={"en": "x"},
        body=Body.objects.get(code="rats"),
        start=d("2026-06-01"),
        end=d("2026-01-01"),
    )

    assert no_body.code == "plans_body_required"
    assert backwards.code == "plans_end_before_start"


def test_only_a_submitted_plan_is_returned_and_with_remarks() -> None:
    plan = body_plan()
    add_item(plan, "x", "2026-03-01")

    draft = refused(services.plan_return, plan=plan, remarks="No.")
    services.plan_submit(plan=plan)
    empty = refused(services.plan_return, plan=plan, remarks="  ")
    twice_approved = services.plan_approve(plan=plan)
    again = refused(services.plan_approve, plan=twice_approved)

    assert draft.code == "plans_wrong_state"
    assert empty.code == "plans_remarks_required"
    assert again.code == "plans_wrong_state"
    assert again.status == 409


# --- the Board's work plan (BCB-BUSINESS) -------------------------------------------------------


def test_the_boards_work_plan_runs_from_its_meeting_until_the_next_one() -> None:
    held = meeting("bcb", today() - dt.timedelta(days=40))
    following = meeting("bcb", today() + dt.timedelta(days=300))

    plan = services.plan_create(
        kind="board",
        title={"en": "Work plan of the Board"},
        meeting=held,
        next_meeting=following,
        by=bc_officer(),
    )
    add_item(plan, "Business forum", today() + dt.timedelta(days=60), body="bc", by=bc_officer())
    services.plan_approve(plan=plan, by=bc_officer())

    plan.refresh_from_db()
    assert plan.start == held.date_end
    assert plan.end == following.date_start - dt.timedelta(days=1)
    assert plan.state == PlanState.APPROVED
    assert plan.approved_on == held.date_end
    assert plan.approved_at_meeting == held


def test_the_boards_work_plan_is_approved_at_a_meeting_of_the_board_on_its_days() -> None:
    cnc = meeting("cnc", today() - dt.timedelta(days=10))
    held = meeting("bcb", today() - dt.timedelta(days=40))

    not_board = refused(
        services.plan_create, kind="board", title={"en": "x"}, meeting=cnc, end=today()
    )
    next_not_board = refused(
        services.plan_create, kind="board", title={"en": "x"}, meeting=held, next_meeting=cnc
    )
    no_end = refused(services.plan_create, kind="board", title={"en": "x"}, meeting=held)
    plan = services.plan_create(
        kind="board", title={"en": "x"}, meeting=held, end=today() + dt.timedelta(days=200)
    )
    add_item(plan, "Forum", today(), body="bc")
    outside = refused(services.plan_approve, plan=plan, approved_on=held.date_end + dt.timedelta(1))

    assert not_board.code == "plans_not_board_meeting"
    assert not_board.rules == ("BCB-BUSINESS",)
    assert next_not_board.code == "plans_next_not_board_meeting"
    assert no_end.code == "plans_end_required"
    assert outside.code == "plans_approved_outside_meeting"


def test_when_the_boards_next_meeting_is_planned_its_work_plan_ends_the_day_before() -> None:
    held = meeting("bcb", today() - dt.timedelta(days=40))
    plan = services.plan_create(
        kind="board", title={"en": "x"}, meeting=held, end=today() + dt.timedelta(days=300)
    )
    following = meeting("bcb", today() + dt.timedelta(days=100))

    services.plan_link_next_meeting(plan=plan, next_meeting=following)

    plan.refresh_from_db()
    assert plan.end == following.date_start - dt.timedelta(days=1)
    assert PlanDay.objects.filter(plan=plan).count() == (plan.end - plan.start).days + 1
    other = refused(services.plan_link_next_meeting, plan=general(), next_meeting=following)
    assert other.code == "plans_board_only"


def test_the_business_council_secretariat_keeps_the_boards_plan_only() -> None:
    bc = bc_officer()
    rats = user("rats-officer", "rats_officer", "rats")

    general_refused = refused(
        services.plan_create, kind="general", title={"en": "x"}, start=d("2027-01-01"), by=bc
    )
    rats_refused = refused(
        services.plan_create, kind="general", title={"en": "x"}, start=d("2027-01-01"), by=rats
    )

    assert general_refused.code == "plans_not_yours"
    assert general_refused.status == 403
    assert rats_refused.code == "plans_not_yours"
    assert services.may_manage(bc, "board")
    assert not services.may_manage(bc, "body")
    assert services.may_manage(officer(), "board")


# --- items ---------------------------------------------------------------------------------------


def test_an_item_links_meetings_decisions_and_areas_and_an_unknown_area_is_refused() -> None:
    plan = general("2026-07-01")
    cnc = meeting("cnc", d("2026-09-10"))

    item = add_item(plan, "CNC meeting", "2026-09-10", areas=["political"], meetings=[cnc])
    unknown = refused(
        services.item_add,
        plan=plan,
        title={"en": "x"},
        body=Body.objects.get(code="secretariat"),
        planned_on=d("2026-09-10"),
        areas=["space"],
    )

    assert isinstance(item, PlanItem)
    assert list(item.meetings.all()) == [cnc]
    assert item.areas == ["political"]
    assert unknown.code == "unknown_area"
    assert unknown.rules == ("STRAT-AREAS",)
    assert plan.items.count() == 1


def test_an_item_is_planned_within_the_plans_period_on_a_day_or_in_a_month() -> None:
    plan = general("2026-07-01")

    by_month = add_item(plan, "Sometime in December", "2026-12-17", month_only=True)
    outside = refused(
        services.item_add,
        plan=plan,
        title={"en": "x"},
        body=Body.objects.get(code="secretariat"),
        planned_on=d("2027-01-05"),
    )
    no_title = refused(
        services.item_add,
        plan=plan,
        title={"en": " ", "ru": "", "zh": ""},
        body=Body.objects.get(code="secretariat"),
        planned_on=d("2026-08-01"),
    )

    assert isinstance(by_month, PlanItem)
    assert by_month.planned_on == d("2026-12-01")
    assert outside.code == "plans_outside_period"
    assert outside.rules == ("SEC-PLAN-6M",)
    assert no_title.code == "plans_title_required"


def test_items_are_added_only_while_the_plan_is_being_drawn_up() -> None:
    plan = approved_general()

    error = refused(
        services.item_add,
        plan=plan,
        title={"en": "Late"},
        body=Body.objects.get(code="secretariat"),
        planned_on=d("2025-03-01"),
    )

    assert error.code == "plans_wrong_state"
    assert plan.items.count() == 3


def test_an_item_is_marked_done_with_its_day_and_what_did_it_once() -> None:
    from secretariat.decisions.services import decision_record
    from tests.factories.meetings import first_item, held_board_meeting

    plan = approved_general()
    item = plan.items.order_by("planned_on").first()
    assert item is not None
    decision = decision_record(item=first_item(held_board_meeting()))

    services.item_mark_done(item=item, done_on=d("2025-02-01"), decision=decision)
    again = refused(services.item_mark_done, item=item)

    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert item.done_on == d("2025-02-01")
    assert item.done_by_decision == decision
    assert again.code == "plans_item_closed"
    assert again.status == 409


def test_nothing_is_marked_done_in_a_plan_not_approved_nor_on_a_future_day() -> None:
    draft = general("2026-07-01")
    item = add_item(draft, "x", "2026-08-01")
    plan = approved_general()
    approved_item = plan.items.first()

    not_approved = refused(services.item_mark_done, item=item)
    future = refused(
        services.item_mark_done, item=approved_item, done_on=today() + dt.timedelta(days=3)
    )

    assert not_approved.code == "plans_not_approved"
    assert future.code == "plans_date_in_future"


def test_an_item_carried_over_continues_in_the_next_plan_of_its_kind() -> None:
    plan = approved_general("2025-01-01")
    following = general("2025-07-01")
    item = plan.items.order_by("planned_on").last()
    assert item is not None

    services.item_carry_over(item=item, note="Postponed by the host.", into=following)

    item.refresh_from_db()
    assert item.status == ItemStatus.CARRIED_OVER
    assert item.carried_to is not None
    assert item.carried_to.plan == following
    assert item.carried_to.planned_on == following.start
    assert item.carried_to.title_ru == item.title_ru


def test_an_item_is_not_carried_into_an_earlier_plan_or_another_kind() -> None:
    earlier = general("2024-07-01")
    plan = approved_general("2025-01-01")
    other_kind = body_plan("secretariat", "2025-07-01", "2025-12-31")
    item = plan.items.first()

    backwards = refused(services.item_carry_over, item=item, note="x", into=earlier)
    elsewhere = refused(services.item_carry_over, item=item, note="x", into=other_kind)
    no_reason = refused(services.item_carry_over, item=item, note="")

    assert backwards.code == "plans_carry_not_later"
    assert elsewhere.code == "plans_carry_not_later"
    assert no_reason.code == "plans_text_required"
    assert PlanItem.objects.get(pk=item.pk).status == ItemStatus.PLANNED


def test_a_change_made_from_an_old_view_of_the_plan_is_refused_as_stale() -> None:
    plan = general("2026-07-01")
    seen = plan.version
    add_item(plan, "First", "2026-08-01", expected_version=seen)

    error = refused(
        services.item_add,
        plan=plan,
        title={"en": "Second"},
        body=Body.objects.get(code="secretariat"),
        planned_on=d("2026-08-02"),
        expected_version=seen,
    )

    assert error.code == "plans_stale"
    assert error.status == 409
    assert plan.items.count() == 1
