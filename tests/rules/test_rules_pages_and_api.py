"""The rules pages and API show each rule with its source, and compute timetables."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_rule_list_page_shows_every_rule_with_its_source(client: Client) -> None:
    response = client.get("/rules/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "BCB-QUORUM" in body
    assert "Regulations of the SCO Business Council Board, para. 12" in body
    assert "004_da3ccb8d0c08a07c.txt" not in body
    assert body.count("/rules/") > 40


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "is quorate when"),
        ("/ru", "правомочн"),
        ("/zh-hans", "理事会"),
    ],
    ids=["english", "russian", "chinese"],
)
def test_rule_page_shows_wording_in_the_active_language_and_the_original(
    client: Client, prefix: str, expected: str
) -> None:
    response = client.get(f"{prefix}/rules/BCB-QUORUM/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "не менее половины состава Правления плюс один член Правления" in body
    assert expected.lower() in body.lower() or expected in body


@pytest.mark.parametrize(
    ("prefix", "names"),
    [("/ru", ("Русский", "Китайский", "Английский")), ("/zh-hans", ("俄文", "中文", "英文"))],
)
def test_the_three_wordings_are_named_in_the_readers_language_and_marked_with_their_own(
    client: Client, prefix: str, names: tuple[str, str, str]
) -> None:
    body = client.get(f"{prefix}/rules/BCB-QUORUM/").content.decode()

    for name in names:
        assert f"<dt>{name}</dt>" in body
    assert "<dt>English</dt>" not in body
    assert '<dd lang="en">' in body
    assert '<dd lang="zh-Hans">' in body


def test_unknown_rule_page_is_not_found(client: Client) -> None:
    assert client.get("/rules/NO-SUCH-RULE/").status_code == 404


def test_schedule_page_lists_the_steps_with_their_dates_and_rules(client: Client) -> None:
    response = client.get(
        "/rules/schedule/", {"procedure": "bcb-extraordinary", "meeting_start": "2026-06-30"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "2026-05-31" in body
    assert "BCB-EXTRA-NOTICE-30D" in body
    assert "2026-07-07" in body


def test_schedule_page_explains_a_late_appeal(client: Client) -> None:
    response = client.get(
        "/ru/rules/schedule/",
        {"procedure": "bcb-extraordinary", "meeting_start": "2026-06-30", "sent": "2026-06-05"},
    )
    body = response.content.decode()
    assert "Направлено 5 июня 2026\u202fг." in body


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("en", "First day of the meeting"),
        ("ru", "Первый день заседания"),
        ("zh", "会议第一天"),
    ],
)
def test_schedule_page_without_a_meeting_date_names_the_field_not_a_flag(
    client: Client, lang: str, label: str
) -> None:
    prefix = {"en": "", "ru": "/ru", "zh": "/zh-hans"}[lang]
    # The form as submitted: every field sent, the meeting's first day left empty.
    response = client.get(
        f"{prefix}/rules/schedule/", {"procedure": "bcb-regular", "meeting_start": ""}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "--meeting-start" not in body
    assert "<form" in body
    assert 'name="meeting_start"' in body
    error = body.split('id="schedule-error">')[1].split("</p>")[0]
    assert label in error
    assert 'aria-invalid="true"' in body


def test_api_errors_name_the_query_parameter(client: Client) -> None:
    response = client.get("/api/rules/procedures/bcb-regular/schedule")

    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "meeting_start_required"
    assert data["field"] == "meeting_start"
    assert data["message"].startswith("meeting_start:")
    assert "--" not in data["message"]


def test_api_takes_the_sending_day(client: Client) -> None:
    data = client.get(
        "/api/rules/procedures/bcb-extraordinary/schedule",
        {"meeting_start": "2026-06-30", "sent": "2026-05-31", "received": "2026-06-02"},
    ).json()

    assert data["violations"] == []
    inform = next(s for s in data["steps"] if s["rule"] == "BCB-EXTRA-INFORM-5D")
    assert inform["due"] == "2026-06-07"


def test_schedule_page_refuses_a_meeting_that_ends_before_it_starts(client: Client) -> None:
    response = client.get(
        "/rules/schedule/",
        {"procedure": "bcb-regular", "meeting_start": "2026-06-30", "meeting_end": "2026-06-01"},
    )
    assert response.status_code == 400
    assert "before it starts" in response.content.decode()


def test_api_lists_every_rule_with_three_wordings(client: Client) -> None:
    rules = client.get("/api/rules/").json()
    assert len(rules) >= 40
    quorum = next(r for r in rules if r["id"] == "BCB-QUORUM")
    assert set(quorum["wording"]) == {"en", "ru", "zh"}
    assert quorum["parameters"]["min_states"] == 5


def test_api_returns_one_rule_and_404_for_an_unknown_one(client: Client) -> None:
    assert client.get("/api/rules/SEC-CERTIFIED-7D").json()["parameters"] == {"days": 7}
    missing = client.get("/api/rules/NOPE")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_api_computes_a_schedule_in_the_requested_language(client: Client) -> None:
    data = client.get(
        "/api/rules/procedures/depositary/schedule", {"received": "2026-05-20", "lang": "zh"}
    ).json()
    assert data["steps"][0]["due"] == "2026-05-27"
    assert data["steps"][0]["rule"] == "SEC-CERTIFIED-7D"
    assert "核证副本" in data["steps"][0]["action"] or "副本" in data["steps"][0]["action"]


def test_api_refuses_a_depositary_schedule_without_a_received_date(client: Client) -> None:
    response = client.get("/api/rules/procedures/depositary/schedule")
    assert response.status_code == 400
    assert response.json()["code"] == "event_required"


def test_openapi_schema_documents_the_rules_endpoints(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/rules/" in paths
    assert "/api/rules/procedures/{procedure}/schedule" in paths


def test_the_schedule_api_answers_in_the_callers_language_without_lang(client: Client) -> None:
    """Without ``lang``, a refusal is in the caller's language (Accept-Language for an
    anonymous caller); it was English."""
    answer = client.get("/api/rules/procedures/0/schedule", HTTP_ACCEPT_LANGUAGE="ru")

    assert answer.status_code == 400
    assert answer.json()["code"] == "unknown_procedure"
    assert any("а" <= ch <= "я" for ch in answer.json()["message"])


@pytest.mark.parametrize(
    ("prefix", "citation"),
    [
        ("/ru", "Регламент Правления Делового совета ШОС, п. 12"),
        ("/zh-hans", "上海合作组织实业家委员会理事会条例 第12条"),
        ("", "Regulations of the SCO Business Council Board, para. 12"),
    ],
)
def test_a_rules_page_cites_its_source_by_title_in_the_readers_language(
    client: Client, prefix: str, citation: str
) -> None:
    body = client.get(f"{prefix}/rules/BCB-QUORUM/").content.decode()

    assert citation in body
    assert "004_da3ccb8d0c08a07c.txt" not in body


def test_the_api_keeps_the_machine_reference_and_adds_the_citation(client: Client) -> None:
    rules = {r["id"]: r for r in client.get("/api/rules/").json()}

    assert rules["BCB-QUORUM"]["source"] == "004_da3ccb8d0c08a07c.txt §12"
    assert rules["BCB-QUORUM"]["citation"] == {
        "en": "Regulations of the SCO Business Council Board, para. 12",
        "ru": "Регламент Правления Делового совета ШОС, п. 12",
        "zh": "上海合作组织实业家委员会理事会条例 第12条",
    }
