"""The engine on its own: audiences limit results and counts, filters, phrases, groups."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from secretariat.databank.search.engine import SearchIndex
from secretariat.databank.search.shapes import Entry, Filters


def _doc(pk: int, lang: str, text: str, **kw: object) -> Entry:
    values: dict[str, object] = {
        "obj": f"document:{pk}",
        "group": f"document:{pk}",
        "kind": "document",
        "lang": lang,
        "title": f"Document {pk}",
        "text": text,
        "url": f"/documents/{pk}/",
        "audience": ["public"],
        "part": 1,
    }
    values.update(kw)
    return Entry(**values)  # type: ignore[arg-type]


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    found = SearchIndex(tmp_path)
    writer = found.writer()
    SearchIndex.replace(
        writer,
        [],
        [
            _doc(
                1, "ru", "Секретариат направляет заверенные копии документов государствам-членам."
            ),
            _doc(1, "zh", "秘书处向成员国分发经核证的文件副本。", part=1),
            _doc(
                1, "en", "The Secretariat sends certified copies of documents to the member states."
            ),
            _doc(
                2,
                "en",
                "Copies of the minutes go to every national part.",
                audience=["document:staff"],
                day=dt.date(2020, 5, 1),
                bodies=["bcb"],
                doc_type="regulation",
                areas=["ECON"],
            ),
            _doc(
                3,
                "en",
                "Certified statements and copies were exchanged.",
                day=dt.date(2024, 1, 10),
                bodies=["cnc"],
                doc_type="decision",
                areas=["SEC"],
            ),
            _doc(
                4,
                "ru",
                "Заседание Совета министров иностранных дел.",
                kind="meeting",
                obj="meeting:4",
                group="meeting:4",
            ),
        ],
    )
    found.commit(writer)
    return found


def test_the_language_versions_of_a_document_are_one_result_with_the_others_listed(
    index: SearchIndex,
) -> None:
    results = index.search("copies", ["public"])
    keys = [g.key for g in results.groups]
    assert keys.count("document:1") == 1
    assert set(keys) == {"document:1", "document:3"}


def test_a_query_in_one_language_lists_the_other_versions_that_matched(index: SearchIndex) -> None:
    results = index.search("copies копии 副本", ["public"])
    first = next(g for g in results.groups if g.key == "document:1")
    assert {first.best.lang, *(o.lang for o in first.others)} == {"ru", "en", "zh"}


def test_what_the_reader_may_not_see_is_absent_from_results_and_counts(index: SearchIndex) -> None:
    public = index.search("copies", ["public"])
    staff = index.search("copies", ["public", "document:staff"])
    assert "document:2" not in [g.key for g in public.groups]
    assert "document:2" in [g.key for g in staff.groups]
    assert (public.group_count, staff.group_count) == (2, 3)
    assert staff.pieces == public.pieces + 1
    assert index.search("copies", []).group_count == 0


def test_a_phrase_must_stand_as_written(index: SearchIndex) -> None:
    assert [g.key for g in index.search('"certified copies"', ["public"]).groups] == ["document:1"]
    assert {g.key for g in index.search("certified copies", ["public"]).groups} == {
        "document:1",
        "document:3",
    }
    assert [g.key for g in index.search("«заверенные копии»", ["public"]).groups] == ["document:1"]
    assert [g.key for g in index.search("「核证的文件」", ["public"]).groups] == ["document:1"]
    assert index.search("「文件核证」", ["public"]).group_count == 0


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(kinds=["meeting"]), []),
        # A document with a Chinese version is found by an English word of its English one:
        # the language filter keeps documents that have a version in that language.
        (Filters(langs=["zh"]), ["document:1"]),
        (Filters(langs=["ru"], bodies=["cnc"]), []),
        (Filters(bodies=["cnc"]), ["document:3"]),
        (Filters(doc_types=["regulation"]), ["document:2"]),
        (Filters(areas=["ECON"]), ["document:2"]),
        (Filters(day_from=dt.date(2021, 1, 1)), ["document:3"]),
        (Filters(day_to=dt.date(2021, 1, 1)), ["document:2"]),
        (
            Filters(day_from=dt.date(2019, 1, 1), day_to=dt.date(2025, 1, 1)),
            ["document:2", "document:3"],
        ),
    ],
)
def test_filters(index: SearchIndex, filters: Filters, expected: list[str]) -> None:
    results = index.search("copies", ["public", "document:staff"], filters)
    assert sorted(g.key for g in results.groups) == expected


def test_pages_of_groups(index: SearchIndex) -> None:
    everyone = ["public", "document:staff"]
    first = index.search("copies", everyone, limit=2)
    second = index.search("copies", everyone, limit=2, offset=2)
    assert len(first.groups) == 2
    assert len(second.groups) == 1
    assert {g.key for g in first.groups}.isdisjoint(g.key for g in second.groups)


def test_replacing_an_object_removes_its_old_pieces(index: SearchIndex) -> None:
    writer = index.writer()
    SearchIndex.replace(writer, ["document:3"], [_doc(3, "en", "Nothing about that any more.")])
    index.commit(writer)
    assert "document:3" not in [g.key for g in index.search("copies", ["public"]).groups]
    assert [g.key for g in index.search("nothing", ["public"]).groups] == ["document:3"]


def test_an_empty_query_finds_nothing(index: SearchIndex) -> None:
    assert index.search("  ,;  ", ["public"]).groups == []


def test_another_process_sees_a_commit(index: SearchIndex, tmp_path: Path) -> None:
    other = SearchIndex(tmp_path)  # a second handle, as another worker would hold
    assert other.search("nothing", ["public"]).group_count == 0
    writer = index.writer()
    SearchIndex.replace(writer, [], [_doc(9, "en", "Nothing here.")])
    index.commit(writer)
    assert other.search("nothing", ["public"]).group_count == 1


def _ranked(tmp_path: Path, entries: list[Entry], query: str) -> list[str]:
    fresh = SearchIndex(tmp_path / "ranking")
    writer = fresh.writer()
    SearchIndex.replace(writer, [], entries)
    fresh.commit(writer)
    return [g.key for g in fresh.search(query, ["public"]).groups]


@pytest.mark.parametrize(
    ("near", "far", "query"),
    [
        # The same words, as many of them: only how close the two written together stand.
        (
            "The working group will meet in Tehran in May.",
            "The group will meet in Tehran in May working.",
            "working group Tehran",
        ),
        # 展览工作组 is cut into 展览 + 工作组; the text has 展览问题工作组.
        ("明斯克的展览问题工作组。", "展览在明斯克，问题工作组。", "明斯克 展览工作组"),
    ],
)
def test_words_written_together_rank_the_piece_where_they_stand_close_first(
    tmp_path: Path, near: str, far: str, query: str
) -> None:
    lang = "zh" if "展" in near else "en"
    # Each order of indexing: ties would otherwise follow it.
    for first, second in ((near, far), (far, near)):
        found = _ranked(
            tmp_path / first[:3],
            [
                _doc(1 if first is near else 2, lang, first),
                _doc(2 if first is near else 1, lang, second),
            ],
            query,
        )
        assert found == ["document:1", "document:2"]


def test_a_document_holding_every_word_passes_one_holding_half_of_them(tmp_path: Path) -> None:
    # Without the share of words held, document 1's one paragraph would come first: it is
    # shorter than document 2's, and "tariffs" is common (six other documents).
    others = ["grain", "steel", "cars", "wine", "oil", "tea"]
    found = _ranked(
        tmp_path,
        [
            _doc(1, "en", "Pipeline safety rules.", part=1),
            _doc(2, "en", "Pipeline safety rules and standards.", part=1),
            _doc(2, "en", "Tariffs were agreed.", part=2),
            *(_doc(10 + n, "en", f"Tariffs on {w}.") for n, w in enumerate(others)),
        ],
        "pipeline tariffs",
    )
    assert found[:2] == ["document:2", "document:1"]


def test_a_forked_process_searches_with_threads_of_its_own(index: SearchIndex) -> None:
    # The parent's search made its thread pool; a pre-forking web server's worker inherits
    # the pool without its threads, and must not wait for them.
    assert index.search("certified copies", ["public"]).groups
    context = multiprocessing.get_context("fork")
    done = context.Queue()

    def child() -> None:
        done.put([g.key for g in index.search("certified copies", ["public"]).groups])

    worker = context.Process(target=child)
    worker.start()
    try:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    finally:
        worker.kill()
    assert done.get(timeout=5) == [
        g.key for g in index.search("certified copies", ["public"]).groups
    ]


def test_opening_an_index_leaves_its_schema_file_alone(tmp_path: Path) -> None:
    """Every process of a host opens the index; one rewriting the schema file in place while
    another read it once gave an empty read (a 500 under load). An index of the current
    schema is opened without writing the file; a new one gets it whole, in one rename."""
    SearchIndex(tmp_path)
    schema = tmp_path / "secretariat-schema.json"
    before = schema.stat()
    SearchIndex(tmp_path)
    after = schema.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".secretariat-schema")]


def test_an_index_opened_by_many_processes_at_once_opens_in_each(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    errors = context.Queue()

    def opener() -> None:
        try:
            for _ in range(40):
                assert SearchIndex(tmp_path).wiped is False
        except Exception as exc:  # reported to the parent
            errors.put(repr(exc))

    workers = [context.Process(target=opener) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert errors.empty()
