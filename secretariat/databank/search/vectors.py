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

import hashlib
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


def digest_of(text: str) -> str:
    """What identifies a vector: the model and the text it read."""
    return hashlib.sha256(f"{meaning.model_name()}\n{text}".encode()).hexdigest()


def _row(e: Entry, vector: bytes, digest: str) -> MeaningVector:
    return MeaningVector(
        obj=e.obj,
        group=e.group,
        lang=e.lang,
        part=e.part,
        title=e.title[:500],
        text=(e.text or e.title)[:500],
        url=e.url[:500],
        vector=vector,
        digest=digest,
    )


def _shown(row: MeaningVector) -> tuple[object, ...]:
    return (row.group, row.lang, row.part, row.title, row.text, row.url, row.digest)


def store(key: str, pieces: list[Entry]) -> int:
    """Store ``key``'s pieces' vectors; return how many pieces were embedded.

    Only pieces whose text the model has not read before are embedded: the others keep their
    vectors (a comment on a long document, which changes none of its text, costs nothing;
    embedding its pieces again took seconds of CPU). When nothing at all changed, nothing is
    written, so the vectors every web process holds (:func:`stored`) stay valid.
    """
    digests = [digest_of(_input(e)) for e in pieces]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Workers on two hosts may store the same object at once: one after the other,
            # the second's delete sees the first's rows (no object stored twice).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"meaning:{key}"])
        held = list(MeaningVector.objects.filter(obj=key).order_by("pk"))
        known = {row.digest: bytes(row.vector) for row in held if row.digest}
        fresh = [(e, d) for e, d in zip(pieces, digests, strict=True) if d not in known]
        embedded = meaning.embed_passages([_input(e) for e, _ in fresh])
        known.update((d, meaning.to_bytes(v)) for (_, d), v in zip(fresh, embedded, strict=True))
        rows = [_row(e, known[d], d) for e, d in zip(pieces, digests, strict=True)]
        if [_shown(r) for r in rows] == [_shown(r) for r in held]:
            return 0
        MeaningVector.objects.filter(obj=key).delete()
        MeaningVector.objects.bulk_create(rows)
    return len(fresh)


def drain() -> int:
    """Embed the queued objects' pieces; return how many queue rows were applied.

    The queue is shared by every host's worker: each claims its batch with ``SKIP LOCKED``
    (PostgreSQL), so two workers never embed the same object at once for nothing.
    """
    if not enabled():
        return 0
    applied = 0
    while True:
        with transaction.atomic():
            rows = list(
                MeaningOutbox.objects.select_for_update(skip_locked=True).order_by("pk")[:BATCH]
            )
            if not rows:
                return applied
            keys = list(dict.fromkeys(r.obj for r in rows))
            for key in keys:
                store(key, entries.entries_of(key))
            MeaningOutbox.objects.filter(pk__in=[r.pk for r in rows]).delete()
        applied += len(rows)


def rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Store every object's vectors again (embedding the pieces whose text or model changed);
    return the number of pieces."""
    keys = list(entries.all_keys())
    last = MeaningOutbox.objects.order_by("-pk").values_list("pk", flat=True).first()
    count = 0
    for done, key in enumerate(keys, start=1):
        pieces = entries.entries_of(key)
        store(key, pieces)
        count += len(pieces)
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
