"""External relations through the REST API: an agreement from registration to signature with
each member state's consent, a mission with its report, and the protocol schedule and feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from secretariat.registry.models import InternationalOrganisation, State
from secretariat.registry.selectors import member_states_on
from secretariat.relations import services
from secretariat.relations.models import Agreement
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations
from tests.relations.support import today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


class Api:
    def __init__(self, username: str, role: str, delegation: str) -> None:
        self.client = Client()
        self.client.force_login(user(username, role, delegation))

    def call(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        send = getattr(self.client, method)
        if body is None:
            response = send(f"/api/relations{path}")
        else:
            response = send(f"/api/relations{path}", body, content_type="application/json")
        assert response.status_code == status, response.content
        return response.json() if response.content else None


def officer() -> Api:
    return Api("officer", "secretariat_officer", "sco-secretariat")


def test_an_agreement_is_signed_through_the_api_after_the_last_two_consents() -> None:
    un = InternationalOrganisation.objects.get(abbreviation="UN")
    made = officer().call(
        "post",
        "/agreements",
        {"organisation": un.pk, "kind": "memorandum", "title_en": "MoU on counter-narcotics"},
        201,
    )
    for member in member_states_on(today()).exclude(code__in=["KZ", "RU"]):
        services.consent_record(
            agreement=Agreement.objects.get(pk=made["id"]),
            state=member,
            decision="given",
            by_name="note verbale",
        )

    refused = officer().call(
        "post", f"/agreements/{made['id']}/sign", {"signed_on": str(today())}, 409
    )
    kz = Api("kz-coordinator", "national_coordinator", "kz")
    kz.call("post", f"/agreements/{made['id']}/consent", {"decision": "given"}, 201)
    ru = Api("ru-permrep", "permanent_representative", "ru")
    after = ru.call("post", f"/agreements/{made['id']}/consent", {"decision": "given"}, 201)
    signed = officer().call(
        "post", f"/agreements/{made['id']}/sign", {"signed_on": str(today()), "in_force": True}
    )

    assert refused["code"] == "consent_missing"
    assert refused["rules"] == ["SEC-EXTERNAL"]
    assert "Kazakhstan" in refused["message"]
    assert "Russia" in refused["message"]
    assert after["may_sign"] is True
    assert signed["status"] == "signed"
    assert signed["in_force"] is True
    partner = officer().call("get", f"/partners/organisations/{un.pk}")
    assert [a["id"] for a in partner["agreements"]] == [made["id"]]


def test_the_refusal_is_in_the_callers_language() -> None:
    ru_user = user("ru-reader", "secretariat_officer", "sco-secretariat")
    ru_user.language = "ru"
    ru_user.save()
    client = Client()
    client.force_login(ru_user)
    asean = InternationalOrganisation.objects.get(abbreviation="ASEAN")
    made = client.post(
        "/api/relations/agreements",
        {"organisation": asean.pk, "kind": "agreement", "title_en": "Agreement"},
        content_type="application/json",
    ).json()

    response = client.post(
        f"/api/relations/agreements/{made['id']}/sign",
        {"signed_on": str(today())},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert "Казахстан" in response.json()["message"]


def test_a_member_delegation_may_read_but_not_manage() -> None:
    kz = Api("kz-coordinator", "national_coordinator", "kz")

    kz.call("get", "/partners")
    kz.call("get", "/protocol", status=403)
    kz.call(
        "post",
        "/events",
        {
            "kind": "conference",
            "title_en": "x",
            "date_start": str(today()),
            "date_end": str(today()),
            "place": "x",
            "organisers": "x",
        },
        403,
    )


def test_a_mission_with_members_and_its_report_through_the_api() -> None:
    vote = today() - dt.timedelta(days=3)
    api = officer()
    user("kz-coordinator", "national_coordinator", "kz")
    mission = api.call(
        "post",
        "/missions",
        {
            "kind": "parliamentary",
            "country": "KG",
            "election_date": str(vote),
            "date_start": str(vote - dt.timedelta(days=4)),
            "date_end": str(vote + dt.timedelta(days=1)),
        },
        201,
    )
    api.call("post", f"/missions/{mission['id']}/members", {"username": "kz-coordinator"}, 201)
    api.call(
        "post",
        f"/missions/{mission['id']}/members",
        {"name": "Ms Chen", "state": "CN", "is_head": True},
        201,
    )
    early = api.call(
        "post",
        f"/missions/{mission['id']}/report",
        {"report_date": str(vote - dt.timedelta(days=1)), "text": "Early"},
        400,
    )
    done = api.call(
        "post", f"/missions/{mission['id']}/report", {"report_date": str(vote), "text": "Orderly."}
    )

    assert early["code"] == "report_before_election"
    assert done["head"] == "Ms Chen"
    assert done["report_text"] == "Orderly."
    assert {m["name"] for m in done["members"]} == {"Ms Chen", "kz-coordinator"}


def test_an_event_ending_before_it_starts_is_refused_through_the_api() -> None:
    error = officer().call(
        "post",
        "/events",
        {
            "kind": "symposium",
            "title_en": "Symposium",
            "date_start": str(today()),
            "date_end": str(today() - dt.timedelta(days=2)),
            "place": "Tashkent",
            "organisers": "Secretariat",
        },
        400,
    )

    assert error["code"] == "end_before_start"
    assert error["rules"] == ["SEC-EXPERTS"]


def test_the_schedule_warns_of_overlaps_and_is_a_calendar_feed() -> None:
    api = officer()
    day = today() + dt.timedelta(days=1)
    first = api.call(
        "post",
        "/protocol",
        {
            "starts_at": f"{day}T10:00:00+08:00",
            "ends_at": f"{day}T11:00:00+08:00",
            "counterpart": "Ambassador of Türkiye",
            "place": "Secretariat",
            "kind": "meeting",
        },
        201,
    )
    second = api.call(
        "post",
        "/protocol",
        {
            "starts_at": f"{day}T10:30:00+08:00",
            "ends_at": f"{day}T12:00:00+08:00",
            "counterpart": "UNESCO delegation",
            "place": "Secretariat",
            "kind": "talks",
        },
        201,
    )
    listed = api.call("get", f"/protocol?start={day}&days=1")
    feed = api.client.get("/api/relations/protocol/schedule.ics")
    kz = Api("kz-coordinator", "national_coordinator", "kz")

    assert first["warnings"] == []
    assert second["overlaps"] == [first["id"]]
    assert "Ambassador of Türkiye" in second["warnings"][0]
    assert [e["id"] for e in listed] == [first["id"], second["id"]]
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert {str(e["uid"]) for e in events} == {
        f"engagement-{first['id']}@secretariat",
        f"engagement-{second['id']}@secretariat",
    }
    assert kz.client.get("/api/relations/protocol/schedule.ics").status_code == 403
    api.call("delete", f"/protocol/{first['id']}", status=204)
    assert [e["id"] for e in api.call("get", f"/protocol?start={day}&days=1")] == [second["id"]]


def test_a_participation_out_of_its_rule_is_refused_citing_it() -> None:
    error = officer().call(
        "post",
        "/participations",
        {
            "state": "MN",
            "kind": "observer",
            "level": "expert",
            "event_name": "Expert meeting on transport",
            "date": "2020-03-01",
        },
        400,
    )

    assert error["code"] == "participation_level"
    assert error["rules"] == ["STRAT-OBSERVERS"]
    assert State.objects.get(code="MN").participations.count() == 0


def test_an_agreement_names_exactly_one_partner() -> None:
    error = officer().call(
        "post", "/agreements", {"kind": "agreement", "title_en": "Nobody's"}, 400
    )

    assert error["code"] == "partner_required"
    assert not Agreement.objects.filter(title_en="Nobody's").exists()


def test_a_mission_member_who_is_no_user_is_not_found() -> None:
    vote = today() - dt.timedelta(days=1)
    mission = services.mission_create(
        kind="referendum",
        country=State.objects.get(code="UZ"),
        election_date=vote,
        date_start=vote,
        date_end=vote,
    )

    error = officer().call("post", f"/missions/{mission.pk}/members", {"username": "ghost"}, 404)

    assert error["code"] == "not_found"
    assert mission.members.count() == 0
