"""Text analysis for search: the same terms at indexing and at query time.

The text is cut into runs of one script and each run is analysed by what it is, whatever
language the document says it is in, so a Russian title inside a Chinese text and a mixed
query both work:

- Cyrillic words: lower-cased, ``ё`` read as ``е``, Russian Snowball stem;
- Latin words: lower-cased, English Snowball stem;
- numbers: as written;
- Chinese (Han) runs: jieba words in search mode, so ``经济合作`` is found by ``合作`` too;
  each character also goes to a separate field (:func:`han_chars`) where a word of any
  length matches as a phrase of its characters, whatever jieba made of the text.

Nothing here imports Django or tantivy.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import jieba
import Stemmer

#: One token of text: letters of one script, a number, or a run of Han characters.
_RUN = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    r"|(?P<cyr>[\u0400-\u04ff]+(?:[-'’][\u0400-\u04ff]+)*)"
    r"|(?P<lat>[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?)"
    r"|(?P<num>\d+)"
)
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

#: Words too common to rank by; dropped from queries only (phrases keep them), so a phrase
#: "of the Organisation" still matches the text it quotes.
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
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "which",
        "will",
        "with",
        "и",
        "в",
        "во",
        "не",
        "что",
        "он",
        "на",
        "я",
        "с",
        "со",
        "как",
        "а",
        "то",
        "все",
        "она",
        "так",
        "его",
        "но",
        "да",
        "ты",
        "к",
        "у",
        "же",
        "вы",
        "за",
        "бы",
        "по",
        "только",
        "ее",
        "её",
        "мне",
        "было",
        "вот",
        "от",
        "меня",
        "еще",
        "ещё",
        "нет",
        "о",
        "из",
        "ему",
        "теперь",
        "когда",
        "даже",
        "ну",
        "ли",
        "если",
        "уже",
        "или",
        "ни",
        "быть",
        "был",
        "него",
        "до",
        "вас",
        "нибудь",
        "опять",
        "уж",
        "вам",
        "ведь",
        "там",
        "потом",
        "себя",
        "ничего",
        "ей",
        "может",
        "они",
        "тут",
        "где",
        "есть",
        "надо",
        "ней",
        "для",
        "мы",
        "тебя",
        "их",
        "чем",
        "была",
        "сам",
        "чтоб",
        "без",
        "будто",
        "чего",
        "раз",
        "тоже",
        "себе",
        "под",
        "будет",
        "ж",
        "тогда",
        "кто",
        "этот",
        "того",
        "потому",
        "этого",
        "какой",
        "совсем",
        "ним",
        "здесь",
        "этом",
        "один",
        "почти",
        "мой",
        "тем",
        "чтобы",
        "нее",
        "неё",
        "сейчас",
        "были",
        "куда",
        "зачем",
        "всех",
        "никогда",
        "можно",
        "при",
        "наконец",
        "два",
        "об",
        "другой",
        "хоть",
        "после",
        "над",
        "больше",
        "тот",
        "через",
        "эти",
        "нас",
        "про",
        "всего",
        "них",
        "какая",
        "много",
        "разве",
        "три",
        "эту",
        "моя",
        "впрочем",
        "хорошо",
        "свою",
        "этой",
        "перед",
        "иногда",
        "лучше",
        "чуть",
        "том",
        "нельзя",
        "такой",
        "им",
        "более",
        "всегда",
        "конечно",
        "всю",
        "между",
        "的",
        "了",
        "和",
        "是",
        "在",
        "与",
        "及",
        "或",
        "等",
        "对",
        "于",
        "为",
        "以",
        "其",
        "之",
    ]
)


@dataclass(frozen=True, slots=True)
class Term:
    """An index term with its word position and where it stands in the original text."""

    text: str
    position: int
    start: int
    end: int


_stemmers = threading.local()


def _stemmer(language: str) -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe: one per thread and language.
    found = getattr(_stemmers, language, None)
    if found is None:
        found = Stemmer.Stemmer(language)
        setattr(_stemmers, language, found)
    return found


_jieba_lock = threading.Lock()


@cache
def _segmenter() -> jieba.Tokenizer:
    """jieba with its dictionary loaded once, plus the Organisation's own terms."""
    with _jieba_lock:
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        words = files("secretariat.databank.search").joinpath("zh_terms.txt")
        for line in words.read_text(encoding="utf-8").splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                tokenizer.add_word(word, freq=100_000)
        return tokenizer


