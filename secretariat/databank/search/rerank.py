"""Meaning on a bounded set: embeddings re-rank what keyword search found, and keep out what
is near nothing.

Embedding a million paragraphs would take some 35 hours on this machine (about 8 passages
of 400 characters a second), so meaning never *finds* at scale: keyword search, expanded
across languages by the term base and the registry's names (:mod:`.across`), finds; the
stored vectors of the pieces it returned (when they have one) re-rank its first groups.

Two corrections make the model's cosine usable (measured on the seeds with
``bench/search_labelled.py``):

- **Hubness.** Some passages are near every query (short registry entries, the Strategy's
  general paragraphs): with plain cosine, the same five memoranda of understanding came first
  for every query, even "weather in Paris tomorrow". Each passage's *hub* score is its mean
  similarity to its ten nearest among :data:`REFERENCE_QUERIES` (queries of every kind, in
  three languages); a passage's score for a query is its cosine minus its hub (the passage
  side of CSLS, Conneau et al. 2018).
- **A floor.** multilingual-e5-small gives any two texts a cosine of 0.75–0.87: the corrected
  score of the best passage for "weather in Paris tomorrow" (-0.05) or «погода в Москве»
  (0.01) is near that of a real answer found only by meaning (0.02–0.07; measured on the 21
  queries of ``bench/search_crosslang.py`` and ten off-topic ones, not on the labelled set).
  So meaning alone lists a text only above :data:`RELATED_FLOOR`, and it drops a keyword
  result only when that result holds less than half of the query's words and is far from it
  by meaning (:data:`VETO_FLOOR`).

No Django here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from secretariat.databank.search.shapes import Group, Hit

#: Queries of every kind and language, against which each passage's hubness is measured:
#: the Organisation's own subjects and everyday ones, so a passage near all of them (a hub)
#: is told from one near some.
REFERENCE_QUERIES = (
    "budget of the organisation",
    "visa requirements for delegations",
    "meeting schedule next month",
    "who chairs the council",
    "how to become an observer state",
    "energy cooperation projects",
    "fight against terrorism and extremism",
    "trade and investment agreements",
    "education and culture exchanges",
    "health cooperation and epidemics",
    "weather forecast",
    "football results",
    "бюджет организации",
    "заседание совета министров иностранных дел",
    "председатель правления",
    "порядок принятия решений",
    "сотрудничество в области энергетики",
    "борьба с терроризмом",
    "экономическое сотрудничество",
    "культура и образование",
    "транспортные коридоры",
    "погода на завтра",
    "курс валют",
    "组织预算",
    "会议日程",
    "理事会主席",
    "决策程序",
    "能源合作",
    "打击恐怖主义",
    "经贸合作",
    "文化教育交流",
    "交通运输",
    "观察员国",
    "天气预报",
    "股票价格",
)
#: The nearest reference queries a passage's hub score is the mean of.
HUB_NEIGHBOURS = 10
#: A text found by meaning alone is listed only with a corrected score at least this.
RELATED_FLOOR = 0.015
#: A keyword result holding less than half of the query's words is dropped below this.
VETO_FLOOR = 0.0
#: Pieces shorter than this (registry stubs: "Memorandum of Understanding") are never
#: listed by meaning alone, and kept as keyword results holding only some of the query's
#: words only when near it by meaning: they are near everything and say little.
MIN_RELATED_CHARS = 80
#: How much meaning adds to a group's keyword score (both scaled 0..1 over the window).
MEANING_WEIGHT = 0.5
#: The corrected score mapped to 0 and to 1 of the meaning part.
_LOW, _HIGH = -0.02, 0.06


def hub_scores(passages: np.ndarray, references: np.ndarray) -> np.ndarray:
    """Each passage's mean similarity to its nearest reference queries."""
    if passages.shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    similarity = passages @ references.T
    k = min(HUB_NEIGHBOURS, similarity.shape[1])
    return np.asarray(np.sort(similarity, axis=1)[:, -k:].mean(axis=1), dtype=np.float32)


def scaled(corrected: float) -> float:
    return float(min(1.0, max(0.0, (corrected - _LOW) / (_HIGH - _LOW))))


def rerank(groups: Sequence[Group], meaning_of: Callable[[Hit], float | None]) -> list[Group]:
    """``groups`` ordered by keyword score and meaning together, each led by its best piece.

    ``meaning_of`` gives a piece's corrected score for the query, or None without a vector
    (then the piece keeps its keyword score alone). A group holding less than half of the
    query's words and far from it by meaning is dropped.
    """
    if not groups:
        return []
    top_group = max(g.best.score for g in groups) or 1.0
    top_piece = max((p.score for g in groups for p in (g.pieces or (g.best,))), default=1.0)
    top_piece = top_piece or 1.0
    ranked: list[tuple[float, int, Group]] = []
    for order, group in enumerate(groups):
        pieces = group.pieces or (group.best,)
        best_piece, best_combined, best_meaning = group.best, -1.0, None
        for piece in pieces:
            found = meaning_of(piece)
            combined = piece.score / top_piece
            if found is not None:
                combined += MEANING_WEIGHT * scaled(found)
                best_meaning = found if best_meaning is None else max(best_meaning, found)
            if combined > best_combined:
                best_piece, best_combined = piece, combined
        if best_meaning is not None and group.coverage < 1.0:
            # Less than half of the words and far by meaning: no answer. A short entry
            # (a registry stub) holding only some of the words must be near by meaning.
            if group.coverage < 0.5 and best_meaning < VETO_FLOOR:
                continue
            if len(best_piece.snippet) < MIN_RELATED_CHARS and best_meaning < RELATED_FLOOR:
                continue
        score = group.best.score / top_group
        if best_meaning is not None:
            score += MEANING_WEIGHT * scaled(best_meaning)
        others = tuple(p for p in _one_per_language(pieces, best_piece.lang) if p is not best_piece)
        lead = replace(best_piece, score=score)
        ranked.append((score, order, replace(group, best=lead, others=others)))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [group for _s, _o, group in ranked]


def _one_per_language(pieces: Sequence[Hit], lead: str) -> list[Hit]:
    seen = {lead}
    found = []
    for piece in pieces:
        if piece.lang not in seen:
            seen.add(piece.lang)
            found.append(piece)
    return found
