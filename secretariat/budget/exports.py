"""The execution report and the contributions table as CSV and XLSX files.

Amounts are written as numbers to the cent (CSV: plain ``1234.50``; XLSX: numeric cells with
``#,##0.00``, columns as wide as their content), so a spreadsheet adds them up; names that
look like formulas stay text (secretariat.core.spreadsheets); headers are in the reader's
language. The execution report gives each article's amount as approved beside the amount
planned (as last amended), against which spending is weighed.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from secretariat.budget.selectors import ContributionsTable, ExecutionReport
from secretariat.core import spreadsheets
from secretariat.core.spreadsheets import Row

__all__ = ["Row", "as_csv", "as_xlsx", "contributions_rows", "execution_rows"]


def execution_rows(report: ExecutionReport) -> tuple[list[str], list[Row]]:
    header = [
        _("Article"),
        _("Name"),
        # "Approved" as an amount (the article as approved), not as a status or a date.
        pgettext("budget amount", "Approved"),
        _("Planned"),
        _("Committed"),
        _("Spent"),
        _("Remaining"),
        _("Executed (%)"),
        _("Currency"),
        _("Over the article"),
    ]
    currency = report.budget.currency
    rows: list[Row] = [
        [
            r.article.code,
            r.article.name,
            r.approved,
            r.planned,
            r.committed,
            r.spent,
            r.remaining,
            r.percent,
            currency,
            _("yes") if r.over else "",
        ]
        for r in report.rows
    ]
    rows.append(
        [
            _("Total"),
            "",
            report.approved,
            report.planned,
            report.committed,
            report.spent,
            report.planned - report.spent,
            report.percent,
            currency,
            "",
        ]
    )
    return header, rows


def contributions_rows(table: ContributionsTable) -> tuple[list[str], list[Row]]:
    header = [
        _("State"),
        _("Name"),
        _("Share (%)"),
        _("Due"),
        _("Paid"),
        _("Arrears"),
        _("Credit"),
        _("Currency"),
        _("Overdue"),
    ]
    currency = table.budget.currency
    rows: list[Row] = [
        [
            r.contribution.state.code,
            r.contribution.state.name,
            r.share.normalize(),
            r.due,
            r.paid,
            r.arrears,
            r.credit,
            currency,
            _("yes") if r.overdue else "",
        ]
        for r in table.rows
    ]
    rows.append(
        [
            _("Total"),
            "",
            Decimal(100),
            table.due,
            table.paid,
            table.arrears,
            table.credit,
            currency,
            "",
        ]
    )
    return header, rows


def as_csv(header: list[str], rows: list[Row]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Russian and Chinese."""
    return spreadsheets.as_csv(header, rows)


def as_xlsx(title: str, header: list[str], rows: list[Row]) -> bytes:
    return spreadsheets.as_xlsx(title, header, rows)
