"""The public pages of the registry, in English, Russian and Chinese."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from secretariat.registry import selectors
from secretariat.registry.services import LoadReport
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db

PAGES = ["home", "states", "bodies", "summits", "organisations"]
LANGUAGES = ["en", "ru", "zh-hans"]

#: A name from the data that each page shows, per language.
NAMES = {
    "home": {"ru": "Шанхайская организация сотрудничества", "zh-hans": "上海合作组织"},
    "states": {"ru": "Казахстан", "zh-hans": "哈萨克斯坦"},
    "bodies": {"ru": "Секретариат Делового совета ШОС", "zh-hans": "上合组织实业家委员会秘书处"},
    "summits": {"ru": "Тяньцзинь", "zh-hans": "努尔兰·叶尔梅克巴耶夫"},
    "organisations": {"ru": "Лига арабских государств", "zh-hans": "阿拉伯国家联盟"},
}


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def static_root(settings: Any, tmp_path: Path) -> None:
    # WhiteNoise warns (an error under -W error) when STATIC_ROOT does not exist yet.
    settings.STATIC_ROOT = tmp_path


@pytest.fixture(autouse=True)
def on_2026_01_15(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages compute 'today' from the registry; pin the day so the assertions hold."""
    monkeypatch.setattr(selectors, "today", lambda: dt.date(2026, 1, 15))


def page_url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(f"registry:{name}")


def get(client: Client, name: str, language: str = "en") -> str:
    response = client.get(page_url(name, language))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_in_each_language(client: Client, name: str, language: str) -> None:
    html = get(client, name, language)

    assert f'<html lang="{language}">' in html


def test_the_pages_live_at_their_language_prefix() -> None:
    assert page_url("states", "en") == "/states/"
    assert page_url("states", "ru") == "/ru/states/"
    assert page_url("states", "zh-hans") == "/zh-hans/states/"


@pytest.mark.parametrize("name", PAGES)
def test_the_russian_page_shows_russian_names(client: Client, name: str) -> None:
    assert NAMES[name]["ru"] in get(client, name, "ru")


@pytest.mark.parametrize("name", PAGES)
def test_the_chinese_page_shows_chinese_names(client: Client, name: str) -> None:
    assert NAMES[name]["zh-hans"] in get(client, name, "zh-hans")


def test_the_english_page_shows_english_names_only(client: Client) -> None:
    html = get(client, "states", "en")

    assert "Kazakhstan" in html
    assert "Казахстан" not in html


def test_the_home_page_counts_members_and_partners_and_names_the_chair_and_the_sg(
    client: Client,
) -> None:
    html = get(client, "home")

    assert re.search(r'class="figure">10</span>\s*member states', html)
    assert re.search(r'class="figure">17</span>\s*partners', html)
    assert "Kyrgyzstan, since" in html
    assert "Nurlan Yermekbayev (Kazakhstan)" in html
    assert "Official languages: Russian, Chinese." in html


def test_the_home_page_warns_that_days_after_the_last_search_are_not_recorded(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "were last searched" not in get(client, "home")

    monkeypatch.setattr(selectors, "today", lambda: dt.date(2026, 11, 1))
    # The clock moves on too: the public pages' cache is kept per day.
    with time_machine.travel(dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC), tick=False):
        assert "were last searched" in get(client, "home")


def rows(html: str, containing: str) -> list[str]:
    return [row for row in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if containing in row]


def row(html: str, row_id: str) -> str:
    (found,) = rows(html, f'<tr id="{row_id}"')
    return found


@pytest.mark.parametrize(("number", "city"), [(26, "Bishkek"), (27, "Islamabad")])
def test_planned_summits_are_marked_as_planned(client: Client, number: int, city: str) -> None:
    summit = row(get(client, "summits"), f"chs-{number}")

    assert city in summit
    assert "date not fixed" in summit
    assert 'class="is-planned"' in summit
    assert "badge-planned" in summit


def test_held_summits_are_not_marked_as_planned(client: Client) -> None:
    tianjin = row(get(client, "summits"), "chs-25")

    assert "Tianjin" in tianjin
    assert "badge-planned" not in tianjin


def test_the_chair_announced_for_2026_2027_is_marked_unconfirmed(client: Client) -> None:
    term = row(get(client, "summits"), "term-2026-2027")

    assert "Pakistan" in term
    assert "badge-unconfirmed" in term


def test_a_low_confidence_document_is_marked_unconfirmed(client: Client) -> None:
    (document,) = rows(get(client, "organisations"), "Observer status in the General Assembly")

    assert "badge-unconfirmed" in document


def test_a_medium_confidence_status_is_marked_as_such(client: Client) -> None:
    html = get(client, "states")
    belarus = rows(html, "Belarus")[0]

    assert "badge-medium" in belarus


def test_the_language_switcher_posts_to_set_language_with_the_three_languages(
    client: Client,
) -> None:
    html = get(client, "states", "ru")

    assert f'action="{reverse("set_language")}"' in html
    for code, label in [("en", "English"), ("ru", "Русский"), ("zh-hans", "中文")]:
        assert re.search(rf'name="language" value="{code}"[^>]*>{label}</button>', html)


def test_switching_language_returns_to_the_same_page_in_that_language(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/states/"})

    assert response.status_code == 302
    assert response["Location"] == "/ru/states/"


def test_the_pages_fetch_nothing_from_other_hosts(client: Client) -> None:
    html = get(client, "home")

    assert "<script" not in html
    assert re.findall(r'<link[^>]+href="([^"]+)"', html) == ["/static/web/site.css"]


def test_the_navigation_links_every_page_and_the_api_docs(client: Client) -> None:
    html = get(client, "home", "zh-hans")

    for name in PAGES:
        assert f'href="{page_url(name, "zh-hans")}"' in html
    assert 'href="/api/docs"' in html


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_a_key_that_only_spells_the_name_in_capitals_is_not_shown_as_an_abbreviation(
    client: Client, language: str
) -> None:
    html = get(client, "organisations", language)

    assert "ROSCONGRESS" not in html
    assert "(ASEAN)" in html  # a real abbreviation stays


def test_a_date_the_sources_give_as_a_month_is_written_in_digits(client: Client) -> None:
    (document,) = rows(get(client, "organisations", "ru"), "обсуждался в июне 2022 года")

    assert '<td class="date">2022-06</td>' in document


@pytest.mark.parametrize(
    ("language", "members"),
    [
        # Russian alphabetical order, not the English names' (India, Iran, Kazakhstan, China...).
        (
            "ru",
            [
                "Беларусь",
                "Индия",
                "Иран",
                "Казахстан",
                "Китай",
                "Кыргызстан",
                "Пакистан",
                "Россия",
                "Таджикистан",
                "Узбекистан",
            ],
        ),
        # Pinyin: bai e luo si, e luo si, ha sa ke..., ji er ji..., ta ji ke..., wu zi bie ke...,
        # yi lang, yin du, zhong guo (巴基斯坦 ba ji si tan first).
        (
            "zh-hans",
            [
                "巴基斯坦",
                "白俄罗斯",
                "俄罗斯",
                "哈萨克斯坦",
                "吉尔吉斯斯坦",
                "塔吉克斯坦",
                "乌兹别克斯坦",
                "伊朗",
                "印度",
                "中国",
            ],
        ),
    ],
)
def test_member_states_are_listed_in_the_readers_alphabetical_order(
    client: Client, language: str, members: list[str]
) -> None:
    html = get(client, "states", language)
    table = html[: html.index("<h2>", html.index("<tbody>"))]

    assert re.findall(r"<td><strong>([^<]+)</strong>", table) == members
