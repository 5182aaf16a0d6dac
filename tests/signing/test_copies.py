"""The certified copy as typeset: what it shows, its metadata, and the same bytes every time."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from secretariat.signing.copies import render_certified_copy
from tests.signing.conftest import ADDRESSEE, copy_content


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_copy_states_in_three_languages_that_it_is_a_certified_true_copy(
    unsigned_copy: bytes,
) -> None:
    text = _text(unsigned_copy)

    assert "Копия верна" in text
    assert "经核证无误的副本" in text
    assert "Certified true copy" in text
    assert "депозитарий" in text
    assert "保存机构" in text
    assert "as depositary" in text


def test_the_copy_shows_the_register_number_copy_number_date_and_addressee(
    unsigned_copy: bytes,
) -> None:
    text = _text(unsigned_copy)

    assert "SCO-DEP-2026-0042" in text
    assert "3/9" in text
    one_line = " ".join(text.split())  # a long addressee wraps in its table cell
    for lang in ("en", "ru", "zh"):
        assert ADDRESSEE[lang] in one_line
    assert "20 June 2026" in text
    assert "20 июня 2026" in text
    # typst spaces Latin digits from Chinese characters; pypdf reads the spaces back.
    assert "2026年6月20日" in text.replace(" ", "")


def test_the_copy_reproduces_every_language_version_and_cites_its_rules(
    unsigned_copy: bytes,
) -> None:
    text = _text(unsigned_copy)

    assert "Стороны развивают сотрудничество в области образования." in text
    assert "各方发展教育领域的合作。" in text
    assert "The Parties develop cooperation in education." in text
    assert "Текст на русском языке (аутентичный)" in text
    assert "中文文本（作准文本）" in text
    assert "English text (translation)" in text
    assert "SEC-DEPOSITARY" in text
    assert "SEC-CERTIFIED-7D" in text


def test_the_numbers_are_in_the_pdf_metadata_for_the_verifier(unsigned_copy: bytes) -> None:
    metadata = PdfReader(BytesIO(unsigned_copy)).metadata
    assert metadata is not None
    keywords = str(metadata["/Keywords"])

    assert "sco-register:SCO-DEP-2026-0042" in keywords
    assert "sco-copy:3/9" in keywords
    assert "sco-document:DS-2026-07" in keywords


def test_the_same_content_renders_the_same_bytes(unsigned_copy: bytes) -> None:
    assert render_certified_copy(copy_content()) == unsigned_copy


def test_another_copy_number_renders_other_bytes(unsigned_copy: bytes) -> None:
    assert render_certified_copy(copy_content(copy_number="4/9")) != unsigned_copy


def test_the_statement_names_the_same_kind_of_signature_in_every_language(
    unsigned_copy: bytes,
) -> None:
    text = " ".join(_text(unsigned_copy).split())

    # The same signature, named alike: a PAdES electronic signature made with the
    # Secretariat's certificate; not «усиленной» in Russian alone.
    assert "электронной подписью Секретариата в формате PAdES" in text
    assert "усиленн" not in text
    assert "PAdES格式电子签名" in text.replace(" ", "")
    assert "electronic signature in the PAdES format" in text
    assert text.count("PAdES") == 3


def test_a_number_with_a_comma_is_refused_as_it_would_split_the_keywords() -> None:
    with pytest.raises(ValueError, match="register_number"):
        copy_content(register_number="SCO-DEP, 42")


def test_a_copy_without_any_language_version_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one language version"):
        copy_content(texts=[])
