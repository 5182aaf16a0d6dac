"""Two versions of a text compared for people: paragraph by paragraph, then word by word.

Paragraphs (separated by blank lines, as ``extract_text`` gives them) are matched with
difflib; a paragraph replaced by a similar one is "changed" and compared inside by words
(Russian, English: the spaces are kept as they are) or by characters (Chinese, which has
no spaces; each Han character is a token of its own). Whitespace alone never makes a
difference: a paragraph wrapped differently is the same paragraph.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

RowKind = Literal["same", "added", "removed", "changed"]
SpanKind = Literal["same", "ins", "del"]

#: How alike (difflib's ratio of their words) two paragraphs must be for one to be shown as
#: the other changed, rather than one removed and another added.
CHANGED_AT_LEAST = 0.5
#: How many paragraphs ahead a changed paragraph is looked for among the new ones.
LOOKAHEAD = 10

#: Characters written without spaces between words: each is a token of its own.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
_TOKEN = re.compile(rf"\s+|[{_CJK}]|(?:(?![{_CJK}])\w)+|[^\w\s]")
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a paragraph: kept ("same"), inserted ("ins") or deleted ("del")."""

    kind: SpanKind
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    """One paragraph of the comparison, with its number in the old and the new text."""

    kind: RowKind
    old: str
    new: str
    #: 1-based; None for an added paragraph.
    old_number: int | None
    #: 1-based; None for a removed paragraph.
    new_number: int | None
    #: The paragraph as shown: one span, or for "changed" its words kept, deleted, inserted.
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ComparisonCounts:
    paragraphs_same: int
    paragraphs_added: int
    paragraphs_removed: int
    paragraphs_changed: int
    #: Words in Russian and English; in Chinese each character counts as a word.
    words_inserted: int
    words_deleted: int
    #: Characters other than whitespace.
    characters_inserted: int
    characters_deleted: int


@dataclass(frozen=True, slots=True)
class Comparison:
    rows: tuple[Row, ...]
    counts: ComparisonCounts

    @property
    def identical(self) -> bool:
        """Whether the texts differ in nothing but whitespace."""
        return all(row.kind == "same" for row in self.rows)


def compare_texts(old: str, new: str) -> Comparison:
    """Compare two versions of a text paragraph by paragraph, and changed ones word by word."""
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    matcher = difflib.SequenceMatcher(
        None,
        [_key(p) for p in old_paragraphs],
        [_key(p) for p in new_paragraphs],
        autojunk=False,
    )
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                _same(old_paragraphs[i], new_paragraphs[j], i, j)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        else:
            rows.extend(_replaced(old_paragraphs, new_paragraphs, range(i1, i2), range(j1, j2)))
    return Comparison(rows=tuple(rows), counts=_counts(rows))


def comparison_html(comparison: Comparison) -> SafeString:
    """Render the comparison as HTML: a ``<p>`` per paragraph, ``<ins>``/``<del>`` inside."""
    paragraphs = format_html_join(
        "\n",
        '<p class="text-{}">{}</p>',
        ((row.kind, _spans_html(row.spans)) for row in comparison.rows),
    )
    return format_html('<div class="text-comparison">\n{}\n</div>', paragraphs)


