"""The search benchmarks: the corpus generator, and one small run of each (no timing asserts)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    """A script of bench/, loaded as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    return _load("search_corpus")


def test_documents_are_parallel_in_three_languages_and_the_same_for_a_seed(
    corpus: ModuleType,
) -> None:
    docs = list(corpus.documents(seed=3, count=5))

    assert [d.id for d in docs] == [1, 2, 3, 4, 5]
    for doc in docs:
        entries = list(doc.entries())
        assert {e.group for e in entries} == {f"document:{doc.id}"}
        for lang in ("en", "ru", "zh"):
            parts = [e.part for e in entries if e.lang == lang]
            assert parts == list(range(len(doc.paragraphs["en"]) + 1))
        assert re.search(r"[\u4e00-\u9fff]{4}", doc.paragraphs["zh"][0])
        assert re.search(r"[а-яё]{4}", doc.paragraphs["ru"][0])
    # A document is drawn on its own: the same whatever else is drawn.
    assert corpus.document(3, 4) == docs[3]
    assert list(corpus.documents(seed=3, count=5)) == docs


def test_the_stream_stops_after_whole_documents_once_enough_paragraphs(
    corpus: ModuleType,
) -> None:
    entries = list(corpus.entries(seed=1, paragraphs=200))
    paragraphs = sum(1 for e in entries if e.part > 0)

    assert 200 <= paragraphs < 200 + 3 * corpus.PARAGRAPHS[1]
    assert entries[-1].lang == "zh"


def test_the_vocabulary_has_words_and_phrases_in_every_language(corpus: ModuleType) -> None:
    vocab = corpus.vocabulary()

    assert "железной" in vocab.words["ru"]
    assert "railway" in vocab.words["en"]
    assert "铁路" in vocab.zh_pairs
    assert all(len(vocab.phrases[lang]) > 20 for lang in ("en", "ru", "zh"))


def _figures(out: str, label: str) -> list[float]:
    found = re.search(rf"^  {label}:? +p50 ([\d.]+) p95 ([\d.]+) p99 ([\d.]+)$", out, re.M)
    assert found is not None, label
    return [float(x) for x in found.groups()]


def test_a_small_speed_run_reports_the_build_each_kind_and_the_goal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _load("search")

    status = bench.main(
        ["--paragraphs", "2000", "--queries", "9", "--index", str(tmp_path / "index")]
    )
    out = capsys.readouterr().out

    assert status == 0
    assert re.search(r"^index: [\d,]+ pieces \(2,\d{3} paragraphs and \d+ titles\)", out, re.M)
    assert re.search(r"^build: [\d.]+ s, [\d,]+ pieces/s; CPU time", out, re.M)
    assert re.search(r"^index size on disk: [\d.]+ MB$", out, re.M)
    for kind in ("1 term", "2 terms", "phrase"):
        block = out.split(f"\n{kind}:\n", 1)[1]
        matches = re.search(r"per query: mean ([\d,]+) pieces fetched", block)
        assert matches is not None
        assert int(matches[1].replace(",", "")) > 0
        total = _figures(block, "total ms")
        engine = _figures(block, "engine ms")
        assert total == sorted(total)
        assert engine == sorted(engine)
        assert re.search(r"total/engine: [\d.]+x at the median", block)
    assert re.search(r"^goal p95 \(total\) <= 20 ms for each kind: (PASS|FAIL)$", out, re.M)
    # The index was kept where it was asked for, and is queried again without a build.
    assert bench.main(["--reuse", "--queries", "3", "--index", str(tmp_path / "index")]) == 0
    assert "index: reused" in capsys.readouterr().out


def test_the_labelled_queries_cover_every_language() -> None:
    quality = _load("search_quality")

    settings, queries = quality.load_queries(quality.QUERIES_FILE)

    assert settings["documents"] >= 1000
    assert len(queries) >= 60
    for lang in ("en", "ru", "zh"):
        assert sum(1 for q in queries if q.lang == lang) >= 20
    assert any(q.text.startswith(('"', "«", "“", "「")) for q in queries)


def test_a_small_quality_run_reports_recall_and_mrr_per_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quality = _load("search_quality")

    status = quality.main(["--documents", "160", "--index", str(tmp_path / "quality")])
    out = capsys.readouterr().out

    assert status == 0
    assert re.search(r"^index: [\d,]+ pieces in 165 groups: 5 seed texts", out, re.M)
    run = re.search(r"^queries: (\d+) run, (\d+) skipped", out, re.M)
    assert run is not None
    assert int(run[1]) > 20  # the queries on the seeds and on the first 160 documents
    for lang in ("en", "ru", "zh", "all"):
        figures = re.search(rf"^{lang}: \d+ queries, recall@10 ([\d.]+), MRR ([\d.]+)$", out, re.M)
        assert figures is not None, lang
        assert 0 <= float(figures[1]) <= 1
        assert 0 <= float(figures[2]) <= 1
    assert re.search(r"^goal recall@10 >= 0.9 in each language: (PASS|FAIL)$", out, re.M)


def test_search_finds_across_languages_on_the_labelled_queries_of_real_users() -> None:
    """The labelled bench on the seeds and the registry's organisations, with the term base
    and the embeddings model: the issue's goals in each language and across languages, and
    nothing for the queries without a good answer."""
    bench = _load("search_labelled")

    report = bench.run()

    for name, (count, recall, mrr) in report.sets.items():
        assert count >= 40, name
        assert recall >= bench.GOAL_RECALL, (name, recall)
        assert mrr >= bench.GOAL_MRR, (name, mrr)
    assert report.none_queries >= 10
    assert report.none_empty == report.none_queries
