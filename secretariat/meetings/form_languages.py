"""Content fields typed in the three languages, side by side, the authentic ones first.

A form that enters a content field (a meeting's city and subject, a proposal's or an item's
title) declares one text field per language, ``{prefix}_ru``, ``{prefix}_zh`` and
``{prefix}_en``, and names the group in ``language_groups``; ``_form_fields.html`` shows
each group as one row of three inputs (Russian, Chinese, English: the authentic languages
first), each with its ``lang`` attribute. A group in ``required_groups`` needs a text in at
least one language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from secretariat.core.translated import HTML_LANG
from secretariat.procedure.text import LANGS, Lang, Text

#: The order of the inputs: the authentic languages (Russian prevails), then English.
ORDER: tuple[Lang, ...] = ("ru", "zh", "en")
#: The label of each input (a context of its own: the word stands alone before a field).
LABELS: dict[Lang, Any] = {
    "ru": pgettext_lazy("language of a content field", "Russian"),
    "zh": pgettext_lazy("language of a content field", "Chinese"),
    "en": pgettext_lazy("language of a content field", "English"),
}


def in_language(lang: Lang, max_length: int) -> forms.CharField:
    """The input of one language of a content field."""
    return forms.CharField(
        label=LABELS[lang],
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs={"lang": HTML_LANG[lang]}),
    )


class InLanguages(forms.Form):
    """A form with content fields in ru/zh/en, laid out side by side."""

    #: prefix -> the group's legend.
    language_groups: Mapping[str, Any] = {}
    #: Prefixes that need a text in at least one language.
    required_groups: tuple[str, ...] = ()

    def layout(self) -> list[dict[str, Any]]:
        """The visible fields in order, each language group as one row (ru, zh, en)."""
        rows: list[dict[str, Any]] = []
        seen: set[str] = set()
        for field in self.visible_fields():
            prefix, _sep, lang = field.name.rpartition("_")
            if prefix in self.language_groups and lang in LANGS:
                if prefix not in seen:
                    seen.add(prefix)
                    rows.append(
                        {
                            "legend": self.language_groups[prefix],
                            "prefix": prefix,
                            "required": prefix in self.required_groups,
                            "fields": [self[f"{prefix}_{code}"] for code in ORDER],
                        }
                    )
                continue
            rows.append({"field": field})
        return rows

    def texts(self, prefix: str) -> Text:
        """What was typed in the group ``prefix``, per language."""
        data = self.cleaned_data
        return Text(**{lang: str(data.get(f"{prefix}_{lang}") or "").strip() for lang in LANGS})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in self.required_groups:
            if not any(str(data.get(f"{prefix}_{lang}") or "").strip() for lang in LANGS):
                self.add_error(
                    f"{prefix}_ru",
                    _("Give it in at least one language: Russian, Chinese or English."),
                )
        return data


def texts_in(data: Mapping[str, Any], prefix: str) -> Text | None:
    """The group ``prefix`` of a form's cleaned data as a Text; None when every language is
    empty (a service then takes its default: the proposal's title, no venue)."""
    text = Text(**{lang: str(data.get(f"{prefix}_{lang}") or "").strip() for lang in LANGS})
    return text if any(text[lang] for lang in LANGS) else None
