"""Content in the reader's language: ``{% load translated %}{% translated row "venue" %}``.

Renders ``row``'s ``venue_en/_ru/_zh`` in the active language, or the text given in another
language with its ``lang`` attribute and a "translation pending" marker
(``core.translated``); nothing when no language holds it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from secretariat.core.lang import current_lang
from secretariat.core.translated import InLanguage
from secretariat.core.translated import translated as translated_text

register = template.Library()


@register.simple_tag
def translated(row: Any, prefix: str) -> str:
    """``row``'s ``prefix`` field in the active language, marked where its translation is
    pending."""
    shown = translated_text(row, prefix, current_lang())
    return in_language_html(shown)


@register.filter
def in_language(shown: InLanguage | None) -> str:
    """An already chosen text (``core.translated.InLanguage``) as HTML, marked where pending."""
    return in_language_html(shown)


def in_language_html(shown: InLanguage | None) -> str:
    if shown is None:
        return ""
    return render_to_string("web/_in_language.html", {"shown": shown})
