"""The term-base pages: every signed-in user reads them, in their language; the Secretariat
edits a concept on them; the TBX export downloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from secretariat.terms.models import Concept
from tests.factories.accounts import logged_in, user
from tests.terms.support import termbase_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def termbase(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with termbase_loaded(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def static_root(settings: Any, tmp_path: Any) -> None:
    # WhiteNoise warns (an error under -W error) when STATIC_ROOT does not exist yet.
    settings.STATIC_ROOT = tmp_path


@pytest.fixture
def coordinator() -> Client:
    return logged_in(user("kz-coordinator", "national_coordinator"))


@pytest.fixture
def officer() -> Client:
    return logged_in(user("terms-officer", "secretariat_officer"))


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login_page() -> None:
    response = Client().get("/terms/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_search_in_russian_finds_the_concept_and_shows_its_chinese_and_english(
    coordinator: Client,
) -> None:
    page = coordinator.get("/ru/terms/", {"q": "заверенных копий"}).content.decode()
    assert "заверенная копия" in page
    assert "核证副本" in page
    assert "certified copy" in page
    assert "консенсус" not in page


def test_the_list_in_chinese_shows_chinese_terms_and_chinese_labels(coordinator: Client) -> None:
    page = coordinator.get("/zh-hans/terms/", {"domain": "legal"}).content.decode()
    assert "保存机构" in page
    assert "术语库" in page
    assert "Term base" not in page


def test_a_concept_shows_its_terms_with_their_sources_in_the_readers_language(
    coordinator: Client,
) -> None:
    page = coordinator.get("/ru/terms/depositary/").content.decode()
    assert "депозитарий" in page
    assert "保存人" in page
    assert "Секретариат ШОС: краткая справка, §5" in page
    assert "Изменить" not in page  # a coordinator reads only


def test_an_unknown_concept_is_not_found(coordinator: Client) -> None:
    assert coordinator.get("/terms/no-such-concept/").status_code == 404


def test_a_coordinator_may_not_edit(coordinator: Client) -> None:
    assert coordinator.get("/terms/consensus/edit/").status_code == 403


def test_an_officer_adds_a_synonym_and_the_concept_shows_it(officer: Client) -> None:
    form = officer.get("/terms/consensus/edit/").context["form"]
    data = {**form.initial}
    data["terms_zh"] += "\n一致同意 | seed-004 | §13"
    data["enforce"] = "on"
    response = officer.post("/terms/consensus/edit/", data)
    assert response.status_code == 302, response.content.decode()
    concept = Concept.objects.get(key="consensus")
    assert concept.version == 2
    assert "一致同意" in officer.get(response["Location"]).content.decode()


def test_an_edit_on_an_old_version_is_shown_again_with_the_refusal(officer: Client) -> None:
    form = officer.get("/terms/quorum/edit/").context["form"]
    data = {**form.initial, "version": 1}
    assert officer.post("/terms/quorum/edit/", data).status_code == 302
    again = officer.post("/terms/quorum/edit/", data)
    assert again.status_code == 409
    assert "Someone else changed this concept" in again.content.decode()


def test_an_officer_adds_a_concept_named_only_in_russian_for_now(officer: Client) -> None:
    response = officer.post(
        "/ru/terms/new/",
        {"key": "cnc-meeting", "domain": "procedure", "terms_ru": "заседание СНК | seed-001 | ¶3"},
    )
    assert response.status_code == 302
    page = officer.get("/terms/cnc-meeting/").content.decode()
    assert "заседание СНК" in page
    assert "translation pending" in page


def test_the_tbx_export_downloads_as_a_file(coordinator: Client) -> None:
    response = coordinator.get("/terms/sco-termbase.tbx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-tbx+xml")
    assert "attachment" in response["Content-Disposition"]
    assert (
        b"<term>\xd0\xba\xd0\xbe\xd0\xbd\xd1\x81\xd0\xb5\xd0\xbd\xd1\x81\xd1\x83\xd1\x81</term>"
        in response.content
    )


def test_a_source_is_cited_in_the_readers_language_without_codes(coordinator: Client) -> None:
    russian = coordinator.get("/ru/terms/consensus/").content.decode()
    assert (
        "Хартия Шанхайской организации сотрудничества (Санкт-Петербург, 7 июня 2002 года), ст. 16"
        in russian
    )
    assert "раздел «Принципы и ценности»" in russian
    chinese = coordinator.get("/zh-hans/terms/secretariat/").content.decode()
    assert "本组织登记册（机构、国家、组织）" in chinese
    assert "bodies.secretariat" not in chinese


def test_the_site_menu_leads_signed_in_users_to_the_term_base(coordinator: Client) -> None:
    assert 'href="/ru/terms/"' in coordinator.get("/ru/").content.decode()
    assert 'href="/terms/"' not in Client().get("/").content.decode()
