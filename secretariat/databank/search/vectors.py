"""Meaning vectors of the searched pieces: computed by the worker, searched by meaning.

Every change queued for the index (:mod:`.outbox`) is queued here too, in the same
transaction (:class:`MeaningOutbox`). Unlike the keyword index, which is a folder on each
host and so follows the change log with a position of its own, the vectors live in the
database that every host shares: this queue is a work queue, and whichever worker takes a
row does the work for every host (then deletes it). Embedding takes tens of milliseconds a
piece, too slow for a request, so :func:`drain` runs on the worker's rounds and in
``databank reindex``, not before a search: meaning results may lag a change by a round;
keyword results never do.

:func:`stored` gives the vectors to a search (:mod:`.finding`): they re-rank the first
keyword groups, and list the groups nearest the query by meaning that the keyword results did
not show, in another language than the query's, each checked against the reader's audience in
the keyword index (the same tokens, so the same permissions).
``SEARCH_MEANING`` (``SECRETARIAT_SEARCH_MEANING``) turns it all off.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max

from secretariat.databank.models import MeaningOutbox, MeaningVector
from secretariat.databank.search import entries, finding, meaning, rerank
from secretariat.databank.search.shapes import Entry

BATCH = 50
#: Characters of a piece given to the model (it reads about 512 tokens at most).
MAX_CHARS = 1500


def enabled() -> bool:
    return bool(getattr(settings, "SEARCH_MEANING", False))


def queue(keys: Iterable[str]) -> None:
    MeaningOutbox.objects.bulk_create(MeaningOutbox(obj=key) for key in dict.fromkeys(keys))


def _input(entry: Entry) -> str:
    return entry.searchable[:MAX_CHARS]


def _store(key: str, pieces: list[Entry]) -> int:
    vectors = meaning.embed_passages([_input(e) for e in pieces])
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Workers on two hosts may store the same object at once: one after the other,
            # the second's delete sees the first's rows (no object stored twice).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"meaning:{key}"])
        MeaningVector.objects.filter(obj=key).delete()
        MeaningVector.objects.bulk_create(
            MeaningVector(
                obj=key,
                group=e.group,
                lang=e.lang,
                part=e.part,
                title=e.title[:500],
                text=(e.text or e.title)[:500],
                url=e.url[:500],
                vector=meaning.to_bytes(v),
            )
            for e, v in zip(pieces, vectors, strict=True)
        )
    return len(pieces)


def drain() -> int:
    """Embed the queued objects' pieces; return how many queue rows were applied."""
    if not enabled():
        return 0
    applied = 0
    while True:
        rows = list(MeaningOutbox.objects.order_by("pk")[:BATCH])
        if not rows:
            return applied
        keys = list(dict.fromkeys(r.obj for r in rows))
        for key in keys:
            _store(key, entries.entries_of(key))
        MeaningOutbox.objects.filter(pk__lte=rows[-1].pk, obj__in=keys).delete()
        applied += len(rows)


def rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Embed every object's pieces again; return the number of pieces."""
    keys = list(entries.all_keys())
    last = MeaningOutbox.objects.order_by("-pk").values_list("pk", flat=True).first()
    count = 0
    for done, key in enumerate(keys, start=1):
        count += _store(key, entries.entries_of(key))
        if progress:
            progress(done, len(keys))
    MeaningVector.objects.exclude(obj__in=keys).delete()
    if last is not None:
        MeaningOutbox.objects.filter(pk__lte=last).delete()
    return count


@dataclass(frozen=True)
class _Held:
    stamp: tuple[int, int]
    vectors: finding.Vectors


_cache: dict[str, _Held] = {}
_cache_lock = threading.Lock()
_references: list[np.ndarray] = []


def references() -> np.ndarray:
    """The reference queries' vectors, against which hubness is measured (once a process)."""
    with _cache_lock:
        if not _references:
            _references.append(
                np.vstack([meaning.embed_query(q) for q in rerank.REFERENCE_QUERIES])
            )
        return _references[0]


def stored() -> finding.Vectors | None:
    """Every vector with its hub score, kept in memory per process until a vector is
    written; None when meaning is off or nothing is embedded yet."""
    if not enabled():
        return None
    found = MeaningVector.objects.aggregate(n=Count("pk"), last=Max("pk"))
    stamp = (int(found["n"] or 0), int(found["last"] or 0))
    if stamp[0] == 0:
        return None
    held = _cache.get("m")
    if held is not None and held.stamp == stamp:
        return held.vectors
    rows = []
    data = []
    for row in (
        MeaningVector.objects.order_by("pk")
        .values_list("group", "lang", "part", "title", "text", "url", "vector")
        .iterator()
    ):
        rows.append(finding.Row(*row[:6]))
        data.append(meaning.from_bytes(bytes(row[6])))
    vectors = finding.Vectors.of(rows, np.vstack(data), references())
    with _cache_lock:
        _cache["m"] = _Held(stamp, vectors)
    return vectors
