"""Benchmark: search that finds across languages, on labelled queries of real users.

    python bench/search_labelled.py [--queries FILE] [--termbase FILE] [--show] [--cache DIR]

The index holds what the databank shows of the demo content that has text: each passage of
the five seed texts (``secretariat/databank/seeds``, split as the databank splits them) as
its own group, and the registry's partner organisations (``reference_data/sco.yaml``) as the
databank indexes them, one entry per language: the name and the titles of the documents
signed with it (the short entries that used to come first by meaning for every query).

The search is the databank's own (:func:`secretariat.databank.search.finding.find`): the
query expanded by the term base (``secretariat/terms/termbase.yaml``) and the registry's
names, keyword search, then the first groups re-ranked by meaning (multilingual-e5-small
vectors of the passages, hubness corrected) and the texts near it by meaning in other
languages above a floor. The ranking measured is what the page shows: the results, then
"in other languages, by meaning", the first 10.

Printed per language of the query, and for the cross-language queries (no expected
answer in the query's language): recall@10 (a query counts when one of its answers is in
the first 10) and MRR; the share of "no good answer" queries that returned nothing; the
same without expansion and meaning (keyword search alone) to compare; then PASS when
recall@10 ≥ 0.9 and MRR ≥ 0.7 in each language and across languages, and every
no-answer query returned nothing. Exit status 0 either way.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from secretariat.databank.search import across, finding, rerank  # noqa: E402
from secretariat.databank.search.engine import SearchIndex  # noqa: E402
from secretariat.databank.search.shapes import Entry  # noqa: E402
from secretariat.databank.splitting import split  # noqa: E402

SEEDS = ROOT / "secretariat" / "databank" / "seeds"
REGISTRY = ROOT / "secretariat" / "reference_data" / "sco.yaml"
TERMBASE = ROOT / "secretariat" / "terms" / "termbase.yaml"
QUERIES = Path(__file__).resolve().parent / "search_labelled.yaml"
GOAL_RECALL = 0.9
GOAL_MRR = 0.7
LANGS = ("en", "ru", "zh")


@dataclass
class Query:
    text: str
    lang: str
    expect: set[str]
    cross: bool = False


@dataclass
class Outcome:
    query: Query
    ranking: list[str]
    rank: int | None


@dataclass
class Report:
    #: Per set (en, ru, zh, cross): (queries, recall@10, MRR).
    sets: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    #: "No good answer" queries, and how many returned nothing.
    none_queries: int = 0
    none_empty: int = 0
    baseline: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    median_ms: float = 0.0

    @property
    def passed(self) -> bool:
        return (
            all(r >= GOAL_RECALL and m >= GOAL_MRR for _n, r, m in self.sets.values())
            and self.none_empty == self.none_queries
        )


def seed_entries() -> Iterator[Entry]:
    """Each seed passage as its own group (``004§12``), its heading searched with it as
    ``entries.source_entries`` does."""
    for path in sorted(SEEDS.glob("00*.txt")):
        for piece in split(path.read_text(encoding="utf-8")):
            key = f"{path.stem[:3]}{piece.label}"
            text = f"{piece.heading}\n{piece.text}" if piece.heading else piece.text
            yield Entry(key, key, "source", piece.language, "", text, "", ["public"], 1)


def registry() -> dict[str, Any]:
    return dict(yaml.safe_load(REGISTRY.read_text(encoding="utf-8")))


def organisation_entries(data: dict[str, Any]) -> Iterator[Entry]:
    """Partner organisations as ``entries.organisation_entries`` indexes them."""
    for org in data["international_organisations"]:
        key = f"org:{org['abbreviation']}"
        for lang in LANGS:
            name = org["name"][lang]
            lines = [d["title"][lang] for d in org.get("documents") or []]
            title = f"{name} ({org['abbreviation']})"
            yield Entry(key, key, "organisation", lang, title, "\n".join(lines), "", ["public"])


def registry_concepts(data: dict[str, Any]) -> list[across.Concept]:
    """The names the service takes from the registry (see ``service.registry_names``)."""
    names: list[dict[str, str]] = []
    for state in data["states"]:
        names += [state["name"], state["official_name"]]
    for body in data["bodies"]:
        names += [body["name"], body.get("abbreviation") or {}]
    for org in data["international_organisations"]:
        names.append(org["name"])
    for meeting in data["council_meetings"]:
        if meeting.get("city"):
            names.append(meeting["city"])
    people = [sg["name"] for sg in data["secretaries_general"]]
    return [*across.names_as_concepts(n for n in names if n), *across.person_names(people)]


def termbase_concepts(path: Path) -> list[across.Concept]:
    """The term base's concepts, read from its YAML (terms are strings or {text: ...})."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = []
    for concept in data.get("concepts") or []:
        forms = {
            lang: [t["text"] if isinstance(t, dict) else str(t) for t in terms]
            for lang, terms in (concept.get("terms") or {}).items()
        }
        found.append(across.Concept(forms))
    return found


def load_queries(path: Path, langs_of: dict[str, set[str]]) -> list[Query]:
    found = []
    for row in yaml.safe_load(path.read_text(encoding="utf-8")):
        expect = set(row.get("expect") or [])
        unknown = expect - langs_of.keys()
        if unknown:
            raise SystemExit(f"{row['q']!r}: no such passage {sorted(unknown)}")
        answer_langs = set().union(*(langs_of[k] for k in expect)) if expect else set()
        cross = bool(expect) and row["lang"] not in answer_langs
        found.append(Query(str(row["q"]), str(row["lang"]), expect, cross))
    return found


