"""The search change log: every registered index takes every change once, whatever order
PostgreSQL commits them in; the log is kept until every index has passed it, or for the
retention period, after which a late index rebuilds itself (search/outbox.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from secretariat.databank.models import Passage, SearchIndexPosition, SearchOutbox, Source
from secretariat.databank.search import outbox, service
from secretariat.databank.search.engine import SearchIndex


def _source(code: str, text: str) -> Source:
    source = Source.objects.create(
        code=code,
        title=f"Text {code}",
        language="en",
        kind="news",
        sha256="0" * 64,
        size=len(text),
        imported_at=timezone.now(),
    )
    Passage.objects.create(source=source, number=1, text=text, language="en")
    return source


def _holds(index: SearchIndex) -> set[str]:
    return index.visible_groups(["public"])


@pytest.fixture
def two(tmp_path: Path, settings: Any, db: None) -> tuple[SearchIndex, SearchIndex]:
    """Two index folders, as two application hosts have; this process's own is the first."""
    settings.SEARCH_INDEX_DIR = tmp_path / "a"
    # Only these two: indexes and entries that earlier tests of this worker committed (its
    # processes' tests commit) would hold the log (undone with the test's transaction).
    SearchIndexPosition.objects.all().delete()
    SearchOutbox.objects.all().delete()
    a, b = outbox.search_index(), SearchIndex(tmp_path / "b")
    outbox.drain(index=a)
    outbox.drain(index=b)
    return a, b


@pytest.mark.django_db
def test_each_index_takes_every_change_and_the_log_waits_for_the_last(
    two: tuple[SearchIndex, SearchIndex],
) -> None:
    a, b = two
    assert SearchIndexPosition.objects.count() == 2
    assert not SearchIndexPosition.objects.filter(needs_rebuild=True).exists()
    x = _source("x-one", "The pipeline tariffs of the energy club.")
    key = f"source:{x.pk}"
    depth = outbox.log_depth()
    assert depth > 0

    assert outbox.drain(index=a) == depth
    assert key in _holds(a)
    assert key not in _holds(b)
    # The log keeps what b has not applied yet (the old outbox deleted it here).
    assert outbox.log_depth() == depth
    assert outbox.pending_count(a) == 0
    assert outbox.pending_count() == 0  # this process's index: a
    assert outbox.pending_count(b) == depth
    assert outbox.drain(index=a) == 0  # nothing applied twice

    assert outbox.drain(index=b) == depth
    assert key in _holds(b)
    assert outbox.log_depth() == 0  # every index passed it: deleted
    assert outbox.pending_count(b) == 0

    x.title = "Text x-one, revised"
    x.save()
    x.delete()
    outbox.drain(index=b)
    outbox.drain(index=a)
    assert key not in _holds(a) | _holds(b)
    assert outbox.log_depth() == 0


@pytest.mark.django_db
def test_an_index_left_behind_by_the_retention_period_rebuilds_itself(
    two: tuple[SearchIndex, SearchIndex], caplog: pytest.LogCaptureFixture
) -> None:
    a, b = two
    x = _source("x-two", "Customs of the transit corridor.")
    outbox.drain(index=a)
    later = timezone.now() + outbox.retention() + dt.timedelta(hours=1)
    # b is still running (seen), but never got to apply x: its entries are too old to keep.
    SearchIndexPosition.objects.filter(uid=outbox._uid(b)).update(seen_at=later)
    SearchIndexPosition.objects.filter(uid=outbox._uid(a)).update(seen_at=later)
    with caplog.at_level(logging.WARNING, logger="secretariat.databank.search.outbox"):
        assert outbox.prune(now=later) > 0
    assert outbox.log_depth() == 0
    assert SearchIndexPosition.objects.get(uid=outbox._uid(b)).needs_rebuild
    assert not SearchIndexPosition.objects.get(uid=outbox._uid(a)).needs_rebuild
    assert "rebuilt from the database on its next drain" in caplog.text
    assert outbox.pending_count(b) == 0  # the whole (now empty) log: it must rebuild

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="secretariat.databank.search.outbox"):
        assert outbox.drain(index=b) > 0
    assert f"source:{x.pk}" in _holds(b)
    assert "is rebuilt from the database" in caplog.text
    row = SearchIndexPosition.objects.get(uid=outbox._uid(b))
    assert not row.needs_rebuild
    assert row.rebuilt_at is not None


@pytest.mark.django_db
def test_an_index_not_seen_for_the_retention_period_stops_holding_the_log(
    two: tuple[SearchIndex, SearchIndex],
) -> None:
    a, b = two
    x = _source("x-three", "Quarantine of grain at the border.")
    outbox.drain(index=a)
    assert outbox.log_depth() > 0  # held for b
    later = timezone.now() + outbox.retention() + dt.timedelta(hours=1)
    SearchIndexPosition.objects.filter(uid=outbox._uid(a)).update(seen_at=later)
    outbox.prune(now=later)
    assert list(SearchIndexPosition.objects.values_list("uid", flat=True)) == [outbox._uid(a)]
    assert outbox.log_depth() == 0
    # b comes back: registered again as new, rebuilt before its first use.
    outbox.drain(index=b)
    assert f"source:{x.pk}" in _holds(b)
    assert SearchIndexPosition.objects.count() == 2


