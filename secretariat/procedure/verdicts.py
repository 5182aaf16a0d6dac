"""Verdicts: what a check decided, the facts it used, the rules it applied, its warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Lang, Message


class InputError(ValueError):
    """The question cannot be asked: bad or impossible input. ``code`` is stable.

    ``field`` names the input at fault (``meeting_start``, ``received``, ...) when there is
    one; its message then has a ``{field}`` placeholder that each caller fills with its own
    name for it: the command line its flag, the web page its label in the reader's
    language, the API its query parameter (the default: the field's own name).
    """

    def __init__(self, code: str, message: Message, *, field: str | None = None) -> None:
        self.code = code
        self.field = field
        self.message = message
        super().__init__(self.render("en"))

    def render(self, lang: Lang, labels: Mapping[str, object] | None = None) -> str:
        if self.field is None or "field" in self.message.params:
            return self.message.render(lang)
        label = (labels or {}).get(self.field, self.field)
        return Message(self.message.code, {**self.message.params, "field": label}).render(lang)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer of a check, renderable in en, ru and zh."""

    #: Which check: quorum, consensus, chair, convening, notice, ...
    check: str
    #: A stable code for the outcome: quorate, not_quorate, adopted, not_adopted, ...
    outcome: str
    #: Whether the outcome lets the procedure go on.
    ok: bool
    #: One sentence saying what was decided and why.
    summary: Message
    #: The facts the check used, as plain JSON-ready values.
    facts: Mapping[str, Any]
    #: Ids of the rules applied, in the order they were applied.
    rules: tuple[str, ...]
    warnings: tuple[Message, ...] = field(default_factory=tuple)

    def citations(self, book: Rulebook, lang: Lang) -> list[dict[str, str]]:
        out = []
        for rule_id in self.rules:
            rule = book.rule(rule_id)
            out.append(
                {
                    "id": rule.id,
                    "source": rule.cite(),
                    "citation": rule.citation(lang),
                    "wording": rule.wording[lang],
                    "original": rule.original_text,
                }
            )
        return out

    def render(self, book: Rulebook, lang: Lang) -> dict[str, Any]:
        """A JSON-ready explanation in ``lang``."""
        return {
            "check": self.check,
            "outcome": self.outcome,
            "ok": self.ok,
            "summary": self.summary.render(lang),
            "facts": dict(self.facts),
            "rules": self.citations(book, lang),
            "warnings": [w.render(lang) for w in self.warnings],
        }