def warm_up() -> None:
    """Load jieba's dictionary now rather than on the first Chinese text."""
    _segmenter()


def normalise_cyrillic(word: str) -> str:
    return word.lower().replace("ё", "е")


def word_term(kind: str, word: str) -> str:
    """The index term of one Cyrillic (``cyr``), Latin (``lat``) or number (``num``) word."""
    if kind == "cyr":
        return str(_stemmer("russian").stemWord(normalise_cyrillic(word)))
    if kind == "lat":
        return str(_stemmer("english").stemWord(word.lower().replace("’", "'")))
    return word


def han_words(run: str) -> list[tuple[str, int, int]]:
    """jieba's search-mode words of a Han run: (word, start, end), longer words included."""
    return [(w, s, e) for w, s, e in _segmenter().tokenize(run, mode="search")]


def han_exact(run: str) -> list[str]:
    """jieba's precise segmentation of a Han run (for queries)."""
    return [w for w in _segmenter().lcut(run, HMM=True) if w.strip()]


def terms(text: str) -> list[Term]:
    """Every index term of ``text``, in order, with positions for phrase queries.

    A Han word and the shorter words jieba finds inside it share the position of the
    longest word, so they never break a Russian or English phrase around them.
    """
    found: list[Term] = []
    position = 0
    for match in _RUN.finditer(text):
        kind = match.lastgroup
        start = match.start()
        if kind == "han":
            run = match.group()
            words = han_words(run)
            # Precise words are those no other word contains; sub-words take their position.
            spans = sorted({(s, e) for _w, s, e in words}, key=lambda se: (se[0], -se[1]))
            outer: list[tuple[int, int]] = []
            for s, e in spans:
                if not outer or s >= outer[-1][1]:
                    outer.append((s, e))
            where = {}
            for index, (s, e) in enumerate(outer):
                for i in range(s, e):
                    where[i] = position + index
            for word, s, e in words:
                if word.strip():
                    found.append(Term(word, where[s], start + s, start + e))
            position += len(outer)
        else:
            word = match.group()
            found.append(Term(word_term(str(kind), word), position, start, match.end()))
            position += 1
    return found


def han_chars(text: str) -> list[Term]:
    """Each Han character of ``text`` as a term; runs are kept apart by a gap of one."""
    found: list[Term] = []
    position = 0
    last_end = -1
    for match in _HAN_CHAR.finditer(text):
        if last_end != -1 and match.start() != last_end:
            position += 1  # punctuation or another script between: no phrase across it
        found.append(Term(match.group(), position, match.start(), match.end()))
        position += 1
        last_end = match.end()
    return found


# --- Queries -----------------------------------------------------------------------------

#: Quotation marks a phrase may be written with in the three languages.
_PHRASE = re.compile(r'"([^"]+)"|«([^»]+)»|“([^”]+)”|„([^“”]+)[“”]|「([^」]+)」|『([^』]+)』')


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a query: its index term, and for Chinese, its characters."""

    term: str
    han: bool
    #: What the reader typed (for snippets: Chinese is highlighted where it occurs).
    surface: str
    #: The same name in the other languages, each as its words' terms (see ``names.py``):
    #: found as well as the word itself.
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must stand together, in order."""

    words: tuple[Word, ...]
    surface: str


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[Word, ...]
    phrases: tuple[Phrase, ...]

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    def stems(self) -> frozenset[str]:
        """Index terms of the Russian and English words, for highlighting."""
        every = [*self.words, *(w for p in self.phrases for w in p.words)]
        own = {w.term for w in every if not w.han}
        return frozenset(own | {t for t in self._alternative_terms() if not is_han(t)})

    def pairs(self) -> list[tuple[str, str]]:
        """The index terms of each two words written one after the other (outside phrases)."""
        return list(itertools.pairwise(w.term for w in self.words))

    def han_surfaces(self) -> frozenset[str]:
        every = [*self.words, *(w for p in self.phrases for w in p.words)]
        own = {w.surface for w in every if w.han}
        return frozenset(own | {t for t in self._alternative_terms() if is_han(t)})

    def _alternative_terms(self) -> set[str]:
        return {t for w in self.words for seq in w.alternatives for t in seq}


