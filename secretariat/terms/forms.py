"""The form of the term-base pages: a concept and its terms, one language to a box."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.translated import HTML_LANG
from secretariat.terms.models import LANGS, Domain
from secretariat.terms.termbase_file import TermRecord


def _text(lang: str) -> forms.Textarea:
    """Each language's box says its language (``lang``), so a browser spells and renders it as
    such and a reader of another language knows the text is not theirs."""
    return forms.Textarea(attrs={"rows": 3, "lang": HTML_LANG[lang]})


def _terms(lang: str) -> forms.Textarea:
    # A line is "term | source key | where": the source keys are identifiers, the terms are in
    # the box's language.
    return forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "lang": HTML_LANG[lang]})


#: How a line of a terms box separates the term, its source and where in the source.
SEPARATOR = "|"


class ConceptForm(forms.Form):
    key = forms.SlugField(label=_("Key (Latin letters, digits, hyphens)"), max_length=80)
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    terms_en = forms.CharField(label=_("Terms in English"), widget=_terms("en"), required=False)
    terms_ru = forms.CharField(label=_("Terms in Russian"), widget=_terms("ru"), required=False)
    terms_zh = forms.CharField(label=_("Terms in Chinese"), widget=_terms("zh"), required=False)
    definition_en = forms.CharField(
        label=_("Definition in English"), widget=_text("en"), required=False
    )
    definition_ru = forms.CharField(
        label=_("Definition in Russian"), widget=_text("ru"), required=False
    )
    definition_zh = forms.CharField(
        label=_("Definition in Chinese"), widget=_text("zh"), required=False
    )
    note_en = forms.CharField(label=_("Note in English"), widget=_text("en"), required=False)
    note_ru = forms.CharField(label=_("Note in Russian"), widget=_text("ru"), required=False)
    note_zh = forms.CharField(label=_("Note in Chinese"), widget=_text("zh"), required=False)
    enforce = forms.BooleanField(
        label=_("Hold the wording of messages to these terms"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The key names the concept for other apps and the export: it does not change.
            self.fields["key"].disabled = True

    def texts(self, prefix: str) -> dict[str, str]:
        return {lang: self.cleaned_data[f"{prefix}_{lang}"] for lang in LANGS}

    def terms(self) -> list[TermRecord]:
        """The terms of the three boxes: one a line, ``term | source | where``; the first line
        of a box is the preferred term."""
        found = []
        for lang in LANGS:
            lines = [line for line in self.cleaned_data[f"terms_{lang}"].splitlines() if line]
            for position, line in enumerate(lines):
                text, source, ref = ([*line.split(SEPARATOR, 2), "", ""])[:3]
                if text.strip():
                    found.append(
                        TermRecord(lang, text.strip(), position == 0, source.strip(), ref.strip())
                    )
        return found


def terms_box(records: list[TermRecord], lang: str) -> str:
    """A language's terms as the form's box shows them."""
    return "\n".join(
        f" {SEPARATOR} ".join(part for part in (t.text, t.source, t.source_ref) if part)
        for t in records
        if t.lang == lang
    )
