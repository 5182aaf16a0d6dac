"""Meaning vectors of the searched pieces: computed by the worker, searched by meaning.

Every change queued for the index (:mod:`.outbox`) is queued here too, in the same
transaction (:class:`MeaningOutbox`). Embedding takes tens of milliseconds a piece, too slow
for a request, so :func:`drain` runs on the worker's rounds and in ``databank reindex``, not
before a search: meaning results may lag a change by a round; keyword results never do.

:func:`related` is what a search adds: the groups nearest the query by meaning that the
keyword results did not show, in another language than the query's, each checked against the
reader's audience in the keyword index (the same tokens, so the same permissions).
``SEARCH_MEANING`` (``SECRETARIAT_SEARCH_MEANING``) turns it all off.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from secretariat.databank.models import MeaningOutbox, MeaningVector
from secretariat.databank.search import entries, meaning
from secretariat.databank.search.engine import SearchIndex
from secretariat.databank.search.shapes import Entry, Filters
from secretariat.databank.splitting import language_of

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
class _Matrix:
    stamp: tuple[int, int]
    rows: list[tuple[str, str, int, str, str, str]]  # group, lang, part, title, text, url
    matrix: np.ndarray


_cache: dict[str, _Matrix] = {}
_cache_lock = threading.Lock()


def _matrix() -> _Matrix:
    """Every vector, kept in memory per process until a vector is written."""
    found = MeaningVector.objects.aggregate(n=Count("pk"), last=Max("pk"))
    stamp = (int(found["n"] or 0), int(found["last"] or 0))
    with _cache_lock:
        held = _cache.get("m")
        if held is not None and held.stamp == stamp:
            return held
        rows = []
        data = []
        for row in (
            MeaningVector.objects.order_by("pk")
            .values_list("group", "lang", "part", "title", "text", "url", "vector")
            .iterator()
        ):
            rows.append(tuple(row[:6]))
            data.append(meaning.from_bytes(bytes(row[6])))
        matrix = np.vstack(data) if data else np.zeros((0, meaning.DIM), dtype=np.float32)
        held = _Matrix(stamp, rows, matrix)  # type: ignore[arg-type]
        _cache["m"] = held
        return held


@dataclass(frozen=True)
class Related:
    group: str
    lang: str
    title: str
    url: str
    snippet: str
    score: float


def related(
    text: str,
    audience: list[str],
    index: SearchIndex,
    filters: Filters | None = None,
    *,
    exclude: Iterable[str] = (),
    count: int = 5,
) -> list[Related]:
    """Groups near the query by meaning, in other languages than the query, that the
    reader may see and the keyword results did not show."""
    if not enabled() or not text.strip():
        return []
    held = _matrix()
    if held.matrix.shape[0] == 0:
        return []
    query_lang = language_of(text)
    skip = set(exclude)
    candidates: dict[str, tuple[int, float]] = {}
    for row, score in meaning.nearest(held.matrix, meaning.embed_query(text), count * 12):
        group, lang = held.rows[row][0], held.rows[row][1]
        if group in skip or lang == query_lang or group in candidates:
            continue
        candidates[group] = (row, score)
    visible = (
        index.visible_groups(audience, filters, among=list(candidates)) if candidates else set()
    )
    found: list[Related] = []
    for group, (row, score) in candidates.items():
        if group not in visible:
            continue
        _g, lang, _part, title, snippet, url = held.rows[row]
        found.append(Related(group, lang, title, url, snippet[:240], score))
        if len(found) == count:
            break
    return found
