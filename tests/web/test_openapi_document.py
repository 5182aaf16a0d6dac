"""The OpenAPI document as a client reads it: valid JSON that Swagger UI can render.

Swagger UI parses the document as YAML, where a key written twice in one mapping is an error
("duplicated mapping key") and the whole page shows nothing. Python's json module keeps the
last of two equal keys silently, so the test reads the raw text and looks for them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client


def _duplicated_keys(text: str) -> list[str]:
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _value in items]
        found.extend(sorted({key for key in keys if keys.count(key) > 1}))
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)
    return found


def test_the_duplicate_finder_finds_a_key_written_twice() -> None:
    assert _duplicated_keys('{"responses": {"200": {}, "200": {}}}') == ["200"]


@pytest.mark.django_db
def test_the_openapi_document_writes_no_key_twice(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert _duplicated_keys(response.content.decode()) == []


@pytest.mark.django_db
def test_a_file_download_keeps_its_media_type_in_the_document(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    minutes = paths["/api/meetings/{meeting_id}/minutes.pdf"]["get"]["responses"]["200"]
    assert "application/pdf" in minutes["content"]
