"""What the search engine takes and gives: an ``Entry`` to index, the ``Filters`` of a
query, and its ``Results`` (groups of ``Hit``s). Plain data, no tantivy, no Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """One piece of text to index, with everything a result shows and filters on."""

    obj: str
    group: str
    kind: str
    lang: str
    title: str
    text: str
    url: str
    audience: Sequence[str]
    part: int = 0
    day: dt.date | None = None
    bodies: Sequence[str] = ()
    doc_type: str = ""
    areas: Sequence[str] = ()

    @property
    def searchable(self) -> str:
        """The text searched: a title piece (part 0) is searched with its title."""
        return f"{self.title}\n{self.text}" if self.part == 0 else self.text


@dataclass(frozen=True, slots=True)
class Filters:
    kinds: Sequence[str] = ()
    langs: Sequence[str] = ()
    bodies: Sequence[str] = ()
    doc_types: Sequence[str] = ()
    areas: Sequence[str] = ()
    day_from: dt.date | None = None
    day_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    obj: str
    group: str
    kind: str
    lang: str
    title: str
    url: str
    part: int
    day: dt.date | None
    score: float
    #: The snippet: a window of the original text and the (start, end) of each match in it.
    snippet: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Group:
    """The best piece of one group and the other pieces (languages) that matched too."""

    key: str
    best: Hit
    others: tuple[Hit, ...]
    #: Every piece fetched for the group, best first (``others`` keeps one per language).
    pieces: tuple[Hit, ...] = ()
    #: The share of the query's words the group holds (1.0 when not counted).
    coverage: float = 1.0


@dataclass
class Results:
    groups: list[Group]
    #: Pieces fetched to rank the groups (every matching one on a small index), and
    #: groups (documents) matching, exactly.
    pieces: int
    group_count: int
    #: Seconds: the engine's own search, and everything (analysis, snippets, grouping).
    engine_seconds: float = 0.0
    total_seconds: float = 0.0
