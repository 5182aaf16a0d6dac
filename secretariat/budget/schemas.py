"""Schemas of what the budget API answers: budgets with their execution, experts' contracts.

Amounts are decimal strings with two places ("135000.00"), as the API has always written them.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class AmendmentOut(Schema):
    decided_on: dt.date
    amount_before: str
    amount_after: str
    reason: str
    recorded_at: dt.datetime


class ArticleExecutionOut(Schema):
    code: str
    name: str = Field(description="In the caller's language.")
    approved: str
    planned: str
    committed: str
    spent: str
    remaining: str
    percent: str | None = Field(description="Spent, per cent of planned; none if nothing is.")
    over: bool
    amendments: list[AmendmentOut]


class ContributionOut(Schema):
    state: str = Field(description="The member state's code.")
    share: str = Field(description="Per cent.")
    due: str
    paid: str
    arrears: str
    credit: str
    overdue: bool


class BudgetWarningOut(Schema):
    code: str
    message: str = Field(description="In the caller's language.")
    rules: list[str]


class BudgetOut(Schema):
    id: int
    year: int
    holder: str = Field(description="organisation or secretariat")
    currency: str
    contributions_due_on: dt.date | None
    total: str
    total_approved: str
    spent: str
    committed: str
    percent: str | None
    articles: list[ArticleExecutionOut]
    contributions: list[ContributionOut]
    warnings: list[BudgetWarningOut]


class ExpertRefOut(Schema):
    id: int
    full_name: str


class ContractConsentOut(Schema):
    state: str = Field(description="The member state's code.")
    names_of: str = Field(description="The member state's name.")
    given: bool | None = Field(description="None while the state has not answered.")
    decided_at: dt.datetime | None


class ExpertContractOut(Schema):
    id: int
    expert: ExpertRefOut
    budget: int
    article: str = Field(description="The article's code.")
    subject: str
    starts_on: dt.date
    ends_on: dt.date
    fee: str
    currency: str
    status: str
    status_name: str
    concluded_at: dt.datetime | None
    consents: list[ContractConsentOut]
