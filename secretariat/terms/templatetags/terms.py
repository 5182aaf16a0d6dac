"""Template helpers of the term-base pages: a language's name and a source's title in the
reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from secretariat.core.lang import current_lang
from secretariat.terms.models import Source, Term
from secretariat.terms.selectors import term_citation

register = template.Library()


@register.simple_tag
def language_name(lang: str) -> str:
    """The name of one of the term base's languages, in the reader's language."""
    names = {"en": _("English"), "ru": _("Russian"), "zh": _("Chinese")}
    return names.get(lang, lang)


@register.filter
def cited(term: Term) -> str:
    """Where ``term`` comes from, in the reader's language: title and place, no codes."""
    return term_citation(term, current_lang())


@register.filter
def source_title(source: Source) -> str:
    """The source's title in the reader's language (English while that is missing)."""
    return str(getattr(source, f"title_{current_lang()}", "") or source.title_en)
