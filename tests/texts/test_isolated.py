"""Text extraction runs in a child process with CPU, memory and time limits, and a page cap.

Before: a PDF of a few kilobytes (one content stream of thousands of text operators, drawn
on every page) held a CPU in pypdf's layout mode for many seconds, in the server's own
thread, for any drafter who uploaded it.
"""

from __future__ import annotations

import io
import resource
import time
import zlib
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

from secretariat.texts.extract import (
    UploadCorruptError,
    UploadTooComplexError,
    UploadTooManyPagesError,
    extract_text,
)
from tests.texts import files


def hostile_pdf(pages: int, operators: int = 3000) -> bytes:
    """One compressed content stream of ``operators`` placed words, shared by every page."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    ops = ["BT /F1 1 Tf"]
    ops += [f"1 0 0 1 {i % 600} {(i * 7) % 780} Tm (x) Tj" for i in range(operators)]
    ops.append("ET")
    stream = StreamObject()
    stream._data = zlib.compress("\n".join(ops).encode(), 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/Length")] = NumberObject(len(stream._data))
    content = writer._add_object(stream)
    resources = writer._add_object(
        DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    )
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = resources
        page[NameObject("/Contents")] = content
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_hostile_pdf_is_stopped_at_the_cpu_limit_and_refused_plainly(settings: Any) -> None:
    settings.TEXT_EXTRACT_CPU_SECONDS = 2
    data = hostile_pdf(pages=80)  # about 25 KB; 10 to 20 s of CPU when read whole
    assert len(data) < 40_000
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)

    with pytest.raises(UploadTooComplexError) as refused:
        extract_text(data, "hostile.pdf")

    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    assert used < 3.5, f"the child used {used:.1f} s of CPU"  # the 2 s limit, and start-up
    assert refused.value.code == "upload_too_complex"
    with translation.override("ru"):
        assert "hostile.pdf" in refused.value.render()
        assert "слишком сложен" in refused.value.render()


def test_the_wall_time_limit_ends_a_child_that_waits(settings: Any) -> None:
    settings.TEXT_EXTRACT_CPU_SECONDS = 60
    settings.TEXT_EXTRACT_WALL_SECONDS = 1
    started = time.monotonic()

    with pytest.raises(UploadTooComplexError):
        extract_text(hostile_pdf(pages=80), "slow.pdf")

    assert time.monotonic() - started < 5


def test_the_memory_limit_stops_a_reader_that_grows(settings: Any) -> None:
    settings.TEXT_EXTRACT_MEMORY_BYTES = 64 * 1024 * 1024  # less than the readers need

    with pytest.raises(UploadTooComplexError):
        extract_text(files.pdf_file(), "small.pdf")


def test_a_pdf_past_the_page_cap_is_refused_with_its_count(settings: Any) -> None:
    settings.PDF_MAX_PAGES = 5

    with pytest.raises(UploadTooManyPagesError) as refused:
        extract_text(hostile_pdf(pages=6, operators=1), "long.pdf")

    with translation.override("zh-hans"):
        assert refused.value.render().startswith("“long.pdf”共有 6 页；最多读取 5 页。")


def test_an_ordinary_pdf_is_read_in_the_child_as_before() -> None:
    extracted = extract_text(files.pdf_file(), "d.pdf")

    assert extracted.text.endswith("Страница 2.")
    assert extracted.pages == 2


def test_a_damaged_pdf_is_still_called_damaged() -> None:
    with pytest.raises(UploadCorruptError):
        extract_text(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF\n", "broken.pdf")
