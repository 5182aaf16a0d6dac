"""The text of an uploaded draft (docx, odt, pdf, txt, md), or why the file is refused.

The type is decided from the content (``%PDF-``, a ZIP whose ``mimetype`` or
``[Content_Types].xml`` names an ODF or Word text, UTF-8 text) and must agree with the
file's extension. Whatever goes wrong inside python-docx, odfpy or pypdf is reported as
``upload_corrupt``: a reader's own exception never reaches the caller.

The text is a list of paragraphs separated by blank lines; inside a paragraph, runs of
whitespace are one space and a line break kept by the file is one ``\\n``; it is in
Unicode NFC. A PDF does not mark its paragraphs: they are found from the vertical gaps
and first-line indents pypdf's layout mode reproduces, and lines are joined with a space,
or without one between Chinese characters and after a soft hyphen.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Literal

import docx
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from docx.oxml.ns import qn

# odfpy ships no type hints (no py.typed), hence the three ignores.
from odf.element import Node
from odf.namespaces import DRAWNS, OFFICENS, TEXTNS
from odf.opendocument import load as odf_load
from pypdf import PasswordType, PdfReader

from secretariat.core.errors import SecretariatError

#: The upload limit when ``settings.UPLOAD_MAX_BYTES`` is not set.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: A docx or odt may unpack to this many times the upload limit: beyond it, a ZIP bomb.
UNPACKED_FACTOR = 10

MEDIA_TYPES: dict[str, str] = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/markdown",
}
#: The extensions accepted, in the order the messages list them.
ACCEPTED_EXTENSIONS: tuple[str, ...] = tuple(MEDIA_TYPES)

Kind = Literal["docx", "odt", "pdf", "text"]
#: What each accepted extension must hold.
KIND_OF_EXTENSION: dict[str, Kind] = {
    ".docx": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
    ".txt": "text",
    ".md": "text",
}
#: Format names shown in messages: the same in every language.
FORMAT_NAMES: dict[Kind, str] = {"docx": "DOCX", "odt": "ODT", "pdf": "PDF", "text": "TXT"}

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN_PART = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text of an uploaded file and what identifies the file."""

    #: Paragraphs separated by blank lines, whitespace normalised, Unicode NFC.
    text: str
    media_type: str
    #: Lower case, with its dot: ".docx".
    extension: str
    #: For a PDF only: other formats are paginated by whoever opens them.
    pages: int | None
    sha256: str
    size: int


# --- errors -----------------------------------------------------------------------------------


def _file_size(size: int) -> str:
    return str(filesizeformat(size))


#: A size rendered ("20.0 MB", "20,0 МБ") in the language active when the message is shown.
_lazy_size = lazy(_file_size, str)


def _accepted() -> str:
    return ", ".join(ACCEPTED_EXTENSIONS)


class UploadError(SecretariatError):
    """A file refused on upload; its ``code`` says why and its message names the file."""

    status = 400
    code = "upload_invalid"


class UploadEmptyError(UploadError):
    code = "upload_empty"

    def __init__(self, *, filename: str) -> None:
        super().__init__(
            _("“%(filename)s” is empty: there is nothing in it to keep."), filename=filename
        )


class UploadTooLargeError(UploadError):
    status = 413
    code = "upload_too_large"

    def __init__(self, *, filename: str, size: int, limit: int, unpacked: bool = False) -> None:
        if unpacked:
            super().__init__(
                _("“%(filename)s” unpacks to more than %(limit)s, too much to read safely."),
                filename=filename,
                limit=_lazy_size(limit),
            )
        else:
            super().__init__(
                _("“%(filename)s” is %(size)s; the largest file accepted is %(limit)s."),
                filename=filename,
                size=_lazy_size(size),
                limit=_lazy_size(limit),
            )


class RequestTooLargeError(UploadError):
    """A request body past the limit of where it is sent, refused before it is read."""

    status = 413
    code = "upload_too_large"

    def __init__(self, *, size: int, limit: int) -> None:
        super().__init__(
            _("The file sent is %(size)s; the largest accepted here is %(limit)s."),
            size=_lazy_size(size),
            limit=_lazy_size(limit),
        )


