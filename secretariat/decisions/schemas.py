"""Schemas of what the decisions API answers: decisions, their tasks, and the dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class TaskReportOut(Schema):
    reported_on: dt.date
    percent: int
    status: str
    text: str
    by: str = Field(description="Who recorded it (user name), or empty.")


class TaskOut(Schema):
    id: int
    title: str
    responsible: str = Field(description="body, member_state or secretariat")
    responsible_code: str
    responsible_name: str
    due_on: dt.date
    status: str
    status_name: str
    state: str = Field(description="done, cancelled, overdue, due_soon or on_track")
    percent: int
    done_on: dt.date | None
    reports: list[TaskReportOut]


class DecisionRecordOut(Schema):
    id: int
    number: str
    title: str
    body: str = Field(description="The deciding body's code.")
    body_name: str
    meeting: int
    agenda_item: int = Field(description="The number of the agenda item.")
    document: int | None = Field(description="The document adopted, if one was.")
    adopted_on: dt.date
    areas: list[str]
    positions: dict[str, str] = Field(description="Each member state's position, by its code.")
    position_rows: list[tuple[str, str]] = Field(
        description="Each member state's name and position, in the caller's language."
    )
    consensus: dict[str, Any] = Field(
        description="The consensus verdict as recorded at the meeting, in en, ru and zh."
    )
    is_public: bool
    version: int
    progress: int | None = Field(description="The mean of its tasks' percentages, if any.")
    tasks: list[TaskOut]


class DashboardGroupOut(Schema):
    key: str
    name: str
    open: int
    overdue: list[TaskOut]
    due_soon: list[TaskOut]


class DecisionsDashboardOut(Schema):
    today: dt.date
    overdue: int
    due_soon: int
    by_body: list[DashboardGroupOut]
    by_responsible: list[DashboardGroupOut]
