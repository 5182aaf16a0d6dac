"""The search index: tantivy, fed with terms analysed in Python (:mod:`.analysis`).

One index document per searchable piece of text (a paragraph of a language version, an
article of a regulation, a meeting's agenda, a news item...). Each carries:

- ``obj``: the object it belongs to (``document:12``); replacing an object deletes its
  pieces by this key and adds the new ones;
- ``group``: what results are grouped by (a document's language versions share one);
- ``kind``, ``lang``, ``body``, ``type``, ``area``, ``day``: the filters;
- ``audience``: who may see it, as tokens (:mod:`.entries` makes them for objects,
  :func:`secretariat.databank.search.service.audiences_of` for readers); every query is
  limited to the reader's tokens inside the engine, so counts and pages never include
  what the reader may not see;
- ``text`` (stems and words, with positions), ``chars`` (Han characters, with positions),
  and the stored original ``title``, ``body_text`` and ``url`` for the result page.

Nothing here imports Django: the engine is built, benchmarked and tested on its own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from secretariat.databank.search import analysis
from secretariat.databank.search.analysis import ParsedQuery

#: Raised by tantivy when another process holds the index's writer lock.
LOCK_MESSAGE = "LockBusy"
#: Bumped when the schema or the analysis changes: an index of another version is rebuilt.
SCHEMA_VERSION = 1
_VERSION_FILE = "secretariat-schema.json"
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Entry:
    """One piece of text to index, with everything a result shows and filters on."""

    obj: str
    group: str
    kind: str
    lang: str
    title: str
    text: str
    url: str
    audience: Sequence[str]
    part: int = 0
    day: dt.date | None = None
    bodies: Sequence[str] = ()
    doc_type: str = ""
    areas: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Filters:
    kinds: Sequence[str] = ()
    langs: Sequence[str] = ()
    bodies: Sequence[str] = ()
    doc_types: Sequence[str] = ()
    areas: Sequence[str] = ()
    day_from: dt.date | None = None
    day_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    obj: str
    group: str
    kind: str
    lang: str
    title: str
    url: str
    part: int
    day: dt.date | None
    score: float
    #: The snippet: a window of the original text and the (start, end) of each match in it.
    snippet: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Group:
    """The best piece of one group and the other pieces (languages) that matched too."""

    key: str
    best: Hit
    others: tuple[Hit, ...]


@dataclass
class Results:
    groups: list[Group]
    #: Pieces matching, and groups they fall in (the engine's estimate above 1,000 groups).
    pieces: int
    group_count: int
    #: Seconds: the engine's own search, and everything (analysis, snippets, grouping).
    engine_seconds: float = 0.0
    total_seconds: float = 0.0
    query: ParsedQuery | None = field(default=None, repr=False)


def _day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for name in ("obj", "group", "kind", "lang", "body", "type", "area", "audience"):
        b.add_text_field(
            name,
            stored=name in {"obj", "group", "kind", "lang"},
            tokenizer_name="raw",
            fast=name == "group",
        )
    b.add_integer_field("day", stored=True, indexed=True, fast=True)
    b.add_integer_field("part", stored=True)
    b.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="position")
    b.add_text_field("chars", stored=False, tokenizer_name="whitespace", index_option="position")
    b.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field("body_text", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    return b.build()


SCHEMA = _schema()
_NO_DAY = -(10**9)


def _pre(text: str, terms: list[analysis.Term]) -> tantivy.PreTokenizedString:
    return tantivy.PreTokenizedString(
        text, [tantivy.Token(t.text, t.position, t.start, t.end) for t in terms]
    )


def document_of(entry: Entry) -> tantivy.Document:
    """The tantivy document of an entry: its terms analysed here, its original stored."""
    doc = tantivy.Document()
    doc.add_text("obj", entry.obj)
    doc.add_text("group", entry.group)
    doc.add_text("kind", entry.kind)
    doc.add_text("lang", entry.lang)
    for body in entry.bodies:
        doc.add_text("body", body)
    if entry.doc_type:
        doc.add_text("type", entry.doc_type)
    for area in entry.areas:
        doc.add_text("area", area)
    for token in entry.audience:
        doc.add_text("audience", token)
    doc.add_integer("day", _day_number(entry.day) if entry.day else _NO_DAY)
    doc.add_integer("part", entry.part)
    searchable = f"{entry.title}\n{entry.text}" if entry.part == 0 else entry.text
    doc.add_pre_tokenized_text("text", _pre(searchable, analysis.terms(searchable)))
    chars = analysis.han_chars(searchable)
    if chars:
        doc.add_pre_tokenized_text("chars", _pre(searchable, chars))
    doc.add_text("title", entry.title)
    # The snippet is cut from this: a title-only piece (part 0) shows its title.
    doc.add_text("body_text", entry.text or entry.title)
    doc.add_text("url", entry.url)
    return doc


class SearchIndex:
    """A tantivy index in a directory, opened (and created when missing) by path."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        version = self.path / _VERSION_FILE
        current = {"schema": SCHEMA_VERSION}
        if version.exists() and json.loads(version.read_text()) != current:
            self._wipe()
        self.index = tantivy.Index(SCHEMA, path=str(self.path), reuse=True)
        version.write_text(json.dumps(current))
        self._meta_mtime = self._meta_stamp()

    def _wipe(self) -> None:
        for child in self.path.iterdir():
            if child.is_file():
                child.unlink()

    def _meta_stamp(self) -> float:
        try:
            return os.stat(self.path / "meta.json").st_mtime_ns
        except FileNotFoundError:
            return 0

    def refresh(self) -> None:
        """See what any process committed since the last look (a stat when nothing did)."""
        stamp = self._meta_stamp()
        if stamp != self._meta_mtime:
            self.index.reload()
            self._meta_mtime = stamp

    # --- Writing --------------------------------------------------------------------------

    def writer(self, heap: int = 64_000_000, threads: int = 1) -> tantivy.IndexWriter:
        """The index's single writer; raises ``ValueError`` when another process holds it."""
        return self.index.writer(heap_size=heap, num_threads=threads)

    @staticmethod
    def replace(writer: tantivy.IndexWriter, objs: Iterable[str], entries: Iterable[Entry]) -> int:
        """Delete every piece of ``objs`` and add ``entries`` (uncommitted); count added."""
        for obj in objs:
            writer.delete_documents_by_term("obj", obj)
        added = 0
        for entry in entries:
            writer.add_document(document_of(entry))
            added += 1
        return added

    def commit(self, writer: tantivy.IndexWriter) -> None:
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self._meta_mtime = self._meta_stamp()

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())

    def count(self) -> int:
        self.refresh()
        return int(self.index.searcher().num_docs)

    # --- Reading --------------------------------------------------------------------------

    def query_of(
        self, parsed: ParsedQuery, audience: Iterable[str], filters: Filters | None = None
    ) -> tantivy.Query:
        """The tantivy query: any word or phrase, within the reader's audience and filters."""
        should: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for word in parsed.words:
            should.append((tantivy.Occur.Should, self._word(word)))
        must: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for phrase in parsed.phrases:
            must.append((tantivy.Occur.Must, self._phrase(phrase)))
        if should:
            must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(should)))
        if parsed.empty:
            must.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        tokens = sorted(set(audience))
        must.append(
            (
                tantivy.Occur.Must,
                tantivy.Query.term_set_query(SCHEMA, "audience", tokens)
                if tokens
                else tantivy.Query.empty_query(),
            )
        )
        for field_name, values in self._filter_terms(filters or Filters()):
            must.append(
                (tantivy.Occur.Must, tantivy.Query.term_set_query(SCHEMA, field_name, list(values)))
            )
        if filters is not None and (filters.day_from or filters.day_to):
            low = _day_number(filters.day_from) if filters.day_from else _NO_DAY + 1
            high = _day_number(filters.day_to) if filters.day_to else 10**9
            must.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(SCHEMA, "day", tantivy.FieldType.Integer, low, high),
                )
            )
        return tantivy.Query.boolean_query(must)

    @staticmethod
    def _filter_terms(filters: Filters) -> list[tuple[str, Sequence[str]]]:
        pairs = [
            ("kind", filters.kinds),
            ("lang", filters.langs),
            ("body", filters.bodies),
            ("type", filters.doc_types),
            ("area", filters.areas),
        ]
        return [(name, values) for name, values in pairs if values]

    @staticmethod
    def _word(word: analysis.Word) -> tantivy.Query:
        term = tantivy.Query.term_query(SCHEMA, "text", word.term)
        if not word.han or len(word.surface) < 2:
            return term
        # The characters in a row: found even where jieba cut the text differently.
        chars = tantivy.Query.phrase_query(SCHEMA, "chars", [*word.surface])
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, term), (tantivy.Occur.Should, chars)]
        )

    @staticmethod
    def _phrase(phrase: analysis.Phrase) -> tantivy.Query:
        if all(w.han for w in phrase.words):
            characters: list[str | tuple[int, str]] = [c for w in phrase.words for c in w.surface]
            return tantivy.Query.phrase_query(SCHEMA, "chars", characters)
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        run: list[str | tuple[int, str]] = []
        for word in phrase.words:
            if word.han:
                parts.append((tantivy.Occur.Must, SearchIndex._word(word)))
            else:
                run.append(word.term)
        if len(run) > 1:
            parts.append((tantivy.Occur.Must, tantivy.Query.phrase_query(SCHEMA, "text", run)))
        elif run:
            parts.append((tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "text", run[0])))
        return tantivy.Query.boolean_query(parts)

    def visible_groups(self, audience: Iterable[str], filters: Filters | None = None) -> set[str]:
        """Every group holding a piece the audience may see (for checks and exports)."""
        self.refresh()
        query = self.query_of(analysis.ParsedQuery((), ()), audience, filters)
        searcher = self.index.searcher()
        total = int(getattr(searcher.search(query, limit=1, count=True), "count", 0) or 0)
        hits = searcher.search(query, limit=max(total, 1), count=False).hits
        return {str(searcher.doc(address).get_first("group")) for _score, address in hits}

    def search(
        self,
        text: str | ParsedQuery,
        audience: Iterable[str],
        filters: Filters | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
        snippet_width: int = 240,
        depth: int = 5,
    ) -> Results:
        """The groups ranked ``offset`` to ``offset + limit`` for a query, with snippets.

        The engine returns pieces; up to ``depth`` pieces per wanted group are fetched so
        the page has its groups and each group its other matching languages.
        """
        started = time.perf_counter()
        parsed = analysis.parse_query(text) if isinstance(text, str) else text
        if parsed.empty:
            return Results([], 0, 0, query=parsed)
        self.refresh()
        query = self.query_of(parsed, audience, filters)
        searcher = self.index.searcher()
        wanted = offset + limit
        fetch = max(wanted * depth, 50)
        engine_started = time.perf_counter()
        result = searcher.search(query, limit=fetch, count=True)
        hits = result.hits
        total = int(getattr(result, "count", 0) or 0)
        engine = time.perf_counter() - engine_started
        groups: dict[str, list[tuple[float, tantivy.DocAddress]]] = {}
        for score, address in hits:
            key = searcher.doc(address).get_first("group")
            groups.setdefault(str(key), []).append((score, address))
        if total > len(hits) and len(groups) < wanted:
            more = searcher.search(query, limit=min(total, fetch * 10), count=False).hits
            engine += 0.0  # counted below with the whole
            for score, address in more[len(hits) :]:
                key = str(searcher.doc(address).get_first("group"))
                groups.setdefault(key, []).append((score, address))
        engine_started = time.perf_counter()
        group_count = (
            len(groups) if total <= len(hits) else round(searcher.cardinality(query, "group"))
        )
        engine += time.perf_counter() - engine_started
        page = list(groups.items())[offset:wanted]
        found: list[Group] = []
        for key, scored in page:
            pieces = [
                self._hit(searcher, address, score, parsed, snippet_width)
                for score, address in scored
            ]
            best, *rest = pieces
            seen = {best.lang}
            others = []
            for piece in rest:
                if piece.lang not in seen:
                    others.append(piece)
                    seen.add(piece.lang)
            found.append(Group(key, best, tuple(others)))
        return Results(
            found,
            pieces=int(total),
            group_count=max(group_count, len(groups)),
            engine_seconds=engine,
            total_seconds=time.perf_counter() - started,
            query=parsed,
        )

    @staticmethod
    def _hit(
        searcher: tantivy.Searcher,
        address: tantivy.DocAddress,
        score: float,
        parsed: ParsedQuery,
        width: int,
    ) -> Hit:
        doc = searcher.doc(address)
        text = str(doc.get_first("body_text") or "")
        window, marks = analysis.snippet(text, parsed, width=width)
        day_number = int(doc.get_first("day") or _NO_DAY)
        return Hit(
            obj=str(doc.get_first("obj")),
            group=str(doc.get_first("group")),
            kind=str(doc.get_first("kind")),
            lang=str(doc.get_first("lang")),
            title=str(doc.get_first("title") or ""),
            url=str(doc.get_first("url") or ""),
            part=int(doc.get_first("part") or 0),
            day=None if day_number == _NO_DAY else _EPOCH + dt.timedelta(days=day_number),
            score=float(score),
            snippet=window,
            marks=tuple(marks),
        )
