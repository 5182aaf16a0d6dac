"""The Atom feeds answer conditional requests (core/conditional.py): 304 with no body while
the ETag holds, a new ETag once an item is published (no stale feed), one per language; the
feed stays valid Atom."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
import pytest
from django.test import Client

from tests.factories.press import news
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_the_feed_is_answered_304_until_an_item_is_published(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        news({"en": "Summit", "ru": "Саммит", "zh": "峰会"})
    client = Client()
    first = client.get("/press/feed/en/")
    same = client.get("/press/feed/en/", HTTP_IF_NONE_MATCH=first["ETag"])
    with django_capture_on_commit_callbacks(execute=True):
        news({"en": "Second item"})
    changed = client.get("/press/feed/en/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert feedparser.parse(first.content).bozo == 0
    assert same.status_code == 304
    assert same.content == b""
    assert same["ETag"] == first["ETag"]
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    parsed = feedparser.parse(changed.content)
    assert parsed.bozo == 0
    assert "Second item" in [e.title for e in parsed.entries]


def test_each_language_has_its_own_etag() -> None:
    news({"en": "Summit", "ru": "Саммит", "zh": "峰会"})
    client = Client()
    etags = {lang: client.get(f"/press/feed/{lang}/")["ETag"] for lang in ("en", "ru", "zh")}

    assert len(set(etags.values())) == 3
    assert client.get("/press/feed/ru/", HTTP_IF_NONE_MATCH=etags["en"]).status_code == 200
    assert client.get("/press/feed/xx/").status_code == 404
