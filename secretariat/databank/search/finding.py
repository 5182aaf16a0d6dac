"""A search across languages, from the query to the page: what the service and the bench run.

1. The query is parsed and expanded (:mod:`.across`): each term of the term base and each
   registry name it holds also looks for its forms in the other languages, in one keyword
   query (fast at a million paragraphs: one more clause per form).
2. Keyword search returns the first groups; a quoted phrase nothing holds is read again as
   words (the reader quoted a term, the text words it otherwise).
3. Where the pieces found have stored meaning vectors, they re-rank the first groups and
   pick each group's best piece (:mod:`.rerank`); a group holding less than half of the words
   and far from the query by meaning is dropped.
4. On the first page, texts in other languages near the query by meaning alone, above a
   floor, hubness corrected (:func:`related`).

No Django here: the service gives the index, the thesaurus, the vectors and the reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from secretariat.databank.search import analysis, rerank
from secretariat.databank.search.engine import SearchIndex
from secretariat.databank.search.shapes import Filters, Hit, Results

#: Groups re-ranked by meaning on the first page (Solr's re-rank window).
WINDOW = 30
#: Pieces fetched per group, among which meaning picks the best.
DEPTH = 8


class Expands(Protocol):
    """What expands a query (a :class:`~.across.Thesaurus`, or several one after another)."""

    def expand(self, parsed: analysis.ParsedQuery) -> analysis.ParsedQuery: ...


@dataclass(frozen=True)
class Row:
    """What a stored vector belongs to, and what a result by meaning shows of it."""

    group: str
    lang: str
    part: int
    title: str = ""
    text: str = ""
    url: str = ""


@dataclass
class Vectors:
    """Stored passage vectors with their hub scores (see :mod:`.rerank`)."""

    rows: list[Row]
    matrix: np.ndarray
    hubs: np.ndarray
    at: dict[tuple[str, str, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.at = {(r.group, r.lang, r.part): i for i, r in enumerate(self.rows)}

    @classmethod
    def of(cls, rows: list[Row], matrix: np.ndarray, references: np.ndarray) -> Vectors:
        return cls(rows, matrix, rerank.hub_scores(matrix, references))


@dataclass(frozen=True)
class Related:
    group: str
    lang: str
    title: str
    url: str
    snippet: str
    score: float


@dataclass
class Found:
    results: Results
    related: list[Related] = field(default_factory=list)
    #: The query as searched (expanded), for highlighting and the bench.
    parsed: analysis.ParsedQuery | None = None


def find(
    index: SearchIndex,
    text: str,
    audience: Sequence[str],
    filters: Filters | None = None,
    *,
    thesaurus: Expands | None = None,
    vectors: Vectors | None = None,
    embed_query: Callable[[str], np.ndarray] | None = None,
    limit: int = 20,
    offset: int = 0,
    related_count: int = 5,
    may_see: Callable[[Iterable[str]], set[str]] | None = None,
) -> Found:
    """Search ``text`` for a reader of ``audience``: keyword results re-ranked by meaning,
    and on the first page the texts near it by meaning in other languages."""
    parsed = analysis.parse_query(text)
    if thesaurus is not None:
        parsed = thesaurus.expand(parsed)
    first_page = offset == 0
    with_meaning = vectors is not None and embed_query is not None and bool(vectors.rows)
    window = max(limit, WINDOW) if first_page and with_meaning else limit
    results = index.search(parsed, audience, filters, limit=window, offset=offset, depth=DEPTH)
    if not results.groups and parsed.phrases:
        parsed = analysis.ParsedQuery(
            tuple(dict.fromkeys([*parsed.words, *(w for p in parsed.phrases for w in p.words)])),
            (),
        )
        if thesaurus is not None:
            parsed = thesaurus.expand(parsed)
        results = index.search(parsed, audience, filters, limit=window, offset=offset, depth=DEPTH)
    found = Found(results, parsed=parsed)
    if vectors is None or embed_query is None or not with_meaning or not first_page or parsed.empty:
        found.results = replace(results, groups=results.groups[:limit])
        return found
    query = embed_query(text)

    def meaning_of(piece: Hit) -> float | None:
        row = vectors.at.get((piece.group, piece.lang, piece.part))
        if row is None:
            return None
        return float(vectors.matrix[row] @ query - vectors.hubs[row])

    groups = rerank.rerank(results.groups, meaning_of)
    dropped = len(results.groups) - len(groups)
    found.results = replace(
        results, groups=groups[:limit], group_count=max(0, results.group_count - dropped)
    )
    found.related = related(
        vectors,
        query,
        query_lang=_language(text),
        exclude={g.key for g in groups},
        count=related_count,
        may_see=may_see,
    )
    return found


def related(
    vectors: Vectors,
    query: np.ndarray,
    *,
    query_lang: str | None,
    exclude: Iterable[str] = (),
    count: int = 5,
    may_see: Callable[[Iterable[str]], set[str]] | None = None,
) -> list[Related]:
    """Groups near the query by meaning in other languages, above the floor, best first."""
    if not vectors.rows or count <= 0:
        return []
    corrected = vectors.matrix @ query - vectors.hubs
    order = np.argsort(-corrected)
    skip = set(exclude)
    candidates: dict[str, tuple[int, float]] = {}
    for i in order[: count * 12]:
        score = float(corrected[i])
        if score < rerank.RELATED_FLOOR:
            break
        row = vectors.rows[int(i)]
        if (
            row.group in skip
            or row.lang == query_lang
            or row.group in candidates
            or len(row.text) < rerank.MIN_RELATED_CHARS
        ):
            continue
        candidates[row.group] = (int(i), score)
    visible = may_see(candidates) if may_see is not None and candidates else set(candidates)
    found = []
    for group, (i, score) in candidates.items():
        if group not in visible:
            continue
        row = vectors.rows[i]
        found.append(Related(group, row.lang, row.title, row.url, row.text[:240], score))
        if len(found) == count:
            break
    return found


def _language(text: str) -> str | None:
    """The query's script as a language: Han zh, Cyrillic ru, Latin en (most letters)."""
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    cyr = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    lat = sum(1 for c in text if c.isascii() and c.isalpha())
    best = max((han * 2, "zh"), (cyr, "ru"), (lat, "en"))
    return best[1] if best[0] else None
