"""Planned against done (the verdict, in three languages), the API and the pages."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import translation

from secretariat.core.errors import RefusedError
from secretariat.plans import selectors, services
from secretariat.plans.models import Plan, PlanItem, PlanState
from secretariat.procedure.planning import ItemFacts, fulfilment
from secretariat.procedure.text import Text
from secretariat.registry.models import Body
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.plans import add_item, approved_general, bc_officer, general, meeting, officer
from tests.factories.registry import registry_with_delegations

from .support import d, today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def client_of(username: str, role: str, delegation: str) -> Client:
    return logged_in(user(username, role, delegation))


# --- the verdict --------------------------------------------------------------------------------


def facts(n: int, planned: str, status: str = "planned", month_only: bool = False) -> ItemFacts:
    return ItemFacts(n, Text(en=f"I{n}", ru=f"М{n}", zh=f"事{n}"), d(planned), month_only, status)


def test_planned_against_done_counts_each_state_and_names_the_overdue_items() -> None:
    items = [
        facts(1, "2026-01-10", "done"),
        facts(2, "2026-02-10", "carried_over"),
        facts(3, "2026-03-10"),
        facts(4, "2026-03-01", month_only=True),  # due by 31 March: not overdue on 20 March
        facts(5, "2026-06-10"),
    ]

    verdict = fulfilment(items, d("2026-03-20"), ["SEC-PLAN-6M"])

    assert verdict.outcome == "behind"
    assert not verdict.ok
    assert verdict.rules == ("SEC-PLAN-6M",)
    assert verdict.facts["done"] == 1
    assert verdict.facts["carried_over"] == 1
    assert verdict.facts["overdue"] == 1
    assert verdict.facts["planned"] == 2
    assert verdict.facts["percent_done"] == 20
    assert verdict.facts["overdue_items"] == [3]
    assert verdict.summary.render("en") == (
        "1 of 5 items are done (20 %), 1 carried over; 1 overdue (20 %)."
    )
    assert "просрочено 1" in verdict.summary.render("ru")
    assert "逾期1项" in verdict.summary.render("zh")
    assert verdict.warnings[0].render("ru").startswith("«М3»")
    assert "10 days overdue" in verdict.warnings[0].render("en")


def test_a_plan_all_done_or_empty_says_so() -> None:
    done = fulfilment([facts(1, "2026-01-10", "done")], d("2026-03-20"))
    empty = fulfilment([], d("2026-03-20"))
    ahead = fulfilment([facts(1, "2026-05-10")], d("2026-03-20"))

    assert (done.outcome, empty.outcome, ahead.outcome) == ("all_done", "empty", "on_track")
    assert empty.summary.render("zh") == "该计划尚无事项。"
    assert ahead.ok


def test_the_verdict_of_a_plan_and_over_all_plans_reads_the_items() -> None:
    plan = approved_general("2025-01-01")
    first, second, _third = plan.items.order_by("planned_on")
    services.item_mark_done(item=first, done_on=d("2025-02-01"))
    services.item_carry_over(item=second, note="Postponed.")
    other = approved_general("2025-07-01")

    one = selectors.plan_verdict(plan)
    shown = list(selectors.with_items(Plan.objects.filter(pk__in=[plan.pk, other.pk])))
    overall = selectors.overall_verdict(shown)

    assert (one.facts["done"], one.facts["carried_over"], one.facts["overdue"]) == (1, 1, 1)
    assert overall.facts["total"] == 6
    assert overall.facts["overdue"] == 4
    assert overall.rules == ("SEC-PLAN-6M",)


# --- the race -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_general_plans_saved_at_the_same_moment_give_one_plan() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite's test database is one in-memory connection, so two "
            "threads cannot hold it at once (the constraint itself is tested on both)"
        )
    Body.objects.get_or_create(code="secretariat", defaults={"name_en": "S", "kind": "secretariat"})
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(first: str) -> None:
        try:
            start.wait()
            services.plan_create(kind="general", title={"en": first}, start=d(first))
            outcomes.append("ok")
        except RefusedError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # reported by the main thread below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(s,)) for s in ("2027-01-01", "2027-03-01")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["ok", "plans_period_overlap"]
    assert Plan.objects.filter(kind="general").count() == 1


# --- the API ------------------------------------------------------------------------------------


def test_the_api_draws_up_a_general_plan_and_takes_it_to_approval() -> None:
    api = client_of("sco-officer", "secretariat_officer", "sco-secretariat")

    created = api.post(
        "/api/plans/",
        {"kind": "general", "title_en": "General plan", "start": "2025-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["end"] == "2025-06-30"
    item = api.post(
        f"/api/plans/{plan['id']}/items",
        {
            "title_en": "Conference",
            "body": "secretariat",
            "planned_on": "2025-03-10",
            "areas": ["cultural_humanitarian"],
            "expected_version": plan["version"],
        },
        content_type="application/json",
    )
    assert item.status_code == 201, item.content
    early = api.post(f"/api/plans/{plan['id']}/submit", {}, content_type="application/json")
    rats = api.post(
        f"/api/plans/{plan['id']}/rats",
        {"participated_on": "2024-12-01", "text": "Proposals of RATS taken in."},
        content_type="application/json",
    )
    submitted = api.post(f"/api/plans/{plan['id']}/submit", {}, content_type="application/json")
    approved = api.post(f"/api/plans/{plan['id']}/approve", {}, content_type="application/json")
    item_id = approved.json()["items"][0]["id"]
    done = api.post(
        f"/api/plans/{plan['id']}/items/{item_id}/done",
        {"done_on": "2025-03-10"},
        content_type="application/json",
    )

    assert early.status_code == 400
    assert early.json()["code"] == "plans_rats_missing"
    assert rats.status_code == 201
    assert submitted.json()["state"] == PlanState.SUBMITTED
    assert approved.json()["state"] == PlanState.APPROVED
    assert done.status_code == 201, done.content
    assert done.json()["fulfilment"]["outcome"] == "all_done"
    assert done.json()["fulfilment"]["rules"][0]["id"] == "SEC-PLAN-6M"
    progress = api.get("/api/plans/progress").json()
    assert progress["overall"]["facts"]["done"] == 1


def test_the_api_refuses_a_plan_of_the_wrong_length_in_the_users_language() -> None:
    officer()
    api = client_of("sco-officer", "secretariat_officer", "sco-secretariat")
    u = user("sco-officer", "secretariat_officer", "sco-secretariat")
    u.language = "ru"
    u.save()

    refused = api.post(
        "/api/plans/",
        {"kind": "general", "title_en": "x", "start": "2027-01-01", "end": "2027-03-31"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "plans_period_not_six_months"
    assert body["message"].startswith("Общий план составляется на последующие 6 месяцев")
    assert not Plan.objects.exists()


def test_the_api_refuses_an_unknown_area_and_an_unknown_body() -> None:
    api = client_of("sco-officer", "secretariat_officer", "sco-secretariat")
    plan = general("2026-07-01")

    area = api.post(
        f"/api/plans/{plan.pk}/items",
        {"title_en": "x", "body": "secretariat", "planned_on": "2026-08-01", "areas": ["moon"]},
        content_type="application/json",
    )
    body = api.post(
        f"/api/plans/{plan.pk}/items",
        {"title_en": "x", "body": "nobody", "planned_on": "2026-08-01"},
        content_type="application/json",
    )

    assert area.status_code == 400
    assert area.json()["code"] == "unknown_area"
    assert body.status_code == 404
    assert not PlanItem.objects.exists()


def test_the_business_council_secretariat_is_refused_a_general_plan_over_the_api() -> None:
    api = client_of("bc-officer", "bc_secretariat_officer", "bc-secretariat")

    refused = api.post(
        "/api/plans/",
        {"kind": "general", "title_en": "x", "start": "2027-01-01"},
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert refused.json()["code"] == "plans_not_yours"


def test_a_national_part_reads_plans_but_may_not_draw_one_up() -> None:
    general("2026-07-01")
    api = client_of("np-kz-chair", "np_chair", "np-kz")

    listed = api.get("/api/plans/")
    create = api.post(
        "/api/plans/",
        {"kind": "general", "title_en": "x", "start": "2027-01-01"},
        content_type="application/json",
    )

    assert listed.status_code == 200
    assert len(listed.json()) == 1
    assert create.status_code == 403


# --- the pages ----------------------------------------------------------------------------------


def test_the_plans_page_lists_plans_with_planned_against_done_and_offers_the_form() -> None:
    approved_general("2025-01-01")
    page = client_of("sco-officer", "secretariat_officer", "sco-secretariat").get("/plans/")
    reader = client_of("rats-officer", "rats_officer", "rats").get("/plans/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "General plan from 2025-01-01" in html
    assert "0 of 3 items are done" in html
    assert 'id="plan-form"' in html
    assert reader.status_code == 200
    assert 'id="plan-form"' not in reader.content.decode()


def test_the_plan_page_shows_items_overdue_and_the_verdict_in_chinese() -> None:
    plan = approved_general("2025-01-01")
    client = client_of("sco-officer", "secretariat_officer", "sco-secretariat")

    page = client.get(f"/zh-hans/plans/{plan.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "逾期3项" in html
    assert "SEC-PLAN-6M" in html
    assert "item-overdue" in html


def test_a_manager_adds_an_item_on_the_page_and_a_refusal_is_shown_with_its_rule() -> None:
    plan = general("2026-07-01")
    client = client_of("sco-officer", "secretariat_officer", "sco-secretariat")

    added = client.post(
        f"/plans/{plan.pk}/item/",
        {"title_en": "Forum", "body": "secretariat", "planned_on": "2026-09-01"},
    )
    outside = client.post(
        f"/plans/{plan.pk}/item/",
        {"title_en": "Late", "body": "secretariat", "planned_on": "2027-02-01"},
    )
    refused_submit = client.post(f"/plans/{plan.pk}/submit/", {})

    assert added.status_code == 302
    assert outside.status_code == 400
    assert "outside the plan" in outside.content.decode()
    assert "SEC-PLAN-6M" in outside.content.decode()
    assert refused_submit.status_code == 400
    assert "RATS" in refused_submit.content.decode()
    assert plan.items.count() == 1


def test_a_plan_is_drawn_up_and_marked_done_through_the_pages() -> None:
    client = client_of("sco-officer", "secretariat_officer", "sco-secretariat")
    created = client.post(
        "/plans/new/", {"kind": "general", "title_en": "From the page", "start": "2025-01-01"}
    )
    plan = Plan.objects.get(title_en="From the page")
    add_item(plan, "Done already", "2025-02-01")
    client.post(f"/plans/{plan.pk}/rats/", {"participated_on": "2024-12-01", "text_en": "In."})
    client.post(f"/plans/{plan.pk}/submit/", {"submitted_on": "2024-12-10"})
    client.post(f"/plans/{plan.pk}/approve/", {"approved_on": "2024-12-20"})
    item = plan.items.get()
    done = client.post(f"/plans/{plan.pk}/done/", {"item": item.pk, "done_on": "2025-02-01"})
    progress = client.get("/plans/progress/")

    assert created.status_code == 302
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    assert progress.status_code == 200
    assert "All 1 items of the plan are done." in progress.content.decode()


def test_the_board_plan_page_offers_its_forms_to_the_business_council_secretariat_only() -> None:
    held = meeting("bcb", today() - dt.timedelta(days=40))
    board = services.plan_create(
        kind="board", title={"en": "Board plan"}, meeting=held, end=today() + dt.timedelta(90)
    )
    plan = general("2026-07-01")
    bc = Client()
    bc.force_login(bc_officer())

    own = bc.get(f"/plans/{board.pk}/").content.decode()
    other = bc.get(f"/plans/{plan.pk}/").content.decode()
    missing = bc.get("/plans/999999/")

    assert 'id="item-form"' in own
    assert 'id="item-form"' not in other
    assert missing.status_code == 404


def test_the_public_is_sent_to_log_in() -> None:
    response = Client().get("/plans/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_sentences_render_in_every_language() -> None:
    plan = general("2026-07-01")
    with translation.override("ru"):
        verdict = selectors.rendered(selectors.plan_verdict(plan))
    assert verdict["summary"] == "В плане пока нет мероприятий."
    assert verdict["rules"][0]["wording"].startswith("Секретариат совместно с РАТС")
    assert Body.objects.filter(code="secretariat").exists()
