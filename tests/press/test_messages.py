"""The press app's sentences (procedure/messages/press.yaml): whole, in three languages."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
import yaml

import secretariat.press as press_package
from secretariat.procedure.text import LANGS, Message, catalogue

FILE = Path(press_package.__file__).resolve().parents[1] / "procedure" / "messages" / "press.yaml"
RAW = yaml.safe_load(FILE.read_text(encoding="utf-8"))["messages"]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("code", sorted(RAW))
def test_a_sentence_has_the_same_placeholders_in_each_language_and_is_translated(
    code: str,
) -> None:
    texts = RAW[code]
    params = {name: f"<{name}>" for name in placeholders(texts["en"])}

    rendered = {lang: Message(code, params).render(lang) for lang in LANGS}

    assert placeholders(texts["ru"]) == placeholders(texts["zh"]) == set(params)
    assert len(set(rendered.values())) == 3


def test_every_sentence_the_app_names_is_in_the_catalogue() -> None:
    named: set[str] = set()
    for path in Path(press_package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith("press.")
                and " " not in node.value
            ):
                named.add(node.value)

    assert named
    assert named <= set(catalogue())
    assert all(code.startswith("press.") for code in RAW)
