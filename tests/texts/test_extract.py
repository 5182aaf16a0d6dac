"""The text of uploaded drafts, read from real files, and the refusals of files it cannot read."""

from __future__ import annotations

import contextlib
import hashlib
import io
import unicodedata
import zipfile
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from secretariat.core.errors import SecretariatError
from secretariat.texts.extract import (
    DEFAULT_MAX_BYTES,
    UploadCorruptError,
    UploadEmptyError,
    UploadEncryptedError,
    UploadError,
    UploadNoTextError,
    UploadTextEncodingError,
    UploadTooLargeError,
    UploadTypeMismatchError,
    UploadTypeNotAllowedError,
    extract_text,
    upload_max_bytes,
)

from . import files
from .files import CHINESE, CHINESE_LONG, ENGLISH, RUSSIAN, RUSSIAN_LONG, TABLE

TABLE_CELLS = [text for row in TABLE for text in row]


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# --- reading --------------------------------------------------------------------------------


def test_a_docx_gives_its_paragraphs_and_then_its_table_cells_in_order() -> None:
    extracted = extract_text(files.docx_file(), "draft.docx")
    assert paragraphs(extracted.text) == [
        "Заголовок",
        RUSSIAN,
        CHINESE,
        ENGLISH,
        *TABLE_CELLS,
        "После таблицы.",
    ]
    assert extracted.media_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert extracted.extension == ".docx"
    assert extracted.pages is None


def test_a_docx_is_read_with_its_tracked_insertions_and_without_its_tracked_deletions() -> None:
    extracted = extract_text(files.docx_with_tracked_changes(), "tracked.docx")
    assert extracted.text == "Совет министров"


def test_an_odt_gives_its_headings_paragraphs_and_table_cells_in_order() -> None:
    extracted = extract_text(files.odt_file(), "draft.odt")
    assert paragraphs(extracted.text) == [
        "Заголовок",
        # three spaces (text:s) are one; the line break (text:line-break) is kept
        "Проект решения\nСовета министров",
        CHINESE,
        ENGLISH,
        *TABLE_CELLS,
    ]
    assert extracted.media_type == "application/vnd.oasis.opendocument.text"


def test_a_pdf_typeset_in_three_languages_gives_each_paragraph_whole() -> None:
    extracted = extract_text(files.pdf_file(), "draft.pdf")
    # Lines wrapped by typst are joined: with a space in Russian and English, without one
    # in Chinese, and a word hyphenated at the end of a line is whole again.
    assert paragraphs(extracted.text) == [RUSSIAN_LONG, CHINESE_LONG, ENGLISH, "Страница 2."]
    assert extracted.pages == 2
    assert extracted.media_type == "application/pdf"


def test_a_text_file_is_read_without_its_byte_order_mark_in_nfc_with_whitespace_normalised() -> (
    None
):
    decomposed = unicodedata.normalize("NFD", "Пункт й")
    data = f"\ufeff{decomposed}\r\n  first\tline \r\n\r\n\r\n  Второй   абзац  \r\n".encode()
    extracted = extract_text(data, "notes.txt")
    assert extracted.text == "Пункт й\nfirst line\n\nВторой абзац"
    assert extracted.text.startswith(unicodedata.normalize("NFC", "Пункт й"))
    assert extracted.media_type == "text/plain"


def test_a_markdown_file_is_kept_as_its_text() -> None:
    extracted = extract_text("# Проект\n\n- пункт 1\n- пункт 2\n".encode(), "Draft.MD")
    assert extracted.text == "# Проект\n\n- пункт 1\n- пункт 2"
    assert extracted.media_type == "text/markdown"
    assert extracted.extension == ".md"


def test_the_file_is_identified_by_its_size_and_sha256() -> None:
    data = files.docx_file()
    extracted = extract_text(data, "draft.docx")
    assert extracted.size == len(data)
    assert extracted.sha256 == hashlib.sha256(data).hexdigest()


# --- refusals -------------------------------------------------------------------------------


def refusal(data: bytes, filename: str, **options: Any) -> UploadError:
    with pytest.raises(UploadError) as caught:
        extract_text(data, filename, **options)
    return caught.value


