"""Benchmark: how well the databank's search finds what labelled queries ask for.

    python bench/search_quality.py [--queries FILE] [--documents N] [--index DIR] [--show]

One index is built of (a) the project's seed texts (``secretariat/databank/seeds/*.txt``),
split into passages by ``secretariat.databank.splitting.split`` and indexed as the databank
indexes sources (one piece per passage, group ``source:<code>``, language from the
passage), and (b) the synthetic corpus of ``bench/search_corpus.py`` at the seed and size
the query file names (3,000 documents in en, ru and zh; ``--documents`` overrides the size,
and queries whose groups are then missing are skipped). Every labelled query of
``bench/search_queries.yaml`` runs through ``SearchIndex.search`` as a reader who may see
every piece, for the first 10 groups.

Printed: the index; then per query language and overall the queries run, recall@10 (the
share of a query's expected groups among its first 10, averaged over queries) and MRR (the
mean of 1/rank of the first expected group, 0 when none is in the first 10); the failing
queries with the groups they got; then the goal: recall@10 at least 0.9 in each language,
PASS or FAIL (exit status 0 either way: a figure, not a test); then, for each failing
query, how many generated documents hold every token it was typed with (read off the
texts, not the index: many means the label, not the engine, is arbitrary). ``--show``
prints every query's rank.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_corpus as corpus  # a sibling script, importable once bench/ is on the path

from secretariat.databank.search.engine import SearchIndex
from secretariat.databank.search.shapes import Entry
from secretariat.databank.seeds import SEED_CATALOGUE, seed_paths
from secretariat.databank.splitting import split

GOAL_RECALL = 0.9
TOP = 10
QUERIES_FILE = Path(__file__).resolve().parent / "search_queries.yaml"
LANGS = ("en", "ru", "zh")
#: A reader who may see everything the corpus holds.
READER = ("public", "document:staff", "document:del:3")


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    lang: str
    expect: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    query: Labelled
    got: tuple[str, ...]
    recall: float
    rank: int | None  # of the first expected group, 1-based; None when not in the first TOP

    @property
    def reciprocal(self) -> float:
        return 1 / self.rank if self.rank else 0.0


def load_queries(path: Path) -> tuple[dict[str, int], list[Labelled]]:
    """The corpus settings and the labelled queries of a query file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries = [
        Labelled(
            text=str(q["q"]),
            lang=str(q["lang"]),
            expect=tuple(str(k) for k in q["expect"]),
            note=str(q.get("note", "")),
        )
        for q in data["queries"]
    ]
    for q in queries:
        if q.lang not in LANGS or not q.expect:
            raise ValueError(f"query {q.text!r}: a language of {LANGS} and expected groups")
    return {k: int(v) for k, v in data["corpus"].items()}, queries


def seed_entries() -> Iterator[Entry]:
    """The seed texts as the databank indexes its sources, one piece per passage."""
    for path in seed_paths():
        code = path.stem
        meta = SEED_CATALOGUE.get(code)
        title = meta.title if meta else code
        key = f"source:{code}"
        for piece in split(path.read_text(encoding="utf-8")):
            label = f"{piece.label} " if piece.label else ""
            yield Entry(
                obj=key,
                group=key,
                kind="source",
                lang=piece.language,
                title=f"{title} {label}".strip(),
                text=piece.text,
                part=piece.number,
                url=f"/databank/sources/{code}/#p{piece.number}",
                audience=["public"],
                bodies=list(meta.bodies) if meta else [],
            )


def build_index(index: SearchIndex, seed: int, documents: int) -> tuple[int, set[str]]:
    """Index the seeds and the synthetic documents; the pieces and groups indexed."""
    writer = index.writer(heap=256_000_000, threads=2)
    groups: set[str] = set()
    pieces = 0
    seeds = list(seed_entries())
    groups.update(e.group for e in seeds)
    pieces += SearchIndex.replace(writer, (), seeds)
    for doc in corpus.documents(seed, documents):
        groups.add(doc.group)
        pieces += SearchIndex.replace(writer, (), doc.entries())
    index.commit(writer)
    index.close(writer)
    return pieces, groups


def evaluate(index: SearchIndex, query: Labelled) -> Outcome:
    results = index.search(query.text, READER, limit=TOP)
    got = tuple(g.key for g in results.groups)
    found = [k for k in query.expect if k in got]
    ranks = [got.index(k) + 1 for k in found]
    return Outcome(query, got, len(found) / len(query.expect), min(ranks) if ranks else None)


_TOKEN_SPLIT = re.compile(r"[\s\"«»“”„「」『』]+")


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """How many synthetic documents hold every token a query was typed with, literally."""

    anywhere: int
    one_paragraph: int
    expected_in_one_paragraph: bool


