"""Build the site's Chinese web font: a WOFF2 subset of Noto Sans CJK SC.

A computer without CJK fonts showed every Chinese page as empty boxes. The full font is
19 MB (the ``noto-cjk-sans-otc`` package, which the PDFs use); the site serves a subset:
every character its Chinese texts use (the catalogues, templates, rule and reference data,
the seed and demo texts: every CJK character in the repository's text files) and the 3,755
most common Chinese characters (GB 2312 level 1, read from Python's own gb2312 codec, so
no list is downloaded). The result is committed (web/static/web/fonts/); rebuild it after
adding Chinese text with new characters: ``python -m secretariat.web.fontsubset`` (needs the
dev extras, fontTools and brotli). A test fails when a Chinese text uses a character the
font lacks.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Where the subset is written, served as static ``web/fonts/noto-sans-sc-subset.woff2``.
OUTPUT = Path(__file__).resolve().parent / "static" / "web" / "fonts" / "noto-sans-sc-subset.woff2"
#: The collection's members are JP, KR, SC, TC, HK: Simplified Chinese is the third.
SC_INDEX = 2
#: Folders whose text files are read for the characters the site shows in Chinese.
SOURCES = ("secretariat", "locale", "config")
SUFFIXES = {".po", ".py", ".html", ".yaml", ".yml", ".txt", ".json", ".md", ".csv", ".xml"}
#: The blocks the font serves (its @font-face unicode-range in web/static/web/site.css): CJK
#: punctuation, kana-free ideographs, compatibility ideographs, full-width forms.
RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》「」
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: ，：；？！（）
)


def in_ranges(char: str) -> bool:
    """Whether the font serves ``char`` (it lies in one of RANGES)."""
    code = ord(char)
    return any(low <= code <= high for low, high in RANGES)


def gb2312_level1() -> Iterator[str]:
    """The 3,755 characters of GB 2312 level 1 (rows 16-55), the most common in use."""
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                yield bytes((row, cell)).decode("gb2312")
            except UnicodeDecodeError:
                continue  # the end of row 55 is unassigned


def repository_characters(root: Path = ROOT) -> set[str]:
    """Every character in RANGES that the repository's text files contain."""
    found: set[str] = set()
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file() or "static" in path.parts:
                continue
            text = path.read_text(encoding="utf-8", errors="ignore")
            found.update(c for c in text if in_ranges(c))
    return found


def wanted_characters(root: Path = ROOT) -> set[str]:
    """The characters the subset holds."""
    return {
        *repository_characters(root),
        *gb2312_level1(),
        *(chr(c) for c in range(0x3000, 0x3040)),
        *(chr(c) for c in range(0xFF01, 0xFF5F)),
    }


def build(characters: Iterable[str], output: Path = OUTPUT) -> Path:
    """Write the WOFF2 subset of Noto Sans CJK SC holding ``characters``."""
    import noto_cjk_sans_otc
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(noto_cjk_sans_otc.FONT_PATH), fontNumber=SC_INDEX)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # screens of today need no CFF hints; a third of the size
    options.desubroutinize = True  # WOFF2's Brotli compresses the plain charstrings better
    options.layout_features = ["ccmp", "locl", "vert", "vrt2", "kern", "palt", "halt"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names, version: the OFL asks for them
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(str(output))
    return output


def main() -> int:
    characters = wanted_characters()
    path = build(characters)
    size = path.stat().st_size
    sys.stdout.write(f"{path.relative_to(ROOT)}: {len(characters)} characters, {size} bytes\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