def test_an_empty_file_is_refused_as_empty() -> None:
    error = refusal(b"", "draft.docx")
    assert isinstance(error, UploadEmptyError)
    assert (error.code, error.status) == ("upload_empty", 400)
    assert "draft.docx" in error.render()


def test_a_file_over_the_limit_is_refused_with_status_413_before_it_is_read() -> None:
    error = refusal(b"not even a PDF" * 10, "draft.pdf", max_bytes=100)
    assert isinstance(error, UploadTooLargeError)
    assert (error.code, error.status) == ("upload_too_large", 413)
    assert (
        error.render() == "“draft.pdf” is 140\xa0bytes; the largest file accepted is 100\xa0bytes."
    )


def test_the_limit_comes_from_the_upload_max_bytes_setting(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    assert upload_max_bytes() == 1000
    assert refusal(b"x" * 1001, "notes.txt").code == "upload_too_large"


def test_without_the_setting_the_limit_is_twenty_megabytes(settings: Any) -> None:
    if hasattr(settings, "UPLOAD_MAX_BYTES"):
        del settings.UPLOAD_MAX_BYTES
    assert upload_max_bytes() == DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_a_docx_that_unpacks_to_ten_times_the_limit_is_refused_as_too_large() -> None:
    types = zipfile.ZipFile(io.BytesIO(files.docx_file())).read("[Content_Types].xml")
    bomb = files.zip_file({"[Content_Types].xml": types, "word/document.xml": bytes(2_000_000)})
    error = refusal(bomb, "draft.docx", max_bytes=100_000)
    assert isinstance(error, UploadTooLargeError)
    assert "unpacks to more than" in error.render()


def test_a_program_is_refused_as_a_type_not_allowed_listing_the_accepted_types() -> None:
    error = refusal(files.EXE, "setup.exe")
    assert isinstance(error, UploadTypeNotAllowedError)
    assert (error.code, error.status) == ("upload_type_not_allowed", 415)
    assert error.render() == (
        "Files like “setup.exe” are not accepted. Accepted types: .docx, .odt, .pdf, .txt, .md."
    )


def test_a_file_without_an_extension_is_refused_as_a_type_not_allowed() -> None:
    assert refusal(files.pdf_file(), "draft").code == "upload_type_not_allowed"


def test_a_png_named_docx_is_refused_as_a_mismatch_of_name_and_content() -> None:
    error = refusal(files.PNG, "draft.docx")
    assert isinstance(error, UploadTypeMismatchError)
    assert (error.code, error.status) == ("upload_type_mismatch", 415)
    assert error.render() == (
        "“draft.docx” is named as a .docx file, but its content is neither that nor any"
        " accepted type (.docx, .odt, .pdf, .txt, .md)."
    )


def test_a_pdf_named_docx_is_refused_naming_what_it_really_is() -> None:
    error = refusal(files.pdf_file(), "draft.docx")
    assert error.code == "upload_type_mismatch"
    assert error.render() == (
        "“draft.docx” is named as a .docx file, but its content is a PDF file:"
        " rename it or choose the right file."
    )


def test_an_odt_named_docx_and_a_docx_named_txt_are_mismatches() -> None:
    assert refusal(files.odt_file(), "draft.docx").code == "upload_type_mismatch"
    assert refusal(files.docx_file(), "draft.txt").code == "upload_type_mismatch"


def test_a_truncated_docx_is_refused_as_corrupt() -> None:
    data = files.docx_file()
    error = refusal(data[: len(data) // 2], "draft.docx")
    assert isinstance(error, UploadCorruptError)
    assert (error.code, error.status) == ("upload_corrupt", 400)
    assert "the DOCX file is damaged or incomplete" in error.render()


def test_a_pdf_with_its_end_cut_off_is_refused_as_corrupt() -> None:
    data = files.pdf_file()
    error = refusal(data[: len(data) - 200], "draft.pdf")
    assert error.code == "upload_corrupt"
    assert "the PDF file is damaged or incomplete" in error.render()


def test_a_pdf_without_a_text_layer_is_refused_saying_it_looks_like_a_scan() -> None:
    error = refusal(files.scanned_pdf(), "scan.pdf")
    assert isinstance(error, UploadNoTextError)
    assert (error.code, error.status) == ("upload_no_text", 400)
    assert "no text layer: it looks like a scan" in error.render()


def test_a_text_file_of_nothing_but_whitespace_holds_no_text() -> None:
    error = refusal(b" \r\n\t\r\n", "notes.txt")
    assert error.code == "upload_no_text"
    assert error.render() == "“notes.txt” holds no text."


def test_a_text_file_in_windows_1251_is_refused_asking_for_utf8() -> None:
    error = refusal("Проект решения".encode("cp1251"), "notes.txt")
    assert isinstance(error, UploadTextEncodingError)
    assert error.code == "upload_text_encoding"


def test_a_pdf_protected_by_a_password_is_refused_as_encrypted() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.pdf_file())))
    writer.encrypt(user_password="secret", algorithm="AES-256")  # noqa: S106  # made up for the test
    buffer = io.BytesIO()
    writer.write(buffer)
    error = refusal(buffer.getvalue(), "secret.pdf")
    assert isinstance(error, UploadEncryptedError)
    assert error.code == "upload_encrypted"