class UploadTypeNotAllowedError(UploadError):
    status = 415
    code = "upload_type_not_allowed"

    def __init__(self, *, filename: str) -> None:
        super().__init__(
            _("Files like “%(filename)s” are not accepted. Accepted types: %(accepted)s."),
            filename=filename,
            accepted=_accepted(),
        )


class UploadTypeMismatchError(UploadError):
    status = 415
    code = "upload_type_mismatch"

    def __init__(self, *, filename: str, extension: str, found: Kind | None) -> None:
        if found is not None:
            super().__init__(
                _(
                    "“%(filename)s” is named as a %(extension)s file, but its content is a"
                    " %(found)s file: rename it or choose the right file."
                ),
                filename=filename,
                extension=extension,
                found=FORMAT_NAMES[found],
            )
        else:
            super().__init__(
                _(
                    "“%(filename)s” is named as a %(extension)s file, but its content is"
                    " neither that nor any accepted type (%(accepted)s)."
                ),
                filename=filename,
                extension=extension,
                accepted=_accepted(),
            )


class UploadCorruptError(UploadError):
    code = "upload_corrupt"

    def __init__(self, *, filename: str, kind: Kind) -> None:
        super().__init__(
            _(
                "“%(filename)s” cannot be read: the %(format)s file is damaged or incomplete."
                " Save or export it again and upload the new copy."
            ),
            filename=filename,
            format=FORMAT_NAMES[kind],
        )


class UploadNoTextError(UploadError):
    code = "upload_no_text"

    def __init__(self, *, filename: str, kind: Kind) -> None:
        if kind == "pdf":
            super().__init__(
                _(
                    "“%(filename)s” has no text layer: it looks like a scan. Upload the original"
                    " document, or a PDF whose text has been recognised (OCR)."
                ),
                filename=filename,
            )
        else:
            super().__init__(_("“%(filename)s” holds no text."), filename=filename)


class UploadTooManyPagesError(UploadError):
    code = "upload_too_many_pages"

    def __init__(self, *, filename: str, pages: int, limit: int) -> None:
        super().__init__(
            _(
                "“%(filename)s” has %(pages)s pages; at most %(limit)s are read. Split it, or"
                " upload the DOCX or ODT original."
            ),
            filename=filename,
            pages=pages,
            limit=limit,
        )


class UploadTooComplexError(UploadError):
    code = "upload_too_complex"

    def __init__(self, *, filename: str, kind: Kind) -> None:
        super().__init__(
            _(
                "The text of “%(filename)s” could not be read within the time and memory"
                " allowed: the %(format)s file is too complex. Save it again in a simpler"
                " form, or upload the DOCX or ODT original."
            ),
            filename=filename,
            format=FORMAT_NAMES[kind],
        )


class UploadEncryptedError(UploadError):
    code = "upload_encrypted"

    def __init__(self, *, filename: str) -> None:
        super().__init__(
            _("“%(filename)s” is protected by a password: upload a copy without the protection."),
            filename=filename,
        )


class UploadTextEncodingError(UploadError):
    code = "upload_text_encoding"

    def __init__(self, *, filename: str) -> None:
        super().__init__(
            _("“%(filename)s” is not UTF-8 text: save it as UTF-8 and upload it again."),
            filename=filename,
        )


# --- the entry point --------------------------------------------------------------------------


