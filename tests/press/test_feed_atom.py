"""The Atom feeds read by an independent parser (feedparser) and checked against RFC 4287:
atom:id (fixed, whatever the Host header), atom:title, atom:updated, an author (§4.1.1),
a self link."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
import pytest
from django.test import Client

from tests.factories.press import news
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

AUTHOR = {"en": "SCO Secretariat", "ru": "Секретариат ШОС", "zh": "上合组织秘书处"}


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def _read(lang: str, host: str = "testserver") -> Any:
    response = Client(HTTP_HOST=host).get(f"/press/feed/{lang}/")
    assert response.status_code == 200
    return feedparser.parse(response.content)


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_each_feed_is_valid_atom_with_an_author_in_its_language(lang: str) -> None:
    news({"en": "Summit", "ru": "Саммит", "zh": "峰会"})

    parsed = _read(lang)

    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert feed.id
    assert feed.title
    assert feed.updated_parsed
    assert feed.author_detail.name == AUTHOR[lang]
    assert any(link.rel == "self" for link in feed.links)
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.id
    assert entry.title
    assert entry.updated_parsed
    assert entry.author_detail.name == AUTHOR[lang]


def test_the_feed_id_does_not_follow_the_host_header(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    news({"en": "Summit"})

    here = _read("en").feed.id
    there = _read("en", host="evil.example").feed.id

    assert here == there
    assert "evil.example" not in there
    assert "testserver" not in here
    assert _read("ru").feed.id != here  # one id per feed
