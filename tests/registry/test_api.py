"""The registry's JSON API at /api/registry/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from secretariat.registry.services import LoadReport
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db

API = "/api/registry"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def static_root(settings: Any, tmp_path: Path) -> None:
    # WhiteNoise warns (an error under -W error) when STATIC_ROOT does not exist yet.
    settings.STATIC_ROOT = tmp_path


def get_json(client: Client, path: str, status: int = 200) -> Any:
    response = client.get(f"{API}{path}")
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_member_states_on_2025_09_01_are_the_ten(client: Client) -> None:
    states = get_json(client, "/states?status=member&on=2025-09-01")

    assert sorted(s["code"] for s in states) == sorted(
        ["BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"]
    )
    assert {s["status"] for s in states} == {"member"}


def test_partners_on_2025_09_01_are_seventeen(client: Client) -> None:
    assert len(get_json(client, "/states?status=partner&on=2025-09-01")) == 17


def test_observers_the_day_before_tianjin_were_afghanistan_and_mongolia(client: Client) -> None:
    observers = get_json(client, "/states?status=observer&on=2025-08-31")

    assert sorted(s["code"] for s in observers) == ["AF", "MN"]


def test_all_states_are_listed_without_a_filter(client: Client) -> None:
    assert len(get_json(client, "/states")) == 27


def test_a_state_comes_with_names_in_three_languages_and_its_history(client: Client) -> None:
    india = get_json(client, "/states/in?on=2010-01-01")

    assert india["code"] == "IN"
    assert india["name"] == {"en": "India", "ru": "Индия", "zh": "印度"}
    assert india["official_name"]["en"] == "Republic of India"
    assert india["status"] == "observer"
    assert [(s["status"], s["valid_from"], s["valid_to"]) for s in india["statuses"]] == [
        ("observer", "2005-07-05", "2017-06-08"),
        ("member", "2017-06-09", None),
    ]
    assert india["confidence"] == "high"
    assert india["settled"] is True
    assert india["sources"][0]["url"].startswith("http")


def test_an_unknown_state_code_gives_a_404_with_a_json_error(client: Client) -> None:
    error = get_json(client, "/states/XX", status=404)

    assert error["code"] == "not_found"
    assert "XX" in error["message"]


def test_an_unknown_status_filter_is_refused(client: Client) -> None:
    assert client.get(f"{API}/states?status=emperor").status_code == 422


def test_bodies_carry_their_seats_and_parents(client: Client) -> None:
    bodies = {b["code"]: b for b in get_json(client, "/bodies")}

    assert bodies["secretariat"]["seat"] == {
        "state": "CN",
        "city": {"en": "Beijing", "ru": "Пекин", "zh": "北京"},
    }
    assert bodies["bc_secretariat"]["seat"]["state"] == "RU"
    assert bodies["rats"]["seat"]["state"] == "UZ"
    assert bodies["np_in"]["parent"] == "bc"
    assert bodies["np_in"]["state"] == "IN"
    assert bodies["chs"]["seat"] is None


def test_summits_name_the_chair_after_them_and_flag_the_planned_ones(client: Client) -> None:
    summits = {s["number"]: s for s in get_json(client, "/summits")}

    assert len(summits) == 27
    assert summits[25]["city"]["zh"] == "天津"
    assert (summits[25]["chair_after"], summits[25]["settled"]) == ("KG", True)
    for number in (26, 27):
        assert summits[number]["planned"] is True
        assert summits[number]["settled"] is False
        assert summits[number]["held"] is False
    assert summits[26]["chair_after_confidence"] == "low"


def test_council_meetings_can_be_filtered_by_body(client: Client) -> None:
    meetings = get_json(client, "/council-meetings?body=chg")

    assert len(meetings) == 25
    assert {m["body"] for m in meetings} == {"chg"}


def test_an_unknown_body_gives_a_404_with_a_json_error(client: Client) -> None:
    assert get_json(client, "/council-meetings?body=nope", status=404)["code"] == "not_found"


def test_the_chairmanship_on_a_day_is_the_term_covering_it(client: Client) -> None:
    term = get_json(client, "/chairmanship?on=2026-01-15")

    assert term["state"] == "KG"
    assert term["state_name"]["ru"] == "Кыргызстан"
    assert (term["period"], term["valid_from"], term["valid_to"]) == (
        "2025-2026",
        "2025-09-02",
        None,
    )
    assert get_json(client, "/chairmanship?on=2024-01-15")["state"] == "KZ"


def test_no_chairmanship_before_the_first_summit_gives_a_404(client: Client) -> None:
    assert get_json(client, "/chairmanship?on=2000-01-01", status=404)["code"] == "not_found"


def test_secretaries_general_are_named_in_three_languages(client: Client) -> None:
    people = get_json(client, "/secretaries-general")

    assert len(people) == 8
    assert people[-1]["name"] == {
        "en": "Nurlan Yermekbayev",
        "ru": "Нурлан Ермекбаев",
        "zh": "努尔兰·叶尔梅克巴耶夫",
    }
    assert people[-1]["nationality"] == "KZ"


def test_organisations_come_with_their_documents(client: Client) -> None:
    organisations = {o["abbreviation"]: o for o in get_json(client, "/organisations")}

    (asean,) = organisations["ASEAN"]["documents"]
    assert asean["date"] == "2005-04-21"
    assert asean["place"]["ru"] == "Джакарта"
    (observer_status, _) = organisations["UNGA"]["documents"]
    assert observer_status["confidence"] == "low"
    assert observer_status["settled"] is False


def test_the_openapi_schema_lists_every_registry_endpoint(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]

    for path in [
        "/states",
        "/states/{code}",
        "/bodies",
        "/summits",
        "/council-meetings",
        "/chairmanship",
        "/secretaries-general",
        "/organisations",
    ]:
        assert f"{API}{path}" in paths
    assert "404" in paths[f"{API}/states/{{code}}"]["get"]["responses"]
