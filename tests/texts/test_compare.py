"""Versions of a text compared for people: by paragraph, then by word or Chinese character."""

from __future__ import annotations

from secretariat.texts.compare import Span, compare_texts, comparison_html, unified_diff

CHARTER = "The member states shall hold regular meetings of the Council."


def test_an_english_sentence_with_one_word_changed_shows_that_word_deleted_and_inserted() -> None:
    comparison = compare_texts(CHARTER, CHARTER.replace("regular", "extraordinary"))
    (row,) = comparison.rows
    assert row.kind == "changed"
    assert row.spans == (
        Span("same", "The member states shall hold "),
        Span("del", "regular"),
        Span("ins", "extraordinary"),
        Span("same", " meetings of the Council."),
    )
    counts = comparison.counts
    assert (counts.paragraphs_changed, counts.words_deleted, counts.words_inserted) == (1, 1, 1)
    assert (counts.characters_deleted, counts.characters_inserted) == (7, 13)


def test_a_chinese_paragraph_with_two_characters_changed_is_compared_character_by_character() -> (
    None
):
    old = "上海合作组织成员国外交部长理事会会议于二〇二六年举行。"
    new = "上海合作组织成员国国防部长理事会会议于二〇二六年举行。"
    (row,) = compare_texts(old, new).rows
    assert row.kind == "changed"
    assert row.spans == (
        Span("same", "上海合作组织成员国"),
        Span("del", "外交"),
        Span("ins", "国防"),
        Span("same", "部长理事会会议于二〇二六年举行。"),
    )
    counts = compare_texts(old, new).counts
    assert (counts.characters_deleted, counts.characters_inserted) == (2, 2)


def test_russian_words_changed_side_by_side_read_as_one_change_keeping_the_spaces() -> None:
    old = "Совет глав государств принимает решение."
    new = "Совет министров иностранных дел принимает решение."
    (row,) = compare_texts(old, new).rows
    assert row.spans == (
        Span("same", "Совет "),
        Span("del", "глав государств"),
        Span("ins", "министров иностранных дел"),
        Span("same", " принимает решение."),
    )
    assert "".join(s.text for s in row.spans if s.kind != "del") == new
    assert "".join(s.text for s in row.spans if s.kind != "ins") == old


def test_a_paragraph_added_and_one_removed_are_shown_in_their_places() -> None:
    old = "Article 1.\n\nArticle 2 is withdrawn.\n\nArticle 3."
    new = "Article 1.\n\nArticle 3.\n\nСтатья 4 вступает в силу."
    comparison = compare_texts(old, new)
    assert [(row.kind, row.old_number, row.new_number) for row in comparison.rows] == [
        ("same", 1, 1),
        ("removed", 2, None),
        ("same", 3, 2),
        ("added", None, 3),
    ]
    assert comparison.rows[1].spans == (Span("del", "Article 2 is withdrawn."),)
    assert comparison.rows[3].spans == (Span("ins", "Статья 4 вступает в силу."),)
    counts = comparison.counts
    assert (counts.paragraphs_added, counts.paragraphs_removed) == (1, 1)
    assert (counts.paragraphs_same, counts.paragraphs_changed) == (2, 0)
    assert (counts.words_deleted, counts.words_inserted) == (4, 5)


def test_a_changed_paragraph_is_found_among_paragraphs_added_before_it() -> None:
    old = f"Preamble.\n\n{CHARTER}"
    new = f"Preamble.\n\nA new first article.\n\n{CHARTER.replace('Council', 'Board')}"
    kinds = [row.kind for row in compare_texts(old, new).rows]
    assert kinds == ["same", "added", "changed"]


def test_a_paragraph_wholly_rewritten_is_removed_and_another_added_not_changed() -> None:
    kinds = [row.kind for row in compare_texts(CHARTER, "Nothing alike here at all.").rows]
    assert kinds == ["removed", "added"]


def test_texts_that_differ_only_in_whitespace_are_identical() -> None:
    comparison = compare_texts(
        f"{CHARTER}\n\n\n第一条",
        "  The member states  shall hold regular\nmeetings of the Council.\n\n第一条 ",
    )
    assert comparison.identical
    assert comparison.counts.paragraphs_same == 2


def test_the_html_escapes_the_text_and_marks_insertions_and_deletions() -> None:
    old = "Keep <b>this</b>.\n\nRemove <script>alert(1)</script>"
    new = "Keep <b>that</b>.\n\nLine one\nline two & more"
    html = comparison_html(compare_texts(old, new))
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html == (
        '<div class="text-comparison">\n'
        '<p class="text-changed">Keep &lt;b&gt;<del>this</del><ins>that</ins>&lt;/b&gt;.</p>\n'
        '<p class="text-removed"><del>Remove &lt;script&gt;alert(1)&lt;/script&gt;</del></p>\n'
        '<p class="text-added"><ins>Line one<br>line two &amp; more</ins></p>\n'
        "</div>"
    )


def test_the_unified_diff_names_both_versions_and_is_empty_when_they_are_equal() -> None:
    diff = unified_diff("Article 1.\n\nArticle 2.", "Article 1.\n\nArticle 2 bis.", "v1", "v2")
    assert diff == (
        "--- v1\n+++ v2\n@@ -1,3 +1,3 @@\n Article 1.\n \n-Article 2.\n+Article 2 bis.\n"
    )
    assert unified_diff(CHARTER, CHARTER, "v1", "v2") == ""


def test_an_empty_old_text_shows_every_new_paragraph_as_added() -> None:
    comparison = compare_texts("", "Один.\n\n二。")
    assert [row.kind for row in comparison.rows] == ["added", "added"]
    assert comparison.counts.words_inserted == 2