def unified_diff(old: str, new: str, old_label: str = "old", new_label: str = "new") -> str:
    """Return the line-by-line unified diff of two texts, empty when they are equal."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), fromfile=old_label, tofile=new_label, lineterm=""
    )
    return "".join(f"{line}\n" for line in lines)


# --- paragraphs -------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    parts = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [part.strip() for part in parts if part.strip()]


def _key(paragraph: str) -> str:
    """The paragraph as compared: whitespace does not count."""
    return " ".join(paragraph.split())


def _same(old: str, new: str, i: int, j: int) -> Row:
    return Row("same", old, new, i + 1, j + 1, (Span("same", new),))


def _added(new: str, j: int) -> Row:
    return Row("added", "", new, None, j + 1, (Span("ins", new),))


def _removed(old: str, i: int) -> Row:
    return Row("removed", old, "", i + 1, None, (Span("del", old),))


def _replaced(
    old: Sequence[str], new: Sequence[str], old_range: range, new_range: range
) -> Iterator[Row]:
    """Pair the old paragraphs of a replaced block with alike new ones, in order.

    Each old paragraph takes the most alike of the next few new ones; new paragraphs it
    skips are added, an old one with no alike partner is removed.
    """
    j = new_range.start
    for i in old_range:
        window = range(j, min(j + LOOKAHEAD, new_range.stop))
        best, best_ratio = None, CHANGED_AT_LEAST
        for k in window:
            ratio = _similarity(old[i], new[k], best_ratio)
            # the first of equally alike paragraphs, so fewer are shown as added before it
            if ratio > best_ratio or (best is None and ratio >= best_ratio):
                best, best_ratio = k, ratio
        if best is None:
            yield _removed(old[i], i)
            continue
        yield from (_added(new[k], k) for k in range(j, best))
        yield _changed(old[i], new[best], i, best)
        j = best + 1
    yield from (_added(new[k], k) for k in range(j, new_range.stop))


def _similarity(old: str, new: str, at_least: float) -> float:
    matcher = difflib.SequenceMatcher(None, _keys(old), _keys(new), autojunk=False)
    if matcher.real_quick_ratio() < at_least or matcher.quick_ratio() < at_least:
        return 0.0
    return matcher.ratio()


# --- words ------------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _keys(text: str) -> list[str]:
    return [" " if token.isspace() else token for token in _tokens(text)]


def _changed(old: str, new: str, i: int, j: int) -> Row:
    return Row("changed", old, new, i + 1, j + 1, tuple(_word_spans(old, new)))


def _word_spans(old: str, new: str) -> list[Span]:
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    old_keys = [" " if t.isspace() else t for t in old_tokens]
    new_keys = [" " if t.isspace() else t for t in new_tokens]
    opcodes = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes()
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in _merge_across_spaces(opcodes, old_keys):
        if tag == "equal":
            _append(spans, Span("same", "".join(new_tokens[j1:j2])))
            continue
        if i2 > i1:
            _append(spans, Span("del", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            _append(spans, Span("ins", "".join(new_tokens[j1:j2])))
    return spans


Opcode = tuple[str, int, int, int, int]


def _merge_across_spaces(opcodes: Sequence[Opcode], old_keys: list[str]) -> list[Opcode]:
    """Join two changes separated by nothing but a space into one, for easier reading.

    "a b c" to "x y c" reads better as "a b" deleted and "x y" inserted than as four
    changes around a kept space.
    """
    merged: list[Opcode] = []
    for opcode in opcodes:
        merged.append(opcode)
        if len(merged) < 3:
            continue
        first, between, last = merged[-3:]
        if (
            first[0] != "equal"
            and last[0] != "equal"
            and between[0] == "equal"
            and all(key == " " for key in old_keys[between[1] : between[2]])
        ):
            merged[-3:] = [("replace", first[1], last[2], first[3], last[4])]
    return merged


def _append(spans: list[Span], span: Span) -> None:
    if spans and spans[-1].kind == span.kind:
        spans[-1] = Span(span.kind, spans[-1].text + span.text)
    else:
        spans.append(span)


def _words(text: str) -> int:
    return sum(1 for token in _tokens(text) if _WORD.match(token))


def _characters(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _counts(rows: Sequence[Row]) -> ComparisonCounts:
    inserted = [s.text for row in rows for s in row.spans if s.kind == "ins"]
    deleted = [s.text for row in rows for s in row.spans if s.kind == "del"]
    kinds = [row.kind for row in rows]
    return ComparisonCounts(
        paragraphs_same=kinds.count("same"),
        paragraphs_added=kinds.count("added"),
        paragraphs_removed=kinds.count("removed"),
        paragraphs_changed=kinds.count("changed"),
        words_inserted=sum(map(_words, inserted)),
        words_deleted=sum(map(_words, deleted)),
        characters_inserted=sum(map(_characters, inserted)),
        characters_deleted=sum(map(_characters, deleted)),
    )


# --- HTML -------------------------------------------------------------------------------------

_SPAN_HTML: dict[SpanKind, str] = {"same": "{}", "ins": "<ins>{}</ins>", "del": "<del>{}</del>"}


def _spans_html(spans: Sequence[Span]) -> SafeString:
    # linebreaksbr escapes the text and keeps a paragraph's line breaks as <br>.
    return format_html_join(
        "", "{}", ((format_html(_SPAN_HTML[s.kind], linebreaksbr(s.text)),) for s in spans)
    )
