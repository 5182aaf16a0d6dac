"""Split a text into the passages its rules cite: articles (§N), lines (¶N) or sections.

No Django here: a splitter takes the file's text and returns plain values, so it is tested
and reused without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

#: "12. ..." opens article §12 (the Secretariat's duties, the Board's regulation).
ARTICLE = re.compile(r"^\s*(\d+)\.\s+")
#: "## **TITLE**" opens a section (the Strategy); deeper headings stay inside their section.
SECTION = re.compile(r"^##\s+(.+?)\s*$")
#: Any Markdown heading, for the heading an article falls under.
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


class Layout(StrEnum):
    ARTICLES = "articles"
    LINES = "lines"
    SECTIONS = "sections"


@dataclass(frozen=True, slots=True)
class Piece:
    number: int
    label: str
    heading: str
    text: str
    language: str


def plain(line: str) -> str:
    """Strip Markdown emphasis and trailing hard breaks from a line."""
    return line.replace("**", "").strip().strip("*").strip()


def language_of(text: str) -> str:
    """Guess en, ru or zh from the script most of the letters are written in."""
    counts = {
        "ru": len(CYRILLIC.findall(text)),
        "zh": len(HAN.findall(text)),
        "en": len(LATIN.findall(text)),
    }
    return max(counts, key=lambda lang: counts[lang])


def layout_of(text: str) -> Layout:
    """Pick the layout: numbered articles first, since a regulation may also have headings."""
    lines = text.splitlines()
    # Three numbered lines make a list of articles, not a stray date or figure.
    if sum(1 for line in lines if ARTICLE.match(line)) >= 3:
        return Layout.ARTICLES
    if any(SECTION.match(line) for line in lines):
        return Layout.SECTIONS
    return Layout.LINES


def split(text: str) -> list[Piece]:
    """Split a text into numbered passages labelled as the rules cite them."""
    layout = layout_of(text)
    if layout is Layout.ARTICLES:
        blocks = _articles(text)
    elif layout is Layout.SECTIONS:
        blocks = _sections(text)
    else:
        blocks = _lines(text)
    pieces: list[Piece] = []
    for label, heading, body in blocks:
        joined = "\n".join(body).strip()
        if not joined and not heading:
            continue
        pieces.append(
            Piece(
                number=len(pieces) + 1,
                label=label,
                heading=heading,
                text=joined,
                language=language_of(heading + " " + joined),
            )
        )
    return pieces


Block = tuple[str, str, list[str]]


def _articles(text: str) -> list[Block]:
    # What precedes the first article (title, preamble) is a passage with no label; a
    # paragraph after an article without a number of its own belongs to that article.
    blocks: list[Block] = [("", "", [])]
    heading = ""
    for line in text.splitlines():
        if article := ARTICLE.match(line):
            blocks.append((f"§{article.group(1)}", heading, [line.strip()]))
        elif found := HEADING.match(line):
            heading = plain(found.group(1))
            if len(blocks) == 1:
                blocks[0][2].append(heading)
        elif line.strip():
            blocks[-1][2].append(plain(line) if len(blocks) == 1 else line.strip())
    return blocks


def _sections(text: str) -> list[Block]:
    blocks: list[Block] = [("", "", [])]
    for line in text.splitlines():
        if section := SECTION.match(line):
            title = plain(section.group(1))
            blocks.append((title, title, []))
        elif line.strip():
            blocks[-1][2].append(line.strip())
    return blocks


def _lines(text: str) -> list[Block]:
    return [(f"¶{n}", "", [line.strip()]) for n, line in enumerate(_nonempty(text), start=1)]


def _nonempty(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]
