"""Content given in some of the three languages (a meeting's subject and venue, an agenda
item's title, a note, a plan item), shown in the reader's language, or in another one marked
"translation pending".

Every content field that names something is stored as ``{prefix}_en``, ``{prefix}_ru`` and
``{prefix}_zh`` on its row; pages render it with ``{% translated row "prefix" %}``
(``web.templatetags.translated``), the API with :func:`translated_data`.

A text typed in one language is never passed off as the other languages' text: where the
reader's language is empty, the page shows the text given (in the first of the reader's
language, Russian, Chinese, English that holds one) with a "translation pending" marker and
its ``lang`` attribute, and the API says so (``pending``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from secretariat.procedure.text import LANGS, Lang, Text

#: The order in which another language's text stands in for a missing one: the SCO's
#: working languages first, then English.
FALLBACK: tuple[Lang, ...] = ("ru", "zh", "en")
#: The marker beside a text shown in another language than the reader's.
PENDING = _("translation pending")
#: The ``lang`` attribute of each language's text in HTML.
HTML_LANG: dict[str, str] = {"en": "en", "ru": "ru", "zh": "zh-Hans"}


@dataclass(frozen=True, slots=True)
class InLanguage:
    """A text as shown to a reader of ``wanted``: ``text`` is in ``lang``."""

    text: str
    lang: Lang
    #: Shown in another language than the reader's: its translation is pending.
    pending: bool

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def __str__(self) -> str:
        return self.text


def texts_of(row: Any, prefix: str) -> Text:
    """``row``'s ``{prefix}_en``, ``_ru`` and ``_zh`` as a Text (empty where not given)."""
    return Text(**{lang: str(getattr(row, f"{prefix}_{lang}") or "").strip() for lang in LANGS})


def in_language(text: Text, wanted: Lang) -> InLanguage | None:
    """``text`` for a reader of ``wanted``; None when no language holds it."""
    if text[wanted]:
        return InLanguage(text[wanted], wanted, False)
    for lang in FALLBACK:
        if text[lang]:
            return InLanguage(text[lang], lang, True)
    return None


def translated(row: Any, prefix: str, wanted: Lang) -> InLanguage | None:
    """``row``'s ``prefix`` field for a reader of ``wanted``, or None when no language holds
    it."""
    return in_language(texts_of(row, prefix), wanted)


def translated_data(row: Any, prefix: str, wanted: Lang) -> dict[str, Any] | None:
    """A translated field as the API gives it: the text shown, its language, whether it is a
    stand-in (translation pending), and the three languages as stored."""
    shown = translated(row, prefix, wanted)
    if shown is None:
        return None
    return {
        "text": shown.text,
        "lang": shown.lang,
        "pending": shown.pending,
        **texts_of(row, prefix).as_dict(),
    }


def pending_languages(row: Any, prefix: str, wanted: tuple[Lang, ...] = LANGS) -> list[Lang]:
    """The languages of ``wanted`` in which ``row``'s ``prefix`` field is still empty while
    another language holds it (an empty field in every language is not pending)."""
    text = texts_of(row, prefix)
    if not any(text[lang] for lang in LANGS):
        return []
    return [lang for lang in wanted if not text[lang]]


def with_stand_ins(row: Any, prefix: str) -> dict[str, str]:
    """``row``'s ``prefix`` field in each language, another language's text standing in where
    one is empty (for a text that must name the thing in every language: a certified copy's
    title, a machine-readable record); empty where no language holds it."""
    text = texts_of(row, prefix)
    shown = {lang: in_language(text, lang) for lang in LANGS}
    return {lang: found.text if found is not None else "" for lang, found in shown.items()}
