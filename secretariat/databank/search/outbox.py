"""Every host's index misses no committed change: an append-only log, one position per index.

- :func:`connect` hooks ``post_save``, ``post_delete`` and ``m2m_changed`` of every model
  :func:`~.entries.watched` lists; each write appends a :class:`SearchOutbox` entry in the
  same transaction (rolled back with it).
- Every index folder (one per application host, or per test) carries a stable id
  (``secretariat-index-id``) and is registered in :class:`SearchIndexPosition` with its
  *position*: the log cursor (``txid``, ``id``) up to which it has applied every entry.
- :func:`drain` applies the entries after this index's position in batches, commits the
  index, then advances the position (a crash in between re-applies them: harmless, an
  object's pieces are replaced as a whole). It runs before each search and on each round of
  the worker. Whichever process of a host holds the index's writer does it.
- **No entry is skipped.** On PostgreSQL a transaction that took id 10 may commit after one
  that took id 11, so "the largest id seen" is no position. Each entry records its
  transaction (``pg_current_xact_id()``); :func:`horizon` is the cursor before the oldest
  transaction of this database still running. Visible entries past the horizon are applied at
  once (a writer finds its change) and remembered in memory, but the position only passes
  them when the horizon does, so an entry committed late is still read. SQLite lets one
  writer at a time take ids, so there the horizon is the last id taken.
- :func:`prune` deletes the entries every registered index has passed, and entries older
  than ``SEARCH_LOG_RETENTION_DAYS``; an index whose unapplied entries were so deleted is
  marked, and its next drain rebuilds it from the database (logged, automatic: a host that
  was down for a week catches up by itself). An index not seen for the retention period is
  unregistered, and so is a new one, which is rebuilt before its first use.
- :func:`rebuild` re-indexes every object (``secretariat databank reindex``) and takes the
  horizon read before it began as the position.
- :func:`pending_count`, :func:`log_depth` and :func:`status` tell the health checks, the
  metrics and ``secretariat databank index-status`` how far behind each index is.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from secretariat.databank.models import CurrentTransaction, SearchIndexPosition, SearchOutbox
from secretariat.databank.search import entries, vectors
from secretariat.databank.search.engine import SearchIndex

log = logging.getLogger(__name__)
#: Entries applied per index commit.
BATCH = 500
#: The file, inside an index's folder, holding the index's id in the log's registry.
ID_FILE = "secretariat-index-id"
#: A registered index's ``seen_at`` is refreshed at most this often (not a write per search).
SEEN_EVERY = dt.timedelta(minutes=1)
_BIG = 2**63 - 1
_lock = threading.Lock()
#: Per index id: entries applied past its position (visible, not yet below the horizon), so
#: that each drain does not apply them again while the horizon catches up.
_ahead: dict[str, set[int]] = {}
_seen: dict[str, float] = {}


class Cursor(NamedTuple):
    """A place in the log: entries are read in (``txid``, ``id``) order."""

    txid: int
    id: int


def _after(cursor: Cursor) -> Q:
    return Q(txid__gt=cursor.txid) | Q(txid=cursor.txid, id__gt=cursor.id)


def _at_or_before(cursor: Cursor) -> Q:
    return Q(txid__lt=cursor.txid) | Q(txid=cursor.txid, id__lte=cursor.id)


def retention() -> dt.timedelta:
    """How long an entry is kept for an index that has not applied it yet."""
    return dt.timedelta(days=float(getattr(settings, "SEARCH_LOG_RETENTION_DAYS", 7)))


def index_path() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


@cache
def _index_at(path: str) -> SearchIndex:
    return SearchIndex(path)


def search_index() -> SearchIndex:
    """This process's handle on the index (one per directory)."""
    return _index_at(str(index_path()))


def queue(keys: Iterable[str]) -> None:
    """Append objects to the log in the current transaction (applied by each index's drain)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return
    SearchOutbox.objects.bulk_create(
        SearchOutbox(obj=key, txid=CurrentTransaction()) for key in wanted
    )
    # The meaning vectors' own queue: the worker embeds (too slow for the writer's request).
    vectors.queue(wanted)


def _handler(keys_of: Callable[[Any], list[str]]) -> Callable[..., None]:
    def handle(sender: Any, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return  # fixtures: `databank reindex` follows a load
        action = kwargs.get("action")
        if action is not None and not str(action).startswith("post_"):
            return
        queue(keys_of(instance))

    return handle


_connected: list[Callable[..., None]] = []


def connect() -> None:
    """Hook the outbox to every watched model (called from the app's ``ready``)."""
    if _connected:
        return
    for model, keys_of in entries.watched():
        handler = _handler(keys_of)
        _connected.append(handler)  # signals hold weak references
        post_save.connect(handler, sender=model, dispatch_uid=f"search:{model._meta.label}:save")
        post_delete.connect(
            handler, sender=model, dispatch_uid=f"search:{model._meta.label}:delete"
        )
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                handler,
                sender=field.remote_field.through,
                dispatch_uid=f"search:{model._meta.label}:{field.name}",
            )


