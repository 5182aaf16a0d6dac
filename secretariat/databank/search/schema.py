"""The search index's schema and its documents: one tantivy document per piece of text
(``level`` piece) and one per group (``level`` whole, every piece's terms together), built
from an :class:`~.shapes.Entry` with the terms :mod:`.analysis` made.

Nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import tantivy

from secretariat.databank.search import analysis
from secretariat.databank.search.shapes import Entry, Hit

#: Bumped when the schema or the analysis changes: an index of another version is emptied
#: when opened and refilled from the database by the outbox (``outbox.drain``).
SCHEMA_VERSION = 4
#: ``level``: a piece (a paragraph, a title...) or the whole of a group (every piece's
#: terms together): groups are ranked by their whole, snippets cut from their best pieces.
PIECE = "piece"
WHOLE = "whole"
EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def group_id(group: str) -> int:
    """A stable 63-bit number for a group key (blake2b), for the ``gid`` fast field."""
    digest = hashlib.blake2b(group.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for name in ("obj", "group", "kind", "lang", "body", "type", "area", "audience", "level"):
        b.add_text_field(
            name,
            stored=name in {"obj", "group", "kind", "lang"},
            tokenizer_name="raw",
            fast=name == "group",
        )
    b.add_integer_field("day", stored=True, indexed=True, fast=True)
    # The group as a number, read from a fast field for every hit without loading the
    # stored document (only the page's pieces are loaded).
    # Indexed too: the words each candidate group holds are counted among those groups only.
    b.add_integer_field("gid", stored=False, indexed=True, fast=True)
    b.add_integer_field("part", stored=True)
    b.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="position")
    b.add_text_field("chars", stored=False, tokenizer_name="whitespace", index_option="position")
    b.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field("body_text", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    return b.build()


SCHEMA = _schema()
NO_DAY = -(10**9)


def _pre(text: str, terms: list[analysis.Term]) -> tantivy.PreTokenizedString:
    return tantivy.PreTokenizedString(
        text, [tantivy.Token(t.text, t.position, t.start, t.end) for t in terms]
    )


#: Positions left empty between the pieces of a whole document: no phrase spans two.
PIECE_GAP = 16


@dataclass
class Whole:
    """The whole of one group, gathered from its pieces as they are added."""

    first: Entry
    langs: set[str] = field(default_factory=set)
    terms: list[analysis.Term] = field(default_factory=list)
    chars: list[analysis.Term] = field(default_factory=list)
    next_term: int = 0
    next_char: int = 0


def _common(doc: tantivy.Document, entry: Entry) -> None:
    doc.add_text("obj", entry.obj)
    doc.add_text("group", entry.group)
    doc.add_text("kind", entry.kind)
    for body in entry.bodies:
        doc.add_text("body", body)
    if entry.doc_type:
        doc.add_text("type", entry.doc_type)
    for area in entry.areas:
        doc.add_text("area", area)
    for token in entry.audience:
        doc.add_text("audience", token)
    doc.add_integer("day", day_number(entry.day) if entry.day else NO_DAY)
    doc.add_integer("gid", group_id(entry.group))
    doc.add_text("title", entry.title)
    doc.add_text("url", entry.url)


def piece_document(
    entry: Entry, terms: list[analysis.Term], chars: list[analysis.Term]
) -> tantivy.Document:
    """The tantivy document of one piece: its terms, its original text stored for snippets."""
    searchable = entry.searchable
    doc = tantivy.Document()
    _common(doc, entry)
    doc.add_text("level", PIECE)
    doc.add_text("lang", entry.lang)
    doc.add_integer("part", entry.part)
    doc.add_pre_tokenized_text("text", _pre(searchable, terms))
    if chars:
        doc.add_pre_tokenized_text("chars", _pre(searchable, chars))
    # The snippet is cut from this: a title-only piece (part 0) shows its title.
    doc.add_text("body_text", entry.text or entry.title)
    return doc


def whole_document(whole: Whole) -> tantivy.Document:
    """The document of a whole group: every piece's terms, one after another, unstored."""
    doc = tantivy.Document()
    _common(doc, whole.first)
    doc.add_text("level", WHOLE)
    for lang in sorted(whole.langs):
        doc.add_text("lang", lang)
    doc.add_integer("part", -1)
    doc.add_pre_tokenized_text("text", _pre("", whole.terms))
    if whole.chars:
        doc.add_pre_tokenized_text("chars", _pre("", whole.chars))
    return doc


def shifted(terms: list[analysis.Term], by: int) -> list[analysis.Term]:
    # Offsets point into the piece, not the whole: the whole is never highlighted.
    return [analysis.Term(t.text, t.position + by, 0, 0) for t in terms]


def analysed(entry: Entry) -> tuple[list[analysis.Term], list[analysis.Term]]:
    """The terms and Han characters of an entry's searchable text (title with part 0)."""
    return analysis.terms(entry.searchable), analysis.han_chars(entry.searchable)


def head_hit(doc: tantivy.Document, score: float) -> Hit:
    """A group's result from its whole when no single piece matched (nothing to cut)."""
    day_number = int(doc.get_first("day") or NO_DAY)
    return Hit(
        obj=str(doc.get_first("obj")),
        group=str(doc.get_first("group")),
        kind=str(doc.get_first("kind")),
        lang=str(doc.get_first("lang") or ""),
        title=str(doc.get_first("title") or ""),
        url=str(doc.get_first("url") or ""),
        part=-1,
        day=None if day_number == NO_DAY else EPOCH + dt.timedelta(days=day_number),
        score=score,
        snippet="",
        marks=(),
    )
