"""JSON API of the start page, mounted at /api/work: the same lists as the page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import translation
from ninja import Schema

from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.lang import current_lang
from secretariat.core.schemas import Day
from secretariat.work import selectors

router = ActionRouter(tags=["work"])


class WorkItemOut(Schema):
    #: deadline, task, signature, initiative, consent, copies_make, copy_dispatch, copy_receipt
    source: str
    title: str
    action: str
    rule_id: str
    regulation: str
    due: Day | None
    #: Days from today (at the acting seat) to the latest day; negative when overdue.
    days: int | None
    #: overdue, soon or later
    urgency: str
    when: str
    link: str
    who: str
    delegations: list[str]
    body: str
    meeting_id: int | None


class ActivityOut(Schema):
    #: step or message
    kind: str
    at: dt.datetime
    title: str
    text: str
    by: str
    link: str
    unread: bool


class WorkOut(Schema):
    due: list[WorkItemOut]
    waiting: list[WorkItemOut]
    changes: list[ActivityOut]
    since: dt.datetime
    #: Every delegation's steps are shown (the Secretariat, the Secretary-General).
    everyone: bool


@router.read("", action="account.use", response=WorkOut, summary="My work")
def work(
    request: HttpRequest, delegation: str = "", body: str = "", overdue: bool = False
) -> dict[str, object]:
    """What is due from you and your delegation (overdue first, then due soon, then later),
    what you wait for from others, and what changed since your last visit to the start page
    (this call does not count as a visit). The Secretariat may filter by ``delegation`` and
    ``body`` (codes), and ``overdue=true``."""
    user = me(request)
    filters = selectors.Filters(delegation=delegation, body=body, only_overdue=overdue)
    with translation.override(user.language):
        shown = selectors.work_of(user, current_lang(), filters=filters)
        return {
            "due": [vars_of(i) for i in shown.due],
            "waiting": [vars_of(i) for i in shown.waiting],
            "changes": [vars_of(c) for c in shown.changes],
            "since": shown.since,
            "everyone": shown.everyone,
        }


def vars_of(row: object) -> dict[str, object]:
    return {name: getattr(row, name) for name in row.__slots__}  # type: ignore[attr-defined]
