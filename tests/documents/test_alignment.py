"""Alignment of language versions and the currency rule, without a database: measured on the
parallel corpus of the seeds' rules (tests.documents.parallel_corpus)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from secretariat.procedure.alignment import align, number_of, paragraphs_of
from secretariat.procedure.currency import currency_of, marks_after_write, row_keys
from tests.documents import parallel_corpus
from tests.documents.parallel_corpus import ParallelText


def accuracy(corpus: list[ParallelText]) -> float:
    """The share of true rows the alignment gives exactly (every language's paragraphs)."""
    right = total = 0
    for text in corpus:
        paragraphs = {lang: paragraphs_of(t) for lang, t in text.texts.items()}
        found = [dict(row.cells) for row in align(paragraphs)]
        right += sum(1 for row in text.gold if row in found)
        total += len(text.gold)
    return right / total


def test_numbered_seed_rules_align_article_by_article() -> None:
    corpus = parallel_corpus.numbered()

    assert sum(len(t.gold) for t in corpus) >= 50
    assert accuracy(corpus) == 1.0


def test_unnumbered_seed_rules_align_by_length_alone() -> None:
    assert accuracy(parallel_corpus.unnumbered()) == 1.0


def test_a_split_chinese_article_and_a_missing_english_one_are_found_by_their_numbers() -> None:
    assert accuracy(parallel_corpus.irregular(numbered=True)) == 1.0


def test_without_numbers_a_split_and_a_missing_paragraph_are_mostly_found() -> None:
    # Measured 36 of 43 rows (0.84): where lengths cannot tell, a missing English paragraph
    # is taken into its neighbour's row (a 2-1 bead); no paragraph is put against another
    # rule's paragraph, so the marks are coarser there, never wrong.
    assert accuracy(parallel_corpus.irregular()) >= 0.83


@pytest.mark.parametrize(
    ("paragraph", "number"),
    [
        ("Статья 5. Решения принимаются консенсусом.", "5"),
        ("第五条　决定以协商一致方式通过。", "5"),
        ("第十二条　秘书处。", "12"),
        ("第二十一条　保存机构。", "21"),
        ("Article 5. Decisions are taken by consensus.", "5"),
        ("5. Decisions are taken by consensus.", "5"),
        ("§ 5 Decisions", "5"),
        ("3.1. Sub-point", "3.1"),
        ("二、责成秘书处报告。", "2"),
        ("The Board decides.", None),
        ("2025 year of the SCO", None),
    ],
)
def test_the_number_a_paragraph_opens_with_is_read_in_each_language(
    paragraph: str, number: str | None
) -> None:
    assert number_of(paragraph) == number


def test_numbers_outweigh_lengths_when_a_translation_leaves_an_article_out() -> None:
    ru = "Статья 1. Коротко.\n\nСтатья 2. " + "Очень длинный текст статьи. " * 20
    ru += "\n\nСтатья 3. Коротко тоже."
    en = "Article 1. Short.\n\nArticle 3. Short as well."

    rows = align({"ru": paragraphs_of(ru), "en": paragraphs_of(en)})

    assert [dict(r.cells) for r in rows] == [
        {"ru": (0,), "en": (0,)},
        {"ru": (1,), "en": ()},
        {"ru": (2,), "en": (1,)},
    ]


def test_a_text_typed_with_single_line_breaks_is_split_at_each_line() -> None:
    assert [p.text for p in paragraphs_of("Первый.\nВторой.\r\n\nТретий.")] == [
        "Первый. Второй.",
        "Третий.",
    ]
    assert [p.text for p in paragraphs_of("Первый.\nВторой.")] == ["Первый.", "Второй."]


AUTHENTIC = frozenset({"ru", "zh"})
RU = "Статья 1. Первый абзац.\n\nСтатья 2. Второй абзац, подлиннее."
ZH = "第一条　第一段。\n\n第二条　第二段，稍长。"
EN = "Article 1. First paragraph.\n\nArticle 2. Second paragraph, longer."


class Texts:
    """Language versions written one after another, with their marks, as the app keeps them."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.marks: dict[tuple[str, str], dict[str, str]] = {}

    def keys(self, texts: dict[str, str]) -> list[dict[str, str | None]]:
        paragraphs = {lang: paragraphs_of(t) for lang, t in texts.items()}
        return [dict(k) for k in row_keys(align(paragraphs), paragraphs)]

    def write(self, lang: str, text: str) -> None:
        after = {**self.texts, lang: text}
        self.marks |= marks_after_write(
            before=self.keys(self.texts),
            after=self.keys(after),
            marks=self.marks,
            written=lang,
            authentic=AUTHENTIC,
        )
        self.texts = after

    def behind(self) -> list[dict[str, tuple[str, ...]]]:
        return [
            {lang: c.behind for lang, c in currency_of(k, self.marks, AUTHENTIC).items()}
            for k in self.keys(self.texts)
        ]


def three() -> Texts:
    texts = Texts()
    for lang, text in (("ru", RU), ("zh", ZH), ("en", EN)):
        texts.write(lang, text)
    return texts


def test_versions_written_one_after_another_are_all_current() -> None:
    assert three().behind() == [{"ru": (), "zh": (), "en": ()}] * 2


def test_a_russian_change_leaves_the_chinese_and_english_paragraph_out_of_date() -> None:
    texts = three()

    texts.write("ru", RU.replace("Второй абзац", "Второй изменённый абзац"))

    assert texts.behind() == [
        {"ru": (), "zh": (), "en": ()},
        {"ru": (), "zh": ("ru",), "en": ("ru",)},
    ]


def test_a_chinese_revision_catching_up_leaves_the_russian_current() -> None:
    texts = three()
    texts.write("ru", RU.replace("Второй абзац", "Второй изменённый абзац"))

    texts.write("zh", ZH.replace("第二段", "第二段（修订）"))

    # English now follows both changed authentic texts; Russian is not behind Chinese.
    assert texts.behind()[1] == {"ru": (), "zh": (), "en": ("ru", "zh")}


def test_an_english_change_makes_no_authentic_text_out_of_date() -> None:
    texts = three()

    texts.write("en", EN.replace("First paragraph", "The first paragraph"))

    assert texts.behind() == [{"ru": (), "zh": (), "en": ()}] * 2


def test_the_alignment_and_currency_core_imports_no_django() -> None:
    code = (
        "import sys, secretariat.procedure.alignment, secretariat.procedure.currency;"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603  # our own interpreter, a fixed program
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