def test_a_pdf_locked_only_against_editing_is_read() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.pdf_file())))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")  # noqa: S106  # made up
    buffer = io.BytesIO()
    writer.write(buffer)
    assert ENGLISH in extract_text(buffer.getvalue(), "locked.pdf").text


def test_the_name_is_shown_without_the_folders_a_browser_sends() -> None:
    error = refusal(b"", "C:\\Users\\kz\\Проект.docx")
    assert error.params["filename"] == "Проект.docx"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Файл «draft.pdf» пуст: в нём нечего сохранить."),
        ("zh-hans", "“draft.pdf”是空文件，没有可保存的内容。"),
    ],
)
def test_a_refusal_is_shown_in_the_users_language(language: str, expected: str) -> None:
    error = refusal(b"", "draft.pdf")
    with translation.override(language):
        assert error.render() == expected


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_the_sizes_in_a_refusal_are_written_in_the_users_language(language: str) -> None:
    error = refusal(b"x" * 2048, "notes.txt", max_bytes=1024)
    with translation.override(language):
        message = error.render()
    assert "notes.txt" in message
    assert "largest file" not in message
    assert ("2,0\xa0КБ" if language == "ru" else "2.0\xa0KB") in message


# --- no reader's exception escapes ------------------------------------------------------------


def rezipped(data: bytes, member: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return files.zip_file({**members, member: content})


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        pytest.param(
            rezipped(files.docx_file(), "word/document.xml", b"<w:document"),
            "draft.docx",
            id="docx with broken XML",
        ),
        pytest.param(
            rezipped(files.odt_file(), "content.xml", b"<office:document-content"),
            "draft.odt",
            id="odt with broken XML",
        ),
        pytest.param(
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
            "draft.pdf",
            id="pdf with no pages tree",
        ),
    ],
)
def test_a_file_its_reader_fails_on_is_refused_as_corrupt_not_with_the_readers_error(
    data: bytes, filename: str
) -> None:
    error = refusal(data, filename)
    assert error.code == "upload_corrupt"
    assert not isinstance(error.__cause__, SecretariatError)


REAL_FILES = {
    "draft.docx": files.docx_file,
    "draft.odt": files.odt_file,
    "draft.pdf": files.pdf_file,
}


@settings(deadline=None, max_examples=60, database=None)
@given(
    filename=st.sampled_from(sorted(REAL_FILES)),
    damage=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
    cut=st.floats(0.05, 1),
)
def test_a_damaged_file_is_read_or_refused_but_never_raises_a_readers_error(
    filename: str, damage: list[tuple[float, int]], cut: float
) -> None:
    data = bytearray(REAL_FILES[filename]())
    for where, byte in damage:
        data[int(where * len(data))] = byte
    with contextlib.suppress(UploadError):
        extract_text(bytes(data[: max(1, int(cut * len(data)))]), filename)
