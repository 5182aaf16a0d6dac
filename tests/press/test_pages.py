"""The public pages (no login), the Atom feeds, the publishing pages and the requests pages,
through Django's test client; the JSON API of both."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from secretariat.press import services
from secretariat.press.models import (
    CatalogueEntry,
    MaterialsAnswer,
    MaterialsRequest,
    PressItem,
    PublicationState,
)
from tests.factories.accounts import logged_in
from tests.factories.press import a_request, news, officer, state_user
from tests.factories.registry import registry_with_delegations
from tests.press.support import today

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def entries(client: Client, lang: str) -> list[ET.Element]:
    response = client.get(f"/press/feed/{lang}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314  # our own feed, in a test
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


# --- the public side --------------------------------------------------------------------------


def test_the_news_list_shows_published_items_only_without_login() -> None:
    news({"en": "Published one"})
    news({"en": "Draft one"}, published=False)

    page = Client().get("/press/")

    assert page.status_code == 200
    assert "Published one" in page.content.decode()
    assert "Draft one" not in page.content.decode()


def test_the_news_list_is_paginated() -> None:
    for n in range(12):
        news({"en": f"Item number {n:02d}"})

    first = Client().get("/press/").content.decode()
    second = Client().get("/press/?page=2").content.decode()

    assert "Item number 11" in first
    assert "Item number 00" not in first
    assert "Item number 00" in second
    assert "Item number 11" not in second


def test_a_news_item_page_is_shown_in_the_readers_language() -> None:
    item = news({"en": "The register opens", "ru": "Открыт реестр"})

    english = Client().get(f"/press/news/{item.slug}/").content.decode()
    russian = Client().get(f"/ru/press/news/{item.slug}/").content.decode()

    assert "The register opens" in english
    assert "Открыт реестр" in russian
    assert 'lang="ru"' in russian


def test_a_page_not_in_the_readers_language_falls_back_and_says_so() -> None:
    item = news({"ru": "Только по-русски"})

    page = Client().get(f"/zh-hans/press/news/{item.slug}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Только по-русски" in text
    assert "fallback-note" in text
    assert "以俄文显示" in text


def test_drafts_and_withdrawn_items_are_not_found_by_the_public() -> None:
    draft = news({"en": "A draft"}, published=False)
    withdrawn = news({"en": "Withdrawn"})
    services.item_withdraw(item=withdrawn)

    assert Client().get(f"/press/news/{draft.slug}/").status_code == 404
    assert Client().get(f"/press/news/{withdrawn.slug}/").status_code == 404
    assert Client().get(f"/api/press/items/{draft.pk}").status_code == 404


def test_a_briefing_is_found_among_briefings_not_news() -> None:
    briefing = news({"en": "Briefing on the databank"}, kind="briefing")

    assert Client().get(f"/press/briefings/{briefing.slug}/").status_code == 200
    assert Client().get(f"/press/news/{briefing.slug}/").status_code == 404
    assert "Briefing on the databank" in Client().get("/press/briefings/").content.decode()


def test_the_catalogue_shows_published_entries_and_serves_their_files() -> None:
    shown = services.catalogue_entry_create(
        kind="reference",
        title={"en": "Guide"},
        description={"en": "How to read the register."},
        file=SimpleUploadedFile("guide.txt", b"hello"),
    )
    services.item_publish(item=shown)
    hidden = services.catalogue_entry_create(
        kind="page", title={"en": "Hidden"}, description={"en": "No."}, url="/rules/"
    )

    page = Client().get("/press/catalogue/").content.decode()
    download = Client().get(f"/press/catalogue/{shown.pk}/file/")

    assert "Guide" in page
    assert "Hidden" not in page
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"hello"  # type: ignore[attr-defined]
    assert Client().get(f"/press/catalogue/{hidden.pk}/file/").status_code == 404


# --- the Atom feed ----------------------------------------------------------------------------


def test_the_feed_holds_published_items_in_its_language_and_no_drafts() -> None:
    both = news({"en": "In two languages", "ru": "На двух языках"})
    news({"ru": "Только по-русски"})
    news({"en": "Secret draft", "ru": "Черновик"}, published=False)
    briefing = news({"en": "A briefing"}, kind="briefing")

    english = entries(Client(), "en")
    russian = entries(Client(), "ru")

    titles_en = {e.findtext(f"{ATOM}title") for e in english}
    titles_ru = {e.findtext(f"{ATOM}title") for e in russian}
    assert titles_en == {"In two languages", "A briefing"}
    assert titles_ru == {"На двух языках", "Только по-русски"}
    links = {e.find(f"{ATOM}link").get("href") for e in english}  # type: ignore[union-attr]
    assert f"http://testserver/press/news/{both.slug}/" in links
    assert f"http://testserver/press/briefings/{briefing.slug}/" in links
    ids = {e.findtext(f"{ATOM}id") for e in [*english, *russian]}
    assert len(ids) == 4


def test_a_withdrawn_item_leaves_the_feed() -> None:
    item = news({"en": "Soon gone"})
    services.item_withdraw(item=item)

    assert entries(Client(), "en") == []


def test_a_feed_in_an_unknown_language_is_not_found() -> None:
    assert Client().get("/press/feed/fr/").status_code == 404


# --- publishing -------------------------------------------------------------------------------


def test_an_officer_writes_publishes_and_withdraws_an_item_on_the_pages() -> None:
    client = logged_in(officer())

    made = client.post(
        "/press/manage/new/",
        {"kind": "news", "title_en": "Written on the page", "body_en": "Body.", "slug": ""},
    )
    item = PressItem.objects.get()
    published = client.post(f"/press/manage/{item.pk}/publish/")
    item.refresh_from_db()

    assert made.status_code == 302
    assert published.status_code == 302
    assert item.state == PublicationState.PUBLISHED
    assert Client().get(f"/press/news/{item.slug}/").status_code == 200

    client.post(f"/press/manage/{item.pk}/withdraw/")
    assert Client().get(f"/press/news/{item.slug}/").status_code == 404


def test_a_refused_item_on_the_page_shows_the_reason_and_saves_nothing() -> None:
    client = logged_in(officer())

    page = client.post("/press/manage/new/", {"kind": "news", "title_en": "", "body_en": ""})

    assert page.status_code == 400
    assert "at least one language" in page.content.decode()
    assert not PressItem.objects.exists()


def test_the_manage_page_needs_the_publish_action() -> None:
    assert logged_in(state_user("KZ")).get("/press/manage/").status_code == 403
    assert logged_in(officer()).get("/press/manage/").status_code == 200


def test_an_officer_adds_a_catalogue_entry_with_a_file_on_the_page() -> None:
    client = logged_in(officer())

    client.post(
        "/press/manage/catalogue/new/",
        {
            "kind": "reference",
            "title_en": "Yearbook",
            "description_en": "Statistics.",
            "url": "",
            "file": SimpleUploadedFile("yearbook.txt", b"numbers"),
        },
    )

    entry = CatalogueEntry.objects.get()
    assert entry.file.name.endswith("yearbook.txt")
    assert entry.state == PublicationState.DRAFT


def test_the_api_writes_and_publishes_an_item_and_the_public_reads_it() -> None:
    client = logged_in(officer())

    made = client.post(
        "/api/press/items",
        {"kind": "briefing", "title": {"zh": "吹风会"}, "body": {"zh": "正文。"}},
        content_type="application/json",
    )
    item_id = made.json()["id"]
    client.post(f"/api/press/items/{item_id}/publish")
    public = Client().get(f"/api/press/items/{item_id}?lang=en").json()

    assert made.status_code == 201
    assert (public["title"], public["lang"], public["fallback"]) == ("吹风会", "zh", True)
    assert [i["id"] for i in Client().get("/api/press/items?kind=briefing").json()] == [item_id]


def test_the_api_refuses_an_empty_item_with_a_code_in_the_users_language() -> None:
    user = officer()
    user.language = "ru"
    user.save(update_fields=["language"])

    refused = logged_in(user).post(
        "/api/press/items",
        {"kind": "news", "title": {}, "body": {}},
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert refused.json()["code"] == "text_required"
    assert "хотя бы на одном языке" in refused.json()["message"]


def test_the_public_cannot_write_through_the_api() -> None:
    response = Client().post("/api/press/items", {"kind": "news"}, content_type="application/json")
    assert response.status_code == 401


# --- requests for materials -------------------------------------------------------------------


def test_an_officer_requests_materials_on_the_page_and_sees_each_states_standing() -> None:
    client = logged_in(officer())
    due = today() + dt.timedelta(days=20)

    made = client.post(
        "/requests/new/",
        {
            "title_en": "Reference books",
            "text_en": "Please send them.",
            "states": ["KZ", "CN"],
            "due_on": due.isoformat(),
        },
    )
    request = MaterialsRequest.objects.get()
    page = client.get(f"/requests/{request.pk}/").content.decode()

    assert made.status_code == 302
    assert request.addressees.count() == 2
    assert "Reference books" in page
    assert "awaiting an answer" in page


def test_a_request_due_in_the_past_is_refused_on_the_page() -> None:
    page = logged_in(officer()).post(
        "/requests/new/",
        {
            "title_en": "Old",
            "text_en": "Old.",
            "states": ["KZ"],
            "due_on": (today() - dt.timedelta(days=1)).isoformat(),
        },
    )

    assert page.status_code == 400
    assert "already passed" in page.content.decode()
    assert not MaterialsRequest.objects.exists()


def test_a_coordinator_answers_for_their_state_with_a_file_on_the_page() -> None:
    kz = state_user("KZ")
    request = a_request("KZ", "RU")
    client = logged_in(kz)

    mine = client.get("/requests/mine/").content.decode()
    answered = client.post(
        f"/requests/{request.pk}/answer/",
        {"text": "Sent by post.", "file": SimpleUploadedFile("list.txt", b"books")},
    )
    officer_page = logged_in(officer()).get(f"/requests/{request.pk}/").content.decode()

    assert "Statistical yearbooks" in mine
    assert answered.status_code == 302
    answer = MaterialsAnswer.objects.get()
    assert answer.answered_by == kz
    assert "Sent by post." in officer_page
    download = logged_in(officer()).get(f"/requests/{request.pk}/answers/{answer.pk}/file/")
    assert b"".join(download.streaming_content) == b"books"  # type: ignore[attr-defined]


def test_a_state_not_asked_does_not_see_the_request() -> None:
    request = a_request("KZ")

    page = logged_in(state_user("RU")).get(f"/requests/{request.pk}/answer/")

    assert page.status_code == 404


def test_the_api_refuses_an_answer_for_another_state_with_403_and_a_code() -> None:
    request = a_request("KZ")

    response = logged_in(state_user("RU")).post(
        f"/api/requests/{request.pk}/answers",
        {"text": "For Kazakhstan", "state": "KZ"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "answer_other_state"
    assert response.json()["rules"] == ["SEC-REQUEST"]
    assert not MaterialsAnswer.objects.exists()


def test_the_api_records_a_late_answer_with_the_flag() -> None:
    request = a_request("KZ")
    MaterialsRequest.objects.filter(pk=request.pk).update(due_on=today() - dt.timedelta(days=2))

    response = logged_in(state_user("KZ")).post(
        f"/api/requests/{request.pk}/answers",
        {"text": "Late but here."},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["late"] is True
    (row,) = response.json()["request"]["addressees"]
    assert (row["state"], row["status"]) == ("KZ", "answered")


def test_the_api_creates_and_lists_requests_and_reminds() -> None:
    client = logged_in(officer())

    made = client.post(
        "/api/requests/",
        {
            "title": {"ru": "Справочники"},
            "text": {"ru": "Просим направить."},
            "states": ["KZ", "RU"],
            "due_on": (today() + dt.timedelta(days=5)).isoformat(),
        },
        content_type="application/json",
    )
    listed = client.get("/api/requests/").json()
    state_user("KZ")
    reminded = client.post(f"/api/requests/{made.json()['id']}/remind")
    mine = logged_in(state_user("KZ")).get("/api/requests/mine").json()

    assert made.status_code == 201
    assert [a["status"] for a in made.json()["addressees"]] == ["awaiting", "awaiting"]
    assert [r["id"] for r in listed] == [made.json()["id"]]
    assert reminded.status_code == 200
    assert reminded.json()["recipients"] >= 1
    assert [len(r["addressees"]) for r in mine] == [1]


def test_the_api_refuses_a_request_in_the_past_with_a_code() -> None:
    response = logged_in(officer()).post(
        "/api/requests/",
        {
            "title": {"en": "T"},
            "text": {"en": "X"},
            "states": ["KZ"],
            "due_on": (today() - dt.timedelta(days=1)).isoformat(),
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "due_in_past"
