"""The registry's notes in the three languages (issue 17): a note given in Russian or Chinese
is shown to that reader; one the sources give in English only is shown to a Russian or
Chinese reader marked "translation pending", never passed off as theirs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from secretariat.registry.models import ChairmanshipTerm, CouncilMeeting
from secretariat.registry.services import LoadReport, reference_load
from tests.factories.registry import registry_loaded

from .support import reference_raw, write_reference

pytestmark = pytest.mark.django_db

PENDING_BADGE = '<span class="badge pending-translation">'


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def static_root(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path


def first_summit() -> CouncilMeeting:
    return CouncilMeeting.objects.get(body__code="chs", number=1)


def test_a_note_given_as_text_is_english_and_one_given_per_language_keeps_each(
    tmp_path: Path,
) -> None:
    raw = reference_raw()
    raw["council_meetings"][0]["notes"] = {"en": "Founding summit", "ru": "Учредительный саммит"}
    raw["council_meetings"][1]["notes"] = "SCO Charter signed"

    reference_load(path=write_reference(raw, tmp_path / "notes.yaml"))

    founding = first_summit()
    charter = CouncilMeeting.objects.get(body__code="chs", number=2)
    assert (founding.notes_en, founding.notes_ru, founding.notes_zh) == (
        "Founding summit",
        "Учредительный саммит",
        "",
    )
    assert (charter.notes_en, charter.notes_ru, charter.notes_zh) == ("SCO Charter signed", "", "")


def test_a_russian_reader_sees_a_russian_note_and_an_english_only_one_marked_pending(
    client: Client,
) -> None:
    summit = first_summit()
    summit.notes_en, summit.notes_ru, summit.notes_zh = "Founding summit", "", ""
    summit.save()
    second = CouncilMeeting.objects.get(body__code="chs", number=2)
    second.notes_en, second.notes_ru = "SCO Charter signed", "Подписана Хартия ШОС"
    second.save()

    russian = client.get("/ru/summits/").content.decode()
    english = client.get("/summits/").content.decode()

    assert '<span class="note">Подписана Хартия ШОС</span>' in russian
    assert (f'<span class="note"><span lang="en">Founding summit</span> {PENDING_BADGE}') in russian
    assert '<span class="note">Founding summit</span>' in english
    assert PENDING_BADGE not in english


def test_a_status_basis_in_english_is_marked_pending_for_a_chinese_reader(client: Client) -> None:
    chinese = client.get("/zh-hans/states/").content.decode()

    assert f'<span lang="en">founding member</span> {PENDING_BADGE}' in chinese


def test_a_chairmanship_term_says_in_each_language_which_summits_it_is_derived_from() -> None:
    term = ChairmanshipTerm.objects.filter(closed_by__isnull=False).order_by("valid_from").first()
    assert term is not None
    opened, closed = term.opened_by.number, term.closed_by.number  # type: ignore[union-attr]

    assert term.notes_ru == f"Определено по саммитам № {opened} и № {closed}."
    assert term.notes_zh == f"根据第{opened}次和第{closed}次峰会推定。"


def test_the_shipped_summit_notes_read_in_russian_and_chinese(client: Client) -> None:
    russian = client.get("/ru/summits/").content.decode()
    chinese = client.get("/zh-hans/summits/").content.decode()

    assert "Подписаны Хартия ШОС и Соглашение о РАТС" in russian
    assert "签署《上海合作组织宪章》和关于地区反恐怖机构的协定" in chinese
    assert "SCO Charter and RATS agreement signed" not in russian + chinese
