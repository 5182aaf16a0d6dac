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
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import tantivy

from secretariat.core.files import write_atomically
from secretariat.databank.search import analysis
from secretariat.databank.search.analysis import ParsedQuery
from secretariat.databank.search.schema import (
    EPOCH,
    NO_DAY,
    PIECE,
    PIECE_GAP,
    SCHEMA,
    SCHEMA_VERSION,
    WHOLE,
    Whole,
    analysed,
    day_number,
    head_hit,
    piece_document,
    shifted,
    whole_document,
)
from secretariat.databank.search.shapes import Entry, Filters, Group, Hit, Results

#: Raised by tantivy when another process holds the index's writer lock.
LOCK_MESSAGE = "LockBusy"
#: How much a group's whole adds to its best piece when groups are ranked.
WHOLE_WEIGHT = 0.25
#: Two words the reader wrote side by side score more in a piece where at most this many
#: other words stand between them (Solr's "pf2" with a slop: 展览工作组 finds 展览问题工作组,
#: "working group Tehran" finds "working group will meet in Tehran" less than adjacent).
PAIR_SLOP = 2
#: A group's score is multiplied by the share of the query's words its whole holds, to this
#: power (Lucene's classic "coord"): a document holding half of the words needs twice the
#: score of one holding them all.
COVERAGE_POWER = 1
#: The pairs and the share of words held re-rank the first max(RESCORE_FACTOR × the groups
#: asked for, RESCORE_MIN) groups (ranked by best piece and whole); the rest keep their order.
RESCORE_FACTOR = 3
RESCORE_MIN = 60
#: The share of a query's words a group's whole must hold to count.
WHOLE_COVERAGE = 0.5
_VERSION_FILE = "secretariat-schema.json"


