"""Across languages: a query's terms and names also look for their equivalents.

A Chinese reader types 共识 or 保存机构; the seeds say "consensus" and «депозитарий». Keyword
search over a million paragraphs is fast but finds only the words typed; embeddings find
meaning across languages but cost a tenth of a second a paragraph to compute, some 35 hours
for a million. So what crosses languages at scale is *expansion*: every term of the term
base and every name of the registry found in the query is looked for, in the same keyword
query, in all its written forms in the three languages (a :class:`Concept`). Embeddings only
re-rank the bounded set of candidates that search returned (:mod:`.rerank`).

Matching a query against the forms: Russian and English forms as their analysed terms
(Snowball stems, so «депозитария» finds the form «депозитарий»), a run of consecutive query
terms, the longest first; Chinese forms as a substring of the query's Chinese (jieba may cut
共识问题 differently from the form). Each span becomes one query word whose ways of matching
are every form of the concept, each as a phrase of its index terms.

No Django here: the service gives the term base's concepts and the registry's names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from secretariat.databank.search import analysis

LANGS = ("en", "ru", "zh")


@dataclass(frozen=True)
class Concept:
    """One meaning: every written form of it in each language (preferred term first)."""

    forms: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class _Entry:
    #: Every form of the concept, each as the index terms a query makes of it.
    ways: tuple[tuple[str, ...], ...]


@dataclass
class Thesaurus:
    """Forms of concepts, indexed for matching a query's words."""

    #: The first term of a Russian or English form -> (the form's terms, its concept).
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)
    #: Chinese forms and their concepts, longest first.
    han: list[tuple[str, int]] = field(default_factory=list)
    entries: list[_Entry] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entries)

    def expand(self, parsed: analysis.ParsedQuery) -> analysis.ParsedQuery:
        """``parsed`` with each span of words that is a known term looking for every form.

        Words outside any concept stay as they were; a quoted phrase stays a phrase (the
        reader asked for those words), unless it is itself one concept's form.
        """
        if not self.entries:
            return parsed
        words: list[analysis.Word] = []
        own = list(parsed.words)
        i = 0
        while i < len(own):
            found = None if own[i].alternatives else self._at(own, i)
            if found is None:
                words.append(own[i])
                i += 1
                continue
            length, concept = found
            span = own[i : i + length]
            words.append(self._word(span, concept))
            i += length
        phrases: list[analysis.Phrase] = []
        for phrase in parsed.phrases:
            whole = self._at(list(phrase.words), 0)
            if whole is not None and whole[0] == len(phrase.words):
                words.append(self._word(list(phrase.words), whole[1]))
            else:
                phrases.append(phrase)
        return analysis.ParsedQuery(tuple(dict.fromkeys(words)), tuple(phrases))

    def _at(self, words: Sequence[analysis.Word], i: int) -> tuple[int, int] | None:
        """The longest concept form starting at word ``i``: (words it spans, concept)."""
        if words[i].han:
            # Chinese: the longest form found in the run of Chinese words from this one,
            # starting inside this word (jieba need not cut the query where the form
            # begins and ends: 接收新成员国 holds 接收新成员); the words it touches are its span.
            ends, run = [], ""
            for j in range(i, len(words)):
                if not words[j].han:
                    break
                run += words[j].surface
                ends.append(len(run))
            first = len(words[i].surface)
            for form, concept in self.han:
                at = run.find(form)
                if 0 <= at < first:
                    end = at + len(form)
                    return (next(n for n, e in enumerate(ends, 1) if e >= end), concept)
            return self._abbreviation(words[i].surface)
        best = None
        for terms, concept in self.by_first.get(words[i].term, ()):
            n = len(terms)
            if tuple(w.term for w in words[i : i + n]) == terms and (best is None or n > best[0]):
                best = (n, concept)
        return best

    def _abbreviation(self, word: str) -> tuple[int, int] | None:
        """A Chinese word of three characters or more made of a form's characters in order,
        skipping some, is its abbreviation (教科文 of 联合国教育、科学及文化组织, 观察团 of
        观察员团, 独联体 of 独立国家联合体): the shortest such form's concept. A word found
        whole inside a form is not (委员会 is in many names, an abbreviation of none)."""
        if len(word) < 3:
            return None
        for form, concept in reversed(self.han):  # shortest first
            if word not in form and _in_order(word, form):
                return (1, concept)
        return None

    def _word(self, span: Sequence[analysis.Word], concept: int) -> analysis.Word:
        surface = ("" if span[0].han else " ").join(w.surface for w in span)
        own = tuple(w.term for w in span)
        others = [w for w in self.entries[concept].ways if w != own]
        ways = tuple([own, *others] if len(own) > 1 else others)
        # The word's own term: itself when one word, else a term no text holds (its forms
        # are all in the alternatives, the reader's own among them).
        term = own[0] if len(own) == 1 else " ".join(own)
        return analysis.Word(term, span[0].han, surface, ways)


