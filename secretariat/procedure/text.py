"""Text in the three languages of the Secretariat, and the engine's message catalogue."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from secretariat.procedure import formatting

Lang = Literal["en", "ru", "zh"]
LANGS: tuple[Lang, ...] = ("en", "ru", "zh")

_HERE = Path(__file__).parent


class TextError(ValueError):
    """A data file holds text that is not in all three languages."""


@dataclass(frozen=True, slots=True)
class Text:
    """One piece of text in English, Russian and Chinese."""

    en: str
    ru: str
    zh: str

    def __getitem__(self, lang: Lang) -> str:
        return cast(str, getattr(self, lang))

    @classmethod
    def from_mapping(cls, value: Any, where: str) -> Text:
        """Build from a ``{en, ru, zh}`` mapping, naming ``where`` when one is missing."""
        if not isinstance(value, Mapping):
            raise TextError(f"{where}: expected a mapping with en, ru and zh")
        missing = [lang for lang in LANGS if not str(value.get(lang) or "").strip()]
        if missing:
            raise TextError(f"{where}: missing text in {', '.join(missing)}")
        return cls(en=str(value["en"]), ru=str(value["ru"]), zh=str(value["zh"]))

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "ru": self.ru, "zh": self.zh}


def parse_lang(value: str) -> Lang:
    """Map a language code (en, ru, zh, zh-hans, ru-RU, ...) to one of ours; default English."""
    code = value.lower()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("ru"):
        return "ru"
    return "en"


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence of the catalogue with its parameters, rendered late in the reader's language.

    Parameters that are themselves ``Text`` or ``Message`` render in the same language.
    A word that agrees with a number is written ``{count|form|form|form}`` in the catalogue:
    the forms of the language for that number (Russian one|few|many: «1 государства-члена»,
    «5 государств-членов»; English one|other; Chinese needs none).
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        template = catalogue()[self.code][lang]
        template = _PLURAL.sub(lambda m: _plural_form(lang, self.params, m), template)
        values = {
            k: _render_value(_cited(v) if k in RULE_PARAMS else v, lang)
            for k, v in self.params.items()
        }
        for name, value in values.items():
            # A value that ends a sentence with its own full stop («6 декабря 2026 г.») takes
            # the sentence's: never «г..».
            if isinstance(value, str) and value.endswith("."):
                template = template.replace("{" + name + "}.", "{" + name + "}")
        return template.format(**values)


#: Parameters that name rules. Their values may be the machine's ids («BCB-EXTRA-NOTICE-30D»,
#: "A, B", a list), as verdicts and audit entries keep them; a sentence never shows an id: it
#: cites each rule by its source's title and paragraph in the reader's language.
RULE_PARAMS = frozenset({"rule", "rules"})


def _cited(value: object) -> object:
    # rules.py builds on this module: the rulebook is reached when a sentence is rendered.
    from secretariat.procedure.rules import cited_ids

    return cited_ids(value)


#: ``{count|form|form...}``: a word that agrees with the number ``count``.
_PLURAL = re.compile(r"\{(\w+)\|([^{}]*)\}")


#: Each language's plural rule, written as the ``Plural-Forms`` header of its .po file:
#: Russian one (1, 21) / few (2-4, 22-24) / many (5-20, 25...), English one / other.
PLURAL_FORMS: dict[Lang, str] = {
    "en": "n != 1",
    "ru": "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    "zh": "0",
}
_PLURAL_RULES = {lang: gettext.c2py(rule) for lang, rule in PLURAL_FORMS.items()}


def plural_index(lang: Lang, number: int) -> int:
    """Which of a language's forms goes with ``number`` (its .po file's plural rule)."""
    return int(_PLURAL_RULES[lang](abs(number)))


def _plural_form(lang: Lang, params: Mapping[str, object], match: re.Match[str]) -> str:
    """The form of the word for the parameter's number (a list counts its items)."""
    forms = match.group(2).split("|")
    value = params[match.group(1)]
    try:
        number = len(value) if isinstance(value, list | tuple) else int(str(value))
    except ValueError:
        # Not a number (a placeholder in a test of the catalogue): the most general form.
        return _literal(forms[-1])
    return _literal(forms[min(plural_index(lang, number), len(forms) - 1)])


def _literal(form: str) -> str:
    # The form goes into a format string: braces in it are literal.
    return form.replace("{", "{{").replace("}", "}}")


def _render_value(value: object, lang: Lang) -> object:
    """A parameter as the sentence's language writes it: a day «6 декабря 2026 г.» /
    «2026年12月6日» (English ISO, the house style), an amount «162 500,00 USD» /
    «US$162,500.00» (``formatting``, the pages' own formats)."""
    if isinstance(value, dt.date):
        return formatting.day_in(value, lang)
    if isinstance(value, formatting.Money):
        return formatting.money_in(value.amount, value.currency, lang)
    if isinstance(value, Text):
        return value[lang]
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, list | tuple):
        sep = "、" if lang == "zh" else ", "
        return sep.join(str(_render_value(v, lang)) for v in value)
    return value


@cache
def catalogue() -> dict[str, Text]:
    """The engine's sentences, each in en, ru and zh.

    ``messages.yaml`` holds the engine's own and the first apps'; each later area keeps its
    sentences in ``messages/<area>.yaml``. A code defined twice is an error, not an override.
    """
    files = [_HERE / "messages.yaml", *sorted((_HERE / "messages").glob("*.yaml"))]
    found: dict[str, Text] = {}
    for path in files:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for code, value in raw["messages"].items():
            if code in found:
                raise ValueError(f"{path.name}: message {code!r} is already defined")
            found[code] = Text.from_mapping(value, f"{path.name}: {code}")
    return found
