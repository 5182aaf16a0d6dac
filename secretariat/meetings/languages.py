"""What a meeting's content holds in each language, and what its minutes still lack.

A content field (the venue, a proposal's or an item's title) is stored in en/ru/zh
(``core.translated``). A text given as one string (the old single fields of the API, the
factories of other apps) is put in the language its script shows (Cyrillic: Russian,
Chinese characters: Chinese) and otherwise in the caller's language; a venue that is a city
of the reference data gets its three names at once (``registry.cities``).

The minutes are signed in the authentic languages, Russian and Chinese (the English text is
a working translation): while the venue or an agenda item's title has no Russian or Chinese
text, the minutes are not frozen for signature and signing is refused
(``minutes_translation_pending``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils import translation

from secretariat.core.lang import django_language
from secretariat.core.translated import PENDING, in_language, pending_languages, translated
from secretariat.procedure.text import LANGS, Lang, Message, Text
from secretariat.registry.cities import city_named

#: The languages whose text of the minutes is authentic (the Russian one prevails).
AUTHENTIC: tuple[Lang, ...] = ("ru", "zh")
EMPTY = Text(en="", ru="", zh="")


def script_lang(value: str) -> Lang | None:
    """The language ``value``'s letters are written in, when they show it: Cyrillic is
    Russian, Chinese characters are Chinese; None for Latin text (English or a name)."""
    for char in value:
        name = unicodedata.name(char, "")
        if name.startswith("CYRILLIC"):
            return "ru"
        if name.startswith("CJK UNIFIED IDEOGRAPH"):
            return "zh"
    return None


def one_language(value: str, lang: Lang) -> Text:
    """``value`` as a Text holding it in one language: the one its script shows, else
    ``lang`` (the caller's)."""
    value = value.strip()
    if not value:
        return EMPTY
    placed = script_lang(value) or lang
    return Text(**{code: value if code == placed else "" for code in LANGS})


def venue_text(value: str, lang: Lang = "en") -> Text:
    """A venue typed in one language: a known city in its three names, else
    ``one_language``."""
    return city_named(value) or one_language(value, lang)


def cleaned(text: Text | None) -> Text:
    """``text`` stripped, empty where None."""
    if text is None:
        return EMPTY
    return Text(**{lang: (text[lang] or "").strip() for lang in LANGS})


def venue_completed(text: Text) -> Text:
    """A venue with its empty languages filled from the reference data when one of its names
    is a known city (a language the user gave is kept as given)."""
    for lang in LANGS:
        city = city_named(text[lang]) if text[lang] else None
        if city is not None:
            return Text(**{code: text[code] or city[code] for code in LANGS})
    return text


@dataclass(frozen=True, slots=True)
class Missing:
    """The content of the minutes without a text in ``lang``: the venue, item numbers."""

    lang: Lang
    venue: bool
    items: tuple[int, ...]


def missing_authentic(meeting: object) -> list[Missing]:
    """For each authentic language, what of the minutes' content has no text in it yet."""
    items = list(meeting.agenda_items.order_by("number"))  # type: ignore[attr-defined]
    found: list[Missing] = []
    for lang in AUTHENTIC:
        venue = lang in pending_languages(meeting, "venue_city", AUTHENTIC)
        numbers = tuple(i.number for i in items if lang in pending_languages(i, "title", AUTHENTIC))
        if venue or numbers:
            found.append(Missing(lang, venue, numbers))
    return found


#: A language as the sentence "no text in it yet" names it.
LANGUAGE_IN: dict[Lang, Text] = {
    "en": Text(en="English", ru="на английском языке", zh="英文"),
    "ru": Text(en="Russian", ru="на русском языке", zh="俄文"),
    "zh": Text(en="Chinese", ru="на китайском языке", zh="中文"),
}
#: Between the things named, in each language.
SEPARATOR = Text(en="; ", ru="; ", zh="；")


def _what(m: Missing) -> Text:
    """The venue and the items of ``m`` named in each language (nominative in Russian)."""
    pieces: list[Message] = []
    if m.venue:
        pieces.append(Message("meetings.content_venue"))
    if len(m.items) == 1:
        pieces.append(Message("meetings.content_item", {"items": list(m.items)}))
    elif m.items:
        pieces.append(Message("meetings.content_items", {"items": list(m.items)}))
    return Text(**{lang: SEPARATOR[lang].join(p.render(lang) for p in pieces) for lang in LANGS})


def missing_message(missing: list[Missing]) -> Message:
    """Why the minutes cannot be signed yet, naming per authentic language what has no text
    in it: "No Chinese text yet: the venue; agenda items 2, 4"."""
    sentences = [
        Message("meetings.no_text_in", {"language": LANGUAGE_IN[m.lang], "what": _what(m)})
        for m in missing
    ]
    joined = Text(
        **{
            lang: ("" if lang == "zh" else " ").join(s.render(lang) for s in sentences)
            for lang in LANGS
        }
    )
    return Message("meetings.minutes_translation_pending", {"missing": joined})


def marked(row: object, prefix: str, lang: Lang) -> str:
    """``row``'s ``prefix`` field as plain text for a reader of ``lang`` (the minutes PDF, the
    Akoma Ntoso export): its own text, or another language's followed by "(translation
    pending)" in ``lang``; "" when no language holds it."""
    shown = translated(row, prefix, lang)
    if shown is None:
        return ""
    if not shown.pending:
        return shown.text
    with translation.override(django_language(lang)):
        return f"{shown.text} ({PENDING})"


def any_given(text: Text) -> bool:
    """Whether ``text`` holds something in some language."""
    return any(text[lang].strip() for lang in LANGS)


def for_sentence(text: Text) -> Text:
    """``text`` as a parameter of a sentence: in each language its own text, else the text
    given in another (ru, zh, en first), so a sentence never names an empty title."""
    return Text(**{lang: str(in_language(text, lang) or "") for lang in LANGS})
