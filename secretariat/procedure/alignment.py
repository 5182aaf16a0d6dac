"""Language versions of a text aligned paragraph by paragraph.

Two versions are aligned by their structure first: a paragraph opening with the same number
("Статья 5", "第五条", "Article 5", "5.", "§5") in both is the same paragraph, and anchors
the rest. Between two anchors (or everywhere, in a text without numbers) paragraphs are
aligned by order and length, as Gale and Church (1993) align sentences: a translation's
paragraph is about as long as its original times the ratio of the two texts' lengths, so a
dynamic programme picks the beads (1-1, 1-0, 0-1, 2-1, 1-2, 2-2) that fit the lengths best.

Three versions are each aligned to a pivot (the first of Russian, Chinese, English that is
given) and the beads merged into rows: a row holds, for each language, the paragraphs that
say the same thing (one, several or none).

No Django here: the documents app passes texts and stores what comes back.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: The order a pivot is chosen in: the SCO's working languages first, then English.
PIVOT_ORDER = ("ru", "zh", "en")

#: Mean and variance of the length of a translation's paragraph around its expected length
#: (Gale and Church's c and s², the variance per character of the original).
VARIANCE = 6.8
#: How far (in paragraphs) beyond the difference of the two texts' paragraph counts an
#: alignment may stray from the diagonal.
BAND = 16
#: Gale and Church's prior probabilities of each bead, as (original, translation) counts.
BEAD_PRIORS: Mapping[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}

#: What a paragraph with no counterpart costs besides its prior (in -log probability): as
#: much as a pair whose lengths differ by one standard deviation.
DELETION_LENGTH_COST = -math.log(2 * (1 - 0.8413447460685429))

_BLANK_LINE = re.compile(r"\n\s*\n")
_CN_DIGITS = {char: value for value, char in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNITS = {unit: 10**power for power, unit in enumerate("十百千", start=1)}
_CN_NUMBER = "零〇一二两三四五六七八九十百千"
#: The numbers a paragraph may open with, each giving its number as group 1.
_NUMBERED = (
    re.compile(r"^\s*(?:статья|пункт|раздел|глава)\s+(\d+(?:\.\d+)*)", re.IGNORECASE),
    re.compile(r"^\s*(?:article|paragraph|section|chapter)\s+(\d+(?:\.\d+)*)", re.IGNORECASE),
    re.compile(rf"^\s*第\s*([0-9{_CN_NUMBER}]+)\s*[条款章节]"),
    re.compile(r"^\s*§\s*(\d+(?:\.\d+)*)"),
    re.compile(r"^\s*\**\s*(\d+(?:\.\d+)*)[.)、．]\s*"),
    re.compile(rf"^\s*([{_CN_NUMBER}]+)、"),
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of a text: its position (0-based), the number it opens with, its text."""

    index: int
    number: str | None
    text: str