def ambiguity(query: Labelled, docs: Sequence[corpus.SyntheticDocument]) -> Ambiguity:
    """Read off the generated texts, not the index: whether other documents answer as well.

    A token matches where it occurs as written (case aside) in a title or paragraph of any
    language version; that suits Chinese tokens and names, not inflected words, so the
    figure is shown for failing queries as a hint, never used in the scores.
    """
    tokens = [t.lower() for t in _TOKEN_SPLIT.split(query.text) if t]

    def texts(doc: corpus.SyntheticDocument) -> list[str]:
        return [p.lower() for lang in corpus.LANGS for p in doc.paragraphs[lang]]

    anywhere: list[str] = []
    together: list[str] = []
    for doc in docs:
        paragraphs = texts(doc)
        whole = " ".join([*paragraphs, *(t.lower() for t in doc.titles.values())])
        if all(t in whole for t in tokens):
            anywhere.append(doc.group)
            if any(all(t in p for t in tokens) for p in paragraphs):
                together.append(doc.group)
    return Ambiguity(len(anywhere), len(together), any(k in together for k in query.expect))


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE, help="labelled queries")
    parser.add_argument("--documents", type=int, help="synthetic documents (default: the file's)")
    parser.add_argument("--index", type=Path, help="index folder (default: a temporary one)")
    parser.add_argument("--show", action="store_true", help="print every query's rank")
    args = parser.parse_args(argv)
    if args.documents is not None and args.documents < 0:
        parser.error("--documents must be at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Build the index, run the labelled queries and print the figures."""
    args = _parse(argv)
    settings, queries = load_queries(args.queries)
    seed = settings["seed"]
    documents = settings["documents"] if args.documents is None else args.documents
    folder = args.index or Path(tempfile.mkdtemp(prefix="bench-search-quality-"))
    try:
        if folder.exists():
            shutil.rmtree(folder)
        index = SearchIndex(folder)
        started = time.perf_counter()
        pieces, groups = build_index(index, seed, documents)
        seconds = time.perf_counter() - started
        print(
            f"index: {pieces:,} pieces in {len(groups):,} groups: {len(seed_paths())} seed texts "
            f"and {documents:,} synthetic documents (seed {seed}), built in {seconds:.1f} s"
        )
        runnable = [q for q in queries if all(k in groups for k in q.expect)]
        skipped = len(queries) - len(runnable)
        outcomes = [evaluate(index, q) for q in runnable]
        report(outcomes, skipped, show=args.show)
        failing = [o.query for o in outcomes if o.recall < 1]
        if failing:
            docs = list(corpus.documents(seed, documents))
            print("failing queries against the generated texts (tokens as typed, any language):")
            for q in failing:
                a = ambiguity(q, docs)
                print(
                    f"  {q.text}: {a.anywhere} documents hold every token, "
                    f"{a.one_paragraph} in one paragraph"
                    f"{' (the expected one among them)' if a.expected_in_one_paragraph else ''}"
                )
    finally:
        if args.index is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(outcomes: Sequence[Outcome], skipped: int, *, show: bool = False) -> None:
    print(
        f"queries: {len(outcomes)} run, {skipped} skipped (their groups are not in this "
        f"corpus); first {TOP} groups; reader {list(READER)}"
    )
    verdicts = []
    for lang in (*LANGS, "all"):
        mine = [o for o in outcomes if lang in ("all", o.query.lang)]
        if not mine:
            print(f"{lang}: no queries")
            verdicts.append(lang == "all")
            continue
        recall = sum(o.recall for o in mine) / len(mine)
        mrr = sum(o.reciprocal for o in mine) / len(mine)
        if lang != "all":
            verdicts.append(recall >= GOAL_RECALL)
        print(f"{lang}: {len(mine)} queries, recall@{TOP} {recall:.3f}, MRR {mrr:.3f}")
    if show:
        print("every query (rank of the first expected group):")
        for o in outcomes:
            print(f"  [{o.query.lang}] {o.rank or '-':>2}  {o.query.text}")
    failing = [o for o in outcomes if o.recall < 1]
    print(f"failing queries (not every expected group in the first {TOP}): {len(failing)}")
    for o in failing:
        print(f"  [{o.query.lang}] {o.query.text}")
        print(
            f"      expected {', '.join(o.query.expect)}; got {', '.join(o.got[:5]) or 'nothing'}"
        )
    verdict = "PASS" if all(verdicts) else "FAIL"
    print(f"goal recall@{TOP} >= {GOAL_RECALL:g} in each language: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
