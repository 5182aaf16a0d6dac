"""The index never misses a committed change: an outbox written in the change's transaction.

- :func:`connect` hooks ``post_save``, ``post_delete`` and ``m2m_changed`` of every model
  :func:`~.entries.watched` lists; each write adds a :class:`SearchOutbox` row in the same
  transaction (rolled back with it).
- :func:`drain` applies queued rows to the index and deletes them. It runs before each
  search (so a reader finds what was just written) and on each round of the worker; not
  after each commit, which would make every write (a registry load: hundreds) pay an index
  commit. Whichever process holds the index's writer does it; the others leave it to that one.
- :func:`rebuild` re-indexes every object (``secretariat databank reindex``).

A row is deleted only after the index has committed what it asked for; a crash in between
re-applies it, which is harmless (an object's pieces are replaced as a whole).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from secretariat.databank.models import SearchOutbox
from secretariat.databank.search import entries, vectors
from secretariat.databank.search.engine import SearchIndex

log = logging.getLogger(__name__)
#: Rows applied per index commit.
BATCH = 500
_lock = threading.Lock()


def index_path() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


@cache
def _index_at(path: str) -> SearchIndex:
    return SearchIndex(path)


def search_index() -> SearchIndex:
    """This process's handle on the index (one per directory)."""
    return _index_at(str(index_path()))


def queue(keys: Iterable[str]) -> None:
    """Queue objects for the index in the current transaction (applied by the next drain)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return
    SearchOutbox.objects.bulk_create(SearchOutbox(obj=key) for key in wanted)
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


def pending() -> int:
    return SearchOutbox.objects.count()


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


def drain(*, wait: float = 2.0, index: SearchIndex | None = None) -> int:
    """Apply the queued changes to the index; return how many rows were applied."""
    index = index or search_index()
    if index.wiped:
        # Opened over an index of an older schema: every object goes through the queue
        # again, in batches, while searches go on over what is already back.
        SearchOutbox.objects.bulk_create(SearchOutbox(obj=key) for key in entries.all_keys())
        index.wiped = False
    if not SearchOutbox.objects.exists():
        return 0
    applied = 0
    with _lock:
        writer = _open_writer(index, wait)
        if writer is None:
            return 0
        try:
            while True:
                rows = list(SearchOutbox.objects.order_by("pk")[:BATCH])
                if not rows:
                    break
                keys = list(dict.fromkeys(r.obj for r in rows))
                pieces = [piece for key in keys for piece in entries.entries_of(key)]
                index.replace(writer, keys, pieces)
                index.commit(writer)
                SearchOutbox.objects.filter(pk__lte=rows[-1].pk, obj__in=keys).delete()
                applied += len(rows)
        finally:
            index.close(writer)
    return applied


def rebuild(
    *, progress: Callable[[int, int], None] | None = None, index: SearchIndex | None = None
) -> int:
    """Index every object again from the database; return the number of pieces."""
    index = index or search_index()
    keys = list(entries.all_keys())
    with _lock:
        writer = _open_writer(index, 10.0)
        if writer is None:
            raise RuntimeError("the search index is locked by another process")
        try:
            # Rows queued before the rebuild started are covered by it.
            last = SearchOutbox.objects.order_by("-pk").values_list("pk", flat=True).first()
            writer.delete_all_documents()
            count = 0
            for done, key in enumerate(keys, start=1):
                count += index.replace(writer, [], entries.entries_of(key))
                if progress:
                    progress(done, len(keys))
            index.commit(writer)
            if last is not None:
                SearchOutbox.objects.filter(pk__lte=last).delete()
        finally:
            index.close(writer)
    return count
