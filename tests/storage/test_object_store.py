"""Uploaded files on an S3-compatible object store (a real server process, s3server.py):
they land in the bucket, never on disk; they come back only through the pages and the API
that check who may see them; a second file of the same name never overwrites the first; and a
store that cannot be reached gives the project's refusal (a stable code, the reader's language,
no traceback, no half-written row, an audit entry)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from secretariat.audit.models import AuditEntry
from secretariat.core.object_storage import ObjectStorage
from secretariat.core.storage import StorageUnavailableError
from secretariat.documents.models import LanguageVersion, Revision
from secretariat.press import services as press
from secretariat.press.models import CatalogueEntry
from tests.documents.test_api import word_file
from tests.factories.accounts import user_get_or_create as user
from tests.factories.documents import EN
from tests.factories.registry import registry_with_delegations
from tests.storage.conftest import Store

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def _coordinator(language: str = "en") -> Client:
    author = user("coordinator-kz", "national_coordinator", "kz")
    if author.language != language:
        author.language = language
        author.save(update_fields=["language"])
    client = Client()
    client.force_login(author)
    return client


def _document(client: Client) -> dict[str, Any]:
    made = client.post(
        "/api/documents/",
        {"type": "agreement", "body": "cnc", "title_en": "Customs", "areas": ["trade_economic"]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    document: dict[str, Any] = made.json()
    return document


def _upload(client: Client, document: dict[str, Any], data: io.BytesIO, name: str) -> Any:
    data.name = name
    return client.post(
        f"/api/documents/{document['id']}/languages/upload",
        {"lang": "en", "file": data, "expected_version": document["version"]},
    )


def _revision(answer: Any) -> dict[str, Any]:
    english = next(v for v in answer.json()["languages"] if v["lang"] == "en")
    revision: dict[str, Any] = english["revisions"][0]
    return revision


def test_an_uploaded_file_lands_in_the_bucket_not_on_disk_and_downloads_after_the_check(
    store: Store,
) -> None:
    client = _coordinator()
    document = _document(client)
    sent = word_file(EN)
    body = sent.getvalue()

    answer = _upload(client, document, sent, "customs.docx")

    assert answer.status_code == 201, answer.content
    assert isinstance(storages["default"], ObjectStorage)
    revision = _revision(answer)
    stored = Revision.objects.get(pk=revision["id"])
    key = str(stored.file.name)
    # In the bucket, under the field's folder, with exactly the bytes sent; nothing on disk.
    assert store.objects() == [key]
    assert key.startswith("documents/")
    assert store.get(key) == body
    assert store.files_on_disk() == []
    # Through the API, for a user who may see the document: the same bytes.
    address = f"/api/documents/{document['id']}/revisions/{revision['id']}/file"
    download = client.get(address)
    assert download.status_code == 200
    assert download.content == body
    assert download["Content-Disposition"].startswith("attachment")
    # Nobody else: the store itself is never exposed, and the check still applies.
    assert Client().get(address).status_code == 401


def test_a_second_file_of_the_same_name_never_overwrites_the_first(store: Store) -> None:
    client = _coordinator()
    first_doc, second_doc = _document(client), _document(client)
    first, second = word_file(EN), word_file(EN + " Second text.")

    one = _revision(_upload(client, first_doc, first, "same.docx"))
    two = _revision(_upload(client, second_doc, second, "same.docx"))

    keys = store.objects()
    assert len(keys) == 2
    assert len(set(keys)) == 2
    one_file = client.get(f"/api/documents/{first_doc['id']}/revisions/{one['id']}/file")
    two_file = client.get(f"/api/documents/{second_doc['id']}/revisions/{two['id']}/file")
    assert one_file.content == first.getvalue()
    assert two_file.content == second.getvalue()
    assert one_file.content != two_file.content


def test_a_deleted_file_is_gone_from_the_bucket_and_its_download_says_so(store: Store) -> None:
    client = _coordinator()
    document = _document(client)
    revision = _revision(_upload(client, document, word_file(EN), "gone.docx"))
    stored = Revision.objects.get(pk=revision["id"])
    key = str(stored.file.name)

    stored.file.storage.delete(key)

    assert key not in store.objects()
    assert not default_storage.exists(key)
    missing = client.get(f"/api/documents/{document['id']}/revisions/{revision['id']}/file")
    assert missing.status_code == 500
    assert missing.json()["code"] == "stored_file_missing"
    assert "Traceback" not in missing.content.decode()


def test_a_press_file_is_streamed_from_the_bucket_on_the_public_page(store: Store) -> None:
    entry = press.catalogue_entry_create(
        kind="reference",
        title={"en": "Guide"},
        description={"en": "How to read the register."},
        file=SimpleUploadedFile("guide.txt", b"hello from the bucket"),
    )
    press.item_publish(item=entry)

    download = Client().get(f"/press/catalogue/{entry.pk}/file/")

    assert store.objects() == [entry.file.name]
    assert store.files_on_disk() == []
    assert download.status_code == 200
    assert download.streaming
    assert b"".join(download.streaming_content) == b"hello from the bucket"  # type: ignore[attr-defined]
    download.close()


def test_an_unreachable_store_refuses_the_upload_in_the_users_language_and_writes_nothing(
    unreachable_store: Any,
) -> None:
    client = _coordinator(language="ru")
    document = _document(client)
    versions, revisions = LanguageVersion.objects.count(), Revision.objects.count()

    answer = _upload(client, document, word_file(EN), "customs.docx")

    assert answer.status_code == 503
    assert answer.json()["code"] == "storage_unavailable"
    assert "Хранилище файлов недоступно" in answer.json()["message"]
    assert "Traceback" not in answer.content.decode()
    assert LanguageVersion.objects.count() == versions
    assert Revision.objects.count() == revisions
    refused = AuditEntry.objects.filter(action="refused").order_by("-seq").first()
    assert refused is not None
    assert isinstance(refused.after, dict)
    assert refused.after["code"] == "storage_unavailable"
    assert not any(p.is_file() for p in unreachable_store.rglob("*"))


def test_an_unreachable_store_gives_the_error_page_in_chinese_and_no_catalogue_row(
    store: Store, settings: Any
) -> None:
    entry = press.catalogue_entry_create(
        kind="reference",
        title={"en": "Guide"},
        description={"en": "Read me."},
        file=SimpleUploadedFile("guide.txt", b"kept"),
    )
    press.item_publish(item=entry)
    options = settings.STORAGES["default"]["OPTIONS"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**options, "endpoint_url": "http://127.0.0.1:9", "max_attempts": 1},
        },
    }
    rows = CatalogueEntry.objects.count()

    page = Client().get(f"/zh-hans/press/catalogue/{entry.pk}/file/")
    with pytest.raises(StorageUnavailableError):
        press.catalogue_entry_create(
            kind="reference",
            title={"en": "Another"},
            description={"en": "Never stored."},
            file=SimpleUploadedFile("another.txt", b"lost"),
        )

    assert page.status_code == 503
    text = page.content.decode()
    assert "storage_unavailable" in text
    assert "文件存储无法访问" in text
    assert "Traceback" not in text
    assert CatalogueEntry.objects.count() == rows
