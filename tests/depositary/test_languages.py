"""The depositary in three languages (issue 17): where an original is kept is shown in the
reader's language, or marked "translation pending"; its languages are named, not coded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typst
from django.utils import timezone

from secretariat.depositary import services
from secretariat.depositary.models import Original, RegisterEntry
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.decisions import adopted_document
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def registered(storage_location: Any) -> Original:
    pdf = typst.compile(b"Original", ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return services.original_register(
        document=adopted_document(),
        received_on=timezone.localdate() - dt.timedelta(days=1),
        scan=pdf,
        scan_name="original.pdf",
        storage_location=storage_location,
        languages=["ru", "zh"],
    )


def page(path: str) -> str:
    depositary = user("depositary", "secretariat_depositary", "sco-secretariat")
    return logged_in(depositary).get(path).content.decode()


def test_a_russian_and_a_chinese_reader_see_where_the_original_is_kept() -> None:
    original = registered({"ru": "Пекин, хранилище 1", "zh": "北京，1号库房", "en": "Beijing"})

    russian = page(f"/ru/depositary/{original.pk}/")
    chinese = page("/zh-hans/depositary/")

    assert "Пекин, хранилище 1" in russian
    assert "北京，1号库房" in chinese
    assert "Русский, Китайский" in russian
    assert "俄文、中文" in chinese
    assert "ru, zh" not in russian + chinese


def test_a_place_given_in_one_language_is_marked_pending_and_hashed_as_given() -> None:
    original = registered("Пекин, хранилище 2")

    english = page(f"/depositary/{original.pk}/")
    line = RegisterEntry.objects.get(kind="original_registered")

    assert original.storage_location_ru == "Пекин, хранилище 2"
    assert '<span lang="ru">Пекин, хранилище 2</span>' in english
    assert line.payload["storage_location"] == {"ru": "Пекин, хранилище 2"}
