"""Search across languages: query expansion by concepts, and meaning that re-ranks a bounded
set of keyword results and keeps out what is near nothing (no embeddings model needed: the
vectors are made by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from secretariat.databank.search import across, analysis, finding, rerank
from secretariat.databank.search.engine import SearchIndex
from secretariat.databank.search.shapes import Entry, Group, Hit

CONCEPTS = [
    across.Concept(
        {
            "en": ["depositary"],
            "ru": ["депозитарий"],
            "zh": ["保存机构", "保存人"],
        }
    ),
    across.Concept(
        {"en": ["certified copy"], "ru": ["заверенная копия"], "zh": ["核证副本"]},
    ),
    across.Concept({"en": ["consensus"], "ru": ["консенсус"], "zh": ["协商一致", "共识"]}),
    across.Concept({"en": ["quorum"], "ru": ["кворум", "правомочность"], "zh": ["法定人数"]}),
]

TEXTS = [
    ("000§5", "en", "Carries out the duty of a depositary and forwards certified copies."),
    ("004§12", "ru", "Заседания Правления считаются правомочными при кворуме."),
    ("004§13", "ru", "Решения принимаются без голосования, на основе консенсуса."),
    ("002§1", "en", "Cooperation in trade, energy and transport."),
    ("org:X", "zh", "谅解备忘录"),
]


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    found = SearchIndex(tmp_path / "index")
    writer = found.writer()
    for key, lang, text in TEXTS:
        entry = Entry(key, key, "source", lang, "", text, "", ["public"], 1, dt.date(2026, 1, 1))
        SearchIndex.replace(writer, (), [entry])
    found.commit(writer)
    found.close(writer)
    return found


def keys(index: SearchIndex, query: str, thesaurus: across.Thesaurus | None) -> list[str]:
    found = finding.find(index, query, ["public"], thesaurus=thesaurus)
    return [g.key for g in found.results.groups]


def test_a_term_typed_in_one_language_finds_the_texts_written_in_the_others(
    index: SearchIndex,
) -> None:
    thesaurus = across.thesaurus(CONCEPTS)

    assert keys(index, "保存机构", None) == []
    assert keys(index, "保存机构", thesaurus) == ["000§5"]
    assert keys(index, "депозитарий", thesaurus) == ["000§5"]
    assert keys(index, "共识", thesaurus) == ["004§13"]
    assert keys(index, "consensus", thesaurus) == ["004§13"]
    # Two words that are one term: found as the term, in whatever case the text has it.
    assert keys(index, "заверенные копии", thesaurus) == ["000§5"]
    assert keys(index, "核证副本", thesaurus) == ["000§5"]


def test_a_synonym_in_the_same_language_is_found_too(index: SearchIndex) -> None:
    thesaurus = across.thesaurus(CONCEPTS)

    assert keys(index, "кворум Правления", thesaurus) == ["004§12"]
    assert keys(index, "quorum", thesaurus) == ["004§12"]


def test_a_quoted_phrase_nothing_holds_is_read_again_as_words(index: SearchIndex) -> None:
    thesaurus = across.thesaurus(CONCEPTS)

    assert keys(index, "«кворум заседания»", thesaurus) == ["004§12"]
    assert keys(index, '"trade energy"', thesaurus) == ["002§1"]


def test_expansion_keeps_words_outside_the_concepts_and_makes_each_term_one_word() -> None:
    thesaurus = across.thesaurus(CONCEPTS)

    parsed = thesaurus.expand(analysis.parse_query("certified copies of the depositary"))

    assert [w.surface for w in parsed.words] == ["certified copies", "depositary"]
    copies = parsed.words[0]
    assert analysis.query_terms("заверенные копии") in copies.alternatives
    assert ("核证副本",) in copies.alternatives
    # A word of a Chinese query holding a term inside it is expanded too.
    inside = thesaurus.expand(analysis.parse_query("共识问题"))
    assert any(alt == ("consensus",) for w in inside.words for alt in w.alternatives)


def test_a_concept_with_one_form_adds_nothing() -> None:
    thesaurus = across.thesaurus([across.Concept({"en": ["the"]})])

    assert len(thesaurus) == 0


def _hit(group: str, part: int, score: float, lang: str = "en") -> Hit:
    return Hit(group, group, "source", lang, "", "", part, None, score, "", ())


def _group(key: str, pieces: list[Hit], coverage: float = 1.0) -> Group:
    return Group(key, pieces[0], (), tuple(pieces), coverage)


def test_meaning_picks_the_best_piece_and_lifts_the_group_that_answers() -> None:
    groups = [
        _group("a", [_hit("a", 1, 10.0), _hit("a", 2, 8.0)]),
        _group("b", [_hit("b", 1, 9.0)]),
    ]
    by_meaning = {("a", 1): -0.02, ("a", 2): 0.06, ("b", 1): -0.02}

    ranked = rerank.rerank(groups, lambda h: by_meaning[(h.group, h.part)])

    assert [g.key for g in ranked] == ["a", "b"]
    assert ranked[0].best.part == 2


def test_a_result_with_few_of_the_words_and_far_by_meaning_is_dropped() -> None:
    groups = [
        _group("near", [_hit("near", 1, 5.0)], coverage=0.34),
        _group("far", [_hit("far", 1, 9.0)], coverage=0.34),
        _group("all-words", [_hit("all-words", 1, 4.0)], coverage=1.0),
        _group("no-vector", [_hit("no-vector", 1, 3.0)], coverage=0.34),
    ]
    by_meaning = {"near": 0.02, "far": -0.03, "all-words": -0.03}

    ranked = rerank.rerank(groups, lambda h: by_meaning.get(h.group))

    assert [g.key for g in ranked] == ["near", "all-words", "no-vector"]


def test_hubness_takes_away_what_a_passage_owes_to_being_near_every_query() -> None:
    hub = np.array([1.0, 0.0, 0.0])
    topical = np.array([0.6, 0.8, 0.0])
    references = np.array([[0.9, 0.1, 0.0], [0.95, 0.0, 0.05], [0.9, 0.0, 0.1]])
    passages = np.vstack([hub, topical])
    query = np.array([0.9, 0.3, 0.0])

    hubs = rerank.hub_scores(passages, references)
    corrected = passages @ query - hubs

    assert (passages @ query)[0] > (passages @ query)[1]
    assert corrected[1] > corrected[0]


def test_meaning_alone_lists_only_texts_above_the_floor_in_another_language() -> None:
    rows = [
        finding.Row("short", "ru", 1, text="Меморандум"),
        finding.Row("far", "ru", 1, text="Текст о погоде " * 10),
        finding.Row("near", "ru", 1, text="Заседания правомочны при кворуме " * 5),
        finding.Row("same-lang", "en", 1, text="The quorum of the Board " * 5),
    ]
    matrix = np.eye(4, dtype=np.float32)
    vectors = finding.Vectors(rows, matrix, np.zeros(4, dtype=np.float32))
    query = np.array([0.9, 0.0, 0.5, 0.9], dtype=np.float32)

    found = finding.related(vectors, query, query_lang="en")

    # The short registry stub is nearest but says little; "far" is below the floor.
    assert [r.group for r in found] == ["near"]
    assert finding.related(vectors, np.zeros(4, dtype=np.float32), query_lang="en") == []


def test_a_chinese_term_is_found_wherever_jieba_cuts_the_query() -> None:
    accession = across.Concept(
        {"en": ["admission of new members"], "ru": ["приём новых членов"], "zh": ["接收新成员"]}
    )
    thesaurus = across.thesaurus([accession])

    parsed = thesaurus.expand(analysis.parse_query("接收新成员国"))

    assert [w.surface for w in parsed.words] == ["接收新成员国"]
    assert analysis.query_terms("admission of new members") in parsed.words[0].alternatives


def test_each_item_of_an_enumeration_in_every_language_is_a_term_too() -> None:
    evils = across.Concept(
        {
            "en": ["terrorism, separatism and extremism"],
            "ru": ["терроризм, сепаратизм и экстремизм"],
            "zh": ["恐怖主义、分裂主义和极端主义"],
        }
    )
    thesaurus = across.thesaurus([evils])

    parsed = thesaurus.expand(analysis.parse_query("борьба с терроризмом"))

    assert [w.alternatives for w in parsed.words] == [(), (("terror",), ("恐怖主义",))]


def test_a_chinese_abbreviation_finds_the_name_it_is_made_of() -> None:
    unesco = across.Concept(
        {"en": ["UNESCO"], "ru": ["ЮНЕСКО"], "zh": ["联合国教育、科学及文化组织"]}
    )
    commission = across.Concept({"en": ["Eurasian Economic Commission"], "zh": ["欧亚经济委员会"]})
    thesaurus = across.thesaurus([unesco, commission])

    def expanded(query: str) -> list[str]:
        parsed = thesaurus.expand(analysis.parse_query(query))
        return [w.surface for w in parsed.words if w.alternatives]

    assert expanded("教科文组织") != []
    # A word found whole inside a name is no abbreviation of it.
    assert expanded("委员会") == []