def upload_max_bytes() -> int:
    """Return the largest upload accepted, in bytes."""
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def verify_max_bytes() -> int:
    """Return the largest certified copy the public check accepts, in bytes."""
    return int(getattr(settings, "VERIFY_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def extract_text(data: bytes, filename: str, *, max_bytes: int | None = None) -> Extracted:
    """Read the text of an uploaded draft, or refuse the file with an ``UploadError``."""
    name = _display_name(filename)
    limit = upload_max_bytes() if max_bytes is None else max_bytes
    if not data:
        raise UploadEmptyError(filename=name)
    if len(data) > limit:
        raise UploadTooLargeError(filename=name, size=len(data), limit=limit)
    extension = PurePosixPath(name).suffix.lower()
    expected = KIND_OF_EXTENSION.get(extension)
    if expected is None:
        raise UploadTypeNotAllowedError(filename=name)
    found = _sniff(data)
    if found == "zip_broken" and expected in ("docx", "odt"):
        raise UploadCorruptError(filename=name, kind=expected)
    if found == "text_not_utf8" and expected == "text":
        raise UploadTextEncodingError(filename=name)
    if found != expected:
        known = found if found in FORMAT_NAMES else None
        raise UploadTypeMismatchError(filename=name, extension=extension, found=known)
    if expected in ("docx", "odt"):
        _check_unpacked_size(data, name, limit)
    if expected != "text" and getattr(settings, "TEXT_EXTRACT_ISOLATED", True):
        paragraphs, pages = _read_isolated(expected, data, name)
    else:
        try:
            paragraphs, pages = read_paragraphs(expected, data, name, max_pages=_max_pages())
        except UploadError:
            raise
        except Exception as exc:
            # The readers fail in their own ways (KeyError, XML syntax, PdfReadError, zlib,
            # RecursionError...); to the user each is a damaged file.
            raise UploadCorruptError(filename=name, kind=expected) from exc
    text = "\n\n".join(p for p in map(_normalise_paragraph, paragraphs) if p)
    if not text:
        raise UploadNoTextError(filename=name, kind=expected)
    return Extracted(
        text=text,
        media_type=MEDIA_TYPES[extension],
        extension=extension,
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def read_paragraphs(kind: Kind, data: bytes, name: str, *, max_pages: int) -> Paragraphs:
    """The file's paragraphs (not yet normalised) and pages, read in this process."""
    if kind == "pdf":
        return _read_pdf(data, name, max_pages=max_pages)
    return _READERS[kind](data, name)


def _max_pages() -> int:
    from secretariat.texts.isolated import limit

    return limit("PDF_MAX_PAGES")


def _read_isolated(kind: Kind, data: bytes, name: str) -> Paragraphs:
    """Read in a child process with CPU, memory and time limits (``texts.isolated``)."""
    from secretariat.texts.isolated import limit, read_in_child

    outcome = read_in_child(kind, data, name)
    if outcome.error == "encrypted":
        raise UploadEncryptedError(filename=name)
    if outcome.error == "pages":
        found = int(outcome.answer["found"])
        raise UploadTooManyPagesError(filename=name, pages=found, limit=limit("PDF_MAX_PAGES"))
    if outcome.error == "corrupt":
        raise UploadCorruptError(filename=name, kind=kind)
    if outcome.error is not None:
        raise UploadTooComplexError(filename=name, kind=kind)
    pages = outcome.answer.get("pages")
    return [str(p) for p in outcome.answer["paragraphs"]], None if pages is None else int(pages)


def _display_name(filename: str) -> str:
    """The file's own name, without the folders some browsers send with it."""
    name = re.split(r"[/\\]", filename.strip())[-1]
    return name if len(name) <= 120 else f"{name[:60]}…{name[-59:]}"


# --- what the content is ----------------------------------------------------------------------


def _sniff(data: bytes) -> str:
    """Name what the bytes hold: a ``Kind``, ``zip_broken``, ``text_not_utf8`` or ``other``."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "text_not_utf8" if _looks_like_legacy_text(data) else "other"
    return "other" if "\x00" in text else "text"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if _small_member(archive, "mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if DOCX_MAIN_PART in _small_member(archive, "[Content_Types].xml"):
                return "docx"
    except Exception:
        # zipfile raises BadZipFile, but also EOFError, zlib.error, RuntimeError (an
        # encrypted member), NotImplementedError (a compression method): all say "broken".
        return "zip_broken"
    return "other"


def _small_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A short member's bytes; nothing if it is absent or too large to be a type marker."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= 1 << 20 else b""


#: Control bytes a text file never holds (tab, line feed, form feed and return are allowed).
_BINARY_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def _looks_like_legacy_text(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 are still text, in an 8-bit code page (cp1251, ...)."""
    return not any(byte in _BINARY_BYTES for byte in data[:65536])


def _check_unpacked_size(data: bytes, name: str, limit: int) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limit * UNPACKED_FACTOR:
        raise UploadTooLargeError(
            filename=name, size=unpacked, limit=limit * UNPACKED_FACTOR, unpacked=True
        )


# --- normalising the text ---------------------------------------------------------------------

#: Characters dropped from the text: soft hyphen, zero-width space, word joiner, BOM, and
#: control characters (line breaks are split on before, tabs are whitespace). Zero-width
#: (non-)joiners stay: Persian spelling needs them.
_INVISIBLE = dict.fromkeys(
    [0xAD, 0x200B, 0x2060, 0xFEFF, 0x7F, *(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D})]
)


def _normalise_paragraph(text: str) -> str:
    """Return the paragraph in NFC, one space for each run of whitespace, no empty line."""
    text = unicodedata.normalize("NFC", text)
    lines = (" ".join(line.translate(_INVISIBLE).split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# --- the readers: paragraphs (not yet normalised) and the number of pages ---------------------

Paragraphs = tuple[list[str], int | None]


def _read_text(data: bytes, name: str) -> Paragraphs:
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return re.split(r"\n\s*\n", text), None


# Word: paragraphs are read from the XML, not with ``Paragraph.text``, which leaves out
# tracked insertions (``w:ins``) and content controls (``w:sdt``).
_W_P = qn("w:p")
_W_R = qn("w:r")
#: Elements whose paragraphs are read, in order: tables, rows, cells, content controls.
_W_CONTAINERS = frozenset(
    qn(tag) for tag in ("w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:customXml")
)
#: A run inside one of these is not the paragraph's text: deleted, moved away, or in a
#: text box (which holds paragraphs of its own).
_W_NOT_TEXT = frozenset(qn(tag) for tag in ("w:del", "w:moveFrom", "w:p", "w:txbxContent"))


def _read_docx(data: bytes, name: str) -> Paragraphs:
    document = docx.Document(io.BytesIO(data))
    return list(_docx_blocks(document.element.body)), None


def _docx_blocks(container: Any) -> Iterator[str]:
    for child in container.iterchildren():
        if child.tag == _W_P:
            yield _docx_paragraph(child)
        elif child.tag in _W_CONTAINERS:
            yield from _docx_blocks(child)


def _docx_paragraph(paragraph: Any) -> str:
    return "".join(str(run.text) for run in paragraph.iter(_W_R) if _docx_owns(paragraph, run))


def _docx_owns(paragraph: Any, run: Any) -> bool:
    node = run.getparent()
    while node is not None and node is not paragraph:
        if node.tag in _W_NOT_TEXT:
            return False
        node = node.getparent()
    return node is paragraph


# OpenDocument: text:p and text:h in order; tracked deletions, comments, footnotes and
# frames are not the paragraph's text (Word's footnotes and text boxes are not read either).
_ODF_PARAGRAPHS = frozenset({(TEXTNS, "p"), (TEXTNS, "h")})
_ODF_SKIPPED = frozenset(
    {
        (TEXTNS, "tracked-changes"),
        (TEXTNS, "note"),
        (OFFICENS, "annotation"),
        (DRAWNS, "frame"),
    }
)


def _read_odt(data: bytes, name: str) -> Paragraphs:
    document = odf_load(io.BytesIO(data))
    return list(_odt_blocks(document.text)), None


def _odt_blocks(node: Any) -> Iterator[str]:
    for child in node.childNodes:
        if child.nodeType != Node.ELEMENT_NODE or child.qname in _ODF_SKIPPED:
            continue
        if child.qname in _ODF_PARAGRAPHS:
            yield "".join(_odt_inline(child))
        else:
            yield from _odt_blocks(child)


def _odt_inline(node: Any) -> Iterator[str]:
    for child in node.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            yield str(child.data)
        elif child.nodeType != Node.ELEMENT_NODE or child.qname in _ODF_SKIPPED:
            continue
        elif child.qname == (TEXTNS, "s"):
            yield " " * int(child.getAttrNS(TEXTNS, "c") or 1)
        elif child.qname == (TEXTNS, "tab"):
            yield "\t"
        elif child.qname == (TEXTNS, "line-break"):
            yield "\n"
        else:
            yield from _odt_inline(child)


# PDF: its lines as pypdf's layout mode sets them out, grouped into paragraphs.
#: pypdf's layout mode stands for a vertical gap with blank lines, one per this fraction of
#: the line's font height: small, so the gaps can be told apart.
PDF_GAP_UNIT = 0.1
#: Single line spacing, in those blank lines, for a page with too few lines to tell.
PDF_SINGLE_SPACING = 12
#: Line spacing beyond this (one and a half lines) is taken for gaps between one-line
#: paragraphs, not the spacing of the page's lines.
PDF_WIDEST_SPACING = 16


def _read_pdf(data: bytes, name: str, *, max_pages: int = 500) -> Paragraphs:
    # pypdf reads a truncated file as far as it goes; a PDF ends with %%EOF, so a cut one
    # is refused rather than shown as a shorter text.
    if b"%%EOF" not in data[-1024:]:
        raise ValueError("no %%EOF marker at the end of the file")
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not _pdf_unlocked(reader):
        raise UploadEncryptedError(filename=name)
    if len(reader.pages) > max_pages:
        raise UploadTooManyPagesError(filename=name, pages=len(reader.pages), limit=max_pages)
    paragraphs: list[str] = []
    for page in reader.pages:
        try:
            layout = page.extract_text(
                extraction_mode="layout", layout_mode_font_height_weight=PDF_GAP_UNIT
            )
        except Exception:
            # Layout mode is pypdf's newer extractor: fall back to the plain one, which
            # keeps no vertical gaps (one paragraph per page) but reads more.
            layout = page.extract_text()
        paragraphs.extend(_pdf_paragraphs(_pdf_lines(layout)))
    return paragraphs, len(reader.pages)


def _pdf_unlocked(reader: PdfReader) -> bool:
    """Whether the PDF opens without a password (encrypted only against editing)."""
    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:
        return False


@dataclass(frozen=True, slots=True)
class _PdfLine:
    text: str
    #: The vertical gap above the line, in blank lines of layout mode.
    gap: int
    indent: int


def _pdf_lines(layout: str) -> list[_PdfLine]:
    lines: list[_PdfLine] = []
    blanks = 0
    for line in layout.split("\n"):
        if not line.strip():
            blanks += 1
            continue
        indent = len(line) - len(line.lstrip())
        lines.append(_PdfLine(text=line.strip(), gap=blanks, indent=indent))
        blanks = 0
    return lines


def _pdf_paragraphs(lines: list[_PdfLine]) -> Iterator[str]:
    """Group a page's lines into paragraphs by the gaps between them and their indents.

    A gap clearly wider than the page's line spacing ends a paragraph; so does a line
    indented further than the one before it when the line after it comes back (a first-line
    indent).
    """
    gaps = sorted(line.gap for line in lines[1:])
    spacing = min(gaps[len(gaps) // 4], PDF_WIDEST_SPACING) if len(gaps) >= 3 else None
    spacing = spacing or PDF_SINGLE_SPACING
    current: list[str] = []
    for number, line in enumerate(lines):
        before = lines[number - 1] if number else None
        after = lines[number + 1] if number + 1 < len(lines) else None
        wide_gap = line.gap > max(spacing * 1.3, spacing + 3)
        first_line_indent = (
            before is not None
            and line.indent >= before.indent + 2
            and (after is None or after.gap > spacing * 1.3 or after.indent < line.indent)
        )
        if current and (wide_gap or first_line_indent):
            yield from _pdf_joined(current)
            current = []
        current.append(line.text)
    yield from _pdf_joined(current)


#: Chinese and Japanese characters and punctuation: lines wrapped between two of them are
#: joined without a space.
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")


def _pdf_joined(lines: Iterable[str]) -> Iterator[str]:
    joined = ""
    for line in lines:
        if not joined:
            joined = line
        elif joined.endswith("\xad"):
            joined = joined[:-1] + line
        elif joined.endswith("-") and joined[-2:-1].isalpha():
            # a compound word or a hyphenated one: the PDF does not say which
            joined += line
        elif _CJK.match(joined[-1]) and _CJK.match(line[0]):
            joined += line
        else:
            joined += " " + line
    if joined:
        yield joined


_READERS: dict[Kind, Callable[[bytes, str], Paragraphs]] = {
    "docx": _read_docx,
    "odt": _read_odt,
    "pdf": _read_pdf,
    "text": _read_text,
}
