"""How the history pages name a column and a kind of object in the reader's language.

A field with a translatable ``verbose_name`` is named by it. Most registry columns have none
(Django makes "official name en" of ``official_name_en``), so the common column names, the
language suffixes of the ``{prefix}_en/_ru/_zh`` columns and the common kinds of object are
named here; anything else keeps its identifier, which the page also shows in a ``title``.
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from secretariat.core.lang import current_lang

#: Common column names, without a language suffix.
COLUMNS: dict[str, Promise] = {
    "name": pgettext_lazy("column of a record in its history", "name"),
    "official_name": pgettext_lazy("column of a record in its history", "official name"),
    "abbreviation": pgettext_lazy("column of a record in its history", "abbreviation"),
    "notes": pgettext_lazy("column of a record in its history", "notes"),
    "confidence": pgettext_lazy("column of a record in its history", "confidence"),
    "sources": pgettext_lazy("column of a record in its history", "sources"),
    "code": pgettext_lazy("column of a record in its history", "code"),
    "alpha3": pgettext_lazy("column of a record in its history", "three-letter code"),
    "title": pgettext_lazy("column of a record in its history", "title"),
    "place": pgettext_lazy("column of a record in its history", "place"),
    "date": pgettext_lazy("column of a record in its history", "date"),
    "status": pgettext_lazy("column of a record in its history", "status"),
    "basis": pgettext_lazy("column of a record in its history", "basis"),
    "valid_from": pgettext_lazy("column of a record in its history", "valid from"),
    "valid_to": pgettext_lazy("column of a record in its history", "valid to"),
    "kind": pgettext_lazy("column of a record in its history", "kind"),
    "state": pgettext_lazy("column of a record in its history", "state"),
}

#: A column in one language: "name (English)".
IN_LANGUAGE: dict[str, Promise] = {
    "en": pgettext_lazy("column of a record in its history", "%(column)s (English)"),
    "ru": pgettext_lazy("column of a record in its history", "%(column)s (Russian)"),
    "zh": pgettext_lazy("column of a record in its history", "%(column)s (Chinese)"),
}

#: The language of a value, by its column's suffix, as an HTML ``lang``.
HTML_LANG = {"en": "en", "ru": "ru", "zh": "zh-Hans"}

#: Common kinds of object whose model has no translated ``verbose_name``.
KINDS: dict[str, Promise] = {
    "registry.state": pgettext_lazy("kind of object", "state"),
    "registry.statestatus": pgettext_lazy("kind of object", "status of a state"),
    "registry.body": pgettext_lazy("kind of object", "body"),
    "registry.internationalorganisation": pgettext_lazy("kind of object", "partner organisation"),
    "registry.cooperationdocument": pgettext_lazy("kind of object", "cooperation document"),
}


def object_name(obj: models.Model) -> str:
    """How an object calls itself, in the reader's language when it is named in three
    (``name_en/_ru/_zh``: a state, a body), else as it says."""
    named = getattr(obj, "name_en", None)
    if isinstance(named, str):
        return str(getattr(obj, f"name_{current_lang()}", "") or named)
    return str(obj)


def language_of(name: str) -> str:
    """The suffix of a ``{prefix}_en/_ru/_zh`` column ("" for any other column)."""
    base, _sep, suffix = name.rpartition("_")
    return suffix if base and suffix in IN_LANGUAGE else ""


def column_label(model: type[models.Model] | None, name: str, verbose_name: object) -> str:
    """A column's label in the reader's language: its translatable ``verbose_name``, else
    built from the vocabulary, else its identifier."""
    if isinstance(verbose_name, Promise):
        return str(verbose_name)
    lang = language_of(name)
    base = name[: -len(lang) - 1] if lang else name
    label = COLUMNS.get(base)
    if label is None:
        return str(verbose_name or name)
    return str(IN_LANGUAGE[lang]) % {"column": label} if lang else str(label)


def kind_label(model: type[models.Model]) -> str:
    """A kind of object as people call it, in the reader's language where known."""
    verbose = model._meta.verbose_name
    if isinstance(verbose, Promise):
        return str(verbose)
    return str(KINDS.get(model._meta.label_lower, verbose))


def value_lang(model: type[models.Model] | None, name: str) -> str:
    """The HTML ``lang`` of a column's values: that of its language suffix, English for the
    columns a model says it keeps as the sources give them (``given_in_english``), else ""."""
    lang = language_of(name)
    if lang:
        return HTML_LANG[lang]
    return "en" if name in getattr(model, "given_in_english", ()) else ""
