"""CSV and XLSX files for every export, written one way.

Text that a spreadsheet program would read as a formula (the OWASP "CSV injection" list:
``=``, ``+``, ``-``, ``@``, tab, carriage return at the start) is never a formula here:

- in CSV it is prefixed with ``'`` (the spreadsheet then shows it as text);
- in XLSX it is stored as a text cell (``data_type`` ``s``), unchanged: an XLSX cell is a
  formula only when written as one, so the reader sees the exact name.

Numbers stay numbers (a negative amount is not text). XLSX columns are as wide as their
content (a CJK character counts double), amounts have ``#,##0.00``, dates ``yyyy-mm-dd``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no stubs
from openpyxl.styles import Font  # type: ignore[import-untyped]  # idem
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # idem

Row = Sequence[object]

#: The first characters that make a spreadsheet program read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
#: Column widths in characters: never narrower than MIN, never wider than MAX.
MIN_WIDTH, MAX_WIDTH = 6, 60


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value: object) -> object:
    """One CSV field: None as empty, formula-looking text prefixed with ``'``."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + str(value)
    return value


def as_csv(header: Sequence[object], rows: Iterable[Row], *, bom: bool = True) -> bytes:
    """UTF-8 (with a byte-order mark unless ``bom`` is off, so spreadsheet programs read
    Russian and Chinese)."""
    return csv_string(header, rows).encode("utf-8-sig" if bom else "utf-8")


def csv_string(header: Sequence[object], rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_text(v) for v in header])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return out.getvalue()


def _shown(value: object) -> str:
    """The text a spreadsheet shows for a value, to size its column."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | int | float):
        return f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return "0000-00-00 00:00"
    if isinstance(value, dt.date):
        return "0000-00-00"
    return "" if value is None else str(value)


def display_width(text: str) -> int:
    """Characters as a spreadsheet lays them out: wide (CJK) characters take two."""
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def _xlsx_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # XLSX has no time zones
    return value


def as_xlsx(title: str, header: Sequence[object], rows: Iterable[Row]) -> bytes:
    """One sheet: a bold, frozen header row, then the rows; no cell is ever a formula."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101  # a new workbook has one sheet
    sheet.title = title[:31]
    widths: dict[int, int] = {}
    for r, row in enumerate([header, *rows], start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=_xlsx_value(value))
            if cell.data_type == "f":
                cell.data_type = "s"  # text that looks like a formula stays text
            if r == 1:
                cell.font = Font(bold=True)
            elif isinstance(value, bool):
                pass
            elif isinstance(value, Decimal | int | float):
                cell.number_format = MONEY_FORMAT
            elif isinstance(value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            widths[c] = max(widths.get(c, 0), display_width(_shown(value)))
    for c, width in widths.items():
        letter = get_column_letter(c)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