# --- Where the log is safe to pass ----------------------------------------------------------


def horizon() -> Cursor:
    """The log cursor at or before which no entry can appear any more.

    PostgreSQL: entries carry their transaction's id; a transaction of this database still
    running (``pg_stat_activity``, read after the snapshot) may yet commit entries with its
    id, and one starting later gets an id at or above the snapshot's ``xmax``. So every entry
    below the smallest of those is final. Transactions of other databases on the same server
    are ignored (they cannot write this table). This connection's own transaction is passed
    up to its last entry so far (its entries, and the position moved over them, commit or roll
    back together; the entries it adds later have larger ids).
    SQLite: one writer at a time takes ids, so every id not yet visible is above the last
    one taken (``sqlite_sequence``: ids are never reused).
    """
    table = SearchOutbox._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,"
                " pg_current_xact_id_if_assigned()::text::bigint, pg_stat_clear_snapshot()"
            )
            xmax, own, _ = cursor.fetchone()
            cursor.execute(
                "SELECT backend_xid::text::bigint FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND backend_xid IS NOT NULL"
            )
            running = [_widen(int(row[0]), int(xmax)) for row in cursor.fetchall()]
            # Our own transaction may be above xmax (the last *completed* one plus one);
            # any other that took an id before ours and still runs is in ``running``.
            first = min([max(int(xmax), int(own) + 1 if own is not None else 0), *running])
            if own is None or int(own) >= first:
                return Cursor(first - 1, _BIG)
            # Ours is the oldest still running: its entries so far, not the ones it may add.
            cursor.execute(f"SELECT max(id) FROM {table} WHERE txid = %s", [own])  # noqa: S608
            return Cursor(int(own), int(cursor.fetchone()[0] or 0))
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
    last = int(row[0]) if row else 0
    return Cursor(0, max(last, SearchOutbox.objects.aggregate(m=Max("id"))["m"] or 0))


def _widen(xid: int, xmax: int) -> int:
    """A 32-bit transaction id as the 64-bit one near ``xmax`` (ids are 2**31 apart at most)."""
    ahead = (xid - xmax) % 2**32
    return xmax + ahead if ahead < 2**31 else xmax - (2**32 - ahead)


# --- The registered indexes -----------------------------------------------------------------


def _uid(index: SearchIndex) -> str:
    """The id stored in the index's folder, made (atomically) on first use."""
    path = index.path / ID_FILE
    for _ in range(50):
        try:
            text = path.read_text().strip()
        except FileNotFoundError:
            text = ""
        if text:
            return text
        _write_uid(index.path, str(uuid.uuid4()), replace=False)
    raise RuntimeError(f"cannot give the search index at {index.path} an id")


def _write_uid(folder: Path, uid: str, *, replace: bool) -> None:
    temporary = folder / f".{ID_FILE}.{uid}"
    temporary.write_text(uid + "\n")
    try:
        if replace:
            os.replace(temporary, folder / ID_FILE)
        else:
            os.link(temporary, folder / ID_FILE)  # fails if another process was first
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)


def register(index: SearchIndex) -> SearchIndexPosition:
    """This index's row in the registry: found by the id in its folder, made when new.

    A new row starts marked for a rebuild. A folder whose id is registered for another host
    or path was copied (or moved): it takes a new id and is rebuilt, so two folders never
    share a position. A row left by an earlier index in the same folder (emptied by a schema
    change, or deleted and made again) is removed: it would hold the log for nothing.
    """
    host, path = socket.gethostname(), str(index.path.resolve())
    uid = _uid(index)
    row = SearchIndexPosition.objects.filter(uid=uid).first()
    if row is not None and (row.host, row.path) != (host, path):
        log.warning(
            "search index at %s carries the id of the one at %s:%s (copied or moved):"
            " it takes a new id and is rebuilt",
            path,
            row.host,
            row.path,
        )
        uid = str(uuid.uuid4())
        _write_uid(index.path, uid, replace=True)
        row = None
    now = timezone.now()
    if row is None:
        SearchIndexPosition.objects.filter(host=host, path=path).exclude(uid=uid).delete()
        head = horizon()
        try:
            with transaction.atomic():
                row = SearchIndexPosition.objects.create(
                    uid=uid,
                    host=host,
                    path=path,
                    position_txid=head.txid,
                    position_id=head.id,
                    needs_rebuild=True,
                    seen_at=now,
                )
            log.info("search index %s registered at %s:%s", uid, host, path)
        except IntegrityError:  # another process of this host registered it first
            row = SearchIndexPosition.objects.get(uid=uid)
        _seen[uid] = time.monotonic()
    elif time.monotonic() - _seen.get(uid, -1e9) > SEEN_EVERY.total_seconds():
        SearchIndexPosition.objects.filter(uid=uid).update(seen_at=now)
        _seen[uid] = time.monotonic()
    return row


