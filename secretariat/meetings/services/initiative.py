"""The initiators of an extraordinary meeting: each named delegation joins the initiative
itself, with the day it sent its appeal or letter, or withdraws from it with its reason, until
the appeal or letters are registered (BCB-EXTRA-NOTICE-30D, CMFA-EXTRA-NOTICE-1M: the
initiators send jointly; no one joins in another's name)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.core.errors import refuse
from secretariat.meetings import notices
from secretariat.meetings.models import Initiative, Meeting
from secretariat.meetings.services.common import (
    REASON_MAX,
    bump,
    check_open,
    lock_meeting,
    refuse_dated,
    workflow_of,
)
from secretariat.procedure.rules import Rulebook, rulebook
from secretariat.procedure.text import Message
from secretariat.procedure.timing import check_not_future, day_at
from secretariat.procedure.verdicts import InputError


def sending_day(delegation: Delegation, sent_on: dt.date | None) -> dt.date:
    """The day a delegation sent its appeal or letter: given, or today at its seat; never a
    day that has not yet come there."""
    state = delegation.state.code if delegation.state else None
    today = day_at(state, timezone.now())
    if sent_on is None:
        return today
    try:
        check_not_future(state, sent_on, timezone.now(), what=Message("event.sent"))
    except InputError as exc:
        refuse_dated(exc)
    return sent_on


@transaction.atomic
def initiative_join(
    *,
    meeting: Meeting,
    by: User,
    sent_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Initiative:
    """``by``'s delegation, named as an initiator, joins the initiative itself and says the day
    it sent its appeal or letter (today at its seat by default)."""
    book = rulebook()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    _check_still_initiative(book, locked)
    delegation = by.delegation
    row = (
        locked.initiatives.filter(delegation=delegation).first() if delegation is not None else None
    )
    if row is None or delegation is None:
        raise refuse("not_named_initiator", "meetings.not_named_initiator")
    if row.joined_at is not None and row.withdrawn_at is None:
        raise refuse("already_joined", "meetings.already_joined", status=409)
    row.joined_at = timezone.now()
    row.joined_by = by
    row.sent_on = sending_day(delegation, sent_on)
    row.withdrawn_at = None
    row.reason = ""
    row.save()
    bump(locked, meeting)
    notices.initiator_joined(locked, row)
    return row


@transaction.atomic
def initiative_withdraw(
    *,
    meeting: Meeting,
    by: User,
    reason: str,
    expected_version: int | None = None,
) -> Initiative:
    """``by``'s delegation withdraws from the initiative, with its reason, before the appeal
    is registered; the others are told. Its consent is asked again where consents count."""
    book = rulebook()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    _check_still_initiative(book, locked)
    delegation = by.delegation
    row = (
        locked.initiatives.filter(delegation=delegation, joined_at__isnull=False).first()
        if delegation is not None
        else None
    )
    if row is None or row.withdrawn_at is not None:
        raise refuse("not_joined_initiator", "meetings.not_joined_initiator")
    reason = (reason or "").strip()
    if not reason:
        raise refuse("reason_required", "meetings.withdraw_reason_required")
    if len(reason) > REASON_MAX:
        raise refuse("reason_too_long", "meetings.reason_too_long", limit=REASON_MAX)
    row.withdrawn_at = timezone.now()
    row.reason = reason
    row.save()
    bump(locked, meeting)
    notices.initiator_withdrew(locked, row)
    return row


def _check_still_initiative(book: Rulebook, meeting: Meeting) -> None:
    """Initiators join or withdraw only until the appeal or letters are registered."""
    workflow = workflow_of(book, meeting.kind)
    if meeting.state != workflow.initial:
        raise refuse(
            "initiative_closed",
            "meetings.initiative_closed",
            state=workflow.states[meeting.state],
            status=409,
        )