@pytest.mark.django_db
def test_a_copied_index_folder_takes_a_new_id_and_is_rebuilt(
    two: tuple[SearchIndex, SearchIndex], tmp_path: Path
) -> None:
    a, _b = two
    _source("x-four", "Visa facilitation for students.")
    outbox.drain(index=a)
    shutil.copytree(a.path, tmp_path / "c")
    c = SearchIndex(tmp_path / "c")
    assert outbox._uid(c) == outbox._uid(a)
    outbox.drain(index=c)
    assert outbox._uid(c) != outbox._uid(a)
    assert SearchIndexPosition.objects.count() == 3
    assert SearchIndexPosition.objects.get(uid=outbox._uid(a)).path == str(a.path.resolve())


@pytest.mark.django_db
def test_index_status_lists_each_index_its_lag_and_the_log(
    two: tuple[SearchIndex, SearchIndex],
) -> None:
    a, b = two
    _source("x-five", "Joint exercises of the border services.")
    outbox.drain(index=a)
    out = io.StringIO()
    call_command("databank", "index-status", "--json", stdout=out)
    state = json.loads(out.getvalue())
    assert state["log_depth"] == outbox.log_depth() > 0
    lag = {row["path"]: row["pending"] for row in state["indexes"]}
    assert lag == {str(a.path.resolve()): 0, str(b.path.resolve()): outbox.log_depth()}
    out = io.StringIO()
    call_command("databank", "index-status", stdout=out)
    text = out.getvalue()
    assert f"log: {outbox.log_depth()} entries" in text
    assert f"{b.path.resolve()} [" in text
    assert f"{outbox.log_depth()} pending" in text


# --- PostgreSQL commits out of id order -----------------------------------------------------


def _in_thread(
    source: Source, text: str, took: list[tuple[int, int]], go: threading.Event
) -> threading.Thread:
    """Change a source's text in another connection and hold the transaction open until
    ``go``. (A plain update and an explicit log entry: an audited write would take the audit
    chain's lock, and the test's own write would wait for it.)"""

    def write() -> None:
        try:
            with transaction.atomic():
                Passage.objects.filter(source=source).update(text=text)
                outbox.queue([f"source:{source.pk}"])
                took.extend(
                    SearchOutbox.objects.filter(obj=f"source:{source.pk}").values_list("txid", "id")
                )
                assert go.wait(600)  # the test sets it (a loaded machine is slow)
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def _found(word: str) -> set[str]:
    return {g.key for g in service.search(None, word).groups}


@pytest.mark.django_db(transaction=True)
def test_an_entry_committed_after_a_later_one_is_not_skipped(settings: Any, tmp_path: Path) -> None:
    if connection.vendor == "sqlite":
        _sqlite_writers_take_ids_in_turn(tmp_path / "turns.sqlite3")
        return
    settings.SEARCH_INDEX_DIR = tmp_path / "a"
    a = outbox.search_index()
    slow_source = _source("x-slow", "Old words.")
    outbox.drain(index=a)
    slow_key = f"source:{slow_source.pk}"
    assert _found("gauges") == set()
    took: list[tuple[int, int]] = []
    go = threading.Event()
    slow = _in_thread(slow_source, "Rail gauges at the crossing.", took, go)
    try:
        deadline = time.monotonic() + 120
        while not took and time.monotonic() < deadline:
            time.sleep(0.02)
        assert took  # the slow transaction holds the smaller ids, not committed yet
        fast = _source("x-fast", "Air corridors.")
        fast_ids = SearchOutbox.objects.filter(obj=f"source:{fast.pk}").values_list("id")
        assert min(i for (i,) in fast_ids) > max(entry for _txid, entry in took)
        assert not SearchOutbox.objects.filter(id__in=[i for _t, i in took]).exists()
        outbox.drain(index=a)
        # The later write is found at once (applied ahead of the horizon)...
        assert f"source:{fast.pk}" in _holds(a)
        # ...but the position stays before the entries of the transaction still running,
        # which a reader going by "the largest id applied" would skip for ever.
        row = SearchIndexPosition.objects.get(uid=outbox._uid(a))
        assert (row.position_txid, row.position_id) < min(took)
        assert outbox.pending_count(a) > 0
        assert outbox.drain(index=a) == 0  # what was applied ahead is not applied again
    finally:
        go.set()
        slow.join(600)
    assert outbox.drain(index=a) > 0
    assert _found("gauges") == {slow_key}
    assert f"source:{fast.pk}" in _holds(a)
    assert outbox.pending_count(a) == 0
    assert outbox.log_depth() == 0


def _sqlite_writers_take_ids_in_turn(path: Path) -> None:
    """What the SQLite horizon (the last id taken) relies on: while one transaction holds
    the ids it took, another cannot take any, so ids commit in their order."""
    first = sqlite3.connect(path, isolation_level=None, timeout=0.2)
    second = sqlite3.connect(path, isolation_level=None, timeout=0.2)
    first.execute("CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, obj TEXT)")
    first.execute("BEGIN")
    first.execute("INSERT INTO log (obj) VALUES ('slow')")
    second.execute("BEGIN")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        second.execute("INSERT INTO log (obj) VALUES ('fast')")
    second.execute("ROLLBACK")
    first.execute("COMMIT")
    second.execute("INSERT INTO log (obj) VALUES ('fast')")
    assert first.execute("SELECT obj FROM log ORDER BY id").fetchall() == [("slow",), ("fast",)]
    first.close()
    second.close()