def _position(row: SearchIndexPosition) -> Cursor:
    return Cursor(row.position_txid, row.position_id)


def _advance(uid: str, to: Cursor, **fields: Any) -> None:
    """Move the position forward (never back: processes sharing the folder race here)."""
    SearchIndexPosition.objects.filter(Q(uid=uid) & ~_at_or_before_position(to)).update(
        position_txid=to.txid, position_id=to.id, applied_at=timezone.now(), **fields
    )


def _at_or_before_position(cursor: Cursor) -> Q:
    """Rows whose position is already at or past ``cursor``."""
    return Q(position_txid__gt=cursor.txid) | Q(
        position_txid=cursor.txid, position_id__gte=cursor.id
    )


# --- Applying the log -----------------------------------------------------------------------


def _open_writer(index: SearchIndex, wait: float) -> Any | None:
    deadline = time.monotonic() + wait
    while True:
        try:
            return index.writer()
        except ValueError as exc:  # another process is writing
            if time.monotonic() >= deadline:
                log.info("search index busy: %s", exc)
                return None
            time.sleep(0.05)


class _Entry(NamedTuple):
    id: int
    txid: int
    obj: str


def _entries_after(cursor: Cursor) -> list[_Entry]:
    rows = (
        SearchOutbox.objects.filter(_after(cursor))
        .order_by("txid", "id")
        .values_list("id", "txid", "obj")[:BATCH]
    )
    return [_Entry(*row) for row in rows]


def drain(*, wait: float = 2.0, index: SearchIndex | None = None) -> int:
    """Apply the log entries after this index's position; return how many were applied
    (or, when the index had to be rebuilt first, how many objects it was rebuilt from)."""
    index = index or search_index()
    row = register(index)
    ahead = _ahead.setdefault(row.uid, set())
    if not row.needs_rebuild and not index.wiped:
        # The common case, without the writer: nothing new since this index's position, or
        # only entries already applied ahead of the horizon (which may have passed them).
        first = _entries_after(_position(row))
        if not first:
            return 0
        if len(first) < BATCH and all(e.id in ahead for e in first):
            _settle(row.uid, first, horizon(), ahead)
            return 0
    applied = 0
    with _lock:
        writer = _open_writer(index, wait)
        if writer is None:
            return 0
        try:
            row.refresh_from_db()
            if row.needs_rebuild or index.wiped:
                why = (
                    "its folder was emptied (schema)"
                    if index.wiped
                    else "it is new or the log passed it"
                )
                log.warning(
                    "search index %s at %s is rebuilt from the database: %s", row.uid, row.path, why
                )
                applied += _rebuild_with(writer, index, row.uid, None)
            applied += _apply(writer, index, row.uid, ahead)
        finally:
            index.close(writer)
    if applied:
        prune()
    return applied


def _apply(writer: Any, index: SearchIndex, uid: str, ahead: set[int]) -> int:
    row = SearchIndexPosition.objects.get(uid=uid)
    read = _position(row)
    applied = 0
    while True:
        head = horizon()  # read before the entries: what it passes, they show
        batch = _entries_after(read)
        if not batch:
            break
        fresh = [e for e in batch if e.id not in ahead]
        if fresh:
            keys = list(dict.fromkeys(e.obj for e in fresh))
            index.replace(writer, keys, [p for key in keys for p in entries.entries_of(key)])
            index.commit(writer)
            applied += len(fresh)
        _settle(uid, batch, head, ahead)
        read = Cursor(batch[-1].txid, batch[-1].id)
        if len(batch) < BATCH:
            break
    return applied


def _settle(uid: str, batch: list[_Entry], head: Cursor, ahead: set[int]) -> None:
    """Move the position over the applied entries at or before the horizon (a prefix of the
    batch); remember the others as applied ahead."""
    settled = [e for e in batch if Cursor(e.txid, e.id) <= head]
    if settled:
        _advance(uid, Cursor(settled[-1].txid, settled[-1].id))
        ahead.difference_update(e.id for e in settled)
    ahead.update(e.id for e in batch[len(settled) :])
    if len(ahead) > 100_000:
        ahead.clear()  # a very long transaction is running: applying again is harmless


def rebuild(
    *, progress: Callable[[int, int], None] | None = None, index: SearchIndex | None = None
) -> int:
    """Index every object again from the database; return the number of pieces. The index's
    position becomes the horizon read before the database was."""
    index = index or search_index()
    row = register(index)
    with _lock:
        writer = _open_writer(index, 10.0)
        if writer is None:
            raise RuntimeError("the search index is locked by another process")
        try:
            count = _rebuild_with(writer, index, row.uid, progress, pieces=True)
        finally:
            index.close(writer)
    prune()
    return count