def is_han(term: str) -> bool:
    """Whether an index term is Chinese (a jieba word: its characters are its surface)."""
    return bool(_HAN_CHAR.match(term))


def query_terms(text: str) -> tuple[str, ...]:
    """The index terms a query would make of ``text``, in order, stopwords kept."""
    return tuple(w.term for w in _query_words(text, drop_stopwords=False))


def _query_words(text: str, *, drop_stopwords: bool) -> Iterator[Word]:
    for match in _RUN.finditer(text):
        kind = str(match.lastgroup)
        if kind == "han":
            for word in han_exact(match.group()):
                if drop_stopwords and word in STOPWORDS:
                    continue
                yield Word(word, True, word)
        else:
            word = match.group()
            if drop_stopwords and normalise_cyrillic(word) in STOPWORDS:
                continue
            yield Word(word_term(kind, word), False, word)


def parse_query(text: str) -> ParsedQuery:
    """Words and quoted phrases of a query, each analysed as the index was."""
    phrases: list[Phrase] = []

    def take(match: re.Match[str]) -> str:
        inner = next(g for g in match.groups() if g is not None)
        words = tuple(_query_words(inner, drop_stopwords=False))
        if len(words) == 1:
            rest.append(words[0])
        elif words:
            phrases.append(Phrase(words, inner))
        return " "

    rest: list[Word] = []
    remaining = _PHRASE.sub(take, text)
    words = [*rest, *_query_words(remaining, drop_stopwords=True)]
    if not words and not phrases:
        # A query of stopwords only still means something ("the", "и"): keep them.
        words = list(_query_words(remaining, drop_stopwords=False))
    unique = tuple(dict.fromkeys(words))
    return ParsedQuery(unique, tuple(phrases))


# --- Highlighting ------------------------------------------------------------------------


def highlights(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """Where the query's words occur in ``text``: sorted, non-overlapping (start, end)."""
    stems = query.stems()
    ranges: list[tuple[int, int]] = []
    if stems:
        for match in _RUN.finditer(text):
            kind = str(match.lastgroup)
            if kind != "han" and word_term(kind, match.group()) in stems:
                ranges.append((match.start(), match.end()))
    for surface in query.han_surfaces():
        at = text.find(surface)
        while at != -1:
            ranges.append((at, at + len(surface)))
            at = text.find(surface, at + len(surface))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(
    text: str, query: ParsedQuery, *, width: int = 240
) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` around its densest matches, with the matches inside it.

    Returns the window and the (start, end) of each match within the window. The window
    starts at a word boundary where it can and never cuts a match.
    """
    marks = highlights(text, query)
    if len(text) <= width:
        return text, marks
    if not marks:
        return text[:width].rstrip() + "…", []
    best, best_count = 0, -1
    for i, (start, _end) in enumerate(marks):
        count = sum(1 for s, e in marks[i:] if e <= start + width)
        if count > best_count:
            best, best_count = i, count
    first = marks[best][0]
    begin = max(0, first - width // 4)
    space = text.rfind(" ", 0, begin + 1)
    if space != -1 and begin - space < 20:
        begin = space + 1
    end = min(len(text), begin + width)
    inside = [(s - begin, e - begin) for s, e in marks if s >= begin and e <= end]
    window = text[begin:end]
    return ("…" if begin > 0 else "") + window + ("…" if end < len(text) else ""), [
        (s + (1 if begin > 0 else 0), e + (1 if begin > 0 else 0)) for s, e in inside
    ]
