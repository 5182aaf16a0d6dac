"""The analysis search depends on: the same terms for a word's forms, Chinese words found
inside longer ones, phrases in every language's quotation marks, snippets on the original."""

from __future__ import annotations

import pytest

from secretariat.databank.search import analysis


def _terms(text: str) -> set[str]:
    return {t.text for t in analysis.terms(text)}


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("копия", "заверенные копии документов"),
        ("документам", "копии документов"),
        ("заседание", "Заседания Совета"),
        ("ёлка", "елки"),  # ё is е
        ("copies", "a certified copy"),
        ("meeting", "the meetings of the Council"),
        ("circulated", "the Secretariat circulates drafts"),
    ],
)
def test_a_word_matches_its_other_forms(query: str, text: str) -> None:
    wanted = {w.term for w in analysis.parse_query(query).words}
    assert wanted <= _terms(text)


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("合作", "上海合作组织加强经济合作"),
        ("经济", "上海合作组织加强经济合作"),
        ("副本", "秘书处向成员国分发经核证的文件副本"),
        ("成员", "成员国"),
    ],
)
def test_a_two_character_chinese_word_is_a_term_of_the_longer_words_holding_it(
    word: str, text: str
) -> None:
    assert word in _terms(text)


def test_a_chinese_run_gives_one_term_per_character_in_the_characters_field() -> None:
    chars = analysis.han_chars("秘书处，成员国")
    assert [c.text for c in chars] == list("秘书处成员国")
    # The comma between the runs breaks the positions: no phrase across it.
    assert chars[3].position == chars[2].position + 2


def test_positions_follow_the_words_so_phrases_work_across_scripts() -> None:
    terms = analysis.terms("Совет глав государств SCO 上海合作组织 2025")
    by_text = {t.text: t.position for t in terms}
    assert by_text["совет"] == 0
    assert by_text["глав"] == 1
    assert by_text["sco"] == 3
    # Sub-words share the position of the longest word holding them.
    assert by_text["合作"] == by_text["上海合作组织"] == 4
    assert by_text["2025"] == 5


@pytest.mark.parametrize(
    "query",
    [
        '"certified copies"',
        "«заверенные копии»",
        "“certified copies”",
        "„заверенные копии“",
        "「经核证的副本」",
    ],
)
def test_phrases_in_every_languages_quotation_marks(query: str) -> None:
    parsed = analysis.parse_query(query)
    assert len(parsed.phrases) == 1
    assert parsed.words == ()


def test_a_mixed_query_analyses_each_word_by_its_script() -> None:
    parsed = analysis.parse_query("Секретариат secretariats 秘书处")
    assert [(w.term, w.han) for w in parsed.words] == [
        ("секретариат", False),
        ("secretariat", False),
        ("秘书处", True),
    ]


def test_stopwords_leave_the_query_unless_it_is_all_stopwords() -> None:
    assert [w.surface for w in analysis.parse_query("the rules of the Board").words] == [
        "rules",
        "Board",
    ]
    assert [w.surface for w in analysis.parse_query("the").words] == ["the"]


def test_the_snippet_marks_the_words_where_they_stand_in_the_original() -> None:
    text = (
        "Введение. " + "Прочий текст. " * 30 + "Секретариат направляет заверенные копии документов."
    )
    parsed = analysis.parse_query("копия документ")
    window, marks = analysis.snippet(text, parsed, width=120)
    assert [window[s:e] for s, e in marks] == ["копии", "документов"]
    assert window.startswith("…")


def test_chinese_is_highlighted_where_the_query_word_stands() -> None:
    text = "秘书处向成员国分发经核证的文件副本。"
    _window, marks = analysis.snippet(text, analysis.parse_query("副本 成员国"))
    assert [text[s:e] for s, e in marks] == ["成员国", "副本"]
