"""Decisions taken from a meeting's consensus, numbered, and their fulfilment overseen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from secretariat.core.errors import RefusedError, SecretariatError
from secretariat.decisions import selectors, services
from secretariat.decisions.models import Decision, Task, TaskStatus
from secretariat.documents.models import DocumentStatus
from secretariat.registry.models import Body, State
from tests.factories.accounts import user_get_or_create as user
from tests.factories.documents import board_draft
from tests.factories.meetings import first_item, held_board_meeting
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def today() -> dt.date:
    return timezone.localdate()


def test_a_decision_is_taken_from_the_consensus_with_every_parts_position_and_a_number() -> None:
    meeting = held_board_meeting()
    item = first_item(meeting)
    document = board_draft(meeting)

    decision = services.decision_record(item=item, document=document, areas=["trade_economic"])

    assert decision.number == f"BCB-{meeting.date_start.year}-1"
    assert decision.adopted_on == meeting.date_end
    assert decision.positions["CN"] == "support"
    assert decision.positions["RU"] == "support"
    assert set(decision.positions.values()) <= {"support", "abstain", "absent"}
    assert "BCB" not in decision.consensus["en"] or decision.consensus["en"]
    document.refresh_from_db()
    assert document.status == DocumentStatus.ADOPTED
    assert document.circulated_to_members
    assert document.adopted_on == decision.adopted_on


def test_the_next_decision_of_the_body_that_year_takes_the_next_number() -> None:
    first = services.decision_record(item=first_item(held_board_meeting(days_ago=30)))
    second = services.decision_record(item=first_item(held_board_meeting(days_ago=20)))

    prefix, n = first.number.rsplit("-", 1)
    if first.adopted_on.year == second.adopted_on.year:
        assert second.number == f"{prefix}-{int(n) + 1}"


def test_an_item_objected_to_gives_no_decision_citing_consensus() -> None:
    meeting = held_board_meeting()
    objected = meeting.agenda_items.order_by("number")[1]

    with pytest.raises(RefusedError) as refused:
        services.decision_record(item=objected)

    assert refused.value.code == "not_adopted"
    assert refused.value.rules == ("BCB-CONSENSUS",)
    assert not Decision.objects.filter(agenda_item=objected).exists()


def test_a_decision_is_recorded_once() -> None:
    item = first_item(held_board_meeting())
    services.decision_record(item=item)

    with pytest.raises(RefusedError) as refused:
        services.decision_record(item=item)

    assert refused.value.code == "decision_recorded"
    assert Decision.objects.filter(agenda_item=item).count() == 1


def test_tasks_roll_up_into_the_decisions_progress_and_a_state_reports_on_its_own() -> None:
    decision = services.decision_record(item=first_item(held_board_meeting()))
    kz = State.objects.get(code="KZ")
    by_kz = services.task_add(
        decision=decision,
        title={"en": "Set up the national energy desk"},
        responsible="member_state",
        state=kz,
        due_on=today() + dt.timedelta(days=90),
    )
    by_secretariat = services.task_add(
        decision=decision,
        title={"en": "Report to the Board"},
        responsible="secretariat",
        due_on=today() + dt.timedelta(days=10),
    )
    kz_coordinator = user("pr-kz", "permanent_representative", "kz")
    ru_coordinator = user("pr-ru", "permanent_representative", "ru")

    services.task_report(task=by_kz, percent=50, text="Desk staffed.", by=kz_coordinator)
    with pytest.raises(RefusedError) as refused:
        services.task_report(task=by_kz, percent=60, text="Not ours.", by=ru_coordinator)
    assert refused.value.code == "not_responsible"
    services.task_report(task=by_secretariat, percent=100, text="Reported.")

    tasks = list(decision.tasks.all())
    assert selectors.progress(tasks) == 75
    by_secretariat.refresh_from_db()
    assert by_secretariat.status == TaskStatus.DONE
    assert by_secretariat.done_on == today()


def test_progress_never_goes_back_and_a_done_task_takes_no_report() -> None:
    decision = services.decision_record(item=first_item(held_board_meeting()))
    task = services.task_add(
        decision=decision,
        title={"en": "T"},
        responsible="secretariat",
        due_on=today() + dt.timedelta(days=5),
    )
    services.task_report(task=task, percent=40, text="Begun.")

    with pytest.raises(RefusedError) as backwards:
        services.task_report(task=task, percent=20, text="Less.")
    services.task_report(task=task, percent=100, text="Done.")
    with pytest.raises(RefusedError) as closed:
        services.task_report(task=task, percent=100, text="Again.")

    assert backwards.value.code == "percent_backwards"
    assert closed.value.code == "task_closed"
    assert task.reports.count() == 2


@pytest.mark.parametrize("percent", [-1, 101])
def test_a_percentage_outside_0_to_100_is_refused(percent: int) -> None:
    decision = services.decision_record(item=first_item(held_board_meeting()))
    task = services.task_add(
        decision=decision,
        title={"en": "T"},
        responsible="secretariat",
        due_on=today() + dt.timedelta(days=5),
    )

    with pytest.raises(RefusedError) as refused:
        services.task_report(task=task, percent=percent, text="x")

    assert refused.value.code == "percent_out_of_range"


def test_a_task_names_who_answers_for_it() -> None:
    decision = services.decision_record(item=first_item(held_board_meeting()))

    with pytest.raises(RefusedError) as refused:
        services.task_add(
            decision=decision,
            title={"en": "T"},
            responsible="member_state",
            due_on=today() + dt.timedelta(days=5),
        )

    assert refused.value.code == "responsible_required"
    assert not Task.objects.filter(decision=decision).exists()


def test_the_dashboard_shows_overdue_and_due_soon_per_body_and_per_responsible() -> None:
    decision = services.decision_record(item=first_item(held_board_meeting(days_ago=40)))
    services.task_add(
        decision=decision,
        title={"en": "Overdue"},
        responsible="member_state",
        state=State.objects.get(code="KZ"),
        due_on=today() - dt.timedelta(days=3),
    )
    services.task_add(
        decision=decision,
        title={"en": "Soon"},
        responsible="body",
        body=Body.objects.get(code="bc_secretariat"),
        due_on=today() + dt.timedelta(days=7),
    )
    services.task_add(
        decision=decision,
        title={"en": "Later"},
        responsible="secretariat",
        due_on=today() + dt.timedelta(days=200),
    )

    board = selectors.dashboard(user("sco-officer", "secretariat_officer", "sco-secretariat"))

    assert (board.overdue, board.due_soon) == (1, 1)
    bcb = next(g for g in board.by_body if g.key == "bcb")
    assert [t.title_en for t in bcb.overdue] == ["Overdue"]
    assert [t.title_en for t in bcb.due_soon] == ["Soon"]
    assert bcb.open == 3
    kz = next(g for g in board.by_responsible if g.key == "state:KZ")
    assert [t.title_en for t in kz.overdue] == ["Overdue"]


def test_the_api_records_a_decision_adds_a_task_and_takes_a_report() -> None:
    meeting = held_board_meeting()
    officer = Client()
    officer.force_login(user("bc-officer", "bc_secretariat_officer", "bc-secretariat"))
    secretariat = Client()
    secretariat.force_login(user("sco-officer", "secretariat_officer", "sco-secretariat"))

    recorded = officer.post(
        "/api/decisions/",
        {"meeting": meeting.pk, "agenda_item": 1, "areas": ["trade_economic"]},
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.content
    decision = recorded.json()
    tasked = secretariat.post(
        f"/api/decisions/{decision['id']}/tasks",
        {
            "title_en": "Draft the plan",
            "responsible": "member_state",
            "state": "kz",
            "due_on": (today() + dt.timedelta(days=30)).isoformat(),
            "expected_version": decision["version"],
        },
        content_type="application/json",
    )
    assert tasked.status_code == 201, tasked.content
    task = tasked.json()["tasks"][0]
    kz = Client()
    kz.force_login(user("pr-kz2", "permanent_representative", "kz"))
    reported = kz.post(
        f"/api/decisions/{decision['id']}/tasks/{task['id']}/reports",
        {"percent": 30, "text": "Working group formed."},
        content_type="application/json",
    )
    again = officer.post(
        "/api/decisions/",
        {"meeting": meeting.pk, "agenda_item": 1},
        content_type="application/json",
    )

    assert reported.status_code == 201, reported.content
    assert reported.json()["progress"] == 30
    assert again.status_code == 409
    assert again.json()["code"] == "decision_recorded"
    dashboard = kz.get("/api/decisions/dashboard").json()
    assert dashboard["due_soon"] == 1


def cnc_in_session() -> Any:
    """A meeting of the CNC in session, its agenda of one item circulated."""
    from secretariat.accounts.models import Delegation
    from secretariat.meetings import services as meetings

    officer = user("sco-officer", "secretariat_officer", "sco-secretariat")
    meeting = meetings.meeting_plan(
        body=Body.objects.get(code="cnc"),
        kind="sco-meeting",
        start=today() - dt.timedelta(days=5),
        by=officer,
    ).meeting
    meetings.agenda_proposal_submit(
        meeting=meeting,
        delegation=Delegation.objects.get(code="kz"),
        title="Draft plan of the chairmanship",
        by=officer,
        submitted_at=timezone.now() - dt.timedelta(days=60),
    )
    meetings.agenda_prepare(meeting=meeting, by=officer)
    meetings.meeting_transition(meeting=meeting, event="agree_agenda", by=officer)
    meetings.agenda_circulate(meeting=meeting, by=officer, cnc_consent=True)
    meetings.meeting_transition(meeting=meeting, event="open_session", by=officer)
    meeting.refresh_from_db()
    return meeting


def test_an_sco_council_decides_by_the_member_states_consensus_and_an_objection_is_named() -> None:
    from secretariat.accounts.models import Delegation
    from secretariat.meetings import services as meetings

    meeting = cnc_in_session()
    item = first_item(meeting)
    meetings.position_record(
        meeting=meeting, item=item, delegation=Delegation.objects.get(code="in"), position="object"
    )

    objected = meetings.item_decide(meeting=meeting, item=item)
    meetings.position_record(
        meeting=meeting, item=item, delegation=Delegation.objects.get(code="in"), position="support"
    )
    adopted = meetings.item_decide(meeting=meeting, item=item)
    decision = services.decision_record(item=item, areas=["political"])

    assert not objected.ok
    assert objected.rules == ("STRAT-CONSENSUS",)
    assert objected.facts["objections"] == ["IN"]
    assert adopted.ok
    assert decision.number == f"CNC-{meeting.date_start.year}-1"
    assert decision.positions["IN"] == "support"
    assert decision.positions["KZ"] == "abstain"
    assert len(decision.positions) == 10


def test_a_national_part_states_no_position_in_an_sco_council() -> None:
    from secretariat.accounts.models import Delegation
    from secretariat.meetings import services as meetings

    meeting = cnc_in_session()

    with pytest.raises(SecretariatError) as refused:
        meetings.position_record(
            meeting=meeting,
            item=first_item(meeting),
            delegation=Delegation.objects.get(code="np-kz"),
            position="support",
        )

    assert refused.value.code == "not_a_member_state"


def test_the_list_of_decisions_costs_the_same_queries_for_one_decision_or_three() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader = Client()
    reader.force_login(user("sco-officer", "secretariat_officer", "sco-secretariat"))

    def add_decision(days_ago: int) -> None:
        decision = services.decision_record(item=first_item(held_board_meeting(days_ago)))
        for n in range(2):
            task = services.task_add(
                decision=decision,
                title={"en": f"T{n}"},
                responsible="member_state",
                state=State.objects.get(code="KZ"),
                due_on=today() + dt.timedelta(days=9),
            )
            services.task_report(task=task, percent=10, text="Begun.")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader.get("/api/decisions/").status_code == 200
        return len(captured)

    add_decision(30)
    one = queries()
    add_decision(25)
    add_decision(20)

    assert queries() == one
