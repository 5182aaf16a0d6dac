"""Lists of names in the reader's order (issue 17): a Russian reader finds the member states
in Russian alphabetical order, a Chinese reader by pinyin, as their dictionaries order words,
not in the order of the English names.

Russian: by letters regardless of case, «ё» with «е» (the dictionaries' order; in Unicode «ё»
would come after «я»). Chinese: syllable by syllable by pinyin, then tone (pypinyin, with its
phrase readings: 重庆 is chong, not zhong), then the character, so homophones keep a stable
order. English: by letters regardless of case. Ties fall back to the text itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

from django.forms.models import ModelChoiceIterator
from pypinyin import Style, lazy_pinyin

from secretariat.core.lang import current_lang
from secretariat.procedure.text import Lang

T = TypeVar("T")

CollationKey = tuple[tuple[tuple[str, int, str], ...], str]


@lru_cache(maxsize=4096)
def collation_key(text: str, lang: Lang) -> CollationKey:
    """A key that orders ``text`` among others as ``lang``'s readers expect."""
    folded = text.strip().casefold()
    if lang == "zh":
        return tuple(_syllables(folded)), text
    if lang == "ru":
        folded = folded.replace("ё", "е")
    return tuple((ch, 0, ch) for ch in folded), text


def _syllables(text: str) -> list[tuple[str, int, str]]:
    # One reading per Chinese character (phrases read as words); anything else one by one.
    # pypinyin's stubs say ``errors`` gives a str; it takes a list too (one item a character).
    readings = lazy_pinyin(
        text,
        style=Style.TONE3,
        neutral_tone_with_five=True,
        errors=lambda rest: list(rest),  # type: ignore[arg-type,return-value]
    )
    found: list[tuple[str, int, str]] = []
    chars = iter(text)
    for reading in readings:
        char = next(chars, "")
        if reading[-1:].isdigit() and len(reading) > 1:
            found.append((reading[:-1], int(reading[-1]), char))
        else:
            found.append((reading, 0, char))
    return found


def sorted_by_name(
    items: Iterable[T], name: Callable[[T, Lang], str], lang: Lang | None = None
) -> list[T]:
    """``items`` ordered by ``name(item, lang)`` in ``lang`` (default: the reader's)."""
    code = current_lang() if lang is None else lang
    return sorted(items, key=lambda item: collation_key(name(item, code), code))


def by_names(row: object, lang: Lang) -> str:
    """A row's name in ``lang`` (``name_en``/``name_ru``/``name_zh``), English where the
    language's is empty: the name a list shows."""
    return str(getattr(row, f"name_{lang}", "") or getattr(row, "name_en", "") or "")


class CollatedChoices(ModelChoiceIterator):  # type: ignore[type-arg]  # stubs want the model
    """A model choice field's options (states, bodies) in the reader's order of their names."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted_by_name(self.queryset, by_names):
            yield self.choice(obj)
