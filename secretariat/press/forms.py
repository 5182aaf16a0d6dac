"""Forms of the press pages: items, catalogue entries, requests for materials and answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.translated import HTML_LANG
from secretariat.core.widgets import DateInput
from secretariat.press.models import CatalogueKind, PressKind
from secretariat.registry.models import State
from secretariat.registry.selectors import member_states_on

_DATE = DateInput()
_TEXT = forms.Textarea(attrs={"rows": 6})


class _InLanguages(forms.Form):
    """Each version's input says its language (``lang``), so that the English version shown
    in its field on a Russian or Chinese page is marked as the English text it is."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            lang = HTML_LANG.get(name.rpartition("_")[2])
            if lang is not None:
                field.widget.attrs["lang"] = lang


class PressItemForm(_InLanguages):
    kind = forms.ChoiceField(label=_("Kind"), choices=PressKind.choices)
    title_en = forms.CharField(label=_("Title in English"), max_length=500, required=False)
    body_en = forms.CharField(label=_("Text in English"), widget=_TEXT, required=False)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=500, required=False)
    body_ru = forms.CharField(label=_("Text in Russian"), widget=_TEXT, required=False)
    title_zh = forms.CharField(label=_("Title in Chinese"), max_length=500, required=False)
    body_zh = forms.CharField(label=_("Text in Chinese"), widget=_TEXT, required=False)
    slug = forms.CharField(
        label=_("Address (made from the title when empty)"), max_length=120, required=False
    )
    held_on = forms.DateField(label=_("Briefing held on"), widget=_DATE, required=False)

    def texts(self, prefix: str) -> dict[str, str]:
        return {lang: self.cleaned_data[f"{prefix}_{lang}"] for lang in ("en", "ru", "zh")}


class CatalogueEntryForm(_InLanguages):
    kind = forms.ChoiceField(label=_("Kind"), choices=CatalogueKind.choices)
    title_en = forms.CharField(label=_("Title in English"), max_length=500, required=False)
    description_en = forms.CharField(
        label=_("Description in English"), widget=_TEXT, required=False
    )
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=500, required=False)
    description_ru = forms.CharField(
        label=_("Description in Russian"), widget=_TEXT, required=False
    )
    title_zh = forms.CharField(label=_("Title in Chinese"), max_length=500, required=False)
    description_zh = forms.CharField(
        label=_("Description in Chinese"), widget=_TEXT, required=False
    )
    url = forms.CharField(
        label=_("Address of the page (/rules/SEC-DATABANK/ or https://...)"),
        max_length=500,
        required=False,
    )
    file = forms.FileField(label=_("Or a file"), required=False)

    def texts(self, prefix: str) -> dict[str, str]:
        return {lang: self.cleaned_data[f"{prefix}_{lang}"] for lang in ("en", "ru", "zh")}


class RequestForm(_InLanguages):
    title_en = forms.CharField(label=_("What is requested, in English"), required=False)
    text_en = forms.CharField(label=_("Details in English"), widget=_TEXT, required=False)
    title_ru = forms.CharField(label=_("What is requested, in Russian"), required=False)
    text_ru = forms.CharField(label=_("Details in Russian"), widget=_TEXT, required=False)
    title_zh = forms.CharField(label=_("What is requested, in Chinese"), required=False)
    text_zh = forms.CharField(label=_("Details in Chinese"), widget=_TEXT, required=False)
    states = forms.ModelMultipleChoiceField(
        label=_("Member states asked"),
        queryset=State.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    due_on = forms.DateField(label=_("Due on"), widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["states"]
        field.queryset = member_states_on(timezone.localdate()).order_by("code")
        field.label_from_instance = lambda s: s.name

    def texts(self, prefix: str) -> dict[str, str]:
        return {lang: self.cleaned_data[f"{prefix}_{lang}"] for lang in ("en", "ru", "zh")}


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=_TEXT)
    file = forms.FileField(label=_("File (optional)"), required=False)
