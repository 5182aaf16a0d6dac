"""Names in three languages: a name typed in one language finds texts written in another."""

from __future__ import annotations

from pathlib import Path

from secretariat.databank.search import analysis, names
from secretariat.databank.search.engine import SearchIndex
from secretariat.databank.search.shapes import Entry

CITIES = [
    {"en": "Dushanbe", "ru": "Душанбе", "zh": "杜尚别"},
    {"en": "New Delhi", "ru": "Нью-Дели", "zh": "新德里"},
    {"en": "Shanghai Cooperation Organisation", "ru": "ШОС", "zh": "上合组织"},
]


def _piece(pk: int, lang: str, text: str) -> Entry:
    return Entry(
        obj=f"news:{pk}",
        group=f"news:{pk}",
        kind="news",
        lang=lang,
        title=f"News {pk}",
        text=text,
        url=f"/press/{pk}/",
        audience=["public"],
        part=1,
    )


def test_a_name_looks_for_its_other_forms_as_one_word_of_the_query() -> None:
    found = names.gazetteer(CITIES)

    def alternatives(query: str) -> list[tuple[tuple[str, ...], ...]]:
        return [w.alternatives for w in found.expand(analysis.parse_query(query)).words]

    assert alternatives("Душанбе") == [(("dushanb",), ("杜尚别",))]
    assert alternatives("杜尚别") == [(("dushanb",), ("душанб",))]
    # A name of several words is one word of the query, found as a phrase in each language.
    assert alternatives("New Delhi") == [(("new", "delhi"), ("нью-дел",), ("新德里",))]
    assert alternatives("new year") == [(), ()]
    assert alternatives("ШОС") == [(("shanghai", "cooper", "organis"), ("上合组织",))]


def test_only_words_that_are_names_are_expanded() -> None:
    expanded = names.gazetteer(CITIES).expand(analysis.parse_query("семинар в Душанбе"))
    by_term = {w.term: w.alternatives for w in expanded.words}
    assert by_term["душанб"] == (("dushanb",), ("杜尚别",))
    assert by_term["семинар"] == ()


def test_a_name_finds_the_texts_in_the_other_languages_and_marks_it_there(
    tmp_path: Path,
) -> None:
    index = SearchIndex(tmp_path)
    writer = index.writer()
    SearchIndex.replace(
        writer,
        [],
        [
            _piece(1, "zh", "研讨会在杜尚别举行。"),
            _piece(2, "ru", "Семинар прошёл в Душанбе."),
            _piece(3, "en", "The seminar was held in New Delhi."),
            _piece(4, "en", "A seminar elsewhere."),
        ],
    )
    index.commit(writer)
    gazetteer = names.gazetteer(CITIES)

    plain = index.search(analysis.parse_query("Dushanbe"), ["public"])
    assert plain.groups == []
    found = index.search(gazetteer.expand(analysis.parse_query("Dushanbe")), ["public"])
    assert sorted(g.key for g in found.groups) == ["news:1", "news:2"]
    chinese = next(g.best for g in found.groups if g.key == "news:1")
    start, end = chinese.marks[0]
    assert chinese.snippet[start:end] == "杜尚别"

    delhi = index.search(gazetteer.expand(analysis.parse_query("新德里")), ["public"])
    assert [g.key for g in delhi.groups] == ["news:3"]
