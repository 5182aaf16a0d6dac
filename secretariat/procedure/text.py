"""Text in the three languages of the Secretariat, and the engine's message catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml

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
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        template = catalogue()[self.code][lang]
        values = {k: _render_value(v, lang) for k, v in self.params.items()}
        return template.format(**values)


def _render_value(value: object, lang: Lang) -> object:
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