def _unscored(query: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.const_score_query(query, 0.0)


_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Threads for the searches of one query that do not wait for each other.

    One pool per process: a pool inherited through a fork (a pre-forking web server) has
    no threads left in the child, and work submitted to it would wait for ever.
    """
    pid = os.getpid()
    with _pools_lock:
        found = _pools.get(pid)
        if found is None:
            found = ThreadPoolExecutor(
                max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="search"
            )
            _pools.clear()
            _pools[pid] = found
    return found


def _known_terms(searcher: tantivy.Searcher) -> Callable[[str], bool]:
    """Whether the index holds a term (a Chinese word jieba made of some text: see _word)."""
    return lambda term: bool(searcher.doc_freq("text", term))


def _gid_in(gids: Iterable[int]) -> tantivy.Query:
    """Documents of these groups (measured: a term set query took 1.6 ms for 150 groups at a
    million pieces, one term query per group 0.6 ms)."""
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "gid", g)) for g in sorted(gids)]
    )


class SearchIndex:
    """A tantivy index in a directory, opened (and created when missing) by path."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        version = self.path / _VERSION_FILE
        current = {"schema": SCHEMA_VERSION}
        found = json.loads(version.read_text()) if version.exists() else None
        #: An index of another version was emptied on opening: the outbox refills it.
        self.wiped = found is not None and found != current
        if self.wiped:
            self._wipe()
        self.index = tantivy.Index(SCHEMA, path=str(self.path), reuse=True)
        if found != current:
            # Whole, in one rename: every process of a host opens the index, and one reading
            # the file while another rewrote it in place once read it empty (a 500 under load).
            write_atomically(version, json.dumps(current).encode())
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
        """Delete every piece of ``objs`` and add ``entries`` (uncommitted); count added.

        Each group's pieces must come in one call: the group's whole document, which ranks
        it (:meth:`search`), is made from them here, without analysing the text twice.
        """
        for obj in objs:
            writer.delete_documents_by_term("obj", obj)
        added = 0
        wholes: dict[str, Whole] = {}
        for entry in entries:
            terms, chars = analysed(entry)
            writer.add_document(piece_document(entry, terms, chars))
            added += 1
            whole = wholes.setdefault(entry.group, Whole(entry))
            whole.langs.add(entry.lang)
            whole.terms += shifted(terms, whole.next_term)
            whole.chars += shifted(chars, whole.next_char)
            whole.next_term += (terms[-1].position + 1 if terms else 0) + PIECE_GAP
            whole.next_char += (chars[-1].position + 1 if chars else 0) + PIECE_GAP
        for whole in wholes.values():
            writer.add_document(whole_document(whole))
        return added

    def commit(self, writer: tantivy.IndexWriter) -> None:
        """Commit and show the commit to this process's searches; the writer stays usable."""
        writer.commit()
        self.index.reload()
        self._meta_mtime = self._meta_stamp()

    @staticmethod
    def close(writer: tantivy.IndexWriter) -> None:
        """Let the writer finish its merges and release the lock (it is unusable after)."""
        writer.wait_merging_threads()

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())

    def count(self) -> int:
        self.refresh()
        return int(self.index.searcher().num_docs)

    # --- Reading --------------------------------------------------------------------------

    def query_of(
        self,
        parsed: ParsedQuery,
        audience: Iterable[str],
        filters: Filters | None = None,
        *,
        level: str = WHOLE,
        groups: Sequence[str] = (),
        gids: Sequence[int] = (),
        with_pairs: bool = False,
    ) -> tantivy.Query:
        """The tantivy query: any word or phrase, within the reader's audience and filters.

        ``with_pairs``: only pieces holding two words written together close together
        (:data:`PAIR_SLOP`), scored for them on top of their words.
        """
        known = _known_terms(self.index.searcher())
        should: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for word in parsed.words:
            should.append((tantivy.Occur.Should, self._word(word, known)))
        must: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for phrase in parsed.phrases:
            must.append((tantivy.Occur.Must, self._phrase(phrase)))
        if should:
            # A whole document is expected to hold most of the words somewhere; a piece any.
            needed = max(1, math.ceil(len(should) * WHOLE_COVERAGE)) if level == WHOLE else 1
            must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(should, needed)))
        if with_pairs:
            pairs = [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.phrase_query(SCHEMA, "text", [first, second], PAIR_SLOP),
                )
                for first, second in parsed.pairs()
            ]
            must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(pairs)))
        if parsed.empty:
            must.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        must.append((tantivy.Occur.Must, _unscored(self._any_of("level", [level]))))
        if groups:
            must.append((tantivy.Occur.Must, _unscored(self._any_of("group", list(groups)))))
        if gids:
            must.append((tantivy.Occur.Must, _unscored(_gid_in(gids))))
        # Filters do not score: a rare audience token must not lift its pieces.
        must.append(
            (tantivy.Occur.Must, _unscored(self._any_of("audience", sorted(set(audience)))))
        )
        for field_name, values in self._filter_terms(filters or Filters()):
            must.append((tantivy.Occur.Must, _unscored(self._any_of(field_name, list(values)))))
        if filters is not None and (filters.day_from or filters.day_to):
            low = day_number(filters.day_from) if filters.day_from else NO_DAY + 1
            high = day_number(filters.day_to) if filters.day_to else 10**9
            must.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(SCHEMA, "day", tantivy.FieldType.Integer, low, high),
                )
            )
        return tantivy.Query.boolean_query(must)

    @staticmethod
    def _any_of(field_name: str, values: list[str]) -> tantivy.Query:
        """Pieces holding one of ``values`` (measured faster than a term set for a few)."""
        if not values:
            return tantivy.Query.empty_query()
        if len(values) == 1:
            return tantivy.Query.term_query(SCHEMA, field_name, values[0], index_option="basic")
        return tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.term_query(SCHEMA, field_name, v, index_option="basic"),
                )
                for v in values
            ]
        )

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
    def _word(word: analysis.Word, known: Callable[[str], bool]) -> tantivy.Query:
        ways = [tantivy.Query.term_query(SCHEMA, "text", word.term)]
        if word.han and len(word.surface) >= 2 and not known(word.term):
            # A word jieba never made of any text: its characters in a row, wherever they
            # are (measured: the characters' phrase on every word tripled the time of
            # Chinese queries at a million paragraphs). A Chinese word the index holds as a
            # term is found by it: the text was cut in search mode, so every dictionary word
            # inside a longer one is a term too.
            ways.append(tantivy.Query.phrase_query(SCHEMA, "chars", [*word.surface]))
        for other in word.alternatives:
            if all(analysis.is_han(t) for t in other) and not (len(other) == 1 and known(other[0])):
                # A Chinese form: its characters in a row (jieba's words of a text need not
                # be those of the form, and search mode gives sub-words one position).
                chars = [c for t in other for c in t]
                if len(chars) == 1:
                    ways.append(tantivy.Query.term_query(SCHEMA, "chars", chars[0]))
                else:
                    ways.append(tantivy.Query.phrase_query(SCHEMA, "chars", list(chars)))
            elif len(other) == 1:
                ways.append(tantivy.Query.term_query(SCHEMA, "text", other[0]))
            else:
                ways.append(tantivy.Query.phrase_query(SCHEMA, "text", list(other)))
        if len(ways) == 1:
            return ways[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in ways])

    @staticmethod
    def _phrase(phrase: analysis.Phrase) -> tantivy.Query:
        if all(w.han for w in phrase.words):
            characters: list[str | tuple[int, str]] = [c for w in phrase.words for c in w.surface]
            return tantivy.Query.phrase_query(SCHEMA, "chars", characters)
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        run: list[str | tuple[int, str]] = []
        for word in phrase.words:
            if word.han:
                parts.append((tantivy.Occur.Must, SearchIndex._word(word, lambda _t: False)))
            else:
                run.append(word.term)
        if len(run) > 1:
            parts.append((tantivy.Occur.Must, tantivy.Query.phrase_query(SCHEMA, "text", run)))
        elif run:
            parts.append((tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "text", run[0])))
        return tantivy.Query.boolean_query(parts)

    def visible_groups(
        self,
        audience: Iterable[str],
        filters: Filters | None = None,
        *,
        among: Sequence[str] = (),
    ) -> set[str]:
        """Every group the audience may see, or those of ``among`` (within the filters)."""
        self.refresh()
        query = self.query_of(analysis.ParsedQuery((), ()), audience, filters, groups=among)
        searcher = self.index.searcher()
        total = int(getattr(searcher.search(query, limit=1, count=True), "count", 0) or 0)
        hits = searcher.search(query, limit=max(total, 1), count=False).hits
        return {str(searcher.doc(address).get_first("group")) for _score, address in hits}

    def titles(self, groups: Sequence[str], lang: str, audience: Iterable[str]) -> dict[str, str]:
        """Each group's title in ``lang``, where the group has a piece in that language the
        audience may see: a result found in another language is named in the reader's.
        (Every piece of a language version carries that version's title.)"""
        self.refresh()
        searcher = self.index.searcher()
        shown = Filters(langs=(lang,))
        found: dict[str, str] = {}
        for group in dict.fromkeys(groups):
            query = self.query_of(
                analysis.ParsedQuery((), ()), audience, shown, level=PIECE, groups=[group]
            )
            for _score, address in searcher.search(query, limit=1, count=False).hits:
                title = str(searcher.doc(address).get_first("title") or "")
                if title:
                    found[group] = title
        return found

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
            return Results([], 0, 0)
        self.refresh()
        searcher = self.index.searcher()
        wanted = offset + limit
        engine_started = time.perf_counter()
        # Groups are ranked by their best piece plus a share of their whole's score: the
        # paragraph that answers comes first, and words found in different paragraphs or
        # language versions of one document still add up.
        # The wholes on another thread while this one searches the pieces: tantivy lets go of
        # the GIL while it searches (measured: 2.3 ms less at the median at a million pieces).
        wholes_future = _pool().submit(
            searcher.search,
            self.query_of(parsed, audience, filters),
            max(wanted * 3, 50),
            True,  # counted: the number of groups found
        )
        pieces_found = searcher.search(
            self.query_of(parsed, audience, filters, level=PIECE),
            limit=max(wanted * depth, 50),
            # Not counted: counting every matching piece of a million costs more than the
            # search itself (it forbids skipping the blocks that cannot reach the top).
            count=False,
        )
        wholes_found = wholes_future.result()
        group_count = int(getattr(wholes_found, "count", 0) or 0)
        piece_hits = list(pieces_found.hits)
        whole_hits = list(wholes_found.hits)
        piece_gids = searcher.fast_field_values("gid", [a for _s, a in piece_hits])
        whole_gids = searcher.fast_field_values("gid", [a for _s, a in whole_hits])
        by_group: dict[int, list[tuple[float, tantivy.DocAddress]]] = {}
        for hit, gid in zip(piece_hits, piece_gids, strict=True):
            by_group.setdefault(int(gid or 0), []).append(hit)
        whole_of: dict[int, tuple[float, tantivy.DocAddress]] = {}
        for hit, gid in zip(whole_hits, whole_gids, strict=True):
            whole_of.setdefault(int(gid or 0), hit)

        words = len(parsed.words)
        covered: dict[int, int] = {}

        def score(gid: int) -> float:
            best = by_group[gid][0][0] if gid in by_group else 0.0
            whole = whole_of[gid][0] if gid in whole_of else 0.0
            share = covered.get(gid, 0) / words if covered else 1.0
            return (best + WHOLE_WEIGHT * whole) * share**COVERAGE_POWER

        ranked = sorted(by_group.keys() | whole_of.keys(), key=score, reverse=True)
        # The first groups are ranked again with what is dearer to learn over every match (Solr's
        # re-rank, Elasticsearch's rescore window): the words written together standing close
        # together in a piece, and the share of the words each whole holds.
        window = ranked[: max(wanted * RESCORE_FACTOR, RESCORE_MIN)]
        if words > 1 and window:
            covered_future = _pool().submit(self._coverage, searcher, parsed, window)
            self._lift_pairs(searcher, parsed, audience, filters, window, by_group, depth)
            covered = covered_future.result()
            ranked = sorted(window, key=score, reverse=True) + ranked[len(window) :]
        page = ranked[offset:wanted]
        # A group found by its whole only: fetch its best pieces for the snippet.
        missing = [gid for gid in page if gid not in by_group]
        if missing:
            extra = searcher.search(
                self.query_of(parsed, audience, filters, level=PIECE, gids=missing),
                limit=len(missing) * depth * 4,
            ).hits
            extra_gids = searcher.fast_field_values("gid", [a for _s, a in extra])
            for hit, gid in zip(extra, extra_gids, strict=True):
                by_group.setdefault(int(gid or 0), []).append(hit)
        engine = time.perf_counter() - engine_started
        groups: list[Group] = []
        for gid in page:
            hits = [
                self._hit(searcher, address, s, parsed, snippet_width)
                for s, address in by_group.get(gid, [])[:depth]
            ]
            if not hits:
                head = whole_of[gid]
                hits = [head_hit(searcher.doc(head[1]), head[0])]
            best, *rest = hits
            seen = {best.lang}
            others = []
            for piece in rest:
                if piece.lang not in seen:
                    others.append(piece)
                    seen.add(piece.lang)
            groups.append(
                Group(
                    best.group,
                    replace(best, score=score(gid)),
                    tuple(others),
                    tuple(hits),
                    covered.get(gid, 0) / words if covered else 1.0,
                )
            )
        return Results(
            groups,
            pieces=len(piece_hits),
            group_count=max(group_count, len(ranked)),
            engine_seconds=engine,
            total_seconds=time.perf_counter() - started,
        )

    def _lift_pairs(
        self,
        searcher: tantivy.Searcher,
        parsed: ParsedQuery,
        audience: Iterable[str],
        filters: Filters | None,
        gids: Sequence[int],
        by_group: dict[int, list[tuple[float, tantivy.DocAddress]]],
        depth: int,
    ) -> None:
        """Score again, with the pairs, the pieces of ``gids`` holding a pair close together."""
        if not parsed.pairs():
            return
        query = self.query_of(parsed, audience, filters, level=PIECE, gids=gids, with_pairs=True)
        lifted = searcher.search(query, limit=len(gids) * depth).hits
        lifted_gids = searcher.fast_field_values("gid", [a for _s, a in lifted])
        for hit, gid in zip(lifted, lifted_gids, strict=True):
            by_group.setdefault(int(gid or 0), []).append(hit)
        for gid in {int(g or 0) for g in lifted_gids}:
            # A piece found twice keeps its score with the pairs (the higher).
            best: dict[tuple[int, int], tuple[float, tantivy.DocAddress]] = {}
            for hit in by_group[gid]:
                key = (hit[1].segment_ord, hit[1].doc)
                if key not in best or hit[0] > best[key][0]:
                    best[key] = hit
            by_group[gid] = sorted(best.values(), key=lambda hit: -hit[0])

    def _coverage(
        self, searcher: tantivy.Searcher, parsed: ParsedQuery, gids: Iterable[int]
    ) -> dict[int, int]:
        """How many of the query's words each group's whole holds (for groups ``gids``)."""
        wanted = sorted(gids)
        if len(parsed.words) < 2 or not wanted:
            return {}
        known = _known_terms(searcher)
        # Each word held adds exactly one: the score is the count.
        one_each = [
            (tantivy.Occur.Should, tantivy.Query.const_score_query(self._word(w, known), 1.0))
            for w in parsed.words
        ]
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.boolean_query(one_each)),
                (tantivy.Occur.Must, _unscored(self._any_of("level", [WHOLE]))),
                (tantivy.Occur.Must, _unscored(_gid_in(wanted))),
            ]
        )
        hits = searcher.search(query, limit=len(wanted)).hits
        gids_found = searcher.fast_field_values("gid", [a for _s, a in hits])
        return {int(gid or 0): round(s) for (s, _a), gid in zip(hits, gids_found, strict=True)}

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
        day_number = int(doc.get_first("day") or NO_DAY)
        return Hit(
            obj=str(doc.get_first("obj")),
            group=str(doc.get_first("group")),
            kind=str(doc.get_first("kind")),
            lang=str(doc.get_first("lang")),
            title=str(doc.get_first("title") or ""),
            url=str(doc.get_first("url") or ""),
            part=int(doc.get_first("part") or 0),
            day=None if day_number == NO_DAY else EPOCH + dt.timedelta(days=day_number),
            score=float(score),
            snippet=window,
            marks=tuple(marks),
        )
