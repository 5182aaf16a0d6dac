"""The active language, as the engine's ``Lang`` and as Django's language code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from secretariat.procedure.text import LANGS, Lang, Text, parse_lang

#: The engine's language -> Django's language code (settings.LANGUAGES).
DJANGO_LANGUAGE: dict[Lang, str] = {"en": "en", "ru": "ru", "zh": "zh-hans"}


def current_lang() -> Lang:
    """The engine's language code for the active Django language."""
    return parse_lang(get_language() or "en")


def django_language(lang: Lang | str) -> str:
    """Django's language code for an engine language ("zh" -> "zh-hans")."""
    return DJANGO_LANGUAGE[parse_lang(str(lang))]


def lang_or(value: str | None, default: Lang = "en") -> Lang:
    """``value`` as an engine language when it names one (en, ru, zh, zh-hans), else
    ``default``."""
    if value and (value in LANGS or value.lower() in DJANGO_LANGUAGE.values()):
        return parse_lang(value)
    return default


def names_of(row: Any) -> Text:
    """A row's name (``name_en``/``name_ru``/``name_zh``: a state, a delegation, an article)
    as a Text, English where a language is empty."""
    return Text(en=row.name_en, ru=row.name_ru or row.name_en, zh=row.name_zh or row.name_en)
