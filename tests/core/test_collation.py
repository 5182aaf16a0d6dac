"""Lists of names in the reader's order (issue 17): Russian alphabetical, Chinese by pinyin,
never the order of the English names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from secretariat.core.collation import by_names, collation_key, sorted_by_name
from secretariat.databank.forms import SearchForm
from secretariat.meetings.forms import PlanForm
from secretariat.registry.models import State
from tests.factories.registry import registry_with_delegations

MEMBERS_RU = [
    "Индия",
    "Казахстан",
    "Китай",
    "Кыргызстан",
    "Пакистан",
    "Россия",
    "Таджикистан",
    "Узбекистан",
    "Иран",
    "Беларусь",
]
MEMBERS_ZH = [
    "印度",
    "哈萨克斯坦",
    "中国",
    "吉尔吉斯斯坦",
    "巴基斯坦",
    "俄罗斯",
    "伊朗",
    "白俄罗斯",
]


def ordered(names: list[str], lang: str) -> list[str]:
    return sorted(names, key=lambda name: collation_key(name, lang))  # type: ignore[arg-type]


def test_russian_names_are_in_russian_alphabetical_order() -> None:
    assert ordered(MEMBERS_RU, "ru") == [
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
    ]


def test_yo_sorts_with_ye_not_after_ya() -> None:
    assert ordered(["Якутск", "Ёлкино", "Жуковский", "Егорьевск"], "ru") == [
        "Егорьевск",
        "Ёлкино",
        "Жуковский",
        "Якутск",
    ]


def test_chinese_names_are_in_pinyin_order_syllable_by_syllable() -> None:
    # ba ji si tan < bai e luo si < e luo si < ha sa ke < ji er ji < yi lang < yin du < zhong guo
    assert ordered(MEMBERS_ZH, "zh") == [
        "巴基斯坦",
        "白俄罗斯",
        "俄罗斯",
        "哈萨克斯坦",
        "吉尔吉斯斯坦",
        "伊朗",
        "印度",
        "中国",
    ]


def test_a_chinese_word_is_read_as_a_word() -> None:
    # 重庆 is Chongqing (chong, not zhong): after 成都 (cheng), not at the end after 中.
    assert ordered(["中山", "重庆", "成都", "北京"], "zh") == ["北京", "成都", "重庆", "中山"]


def test_sorted_by_name_takes_the_readers_language() -> None:
    rows = [("Kazakhstan", "Казахстан", "哈萨克斯坦"), ("China", "Китай", "中国")]
    rows.append(("Belarus", "Беларусь", "白俄罗斯"))

    def name(row: tuple[str, str, str], lang: str) -> str:
        return row[("en", "ru", "zh").index(lang)]

    assert [r[0] for r in sorted_by_name(rows, name, "en")] == ["Belarus", "China", "Kazakhstan"]
    with translation.override("ru"):
        assert [r[1] for r in sorted_by_name(rows, name)] == ["Беларусь", "Казахстан", "Китай"]
    with translation.override("zh-hans"):
        assert [r[2] for r in sorted_by_name(rows, name)] == ["白俄罗斯", "哈萨克斯坦", "中国"]


@pytest.fixture(scope="module")
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_the_host_state_list_of_the_meeting_form_is_in_the_readers_order(
    registry: None, language: str
) -> None:
    lang = "zh" if language == "zh-hans" else "ru"
    with translation.override(language):
        shown = [label for value, label in PlanForm().fields["venue_state"].choices if value]
    names = [by_names(s, lang) for s in State.objects.all()]

    assert len(shown) == len(names) > 5
    assert shown == ordered(names, lang)
    assert shown != [by_names(s, lang) for s in State.objects.order_by("name_en")]


@pytest.mark.django_db
def test_the_search_forms_bodies_are_in_pinyin_order_for_a_chinese_reader(registry: None) -> None:
    with translation.override("zh-hans"):
        shown = [label for value, label in SearchForm().fields["body"].choices if value]

    assert len(shown) > 3
    assert shown == ordered(shown, "zh")
