"""Finding the term base's terms in a text, in any of the three languages. No Django here.

Russian and English are compared word by word after the search analyser's normalisation
(lower case, ``ё`` read as ``е``, Snowball stems; stop words dropped on both sides), so
«заверенных копий» finds «заверенная копия» and "certified copies" finds "certified copy".
Chinese has no word boundaries to rely on: a Chinese term is found as a substring. Where
found terms overlap, the longest wins: "Secretariat of the SCO Business Council" is that
body, not also the SCO Secretariat.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import Stemmer

#: Words of one script: Cyrillic or Latin. Hyphens split words ("государства-члены" is two),
#: so a compound matches whatever form each of its halves takes.
_WORD = re.compile(r"(?P<cyr>[\u0400-\u04ff]+)|(?P<lat>[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?)")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

#: Words that join a term's words but say nothing of their own: "Council *of* Heads *of*
#: State", «партнёр *по* диалогу». Dropped from terms and texts alike.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "и",
        "в",
        "во",
        "на",
        "с",
        "со",
        "к",
        "по",
        "от",
        "о",
        "об",
        "из",
        "за",
        "для",
        "при",
        "или",
    ]
)

_stemmers = threading.local()


def _stem(language: str, word: str) -> str:
    # PyStemmer objects are not thread-safe: one per thread and language.
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer(language)
        setattr(_stemmers, language, stemmer)
    return str(stemmer.stemWord(word))


def word_key(kind: str, word: str) -> str:
    """A word as compared: the same normalisation as the search index
    (``databank.search.analysis.word_term``; tests/terms hold the two to each other)."""
    if kind == "cyr":
        return _stem("russian", word.lower().replace("ё", "е"))
    return _stem("english", word.lower().replace("’", "'"))


@dataclass(frozen=True, slots=True)
class Token:
    key: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The Russian and English words of ``text`` as compared, with where they stand."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word.lower() in STOPWORDS:
            continue
        found.append(Token(word_key(str(match.lastgroup), word), match.start(), match.end()))
    return found


def is_chinese(text: str) -> bool:
    return bool(_HAN.search(text))


@dataclass(frozen=True, slots=True)
class Entry:
    """One term of the base as the index holds it."""

    concept: str
    lang: str
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A term of the base found in a text, and where."""

    entry: Entry
    start: int
    end: int


class TermIndex:
    """Every term of the base, ready to be found in a text."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        #: Russian and English terms by their first word's key: (word keys, entry).
        self._by_first: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        #: Chinese terms, longest first.
        self._han: list[Entry] = []
        for entry in entries:
            if entry.lang == "zh" or is_chinese(entry.text):
                self._han.append(entry)
                continue
            keys = tuple(t.key for t in tokens(entry.text))
            if keys:
                self._by_first.setdefault(keys[0], []).append((keys, entry))
        self._han.sort(key=lambda e: -len(e.text))

    def find(self, text: str, lang: str | None = None) -> list[Hit]:
        """The terms found in ``text`` (in language ``lang`` only, if given), in text order;
        of overlapping ones, the longest."""
        hits: list[Hit] = []
        words = tokens(text)
        for i, token in enumerate(words):
            for keys, entry in self._by_first.get(token.key, ()):
                if lang and entry.lang != lang:
                    continue
                if tuple(t.key for t in words[i : i + len(keys)]) == keys:
                    hits.append(Hit(entry, token.start, words[i + len(keys) - 1].end))
        folded = text.casefold()
        for entry in self._han:
            if lang and entry.lang != lang:
                continue
            start = folded.find(entry.text.casefold())
            while start != -1:
                hits.append(Hit(entry, start, start + len(entry.text)))
                start = folded.find(entry.text.casefold(), start + 1)
        return _longest(hits)


def _longest(hits: list[Hit]) -> list[Hit]:
    """Of overlapping hits, keep the longest (the earliest of equals); same-span hits of
    different concepts (a term two concepts share) are all kept."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(
            hit.end <= k.start or hit.start >= k.end or (hit.start, hit.end) == (k.start, k.end)
            for k in kept
        ):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))
