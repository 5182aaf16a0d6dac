"""The upload operations' optional ``note``: documented with its column's limit, left out
without harm, refused at the door (422, the project's shape) when longer than the column."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from secretariat.api.api import api
from secretariat.documents.models import Revision
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

UPLOADS = ("languages/upload", "revisions/upload")


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def text_file(text: str) -> io.BytesIO:
    upload = io.BytesIO(text.encode())
    upload.name = "draft.txt"
    return upload


def test_the_note_of_an_upload_is_optional_and_documented_with_its_columns_limit() -> None:
    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix=""), default=str))
    limit = Revision._meta.get_field("note").max_length

    for upload in UPLOADS:
        operation = document["paths"][f"/documents/{{document_id}}/{upload}"]["post"]
        form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]

        assert form["properties"]["note"]["maxLength"] == limit
        assert "note" not in form.get("required", [])


def test_an_upload_without_a_note_is_taken_and_one_too_long_is_refused_at_the_door() -> None:
    kz = Client()
    kz.force_login(user("coordinator-kz", "national_coordinator", "kz"))
    made = kz.post(
        "/api/documents/",
        {"type": "report", "body": "cnc", "title_en": "Report"},
        content_type="application/json",
    )
    path = f"/api/documents/{made.json()['id']}"

    without_note = kz.post(
        f"{path}/languages/upload", {"lang": "en", "file": text_file("The Board decides.")}
    )
    too_long = kz.post(
        f"{path}/revisions/upload",
        {"lang": "en", "file": text_file("The Board resolves."), "note": "n" * 501},
    )
    with_note = kz.post(
        f"{path}/revisions/upload",
        {"lang": "en", "file": text_file("The Board resolves."), "note": "n" * 500},
    )

    assert without_note.status_code == 201, without_note.content
    assert without_note.json()["languages"][0]["revisions"][0]["note"] == ""
    assert too_long.status_code == 422
    assert too_long.json()["code"] == "invalid_input"
    assert [e["field"] for e in too_long.json()["errors"]] == ["note"]
    assert with_note.status_code == 201, with_note.content
    assert with_note.json()["languages"][0]["revisions"][1]["note"] == "n" * 500
