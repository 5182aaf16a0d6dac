"""Schemas of what the plans API answers: plans, their items, and planned against done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class RuleCitedOut(Schema):
    id: str
    source: str = Field(description="Where the rule comes from (instrument and article).")
    wording: str = Field(description="The rule in the caller's language.")
    original: str = Field(description="The authentic text it comes from.")


class FulfilmentOut(Schema):
    """Planned against done, as the rules engine found it, in the caller's language."""

    check: str
    outcome: str
    ok: bool
    summary: str
    facts: dict[str, Any] = Field(description="The counts and each item's state it weighed.")
    rules: list[RuleCitedOut]
    warnings: list[str]


class TranslatedOut(Schema):
    """A text in the caller's language, or in another one marked pending."""

    text: str = Field(description="The text shown to the caller.")
    lang: str = Field(description="The language of ``text``.")
    pending: bool = Field(description="``text`` stands in for the caller's language.")
    en: str
    ru: str
    zh: str


class PlanItemOut(Schema):
    id: int
    title: str = Field(description="In the caller's language, or in another one (pending).")
    title_lang: str = Field(description="The language of ``title``.")
    title_pending: bool = Field(description="``title`` stands in for the caller's language.")
    title_en: str
    title_ru: str
    title_zh: str
    body: str = Field(description="The responsible body's code.")
    body_name: str
    planned_on: dt.date = Field(description="The day, or the month's first day (month_only).")
    month_only: bool
    areas: list[str] = Field(description="Codes of the Strategy's areas of cooperation.")
    meetings: list[int] = Field(description="Ids of the meetings it is linked to.")
    decisions: list[str] = Field(description="Numbers of the decisions it is linked to.")
    status: str
    state: str = Field(description="Where it stands today (done, due, overdue, ...).")
    done_on: dt.date | None
    done_at_meeting: int | None
    done_by_decision: str | None
    carried_note: TranslatedOut | None
    carried_to_plan: int | None


class PlanSummaryOut(Schema):
    id: int
    kind: str
    kind_name: str
    rule: str = Field(description="The rule the plan comes from.")
    body: str
    body_name: str
    title: str = Field(description="In the caller's language, or in another one (pending).")
    title_lang: str = Field(description="The language of ``title``.")
    title_pending: bool = Field(description="``title`` stands in for the caller's language.")
    title_en: str
    title_ru: str
    title_zh: str
    start: dt.date
    end: dt.date
    state: str
    state_name: str
    rats_participated_on: dt.date | None
    rats_participation: TranslatedOut | None
    submitted_on: dt.date | None
    approved_on: dt.date | None
    approved_at_meeting: int | None
    approved_by_decision: str | None
    next_meeting: int | None
    returned_on: dt.date | None
    remarks: TranslatedOut | None
    version: int
    fulfilment: FulfilmentOut


class PlanOut(PlanSummaryOut):
    items: list[PlanItemOut]


class PlanProgressOut(Schema):
    id: int
    title: str
    kind: str
    fulfilment: FulfilmentOut


class PlansProgressOut(Schema):
    overall: FulfilmentOut
    plans: list[PlanProgressOut]
