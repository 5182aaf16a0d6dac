"""The meetings API takes every step of the pages, refuses by the rules and detects stale views."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from tests.factories import accounts
from tests.factories.registry import registry_loaded
from tests.said import rule_said

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


def client_of(role: str, delegation: str, language: str = "en") -> Client:
    return accounts.logged_in(accounts.user(role, role, delegation, language=language))


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/meetings{path}", body, content_type="application/json")


def propose(client: Client, sent_on: str = "2026-05-18") -> dict[str, Any]:
    """The Chinese part opens the initiative naming the Russian part, which joins it itself."""
    response = post(
        client,
        "/extraordinary",
        {
            "body": "bcb",
            "initiators": ["np-cn", "np-ru"],
            "proposed_start": "2026-06-30",
            "sent_on": sent_on,
        },
    )
    assert response.status_code == 201, response.content
    joined = post(
        accounts.logged_in(accounts.user("np-ru-chair", "np_chair", "np-ru")),
        f"/{response.json()['id']}/initiative/join",
        {"sent_on": sent_on},
    )
    assert joined.status_code == 200, joined.content
    return dict(joined.json())


def test_an_extraordinary_bcb_meeting_goes_from_proposal_to_appeal_received() -> None:
    chair = client_of("np_chair", "np-cn")
    officer = client_of("bc_secretariat_officer", "bc-secretariat")
    meeting = propose(chair)
    assert meeting["state"] == "initiative"

    recorded = post(
        officer,
        f"/{meeting['id']}/events",
        {"event": "received", "date": "2026-05-20", "expected_version": meeting["version"]},
    )
    assert recorded.status_code == 201, recorded.content
    moved = post(
        officer,
        f"/{meeting['id']}/transitions",
        {"event": "receive_appeal", "expected_version": recorded.json()["version"]},
    )

    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert body["state"] == "appeal_received"
    assert [t["event"] for t in body["history"]] == ["receive_appeal"]
    assert {s["event"] for s in body["next_steps"]} >= {"inform"}
    inform = next(d for d in body["deadlines"] if d["rule_id"] == "BCB-EXTRA-INFORM-5D")
    assert inform["anchor_date"] == "2026-05-20"
    assert officer.get(f"/api/meetings/{meeting['id']}").json()["state"] == "appeal_received"
    assert [m["id"] for m in officer.get("/api/meetings/").json()] == [meeting["id"]]


def test_a_late_appeal_is_refused_citing_the_notice_rule_in_the_callers_language() -> None:
    # Sent on 8 June for a meeting on 30 June: after the latest day, 31 May.
    meeting = propose(client_of("np_chair", "np-cn"), sent_on="2026-06-08")
    officer = client_of("bc_secretariat_officer", "bc-secretariat", language="ru")
    recorded = post(
        officer, f"/{meeting['id']}/events", {"event": "received", "date": "2026-06-10"}
    )

    refused = post(
        officer,
        f"/{meeting['id']}/transitions",
        {"event": "receive_appeal", "expected_version": recorded.json()["version"]},
    )

    assert refused.status_code == 400
    assert refused.json()["code"] == "late"
    assert rule_said("BCB-EXTRA-NOTICE-30D", "ru") in refused.json()["message"]
    assert "Отказано" in refused.json()["message"]


def test_a_stale_expected_version_is_a_conflict() -> None:
    meeting = propose(client_of("np_chair", "np-cn"))
    officer = client_of("bc_secretariat_officer", "bc-secretariat")
    post(officer, f"/{meeting['id']}/events", {"event": "received", "date": "2026-05-20"})

    stale = post(
        officer,
        f"/{meeting['id']}/transitions",
        {"event": "receive_appeal", "expected_version": meeting["version"]},
    )

    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_meeting"


def test_a_national_coordinator_may_not_take_a_step_even_with_a_malformed_body() -> None:
    meeting = propose(client_of("np_chair", "np-cn"))
    coordinator = client_of("national_coordinator", "kz")

    assert post(coordinator, f"/{meeting['id']}/transitions", {}).status_code == 403
    denied = post(
        coordinator,
        f"/{meeting['id']}/transitions",
        {"event": "receive_appeal", "expected_version": meeting["version"]},
    )
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"


def test_a_coordinator_consents_for_their_own_member_state() -> None:
    coordinator = client_of("national_coordinator", "kz")
    meeting = post(
        accounts.logged_in(accounts.user("coord-cn", "national_coordinator", "cn")),
        "/extraordinary",
        {
            "body": "cmfa",
            "initiators": ["cn", "ru"],
            "proposed_start": "2026-10-01",
            "sent_on": "2026-08-20",
        },
    ).json()
    # Russia joins; the Chair registers the letters and notifies the Secretariat, which
    # asks the other member states.
    post(
        accounts.logged_in(accounts.user("coord-ru", "national_coordinator", "ru")),
        f"/{meeting['id']}/initiative/join",
        {"sent_on": "2026-08-20"},
    )
    officer = client_of("secretariat_officer", "sco-secretariat")
    post(officer, f"/{meeting['id']}/events", {"event": "received", "date": "2026-08-22"})
    for step in ("receive_letters", "notify_secretariat"):
        version = officer.get(f"/api/meetings/{meeting['id']}").json()["version"]
        moved = post(
            officer, f"/{meeting['id']}/transitions", {"event": step, "expected_version": version}
        )
        assert moved.status_code == 200, moved.content

    answered = post(coordinator, f"/{meeting['id']}/consents", {"answer": "no"})

    assert answered.status_code == 200, answered.content
    assert {"state": "KZ", "answer": False} in answered.json()["consents"]


def test_an_officer_plans_and_reschedules_a_regular_meeting() -> None:
    # The BC Secretariat serves the Board's meetings.
    officer = client_of("bc_secretariat_officer", "bc-secretariat")
    planned = post(
        officer, "/regular", {"body": "bcb", "kind": "bcb-regular", "start": "2026-09-15"}
    )
    assert planned.status_code == 201, planned.content
    meeting = planned.json()["meeting"]
    assert planned.json()["year_plan"]["outcome"] in {"short", "enough"}

    moved = post(
        officer,
        f"/{meeting['id']}/reschedule",
        {"start": "2026-10-15", "expected_version": meeting["version"]},
    )

    assert moved.status_code == 200
    assert moved.json()["date_start"] == "2026-10-15"
    assert moved.json()["deadlines"] != meeting["deadlines"]


def test_every_meeting_operation_is_documented_with_its_action() -> None:
    from secretariat.api.api import api  # the whole site's API: imported when first needed

    paths = api.get_openapi_schema()["paths"]
    actions = {
        (method, path): op["x-required-action"]
        for path, ops in paths.items()
        if path.startswith("/api/meetings")
        for method, op in ops.items()
    }

    assert actions[("post", "/api/meetings/{meeting_id}/transitions")] == "meetings.manage"
    assert actions[("post", "/api/meetings/{meeting_id}/consents")] == "meetings.consent"
    assert actions[("post", "/api/meetings/extraordinary")] == "meetings.initiate"
    assert actions[("post", "/api/meetings/{meeting_id}/proposals")] == "meetings.propose"
    assert actions[("post", "/api/meetings/{meeting_id}/signatures")] == "meetings.session"
    assert actions[("post", "/api/meetings/{meeting_id}/distribution")] == "meetings.manage"
    assert actions[("get", "/api/meetings/{meeting_id}/minutes.pdf")] == "meetings.view"
    assert actions[("post", "/api/meetings/{meeting_id}/translations")] == "meetings.manage"
    steps = {
        "proposals",
        "proposals/received",
        "agenda/prepare",
        "agenda/circulate",
        "agenda/items",
        "attendance/{delegation}",
        "quorum",
        "items/{number}/positions/{delegation}",
        "items/{number}/position",
        "items/{number}/decision",
        "signatures",
        "distribution",
        "minutes.pdf",
        "invitations",
        "invitations/{invitation_id}/agreement",
        "akn/{part}/{lang}",
        "agenda/preliminary",
        "agenda/items/{number}",
        "agenda/items/{number}/move",
        "minutes/to-sign.pdf",
        "initiative/join",
        "initiative/withdraw",
        "translations",
    }
    documented = {path.removeprefix("/api/meetings/{meeting_id}/") for _method, path in actions}
    assert steps <= documented
    # The national parts' replies: read (meetings.view) and sent (meetings.reply) on one path.
    replies = "/api/meetings/{meeting_id}/replies"
    assert actions[("get", replies)] == "meetings.view"
    assert actions[("post", replies)] == "meetings.reply"
    # An agenda item is both replaced (PUT) and removed (DELETE).
    assert len(actions) == 9 + len(steps) + 2


def test_the_meetings_answer_follows_every_change_and_each_readers_view() -> None:
    officer = client_of("secretariat_officer", "sco-secretariat")
    coordinator = client_of("national_coordinator", "kz", language="ru")
    other = client_of("permanent_representative", "cn")
    planned = post(
        officer, "/regular", {"body": "cnc", "kind": "sco-meeting", "start": "2027-06-30"}
    )
    meeting_id = planned.json()["meeting"]["id"]

    first = officer.get(f"/api/meetings/{meeting_id}").json()
    again = officer.get(f"/api/meetings/{meeting_id}").json()
    proposed = post(coordinator, f"/{meeting_id}/proposals", {"title": "Digital economy"})
    after = officer.get(f"/api/meetings/{meeting_id}").json()
    own = coordinator.get(f"/api/meetings/{meeting_id}").json()
    theirs = other.get(f"/api/meetings/{meeting_id}").json()

    assert again == first
    assert proposed.status_code == 201, proposed.content
    assert after["version"] == first["version"] + 1
    assert [p["title"] for p in after["proposals"]] == ["Digital economy"]
    # The proposer sees it (in Russian), another member state does not, until circulated.
    assert [p["title"] for p in own["proposals"]] == ["Digital economy"]
    assert own["state_name"] != after["state_name"]
    assert theirs["proposals"] == []
