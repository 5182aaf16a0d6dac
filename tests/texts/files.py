"""Real files built in the test: a docx (python-docx), an odt (odfpy), a PDF (typst)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from functools import cache
from pathlib import Path

import docx
import noto_cjk_sans_otc
import typst
from docx.oxml import parse_xml

# odfpy ships no type hints (no py.typed), hence the ignores.
from odf.opendocument import OpenDocumentText  # type: ignore[import-untyped]
from odf.table import Table, TableCell, TableColumn, TableRow  # type: ignore[import-untyped]
from odf.text import H, LineBreak, P, S  # type: ignore[import-untyped]

RUSSIAN = "Проект решения Совета министров иностранных дел государств — членов ШОС."
CHINESE = "上海合作组织成员国外交部长理事会决议草案。"
ENGLISH = "Draft decision of the Council of Ministers of Foreign Affairs."
#: A 2 × 2 table: (row, column) → text.
TABLE = (("Статья 1", "第一条"), ("Article 2", "Вступает в силу."))


@cache
def docx_file() -> bytes:
    """Return a docx with a paragraph in each language, a table, and a last paragraph."""
    document = docx.Document()
    document.add_heading("Заголовок", level=1)
    for text in (RUSSIAN, CHINESE, ENGLISH):
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate(TABLE):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_paragraph("После таблицы.")
    return _saved(document)


def docx_with_tracked_changes() -> bytes:
    """Return a docx whose one paragraph has a tracked insertion and a tracked deletion."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    paragraph = document.add_paragraph("Совет ")
    # python-docx has no API for revision marks: the XML is added as Word writes it
    paragraph._p.append(
        parse_xml(
            f'<w:del {w} w:id="1" w:author="KZ"><w:r><w:delText>глав</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins {w} w:id="2" w:author="RU"><w:r><w:t>министров</w:t></w:r></w:ins>')
    )
    return _saved(document)


def _saved(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]  # a python-docx Document
    return buffer.getvalue()


@cache
def odt_file() -> bytes:
    """Return an odt with a heading, a paragraph per language (spaces, a line break), a table."""
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Заголовок"))
    russian = P(text="Проект")
    russian.addElement(S(c=3))
    russian.addText("решения")
    russian.addElement(LineBreak())
    russian.addText("Совета министров")
    document.text.addElement(russian)
    document.text.addElement(P(text=CHINESE))
    document.text.addElement(P(text=ENGLISH))
    table = Table(name="Articles")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for cells in TABLE:
        row = TableRow()
        for text in cells:
            cell = TableCell()
            cell.addElement(P(text=text))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


#: A Russian paragraph long enough to be wrapped, and hyphenated when justified.
RUSSIAN_LONG = (
    "Государства — члены Шанхайской организации сотрудничества, руководствуясь Хартией"
    " Организации, договорились о нижеследующем и приняли настоящее решение."
)
CHINESE_LONG = (
    "上海合作组织成员国根据本组织宪章的规定，经过协商一致，就下列事项达成协议并通过本决议。"
)


@cache
def pdf_file() -> bytes:
    """Return a two-page PDF typeset by typst with the Noto CJK font, no system font."""
    source = f"""
#set page(width: 12cm, height: 12cm, margin: 1.5cm)
#set text(font: "Noto Sans CJK SC", size: 10pt, lang: "ru")
#set par(justify: true)
{RUSSIAN_LONG}

#text(lang: "zh")[{CHINESE_LONG}]

#text(lang: "en")[{ENGLISH}]
#pagebreak()
Страница 2.
"""
    return _typeset(source)


@cache
def scanned_pdf() -> bytes:
    """Return a PDF with a picture and no text, as a scanner makes them."""
    return _typeset(
        "#set page(width: 8cm, height: 8cm)\n#rect(width: 5cm, height: 5cm, fill: gray)"
    )


def _typeset(source: str) -> bytes:
    font_dir = Path(str(noto_cjk_sans_otc.FONT_PATH)).parent
    with tempfile.TemporaryDirectory() as folder:
        main = Path(folder) / "main.typ"
        main.write_text(source, encoding="utf-8")
        pdf = typst.compile(main, font_paths=[font_dir], ignore_system_fonts=True)
    assert isinstance(pdf, bytes)  # no output path: typst returns the bytes
    return pdf


def zip_file(members: dict[str, bytes]) -> bytes:
    """Return a ZIP holding ``members``, compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


#: The start of a PNG image: signature and header chunk.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
#: The start of a Windows program.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)
