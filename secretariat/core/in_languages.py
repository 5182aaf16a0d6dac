"""Content entered in the three languages, and rows named in them, on forms and in services.

- :func:`script_lang` tells the language a text is written in from its script (Cyrillic:
  Russian, Chinese characters: Chinese, else English): how a text given without its language
  (an older API client, a value from before a field had three languages) is filed;
- :func:`texts_given` reads a field's versions, given as a mapping or as one text;
- :func:`in_three_languages` declares a field's three inputs, Russian and Chinese (the
  authentic languages) first; :class:`InLanguagesForm` requires at least one of them;
- :class:`NamedChoice` / :class:`NamedChoices` offer rows (bodies, states, delegations,
  articles) by their name in the reader's language, sorted by that name (:func:`by_name`),
  never by their code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from secretariat.core.lang import current_lang
from secretariat.core.translated import translated
from secretariat.procedure.text import LANGS, Lang

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

#: The order of a field's inputs on a form: the SCO's authentic languages first.
FORM_ORDER: tuple[Lang, ...] = ("ru", "zh", "en")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def script_lang(text: str) -> Lang:
    """The language ``text`` is written in, as its script tells: Chinese characters win over
    Cyrillic (a Chinese text may cite a Russian name), Cyrillic over Latin."""
    if _CJK.search(text):
        return "zh"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def texts_given(value: str | Mapping[str, str] | None) -> dict[Lang, str]:
    """A field's versions, stripped, one per language (empty where not given): ``value`` is
    either a mapping of language to text, or one text filed under the language of its
    script."""
    found: dict[Lang, str] = dict.fromkeys(LANGS, "")
    if value is None:
        return found
    if isinstance(value, str):
        text = value.strip()
        if text:
            found[script_lang(text)] = text
        return found
    for lang in LANGS:
        found[lang] = str(value.get(lang) or "").strip()
    return found


def in_three_languages(
    *,
    ru: str | _StrPromise,
    zh: str | _StrPromise,
    en: str | _StrPromise,
    max_length: int | None = None,
    textarea: bool = False,
) -> tuple[forms.CharField, forms.CharField, forms.CharField]:
    """A field's Russian, Chinese and English inputs, in that order, each marked with its
    ``lang``; none required alone (:class:`InLanguagesForm` asks for one of them)."""
    labels = {"ru": ru, "zh": zh, "en": en}

    def field(lang: Lang) -> forms.CharField:
        attrs = {"lang": "zh-Hans" if lang == "zh" else lang}
        widget = forms.Textarea(attrs={**attrs, "rows": 3}) if textarea else forms.TextInput(attrs)
        return forms.CharField(
            label=labels[lang], max_length=max_length, required=False, widget=widget
        )

    return field("ru"), field("zh"), field("en")


class InLanguagesForm(forms.Form):
    """A form with fields entered in three languages (``{prefix}_ru/_zh/_en``)."""

    #: Prefixes of the fields of which at least one language must be given.
    one_language_required: tuple[str, ...] = ()
    #: Prefixes whose three inputs the cleaned data gives as one mapping of language to text,
    #: under the prefix (``cleaned_data["place"] == {"ru": ..., "zh": ..., "en": ...}``), the
    #: shape the services take.
    gathered: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in self.one_language_required:
            if not any(str(data.get(f"{prefix}_{lang}") or "").strip() for lang in LANGS):
                self.add_error(
                    f"{prefix}_{FORM_ORDER[0]}", _("Give it in at least one of the languages.")
                )
        for prefix in self.gathered:
            data[prefix] = {lang: str(data.pop(f"{prefix}_{lang}", "") or "") for lang in LANGS}
        return data

    def texts(self, prefix: str) -> dict[str, str]:
        """The versions of ``prefix`` entered, one per language."""
        data = self.cleaned_data
        given = data.get(prefix) if prefix in self.gathered else None
        if not isinstance(given, dict):
            given = {lang: data.get(f"{prefix}_{lang}") or "" for lang in LANGS}
        return {str(lang): text for lang, text in texts_given(given).items()}


def initial_texts(row: Any, *prefixes: str) -> dict[str, str]:
    """A form's initial values for ``row``'s fields entered in three languages."""
    return {
        f"{p}_{lang}": str(getattr(row, f"{p}_{lang}") or "") for p in prefixes for lang in LANGS
    }


def by_name(rows: QuerySet[Any]) -> QuerySet[Any]:
    """``rows`` (named ``name_en/_ru/_zh``) sorted by their name in the reader's language."""
    return rows.order_by(f"name_{current_lang()}", "name_en")


class _ByName(ModelChoiceIterator):  # type: ignore[type-arg]  # stubs want the model
    """Offers the rows sorted by their name in the language of the page being rendered (not
    of the moment the form class was made)."""

    def __iter__(self) -> Any:
        self.queryset = by_name(self.queryset)
        return super().__iter__()


class NamedChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs want the model
    """A row offered by its name in the reader's language, sorted by it."""

    iterator = _ByName

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class NamedChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # same
    """Rows offered by their names in the reader's language, sorted by them."""

    iterator = _ByName

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def text_columns(
    *, en: str | _StrPromise, ru: str | _StrPromise, zh: str | _StrPromise, max_length: int | None
) -> tuple[models.Field[Any, Any], models.Field[Any, Any], models.Field[Any, Any]]:
    """A content field's English, Russian and Chinese columns (``{prefix}_en/_ru/_zh``), each
    blank: which of them are required is the service's to say. A text column when
    ``max_length`` is None."""

    def column(verbose: str | _StrPromise) -> models.Field[Any, Any]:
        if max_length is None:
            return models.TextField(verbose, blank=True)
        return models.CharField(verbose, max_length=max_length, blank=True)

    return column(en), column(ru), column(zh)


def shown_text(prefix: str) -> property:
    """A read-only ``prefix`` attribute: the text in the reader's language, or another
    language's as a stand-in. For code that reads one text (a calendar entry, an older API
    answer); pages mark the stand-in with ``{% translated row "prefix" %}``."""

    def read(row: Any) -> str:
        return str(translated(row, prefix, current_lang()) or "")

    return property(read, doc=f"``{prefix}`` in the reader's language (or a stand-in).")


def texts_columns(prefix: str, value: str | Mapping[str, str] | None) -> dict[str, str]:
    """``prefix``'s three columns from the versions given (one text: in its script's
    language)."""
    return {f"{prefix}_{lang}": text for lang, text in texts_given(value).items()}