def _rebuild_with(
    writer: Any,
    index: SearchIndex,
    uid: str,
    progress: Callable[[int, int], None] | None,
    *,
    pieces: bool = False,
) -> int:
    """Empty the index and fill it from the database; return objects (or pieces) indexed."""
    head = horizon()  # every entry at or before it is in what the database shows next
    keys = list(entries.all_keys())
    writer.delete_all_documents()
    count = 0
    for done, key in enumerate(keys, start=1):
        count += index.replace(writer, [], entries.entries_of(key))
        if progress:
            progress(done, len(keys))
    index.commit(writer)
    now = timezone.now()
    SearchIndexPosition.objects.filter(uid=uid).update(needs_rebuild=False, rebuilt_at=now)
    _advance(uid, head)
    _ahead.pop(uid, None)
    index.wiped = False
    log.info("search index %s rebuilt: %d objects, %d pieces", uid, len(keys), count)
    return count if pieces else len(keys)


# --- Keeping the log short ------------------------------------------------------------------


def prune(now: dt.datetime | None = None) -> int:
    """Delete the entries every registered index has passed, and those older than the
    retention period; return how many were deleted.

    An index not seen for the retention period is unregistered first; an index that had not
    applied an entry deleted for its age is marked for a rebuild (its next drain does it).
    """
    now = now or timezone.now()
    cutoff = now - retention()
    for gone in SearchIndexPosition.objects.filter(seen_at__lt=cutoff):
        log.warning(
            "search index %s at %s:%s not seen since %s: unregistered (it rebuilds if it returns)",
            gone.uid,
            gone.host,
            gone.path,
            gone.seen_at,
        )
        gone.delete()
    deleted = 0
    old = SearchOutbox.objects.filter(queued_at__lt=cutoff)
    newest = old.order_by("-txid", "-id").values_list("txid", "id").first()
    if newest is not None:
        for late in SearchIndexPosition.objects.filter(needs_rebuild=False).exclude(
            _at_or_before_position(Cursor(*newest))
        ):
            if old.filter(_after(_position(late))).exists():
                log.warning(
                    "search index %s at %s:%s is behind entries older than %s, now deleted:"
                    " it is rebuilt from the database on its next drain",
                    late.uid,
                    late.host,
                    late.path,
                    retention(),
                )
                SearchIndexPosition.objects.filter(uid=late.uid).update(needs_rebuild=True)
        deleted += old.delete()[0]
    positions = list(SearchIndexPosition.objects.values_list("position_txid", "position_id"))
    if positions:
        deleted += SearchOutbox.objects.filter(_at_or_before(Cursor(*min(positions)))).delete()[0]
    return deleted


# --- How far behind: for health checks, metrics and `databank index-status` ----------------


def log_depth() -> int:
    """How many entries the log holds (not yet passed by every index, within retention)."""
    return SearchOutbox.objects.count()


def pending_count(index: SearchIndex | str | None = None) -> int:
    """How many log entries this index has not applied: ``index`` is a :class:`SearchIndex`,
    a registered index's id, or None for this process's index. An index that is not
    registered, or must be rebuilt, has applied none of them (the whole log)."""
    if not isinstance(index, str):
        index = _uid(index or search_index())
    row = SearchIndexPosition.objects.filter(uid=index).first()
    if row is None or row.needs_rebuild:
        return log_depth()
    return SearchOutbox.objects.filter(_after(_position(row))).count()


def pending() -> int:
    """This host's index's unapplied entries (:func:`pending_count`; the health checks' name)."""
    return pending_count()


def status() -> dict[str, Any]:
    """The log and every registered index, as ``databank index-status`` shows them."""
    log_rows: QuerySet[SearchOutbox] = SearchOutbox.objects.all()
    oldest = log_rows.order_by("queued_at").values_list("queued_at", flat=True).first()
    head = horizon()
    indexes = [
        {
            "uid": row.uid,
            "host": row.host,
            "path": row.path,
            "position": [row.position_txid, row.position_id],
            "pending": pending_count(row.uid),
            "needs_rebuild": row.needs_rebuild,
            "seen_at": row.seen_at.isoformat(),
            "applied_at": row.applied_at.isoformat() if row.applied_at else None,
            "rebuilt_at": row.rebuilt_at.isoformat() if row.rebuilt_at else None,
        }
        for row in SearchIndexPosition.objects.order_by("host", "path")
    ]
    return {
        "log_depth": log_depth(),
        "oldest_entry_at": oldest.isoformat() if oldest else None,
        "horizon": [head.txid, head.id],
        "retention_days": retention().total_seconds() / 86400,
        "indexes": indexes,
    }
