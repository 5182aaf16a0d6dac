"""The active language, as the engine's ``Lang`` and as Django's language code."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import is_valid_path
from django.utils import translation
from django.utils.translation import get_language, get_language_from_path

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


def path_in_language(url: str, lang: Lang | str) -> str:
    """``url`` of one of the site's pages (a path, maybe with its query and fragment) moved to
    ``lang``'s prefix: /meetings/2/ and /zh-hans/meetings/2/ both become /ru/meetings/2/ for
    Russian, /meetings/2/ for English (config/urls.py: the default language has no prefix).
    Anything else is given back as it is: an absolute URL, the API, the calendar feeds."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return url
    bare = _without_prefix(parts.path)
    code = django_language(lang)
    target = bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"
    # The locale prefix of i18n_patterns matches only the active language's prefix.
    with translation.override(code):
        if not is_valid_path(target):
            return url
    return urlunsplit(("", "", target, parts.query, parts.fragment))


def _without_prefix(path: str) -> str:
    """``path`` without a leading language prefix (/ru/, /zh-hans/, /en/)."""
    found = get_language_from_path(path)
    if found is None:
        return path
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.lower().startswith(prefix):
            return path[len(prefix) - 1 :]
    return path
