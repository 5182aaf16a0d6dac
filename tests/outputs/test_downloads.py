"""Download names in Content-Disposition: quotes, semicolons, Cyrillic and Chinese come back
exactly when the header is parsed by an independent reader (the standard library's email
parser, which implements RFC 2231/5987 ``filename*``)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.documents.test_api import word_file
from tests.factories.accounts import user_get_or_create as user
from tests.factories.documents import EN
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def filename_of(header: str) -> str | None:
    message = EmailMessage()
    message["Content-Disposition"] = header
    return message.get_filename()


@pytest.mark.parametrize(
    "name",
    [
        'report "final"; v2.docx',
        "Доклад; проект.docx",
        "上海合作组织 报告.docx",
        "a;b=c.docx",
    ],
)
def test_an_uploaded_revision_downloads_under_its_exact_name(name: str) -> None:
    client = Client()
    client.force_login(user("coordinator-kz", "national_coordinator", "kz"))
    doc = client.post(
        "/api/documents/",
        {"type": "agreement", "body": "cnc", "title_en": "Customs", "areas": ["trade_economic"]},
        content_type="application/json",
    ).json()
    upload = word_file(EN)
    upload.name = name
    made = client.post(
        f"/api/documents/{doc['id']}/languages/upload",
        {"lang": "en", "file": upload, "expected_version": doc["version"]},
    )
    assert made.status_code == 201, made.content
    english = next(v for v in made.json()["languages"] if v["lang"] == "en")
    revision = english["revisions"][0]

    response = client.get(f"/api/documents/{doc['id']}/revisions/{revision['id']}/file")

    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith("attachment")
    assert "\n" not in header
    assert "\r" not in header
    assert revision["file_name"] == name
    assert filename_of(header) == name
    assert io.BytesIO(response.content).read(2) == b"PK"


def test_the_helper_gives_a_parseable_header_for_a_newline_in_the_name() -> None:
    from secretariat.core.downloads import attachment

    header = attachment('two\nlines "x".pdf')
    assert "\n" not in header
    assert filename_of(header) == 'two lines "x".pdf'