def _in_order(short: str, long: str) -> bool:
    """Whether ``short``'s characters all occur in ``long``, in order."""
    rest = iter(long)
    return all(c in rest for c in short)


_ENUMERATION = re.compile(r"\s*[,，、;；]\s*|\s+(?:and|и|или|or)\s+|[和及与]")


def enumerated(concept: Concept) -> list[Concept]:
    """The concept, and each item of it when its preferred terms are enumerations of the same
    length in every language ("terrorism, separatism and extremism" = «терроризм, сепаратизм
    и экстремизм» = 恐怖主义、分裂主义和极端主义): a reader types one of them."""
    preferred = {lang: forms[0] for lang, forms in concept.forms.items() if forms}
    if len(preferred) < 2 or not all(re.search(r"[,，、;；]", t) for t in preferred.values()):
        return [concept]
    parts = {lang: [p for p in _ENUMERATION.split(t) if p] for lang, t in preferred.items()}
    counts = {len(p) for p in parts.values()}
    if len(counts) != 1 or counts == {1}:
        return [concept]
    return [concept] + [
        Concept({lang: [p[i]] for lang, p in parts.items()}) for i in range(counts.pop())
    ]


def thesaurus(concepts: Iterable[Concept]) -> Thesaurus:
    """The thesaurus of ``concepts``; a concept with forms in one language only adds nothing
    across languages but still joins its synonyms (кворум, правомочность)."""
    found = Thesaurus()
    han: list[tuple[str, int]] = []
    for concept in (part for whole in concepts for part in enumerated(whole)):
        ways: list[tuple[str, ...]] = []
        keys: list[tuple[str, ...]] = []
        surfaces: list[str] = []
        for lang in LANGS:
            for text in concept.forms.get(lang, ()):
                text = text.strip()
                if not text:
                    continue
                terms = analysis.query_terms(text)
                if not terms:
                    continue
                ways.append(terms)
                if analysis.is_han(text[0]) and all(analysis.is_han(t) for t in terms):
                    surfaces.append("".join(text.split()))
                elif not any(analysis.is_han(t) for t in terms):
                    keys.append(terms)
        unique = tuple(dict.fromkeys(ways))
        if len(unique) < 2:
            continue
        index = len(found.entries)
        found.entries.append(_Entry(unique))
        for terms in dict.fromkeys(keys):
            if len(terms) == 1 and terms[0] in analysis.STOPWORDS:
                continue
            found.by_first.setdefault(terms[0], []).append((terms, index))
        han += [(s, index) for s in dict.fromkeys(surfaces) if len(s) >= 2]
    found.han = sorted(han, key=lambda sc: (-len(sc[0]), sc[0]))
    return found


def names_as_concepts(names: Iterable[Mapping[str, str]]) -> list[Concept]:
    """Names of the registry (a mapping of language to the name) as concepts."""
    return [
        Concept({lang: [text] for lang, text in name.items() if text and text.strip()})
        for name in names
    ]


def person_names(names: Iterable[Mapping[str, str]]) -> list[Concept]:
    """People's names, whole and each part (Alimov = Алимов = 阿利莫夫), where the three
    languages give the same number of parts (Chinese transliterations part them with ·)."""
    found = []
    for name in names:
        parts = {
            lang: [p for p in re.split(r"[\s·•]+", text.strip()) if p]
            for lang, text in name.items()
            if text and text.strip()
        }
        found.append(Concept({lang: [text] for lang, text in name.items() if text}))
        counts = {len(p) for p in parts.values()}
        if len(parts) > 1 and len(counts) == 1 and counts != {1}:
            for i in range(counts.pop()):
                found.append(Concept({lang: [p[i]] for lang, p in parts.items()}))
    return found
