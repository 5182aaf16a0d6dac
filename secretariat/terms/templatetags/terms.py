"""Template helpers of the term-base pages: a language's name and a source's title in the
reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from secretariat.core.lang import current_lang
from secretariat.terms.models import Source

register = template.Library()


@register.simple_tag
def language_name(lang: str) -> str:
    """The name of one of the term base's languages, in the reader's language."""
    names = {"en": _("English"), "ru": _("Russian"), "zh": _("Chinese")}
    return names.get(lang, lang)


@register.filter
def source_title(source: Source) -> str:
    """The source's title in the reader's language (English while that is missing)."""
    return str(getattr(source, f"title_{current_lang()}", "") or source.title_en)