def paragraphs_of(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs: at blank lines (as extracted files and the text
    comparison give them), or at line ends when the text has no blank line at all."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    parts = _BLANK_LINE.split(text)
    if len(parts) == 1:
        parts = text.split("\n")
    kept = [" ".join(part.split()) for part in parts if part.strip()]
    return [Paragraph(i, number_of(part), part) for i, part in enumerate(kept)]


def number_of(paragraph: str) -> str | None:
    """The article or point number ``paragraph`` opens with, as Arabic digits ("5", "5.1")."""
    for pattern in _NUMBERED:
        if found := pattern.match(paragraph):
            return _arabic(found.group(1))
    return None


def _arabic(number: str) -> str:
    if number[0].isdigit():
        return number
    total, digit = 0, 0
    for char in number:
        if char in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[char]
            digit = 0
        else:
            digit = _CN_DIGITS[char]
    return str(total + digit)


Bead = tuple[tuple[int, ...], tuple[int, ...]]


def align_pair(first: Sequence[Paragraph], second: Sequence[Paragraph]) -> list[Bead]:
    """Align two versions: beads of paragraph indices, in order, covering both texts."""
    # The ratio of the whole texts' lengths: a stretch between two anchors is too short to
    # tell it (a missing paragraph would skew it).
    ratio = sum(_length(p.text) for p in second) / max(1, sum(_length(p.text) for p in first))
    beads: list[Bead] = []
    i = j = 0
    for a, b in _anchors(first, second):
        beads.extend(_by_length(first[i:a], second[j:b], ratio))
        beads.append(((first[a].index,), (second[b].index,)))
        i, j = a + 1, b + 1
    beads.extend(_by_length(first[i:], second[j:], ratio))
    return _continued(beads, first, second)


def _continued(
    beads: list[Bead], first: Sequence[Paragraph], second: Sequence[Paragraph]
) -> list[Bead]:
    """Unnumbered paragraphs that one text has after an article and the other has not are
    that article's continuation (a paragraph of it split in two), not a paragraph of their
    own: they join the article's row."""
    number = {("a", p.index): p.number for p in first} | {("b", p.index): p.number for p in second}
    joined: list[Bead] = []
    for bead in beads:
        a, b = bead
        lone = ("a", a) if a and not b else ("b", b) if b and not a else None
        if (
            lone is not None
            and joined
            and joined[-1][0]
            and joined[-1][1]
            and all(number[(lone[0], k)] is None for k in lone[1])
            and _opens_numbered(joined[-1], number)
        ):
            prev_a, prev_b = joined[-1]
            joined[-1] = (prev_a + a, prev_b + b)
        else:
            joined.append(bead)
    return joined


def _opens_numbered(bead: Bead, number: Mapping[tuple[str, int], str | None]) -> bool:
    a, b = bead
    return number[("a", a[0])] is not None and number[("b", b[0])] is not None


def _anchors(first: Sequence[Paragraph], second: Sequence[Paragraph]) -> list[tuple[int, int]]:
    """Pairs of paragraphs with the same number, each number once in each text, in order."""
    once_first = _numbered_once(first)
    once_second = _numbered_once(second)
    anchors: list[tuple[int, int]] = []
    for number, i in sorted(once_first.items(), key=lambda item: item[1]):
        j = once_second.get(number)
        if j is not None and (not anchors or j > anchors[-1][1]):
            anchors.append((i, j))
    return anchors


def _numbered_once(paragraphs: Sequence[Paragraph]) -> dict[str, int]:
    seen: dict[str, list[int]] = {}
    for at, p in enumerate(paragraphs):
        if p.number is not None:
            seen.setdefault(p.number, []).append(at)
    return {number: at[0] for number, at in seen.items() if len(at) == 1}


def _by_length(first: Sequence[Paragraph], second: Sequence[Paragraph], ratio: float) -> list[Bead]:
    """Gale and Church's dynamic programme over the paragraphs' lengths in characters."""
    m, n = len(first), len(second)
    if m == 0 or n == 0:
        return [((p.index,), ()) for p in first] + [((), (p.index,)) for p in second]
    # Prefix sums: the length of paragraphs i..i+di is sum_a[i + di] - sum_a[i].
    sum_a = list(itertools.accumulate((_length(p.text) for p in first), initial=0))
    sum_b = list(itertools.accumulate((_length(p.text) for p in second), initial=0))
    inf = math.inf
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (n + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    # Only cells near the diagonal: a translation does not drift further from its original
    # than the difference in paragraph counts plus BAND, and the programme stays linear.
    width = BAND + abs(m - n)
    for i in range(m + 1):
        centre = i * n // m
        for j in range(max(0, centre - width), min(n, centre + width) + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for (di, dj), prior in BEAD_PRIORS.items():
                if i + di > m or j + dj > n:
                    continue
                step = _bead_cost(sum_a[i + di] - sum_a[i], sum_b[j + dj] - sum_b[j], ratio, prior)
                if here + step < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = here + step
                    back[i + di][j + dj] = (di, dj)
    beads: list[Bead] = []
    i, j = m, n
    while i or j:
        di, dj = back[i][j]
        beads.append(
            (
                tuple(p.index for p in first[i - di : i]),
                tuple(p.index for p in second[j - dj : j]),
            )
        )
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _length(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _bead_cost(first: int, second: int, ratio: float, prior: float) -> float:
    """-log of the probability that lengths ``first`` and ``second`` say the same thing."""
    if not first or not second:
        # A paragraph with no counterpart: its length tells nothing of a partner it lacks
        # (Gale and Church weigh it as a partner of length 0, which merges a paragraph left
        # out of a translation into its neighbour's row rather than leaving it alone).
        return -math.log(prior) + DELETION_LENGTH_COST
    expected = first * ratio
    # The spread grows with the paragraphs' length in either language (both are counted,
    # since a Chinese paragraph has about a third of the characters of its Russian one).
    spread = math.sqrt(max(1.0, (expected + second) / 2) * VARIANCE)
    delta = abs(second - expected) / spread
    tail = max(1e-12, 2 * (1 - _normal_cdf(delta)))
    return -math.log(tail) - math.log(prior)


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


@dataclass(frozen=True, slots=True)
class Row:
    """Paragraphs of each language that say the same thing (indices; empty where a language
    has nothing for this row)."""

    cells: Mapping[str, tuple[int, ...]]


def align(texts: Mapping[str, Sequence[Paragraph]]) -> list[Row]:
    """Align the language versions ``texts`` (lang -> paragraphs) into rows, in order."""
    langs = [lang for lang in PIVOT_ORDER if lang in texts] + sorted(
        lang for lang in texts if lang not in PIVOT_ORDER
    )
    if not langs:
        return []
    pivot, others = langs[0], langs[1:]
    beads = {lang: align_pair(texts[pivot], texts[lang]) for lang in others}
    # Pivot paragraphs joined by any language's bead form one row.
    group_of = list(range(len(texts[pivot])))
    for lang_beads in beads.values():
        for pivot_side, _other in lang_beads:
            for index in pivot_side[1:]:
                _join(group_of, pivot_side[0], index)
    rows: list[dict[str, list[int]]] = []
    row_of_group: dict[int, int] = {}
    for index in range(len(texts[pivot])):
        group = _root(group_of, index)
        if group not in row_of_group:
            row_of_group[group] = len(rows)
            rows.append({lang: [] for lang in langs})
        rows[row_of_group[group]][pivot].append(index)
    # A language's paragraphs with no pivot paragraph stand in a row of their own, before
    # the row of the next pivot paragraph.
    inserted: dict[int, list[dict[str, list[int]]]] = {}
    for lang, lang_beads in beads.items():
        for at, (pivot_side, other_side) in enumerate(lang_beads):
            if pivot_side:
                row = rows[row_of_group[_root(group_of, pivot_side[0])]]
                row[lang].extend(other_side)
            else:
                after = _next_pivot(lang_beads[at + 1 :])
                key = row_of_group[_root(group_of, after)] if after is not None else len(rows)
                inserted.setdefault(key, []).append(
                    {code: list(other_side) if code == lang else [] for code in langs}
                )
    ordered: list[dict[str, list[int]]] = []
    for at in range(len(rows) + 1):
        ordered.extend(inserted.get(at, []))
        if at < len(rows):
            ordered.append(rows[at])
    return [Row({lang: tuple(sorted(cell)) for lang, cell in row.items()}) for row in ordered]


def _next_pivot(beads: Sequence[Bead]) -> int | None:
    return next((pivot_side[0] for pivot_side, _other in beads if pivot_side), None)


def _root(group_of: list[int], index: int) -> int:
    while group_of[index] != index:
        group_of[index] = group_of[group_of[index]]
        index = group_of[index]
    return index


def _join(group_of: list[int], a: int, b: int) -> None:
    group_of[_root(group_of, b)] = _root(group_of, a)
