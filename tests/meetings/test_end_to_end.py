"""Whole procedures, first step to distributed minutes, through the REST API by the users
who act: officers of the Secretariats, chairs of national parts, national coordinators.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import delegations_sync
from secretariat.audit.selectors import audit_verify
from secretariat.meetings.models import Meeting
from secretariat.procedure.rules import rulebook
from secretariat.procedure.workflows import workflows
from tests.factories.accounts import logged_in
from tests.factories.accounts import user as make_user
from tests.factories.registry import registry_loaded
from tests.meetings.support import signed_on_the_last_day

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


class Api:
    """One acting user's view of one meeting, passing the version it last saw."""

    def __init__(self, user: User) -> None:
        self.client = logged_in(user)

    def post(self, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
        response = self.client.post(f"/api/meetings{path}", body, content_type="application/json")
        assert response.status_code == status, response.content
        return dict(response.json())

    def get(self, meeting_id: int) -> dict[str, Any]:
        response = self.client.get(f"/api/meetings/{meeting_id}")
        assert response.status_code == 200, response.content
        return dict(response.json())

    def put(self, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
        response = self.client.put(f"/api/meetings{path}", body, content_type="application/json")
        assert response.status_code == status, response.content
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


def board_session(api: Api, meeting: dict[str, Any]) -> dict[str, Any]:
    """A proposal received on the last day it may be, and the agenda prepared from it."""
    due = next(d for d in meeting["deadlines"] if d["rule_id"] == "BCB-AGENDA-PROPOSALS-10D")
    meeting = api.post(
        f"/{meeting['id']}/proposals/received",
        {
            "delegation": "np-cn",
            "received_on": due["due"],
            "title": "Work plan until the next meeting",
            "materials": ["Draft work plan"],
            "expected_version": meeting["version"],
        },
        status=201,
    )
    return api.post(f"/{meeting['id']}/agenda/prepare", {"expected_version": meeting["version"]})


def attend(api: Api, meeting: dict[str, Any]) -> dict[str, Any]:
    """16 Board members from 6 national parts attend."""
    for state, count in SIXTEEN_FROM_SIX.items():
        meeting = api.put(
            f"/{meeting['id']}/attendance/np-{state.lower()}",
            {"members_present": count, "expected_version": meeting["version"]},
        )
    quorum = api.client.get(f"/api/meetings/{meeting['id']}/quorum").json()
    assert quorum["ok"], quorum
    return meeting


def sign_all(meeting: dict[str, Any], chairs: dict[str, User]) -> dict[str, Any]:
    """Every national part's head reviews the minutes to sign and signs them, each from their
    own account; the last signature takes sign_minutes."""
    for chair in chairs.values():
        reviewed = Api(chair).client.get(f"/api/meetings/{meeting['id']}/minutes/to-sign.pdf")
        assert reviewed.status_code == 200
        digest = reviewed["X-Content-SHA256"]
        assert digest == hashlib.sha256(reviewed.content).hexdigest()
        meeting = Api(chair).post(
            f"/{meeting['id']}/signatures", {"pdf_sha256": digest}, status=201
        )
    signed_on_the_last_day(meeting["id"])
    return meeting


def chairs_of_parts() -> dict[str, User]:
    return {s: make_user(f"chair-{s.lower()}", "np_chair", f"np-{s.lower()}") for s in PARTS}


def adopt_first_item(api: Api, meeting: dict[str, Any]) -> dict[str, Any]:
    """The parts present state their positions; the first item is decided by consensus."""
    number = meeting["agenda"][0]["number"]
    for state in ("CN", "RU"):
        meeting = api.put(
            f"/{meeting['id']}/items/{number}/positions/np-{state.lower()}",
            {"position": "support", "expected_version": meeting["version"]},
        )
    decided = api.post(
        f"/{meeting['id']}/items/{number}/decision", {"expected_version": meeting["version"]}
    )
    assert decided["adopted"], decided
    assert decided["verdict"]["rules"] == ["BCB-CONSENSUS"]
    return dict(decided["meeting"])


def distribute(api: Api, meeting: dict[str, Any], days_after: int) -> dict[str, Any]:
    """The minutes, read back from their PDF, go to every recipient ``days_after`` the end."""
    pdf = api.client.get(f"/api/meetings/{meeting['id']}/minutes.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Протокол" in text
    assert "会议纪要" in text
    assert "Minutes" in text
    sent_on = dt.date.fromisoformat(meeting["date_end"]) + dt.timedelta(days=days_after)
    meeting = api.post(
        f"/{meeting['id']}/distribution",
        {"sent_on": sent_on.isoformat(), "expected_version": meeting["version"]},
        status=201,
    )
    assert meeting["undistributed"] == []
    assert meeting["distribution"]
    assert {d["sent_on"] for d in meeting["distribution"]} == {sent_on.isoformat()}
    assert not any(d["late"] for d in meeting["distribution"])
    return meeting


BOARD_SESSION = ["circulate_agenda", "open_session", "adopt_decision", "conclude"]
BOARD_MINUTES = ["sign_minutes", "distribute_minutes"]


def finish_board(api: Api, meeting: dict[str, Any], chairs: dict[str, User]) -> dict[str, Any]:
    meeting = board_session(api, meeting)
    meeting = api.post(
        f"/{meeting['id']}/agenda/circulate", {"expected_version": meeting["version"]}
    )
    meeting = attend(api, meeting)
    meeting = api.step(meeting, "open_session")
    meeting = adopt_first_item(api, meeting)
    meeting = api.step(meeting, "conclude")
    # The item was proposed in English: the minutes are signed once the Secretariat has given
    # its Russian and Chinese titles.
    meeting = api.post(
        f"/{meeting['id']}/translations",
        {
            "items": [{"number": 1, "title_ru": "План работы", "title_zh": "工作计划"}],
            "expected_version": meeting["version"],
        },
    )
    meeting = sign_all(meeting, chairs)
    assert meeting["state"] == "minutes_signed"
    return distribute(api, api.get(meeting["id"]), days_after=2)


def test_a_regular_board_meeting_from_plan_to_minutes_distributed() -> None:
    officer = make_user("bc-officer", "bc_secretariat_officer", "bc-secretariat")
    chairs = chairs_of_parts()
    api = Api(officer)
    planned = api.post(
        "/regular", {"body": "bcb", "kind": "bcb-regular", "start": "2026-06-30"}, status=201
    )["meeting"]
    assert planned["state"] == "planned"

    finish_board(api, planned, chairs)

    assert_finished(
        api, planned["id"], "bcb-regular", "minutes_distributed", BOARD_SESSION + BOARD_MINUTES
    )
    assert Meeting.objects.get(pk=planned["id"]).signatures.count() == len(PARTS)


def test_an_extraordinary_board_meeting_from_initiative_to_minutes_distributed() -> None:
    officer = make_user("bc-officer", "bc_secretariat_officer", "bc-secretariat")
    chairs = chairs_of_parts()
    initiated = Api(chairs["CN"]).post(
        "/extraordinary",
        {
            "body": "bcb",
            "initiators": ["np-cn", "np-ru"],
            "proposed_start": "2026-06-30",
            "sent_on": "2026-05-18",
        },
        status=201,
    )
    # The Russian part joins the joint appeal itself, sending it the same day.
    initiated = Api(chairs["RU"]).post(
        f"/{initiated['id']}/initiative/join", {"sent_on": "2026-05-18"}
    )
    api = Api(officer)
    meeting = api.event(initiated, "received", "2026-05-20")
    meeting = api.step(meeting, "receive_appeal")
    meeting = api.event(meeting, "informed", "2026-05-22")
    for event in ("inform", "collect_replies", "relay", "convene"):
        meeting = api.step(meeting, event)
    assert meeting["state"] == "convened"
    # Proposals are counted against the rule's day; on a past meeting, submit on that day.
    finish_board(api, meeting, chairs)

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
        {
            "body": "cmfa",
            "initiators": ["cn", "ru"],
            "proposed_start": "2026-03-31",
            "sent_on": "2026-02-18",
        },
        status=201,
    )
    # Russia's minister sends the letter at the same time: its coordinator joins.
    initiated = Api(make_user("coord-ru", "national_coordinator", "ru")).post(
        f"/{initiated['id']}/initiative/join", {"sent_on": "2026-02-18"}
    )
    api = Api(officer)
    meeting = api.event(initiated, "received", "2026-02-20")
    meeting = api.step(meeting, "receive_letters")
    meeting = api.step(meeting, "notify_secretariat")
    for consent in meeting["consents"]:
        code = consent["state"].lower()
        coordinator = User.objects.filter(username=f"coord-{code}").first() or make_user(
            f"coord-{code}", "national_coordinator", code
        )
        meeting = Api(coordinator).post(f"/{meeting['id']}/consents", {"answer": "yes"})
    assert meeting["consents"]
    assert all(c["answer"] is True for c in meeting["consents"])
    for event in ("collect_consents", "convene"):
        meeting = api.step(api.get(meeting["id"]), event)
    # An empty agenda is not circulated: the Secretariat puts an item on it.
    meeting = api.post(
        f"/{meeting['id']}/agenda/preliminary",
        {"title_en": "Situation in the region", "expected_version": meeting["version"]},
        status=201,
    )
    meeting = api.post(
        f"/{meeting['id']}/agenda/circulate",
        {"cnc_consent": True, "expected_version": meeting["version"]},
    )
    for event in ("open_session", "conclude"):
        meeting = api.step(meeting, event)
    distribute(api, meeting, days_after=3)

    events = ["collect_consents", "convene", "circulate_agenda", "open_session", "conclude"]
    assert_finished(
        api,
        meeting["id"],
        "cmfa-extraordinary",
        "minutes_distributed",
        ["receive_letters", "notify_secretariat", *events, "distribute_minutes"],
    )


def test_a_cnc_meeting_from_planned_to_minutes_distributed() -> None:
    officer = make_user("sco-officer", "secretariat_officer", "sco-secretariat")
    coordinator = make_user("coord-kz", "national_coordinator", "kz")
    api = Api(officer)
    meeting = api.post(
        "/regular", {"body": "cnc", "kind": "sco-meeting", "start": "2026-05-20"}, status=201
    )["meeting"]
    # A proposal registered from a letter, then the preliminary agenda agreed with the CNC.
    meeting = api.post(
        f"/{meeting['id']}/proposals/received",
        {
            "delegation": coordinator.delegation.code,  # type: ignore[union-attr]
            "received_on": "2026-03-02",
            "title": "Draft plan of the chairmanship",
            "expected_version": meeting["version"],
        },
        status=201,
    )
    meeting = api.post(f"/{meeting['id']}/agenda/prepare", {})
    assert [i["title"] for i in meeting["agenda"]] == ["Draft plan of the chairmanship"]
    meeting = api.step(meeting, "agree_agenda")
    refused = api.client.post(
        f"/api/meetings/{meeting['id']}/agenda/circulate", {}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "cnc_consent_required"
    meeting = api.post(f"/{meeting['id']}/agenda/circulate", {"cnc_consent": True})
    meeting = api.step(meeting, "open_session")
    # The member states decide by consensus (STRAT-CONSENSUS): no attendance, no quorum.
    for state in ("kz", "ru"):
        meeting = api.put(
            f"/{meeting['id']}/items/1/positions/{state}",
            {"position": "support", "expected_version": meeting["version"]},
        )
    decided = api.post(
        f"/{meeting['id']}/items/1/decision", {"expected_version": meeting["version"]}
    )
    assert decided["adopted"], decided
    assert decided["verdict"]["rules"] == ["STRAT-CONSENSUS"]
    meeting = api.step(decided["meeting"], "conclude")
    meeting = distribute(api, meeting, days_after=1)
    # Every member state received the minutes, and the coordinator sees the agenda.
    assert len(meeting["distribution"]) == 10
    seen = Api(coordinator).get(meeting["id"])
    assert [i["title"] for i in seen["agenda"]] == ["Draft plan of the chairmanship"]

    events = [
        "agree_agenda",
        "circulate_agenda",
        "open_session",
        "adopt_decision",
        "conclude",
        "distribute_minutes",
    ]
    assert_finished(api, meeting["id"], "sco-meeting", "minutes_distributed", events)
