"""Anonymous refusals go to the ``secretariat.refusals`` log, not the hash-chained audit log."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory

from secretariat.audit.models import AuditEntry
from secretariat.core.errors import NotFoundError
from secretariat.web.middleware import SecretariatErrorMiddleware
from tests.factories import accounts

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.7"


def test_a_hundred_anonymous_refusals_add_no_audit_entry(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    before = AuditEntry.objects.count()

    with caplog.at_level(logging.INFO, logger="secretariat.refusals"):
        for number in range(100):
            # A public operation refusing an anonymous caller: no such published item.
            response = client.get(f"/api/press/items/{990000 + number}", REMOTE_ADDR=ADDRESS)
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"

    assert AuditEntry.objects.count() == before
    logged = [r for r in caplog.records if r.name == "secretariat.refusals"]
    assert len(logged) >= 100
    record = logged[0]
    assert record.code  # type: ignore[attr-defined]
    assert record.status >= 400  # type: ignore[attr-defined]
    assert record.path  # type: ignore[attr-defined]
    assert record.client == ADDRESS  # type: ignore[attr-defined]
    assert ADDRESS in record.getMessage()


def test_an_authenticated_refusal_still_adds_one_entry(client: Client) -> None:
    user = accounts.user("nc-limits", "national_coordinator", password="x" * 16)
    client.force_login(user)
    before = AuditEntry.objects.filter(action="refused").count()

    assert client.get("/api/audit/entries").status_code == 403

    assert AuditEntry.objects.filter(action="refused").count() == before + 1


def test_an_anonymous_refused_page_is_logged_not_chained(
    rf: RequestFactory, caplog: pytest.LogCaptureFixture
) -> None:
    request = rf.get("/en/somewhere/", REMOTE_ADDR=ADDRESS)
    request.user = AnonymousUser()
    middleware = SecretariatErrorMiddleware(lambda r: HttpResponse())
    before = AuditEntry.objects.count()

    with caplog.at_level(logging.INFO, logger="secretariat.refusals"):
        response = middleware.process_exception(request, NotFoundError("Nothing here."))

    assert response is not None
    assert response.status_code == 404
    assert AuditEntry.objects.count() == before
    assert [r.code for r in caplog.records if r.name == "secretariat.refusals"] == ["not_found"]  # type: ignore[attr-defined]
