"""The Business Council's Secretariat drafts for the Board, as the drafting data says
(workflows.yaml ``drafting: bcb: [national_part, bc_secretariat]``), and only for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from secretariat.documents.models import Document
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def draft(body: str) -> dict[str, Any]:
    return {
        "type": "decision",
        "body": body,
        "title_en": "Work plan of the Board",
        "title_ru": "План работы Правления",
        "areas": ["trade_economic"],
    }


def test_the_bc_secretariat_opens_a_draft_for_the_board_on_the_page() -> None:
    bc = logged_in(user("bc-drafter", "bc_secretariat_officer", "bc-secretariat"))

    listing = bc.get("/documents/").content.decode()
    opened = bc.post("/documents/new/", draft("bcb"))

    assert "/documents/new/" in listing
    # The form offers the bodies it drafts for: the Board and the Business Council.
    assert 'value="bcb"' in listing
    assert 'value="cnc"' not in listing
    assert opened.status_code == 302, opened.content.decode()[:2000]
    document = Document.objects.get(pk=int(opened["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert document.body.code == "bcb"
    assert document.owner_delegation.code == "bc-secretariat"
    added = bc.post(
        f"/documents/{document.pk}/text/",
        {
            "lang": "ru",
            "text": "Правление утверждает план работы.",
            "note": "",
            "expected_version": document.version,
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert document.languages.filter(lang="ru").exists()


def test_the_bc_secretariat_does_not_draft_for_the_organisations_bodies() -> None:
    bc = logged_in(user("bc-drafter", "bc_secretariat_officer", "bc-secretariat"))

    refused = bc.post("/documents/new/", draft("cnc"))

    assert refused.status_code == 403
    assert "Drafts are prepared by" in refused.content.decode()
    assert not Document.objects.filter(body__code="cnc").exists()
