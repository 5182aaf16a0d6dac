"""The cities the reference data names in the three languages (summits' and councils'
cities, bodies' seats, the Organisation's founding cities, the places documents were signed).

A meeting's venue typed in one language is given its other two from here when it is one of
these cities: "Bishkek", "Бишкек" and "比什凯克" are the same venue, and none of them is a
translation pending. Read from the shipped data file, so a migration can use it before the
registry is loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from secretariat.procedure.text import LANGS, Text
from secretariat.reference_data import REFERENCE_FILE

#: The keys of the data file whose value is a place in en/ru/zh.
PLACE_KEYS = ("city", "seat_city", "founding_city", "charter_signed_city", "place")


def _places(node: Any) -> Iterator[Text]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if (
                key in PLACE_KEYS
                and isinstance(value, Mapping)
                and all(str(value.get(lang) or "").strip() for lang in LANGS)
            ):
                yield Text(**{lang: str(value[lang]).strip() for lang in LANGS})
            else:
                yield from _places(value)
    elif isinstance(node, list):
        for value in node:
            yield from _places(value)


@cache
def known_cities(path: Path = REFERENCE_FILE) -> dict[str, Text]:
    """Every city of the data file by each of its names (English compared case-blind)."""
    found: dict[str, Text] = {}
    for text in _places(yaml.safe_load(path.read_text(encoding="utf-8"))):
        for lang in LANGS:
            found.setdefault(_key(text[lang]), text)
    return found


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def city_named(name: str) -> Text | None:
    """The city called ``name`` in any of the three languages, or None when the reference
    data does not know it."""
    return known_cities().get(_key(name)) if name.strip() else None