def embed(texts: list[str], cache: Path | None) -> np.ndarray:
    """Passage vectors, from the cache folder when the same texts were embedded before."""
    from secretariat.databank.search import meaning

    digest = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    stored = cache / f"passages-{digest}.npy" if cache else None
    if stored is not None and stored.exists():
        return np.load(stored)
    vectors = meaning.embed_passages(texts)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        np.save(stored, vectors)
    return vectors


def _metrics(outcomes: Sequence[Outcome]) -> tuple[int, float, float]:
    if not outcomes:
        return (0, 0.0, 0.0)
    recall = sum(1 for o in outcomes if o.rank is not None) / len(outcomes)
    mrr = sum(1 / o.rank for o in outcomes if o.rank is not None) / len(outcomes)
    return (len(outcomes), recall, mrr)


def _rank(ranking: list[str], expect: set[str]) -> int | None:
    for position, key in enumerate(ranking[:10], start=1):
        if key in expect:
            return position
    return None


def _sets(outcomes: list[Outcome]) -> dict[str, tuple[int, float, float]]:
    answered = [o for o in outcomes if o.query.expect]
    sets = {lang: _metrics([o for o in answered if o.query.lang == lang]) for lang in LANGS}
    sets["cross"] = _metrics([o for o in answered if o.query.cross])
    return sets


def run(
    queries_path: Path = QUERIES,
    termbase: Path = TERMBASE,
    cache: Path | None = None,
) -> Report:
    from secretariat.databank.search import meaning

    data = registry()
    entries = [*seed_entries(), *organisation_entries(data)]
    langs_of: dict[str, set[str]] = {}
    for e in entries:
        langs_of.setdefault(e.group, set()).add(e.lang)
    queries = load_queries(queries_path, langs_of)
    thesaurus = across.thesaurus([*termbase_concepts(termbase), *registry_concepts(data)])
    report = Report()
    with tempfile.TemporaryDirectory() as folder:
        index = SearchIndex(folder)
        writer = index.writer()
        by_group: dict[str, list[Entry]] = {}
        for e in entries:
            by_group.setdefault(e.group, []).append(e)
        for group in by_group.values():
            SearchIndex.replace(writer, (), group)
        index.commit(writer)
        index.close(writer)
        matrix = embed([e.searchable[:1500] for e in entries], cache)
        references = np.vstack([meaning.embed_query(q) for q in rerank.REFERENCE_QUERIES])
        rows = [finding.Row(e.group, e.lang, e.part, e.title, e.text or e.title) for e in entries]
        vectors = finding.Vectors.of(rows, matrix, references)
        seconds = []
        baseline: list[Outcome] = []
        for q in queries:
            started = time.perf_counter()
            found = finding.find(
                index,
                q.text,
                ["public"],
                thesaurus=thesaurus,
                vectors=vectors,
                embed_query=meaning.embed_query,
                limit=10,
            )
            seconds.append(time.perf_counter() - started)
            ranking = [g.key for g in found.results.groups] + [r.group for r in found.related]
            report.outcomes.append(Outcome(q, ranking, _rank(ranking, q.expect)))
            # The baseline: the keyword engine alone, as before this benchmark.
            plain = [g.key for g in index.search(q.text, ["public"], limit=10).groups]
            baseline.append(Outcome(q, plain, _rank(plain, q.expect)))
    report.baseline = _sets(baseline)
    report.sets = _sets(report.outcomes)
    nothing = [o for o in report.outcomes if not o.query.expect]
    report.none_queries = len(nothing)
    report.none_empty = sum(1 for o in nothing if not o.ranking)
    report.median_ms = 1000 * sorted(seconds)[len(seconds) // 2]
    return report


def print_report(report: Report, *, show: bool = False) -> None:
    answered = sum(n for key, (n, _r, _m) in report.sets.items() if key in LANGS)
    print(
        f"{answered} labelled queries ({report.sets['cross'][0]} cross-language) and "
        f"{report.none_queries} without a good answer; median search {report.median_ms:.1f} ms"
    )
    print(f"{'set':8} {'queries':>7} {'recall@10':>10} {'MRR':>6}   keyword alone (recall / MRR)")
    for key, (n, recall, mrr) in report.sets.items():
        _bn, brecall, bmrr = report.baseline[key]
        print(f"{key:8} {n:7d} {recall:10.3f} {mrr:6.3f}   {brecall:.3f} / {bmrr:.3f}")
    print(f"no good answer: {report.none_empty} of {report.none_queries} returned nothing")
    if show:
        for o in report.outcomes:
            if (o.query.expect and o.rank != 1) or (not o.query.expect and o.ranking):
                print(f"  [{o.query.lang}] {o.query.text!r}: rank {o.rank}, got {o.ranking[:5]}")
    goal = f"recall@10 ≥ {GOAL_RECALL} and MRR ≥ {GOAL_MRR} in each set, no-answer queries empty"
    print(f"goal {goal}: {'PASS' if report.passed else 'FAIL'}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--termbase", type=Path, default=TERMBASE)
    parser.add_argument("--cache", type=Path, help="keep the passages' vectors in this folder")
    parser.add_argument("--show", action="store_true", help="print the queries not found first")
    args = parser.parse_args(argv)
    print_report(run(args.queries, args.termbase, args.cache), show=args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
