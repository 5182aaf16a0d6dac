"""A refused request leaves an audit entry with its stable code, and nothing else."""

from __future__ import annotations

import pytest
from django.test import Client

from secretariat.audit.models import AuditEntry
from tests.factories import accounts

pytestmark = pytest.mark.django_db


def test_a_request_refused_for_lack_of_permission_is_audited_with_its_code(client: Client) -> None:
    user = accounts.user("nc", "national_coordinator", password="x" * 16)
    client.force_login(user)

    response = client.get("/api/audit/entries")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    entry = AuditEntry.objects.filter(action="refused").order_by("-seq").first()
    assert entry is not None
    assert entry.actor_name == "nc"
    assert entry.after == {
        "code": "permission_denied",
        "status": 403,
        "method": "GET",
        "path": "/api/audit/entries",
    }


def test_a_refused_page_is_audited_and_explained_in_the_users_language(client: Client) -> None:
    user = accounts.user("nc2", "national_coordinator", password="x" * 16)
    client.force_login(user)

    response = client.get("/ru/audit/")

    assert response.status_code == 403
    assert "permission_denied" in response.content.decode()
    assert AuditEntry.objects.filter(action="refused", actor_name="nc2").exists()


def test_an_api_refusal_speaks_the_callers_language(client: Client) -> None:
    user = accounts.user("nc3", "national_coordinator", password="x" * 16, language="ru")
    client.force_login(user)

    body = client.get("/api/audit/entries").json()

    assert body["code"] == "permission_denied"
    assert "Ваша роль" in body["message"]
    assert "журнал аудита" in body["message"]  # the action's name is Russian too


def test_an_anonymous_api_caller_is_answered_in_its_accept_language(client: Client) -> None:
    body = client.get("/api/audit/entries", headers={"accept-language": "zh-hans"}).json()

    assert body["code"] == "not_authenticated"
    assert "API" in body["message"]
    assert "登录" in body["message"]
