"""A reader who chose Russian or Chinese stays in it on an address without a language prefix
(a bookmark, a pasted link, an old e-mail), and every link the system writes carries the
reader's prefix (issue 17)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client, override_settings
from django.utils import translation

from secretariat.core.lang import path_in_language
from secretariat.notifications.messages import absolute_link
from tests.factories import accounts

pytestmark = pytest.mark.django_db


def _page(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_an_unprefixed_page_is_answered_in_the_language_of_the_readers_cookie() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    page = _page(client.get("/rules/"))

    assert '<html lang="ru">' in page
    assert 'href="/ru/rules/"' in page  # the menu's links keep the prefix from here on


def test_an_unprefixed_page_is_answered_in_the_signed_in_readers_profile_language() -> None:
    client = Client()
    client.force_login(accounts.user("wei", "national_coordinator", language="zh-hans"))

    page = _page(client.get("/rules/"))

    assert '<html lang="zh-hans">' in page
    assert 'href="/zh-hans/rules/"' in page


def test_the_cookie_is_the_latest_choice_and_beats_the_profile() -> None:
    client = Client()
    client.force_login(accounts.user("olga", "national_coordinator", language="ru"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert '<html lang="en">' in _page(client.get("/rules/"))


def test_a_reader_who_chose_nothing_gets_english_and_caches_are_told_it_depends() -> None:
    response = Client().get("/rules/")

    assert '<html lang="en">' in _page(response)
    assert "Cookie" in response["Vary"]


def test_a_prefixed_page_stays_in_its_own_language_whatever_the_cookie() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    assert '<html lang="zh-hans">' in _page(client.get("/zh-hans/rules/"))


def test_the_api_is_not_moved_into_a_language_prefix() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    assert client.get("/api/openapi.json").status_code == 200


def test_a_page_address_is_moved_to_a_language_whatever_prefix_it_had() -> None:
    assert path_in_language("/meetings/2/?tab=1#history", "ru") == "/ru/meetings/2/?tab=1#history"
    assert path_in_language("/ru/meetings/2/", "zh") == "/zh-hans/meetings/2/"
    assert path_in_language("/zh-hans/meetings/2/", "en") == "/meetings/2/"


def test_what_is_not_a_page_is_left_as_it_is() -> None:
    assert path_in_language("/api/meetings", "ru") == "/api/meetings"
    assert path_in_language("https://example.org/x/", "ru") == "https://example.org/x/"


@override_settings(SECRETARIAT_BASE_URL="https://sco.example")
def test_an_e_mails_link_is_absolute_and_in_the_recipients_language_even_if_written_in_another():
    assert absolute_link("/rules/", "ru") == "https://sco.example/ru/rules/"
    assert absolute_link("/ru/rules/", "zh-hans") == "https://sco.example/zh-hans/rules/"
    assert absolute_link("/ru/rules/", "en") == "https://sco.example/rules/"


def test_a_stored_address_is_written_with_the_readers_prefix_on_a_page() -> None:
    template = Template('<a href="{{ url|here }}">')
    with translation.override("zh-hans"):
        html = template.render(Context({"url": "/rules/#SEC-CIRCULATE-20D"}))
    assert html == '<a href="/zh-hans/rules/#SEC-CIRCULATE-20D">'
