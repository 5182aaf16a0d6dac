"""core.in_languages: a text given without its language is filed under its script's; the
versions given are read, stripped, one per language."""

from __future__ import annotations

import pytest

from secretariat.core.in_languages import script_lang, texts_columns, texts_given


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Beijing, strongroom 1", "en"),
        ("Пекин, хранилище 1", "ru"),
        ("北京，1号库房", "zh"),
        ("关于«Деловой совет»的报告", "zh"),  # a Chinese text citing a Russian name
        ("2026-03-04", "en"),
    ],
)
def test_a_text_is_filed_under_the_language_its_script_tells(text: str, lang: str) -> None:
    assert script_lang(text) == lang


def test_the_versions_given_are_read_stripped_one_per_language() -> None:
    assert texts_given({"ru": " Пекин ", "zh": None, "fr": "Pékin"}) == {  # type: ignore[dict-item]
        "en": "",
        "ru": "Пекин",
        "zh": "",
    }
    assert texts_given("  ") == {"en": "", "ru": "", "zh": ""}
    assert texts_columns("place", "Пекин") == {"place_en": "", "place_ru": "Пекин", "place_zh": ""}
