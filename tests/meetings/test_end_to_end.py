"""Whole procedures, first step to last, through the REST API by the users who act.

Steps with no API endpoint yet (agenda proposals and preparation, attendance, a decision on
an item, signatures) call the service directly, as commented where they do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import delegations_sync
from secretariat.audit.selectors import audit_verify
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import (
    agenda_prepare,
    agenda_proposal_submit,
    attendance_record,
    item_decide,
    minutes_sign,
)
from secretariat.procedure.rules import rulebook
from secretariat.procedure.workflows import workflows
from tests.registry.support import registry_loaded

pytestmark = pytest.mark.django_db

PARTS = ("CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY")
SIXTEEN_FROM_SIX = {"CN": 3, "RU": 3, "KZ": 3, "KG": 3, "TJ": 3, "UZ": 1}


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


def make_user(username: str, role: str, delegation: str) -> User:
    return User.objects.create_user(
        username=username, role=role, delegation=Delegation.objects.get(code=delegation)
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class Api:
    """One acting user's view of one meeting, passing the version it last saw."""

    def __init__(self, user: User) -> None:
        self.client = client_for(user)

    def post(self, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
        response = self.client.post(f"/api/meetings{path}", body, content_type="application/json")
        assert response.status_code == status, response.content
        return dict(response.json())

    def get(self, meeting_id: int) -> dict[str, Any]:
        response = self.client.get(f"/api/meetings/{meeting_id}")
        assert response.status_code == 200, response.content
        return dict(response.json())

    def step(self, meeting: dict[str, Any], event: str) -> dict[str, Any]:
        body = {"event": event, "expected_version": meeting["version"]}
        return self.post(f"/{meeting['id']}/transitions", body)

    def event(self, meeting: dict[str, Any], event: str, date: str) -> dict[str, Any]:
        body = {"event": event, "date": date, "expected_version": meeting["version"]}
        return self.post(f"/{meeting['id']}/events", body, status=201)


def workflow_rules(kind: str, events: list[str]) -> list[set[str]]:
    """The rules each step of ``events`` cites in workflows.yaml, in order."""
    workflow = workflows(rulebook()).get(kind)
    by_event: dict[str, set[str]] = {}
    for transition in workflow.transitions:
        by_event.setdefault(transition.event, set()).update(transition.rules)
    return [by_event[e] for e in events]


def assert_finished(
    api: Api, meeting_id: int, kind: str, state: str, events: list[str]
) -> dict[str, Any]:
    detail = api.get(meeting_id)
    assert detail["state"] == state
    history = detail["history"]
    assert [t["event"] for t in history] == events
    assert len(history) == Meeting.objects.get(pk=meeting_id).transitions.count()
    for taken, cited in zip(history, workflow_rules(kind, events), strict=True):
        assert taken["rules"], taken
        assert set(taken["rules"]) & cited, taken
    expected = set(rulebook().procedures[kind].rule_ids)
    assert {d["rule_id"] for d in detail["deadlines"]} <= expected
    assert {d["rule_id"] for d in detail["deadlines"]} == set(
        Meeting.objects.get(pk=meeting_id).deadlines.values_list("rule_id", flat=True)
    )
    assert detail["deadlines"]
    report = audit_verify()
    assert report.intact, report.lines()
    assert report.entries > 0
    return detail


def board_session(meeting_id: int, officer: User, chairs: dict[str, User]) -> None:
    """Proposals and the agenda's preparation (services: no endpoint yet)."""
    meeting = Meeting.objects.get(pk=meeting_id)
    first = meeting.deadlines.get(rule_id="BCB-AGENDA-PROPOSALS-10D").due
    agenda_proposal_submit(
        meeting=meeting,
        delegation=chairs["CN"].delegation,  # type: ignore[arg-type]
        title="Work plan until the next meeting",
        by=chairs["CN"],
        submitted_at=timezone.make_aware(dt.datetime.combine(first, dt.time(9))),
    )
    agenda_prepare(meeting=meeting, by=officer)


def attend(meeting_id: int) -> None:
    """16 Board members from 6 national parts attend (service: no endpoint yet)."""
    meeting = Meeting.objects.get(pk=meeting_id)
    for state, count in SIXTEEN_FROM_SIX.items():
        attendance_record(
            meeting=meeting,
            delegation=Delegation.objects.get(code=f"np-{state.lower()}"),
            members_present=count,
        )


def sign_all(meeting_id: int, chairs: dict[str, User]) -> None:
    """Every national part signs the minutes (service: no endpoint yet)."""
    meeting = Meeting.objects.get(pk=meeting_id)
    for chair in chairs.values():
        minutes_sign(meeting=meeting, delegation=chair.delegation, user=chair)  # type: ignore[arg-type]


def chairs_of_parts() -> dict[str, User]:
    return {s: make_user(f"chair-{s.lower()}", "np_chair", f"np-{s.lower()}") for s in PARTS}


def adopt_first_item(meeting_id: int, officer: User) -> None:
    """The decision on the first item, by consensus (service: no endpoint yet)."""
    meeting = Meeting.objects.get(pk=meeting_id)
    item = meeting.agenda_items.order_by("number").first()
    assert item is not None
    verdict = item_decide(meeting=meeting, item=item, by=officer)
    assert verdict.ok
    item.refresh_from_db()
    assert item.adopted


BOARD_SESSION = ["circulate_agenda", "open_session", "adopt_decision", "conclude"]
BOARD_MINUTES = ["sign_minutes", "distribute_minutes"]


def finish_board(api: Api, meeting: dict[str, Any], officer: User, chairs: dict[str, User]) -> None:
    board_session(meeting["id"], officer, chairs)
    meeting = api.step(api.get(meeting["id"]), "circulate_agenda")
    attend(meeting["id"])
    meeting = api.step(api.get(meeting["id"]), "open_session")
    adopt_first_item(meeting["id"], officer)
    meeting = api.step(api.get(meeting["id"]), "conclude")
    sign_all(meeting["id"], chairs)
    meeting = api.step(api.get(meeting["id"]), "sign_minutes")
    api.step(meeting, "distribute_minutes")


def test_a_regular_board_meeting_from_plan_to_minutes_distributed() -> None:
    officer = make_user("bc-officer", "bc_secretariat_officer", "bc-secretariat")
    chairs = chairs_of_parts()
    api = Api(officer)
    planned = api.post(
        "/regular", {"body": "bcb", "kind": "bcb-regular", "start": "2027-06-30"}, status=201
    )["meeting"]
    assert planned["state"] == "planned"

    finish_board(api, planned, officer, chairs)

    assert_finished(
        api, planned["id"], "bcb-regular", "minutes_distributed", BOARD_SESSION + BOARD_MINUTES
    )
    assert Meeting.objects.get(pk=planned["id"]).signatures.count() == len(PARTS)


def test_an_extraordinary_board_meeting_from_initiative_to_minutes_distributed() -> None:
    officer = make_user("bc-officer", "bc_secretariat_officer", "bc-secretariat")
    chairs = chairs_of_parts()
    initiated = Api(chairs["CN"]).post(
        "/extraordinary",
        {"body": "bcb", "initiators": ["np-cn", "np-ru"], "proposed_start": "2026-06-30"},
        status=201,
    )
    api = Api(officer)
    meeting = api.event(initiated, "received", "2026-05-20")
    meeting = api.step(meeting, "receive_appeal")
    meeting = api.event(meeting, "informed", "2026-05-22")
    for event in ("inform", "collect_replies", "relay", "convene"):
        meeting = api.step(meeting, event)
    assert meeting["state"] == "convened"
    # Proposals are counted against the rule's day; on a past meeting, submit on that day.
    finish_board(api, meeting, officer, chairs)

    convening = ["receive_appeal", "inform", "collect_replies", "relay", "convene"]
    assert_finished(
        api,
        meeting["id"],
        "bcb-extraordinary",
        "minutes_distributed",
        convening + BOARD_SESSION + BOARD_MINUTES,
    )


def test_an_extraordinary_cmfa_from_two_initiators_to_concluded() -> None:
    officer = make_user("sco-officer", "secretariat_officer", "sco-secretariat")
    initiator = make_user("coord-cn", "national_coordinator", "cn")
    initiated = Api(initiator).post(
        "/extraordinary",
        {"body": "cmfa", "initiators": ["cn", "ru"], "proposed_start": "2026-03-31"},
        status=201,
    )
    api = Api(officer)
    meeting = api.event(initiated, "received", "2026-02-20")
    meeting = api.step(meeting, "receive_letters")
    meeting = api.step(meeting, "notify_secretariat")
    for consent in meeting["consents"]:
        code = consent["state"].lower()
        coordinator = make_user(f"coord-{code}", "national_coordinator", code)
        meeting = Api(coordinator).post(f"/{meeting['id']}/consents", {"answer": "yes"})
    assert meeting["consents"]
    assert all(c["answer"] is True for c in meeting["consents"])
    events = [
        "collect_consents",
        "convene",
        "circulate_agenda",
        "open_session",
        "conclude",
    ]
    for event in events:
        meeting = api.step(api.get(meeting["id"]), event)

    assert_finished(
        api,
        meeting["id"],
        "cmfa-extraordinary",
        "concluded",
        ["receive_letters", "notify_secretariat", *events],
    )


def test_a_cnc_meeting_from_planned_to_concluded() -> None:
    officer = make_user("sco-officer", "secretariat_officer", "sco-secretariat")
    api = Api(officer)
    meeting = api.post(
        "/regular", {"body": "cnc", "kind": "sco-meeting", "start": "2027-05-20"}, status=201
    )["meeting"]
    events = ["agree_agenda", "circulate_agenda", "open_session", "conclude"]
    for event in events:
        meeting = api.step(meeting, event)

    assert_finished(api, meeting["id"], "sco-meeting", "concluded", events)
