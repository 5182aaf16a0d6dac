"""The site serves its own Chinese font, so a computer without CJK fonts shows Chinese pages
instead of empty boxes (issue 17): a WOFF2 subset of Noto Sans CJK SC that holds every
character of the site's Chinese texts (catalogue, templates, rules and reference data, seed
and demo texts) and the 3,755 most common characters."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.contrib.staticfiles import finders
from django.test import Client
from fontTools.ttLib import TTFont

from secretariat.web.fontsubset import gb2312_level1, in_ranges, repository_characters

FONT = "web/fonts/noto-sans-sc-subset.woff2"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served() -> bytes:
    response = Client().get(f"/static/{FONT}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def covered(served: bytes) -> set[str]:
    font = TTFont(io.BytesIO(served))
    assert font.flavor == "woff2"
    return {chr(code) for code in font.getBestCmap()}


def test_the_font_is_served_as_a_small_valid_woff2(served: bytes) -> None:
    assert served[:4] == b"wOF2"
    assert len(served) < 2 * 1024 * 1024
    assert TTFont(io.BytesIO(served))["name"].getDebugName(1) == "Noto Sans CJK SC"


def test_it_holds_every_character_of_the_chinese_catalogue(covered: set[str]) -> None:
    with (ROOT / "locale/zh_Hans/LC_MESSAGES/django.po").open("rb") as po:
        catalogue = read_po(po)
    used = {c for message in catalogue for text in _texts(message.string) for c in text}
    used = {c for c in used if in_ranges(c)}
    assert used, "the Chinese catalogue has Chinese text"
    assert not used - covered, "".join(sorted(used - covered))


def test_it_holds_every_chinese_character_of_the_repository(covered: set[str]) -> None:
    # Templates, rule books, reference data, messages.yaml, seed and demo texts.
    missing = repository_characters() - covered
    assert not missing, "run `python -m secretariat.web.fontsubset` to add: " + "".join(
        sorted(missing)
    )


def test_it_holds_the_most_common_characters_and_chinese_punctuation(covered: set[str]) -> None:
    assert set(gb2312_level1()) <= covered
    assert set("，。：；？！（）《》、「」") <= covered


def test_the_stylesheet_uses_it_for_chinese_text_once_loaded() -> None:
    css = Path(finders.find("web/site.css")).read_text()  # type: ignore[arg-type]
    face = re.search(r"@font-face\s*{(.*?)}", css, re.S)
    assert face is not None
    assert 'url("fonts/noto-sans-sc-subset.woff2") format("woff2")' in face.group(1)
    assert "font-display: swap;" in face.group(1)
    assert "unicode-range: U+" in face.group(1)
    assert "U+4E00-9FFF" in face.group(1)
    assert re.search(r':lang\(zh\)\s*{\s*font-family: "Secretariat Noto Sans SC"', css)


def _texts(string: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's translation, or each of its plural forms."""
    return (string,) if isinstance(string, str) else tuple(string)


@pytest.mark.django_db
def test_a_chinese_page_fetches_the_font_beside_its_stylesheet_and_others_do_not() -> None:
    preload = f'<link rel="preload" href="/static/{FONT}" as="font" type="font/woff2" crossorigin>'
    assert preload in Client().get("/zh-hans/rules/").content.decode()
    assert preload not in Client().get("/ru/rules/").content.decode()
