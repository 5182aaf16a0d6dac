"""The minutes once the meeting is concluded: signatures for the national parts, their
distribution to every member (the last one takes distribute_minutes), the PDF once closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.meetings.facts import minutes_recipients, part_state
from secretariat.meetings.minutes_pdf import minutes_pdf, minutes_ready, minutes_sha256
from secretariat.meetings.models import (
    DistributionMethod,
    Meeting,
    MeetingTransition,
    MinutesDistribution,
    MinutesSignature,
)
from secretariat.meetings.services.common import (
    DISTRIBUTE,
    bump,
    check_open,
    check_secretariat,
    lock_meeting,
    refuse_verdict,
    workflow_of,
)
from secretariat.meetings.services.lifecycle import take
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Message
from secretariat.registry.reference import reference


@transaction.atomic
def minutes_sign(
    *,
    meeting: Meeting,
    delegation: Delegation,
    user: User,
    expected_version: int | None = None,
) -> MinutesSignature:
    """Sign the minutes for a national part: its head, or an authorised member if absent."""
    book = rulebook()
    ref = reference()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    workflow = workflow_of(book, locked.kind)
    step = next((t for t in workflow.available(locked.state) if t.event == "sign_minutes"), None)
    if step is None:
        raise refuse(
            "minutes_not_ready", "meetings.minutes_not_ready", state=workflow.states[locked.state]
        )
    rules = step.rules
    attendance = locked.attendance.filter(delegation=delegation).first()
    head_absent = attendance is not None and not attendance.chair_present
    own_part = (
        user.is_active
        and user.delegation_id == delegation.pk
        and part_state(delegation, ref) is not None
    )
    as_head = own_part and user.can("minutes.sign_for_part")
    as_authorised = (
        own_part and not as_head and user.can("minutes.sign_if_head_absent") and head_absent
    )
    if not (as_head or as_authorised):
        refuse_verdict(
            "not_entitled_to_sign",
            Message(
                "meetings.not_entitled_to_sign",
                {"user": user.get_full_name() or user.username, "delegation": names_of(delegation)},
            ),
            rules,
            role=user.role,
            head_absent=head_absent,
        )
    if locked.signatures.filter(delegation=delegation).exists():
        raise refuse(
            "already_signed", "meetings.already_signed", delegation=names_of(delegation), status=409
        )
    signature = MinutesSignature.objects.create(
        meeting=locked,
        delegation=delegation,
        signed_by=user,
        signed_at=timezone.now(),
        as_authorised_member=as_authorised,
    )
    bump(locked, meeting)
    return signature


@dataclass(frozen=True, slots=True)
class Distributed:
    """What one call of minutes_distribute recorded, and the step it took if it was the last."""

    rows: list[MinutesDistribution]
    transition: MeetingTransition | None


@transaction.atomic
def minutes_distribute(
    *,
    meeting: Meeting,
    by: User,
    sent_on: dt.date | None = None,
    method: str = DistributionMethod.SENT,
    delegations: Sequence[Delegation] | None = None,
    expected_version: int | None = None,
) -> Distributed:
    """Record the minutes handed over or sent to recipients; the last one takes the step.

    ``delegations`` defaults to every recipient not recorded yet. A day after the rule's
    latest day is recorded as late, never refused: the minutes must still go out. The
    SHA-256 of the PDF sent is kept with each row.
    """
    book = rulebook()
    ref = reference()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    workflow = workflow_of(book, locked.kind)
    step = next((t for t in workflow.available(locked.state) if t.event == DISTRIBUTE), None)
    if step is None:
        raise refuse(
            "minutes_not_ready",
            "meetings.distribution_not_ready",
            state=workflow.states[locked.state],
        )
    rules = tuple(step.rules)
    check_secretariat(locked, by, refusal="not_entitled_to_distribute", rules=rules)
    if method not in DistributionMethod.values:
        raise refuse(
            "unknown_method",
            "meetings.unknown_event",
            event=method,
            valid=DistributionMethod.values,
        )
    sent_on = sent_on or timezone.localdate()
    if sent_on < locked.date_end or sent_on > timezone.localdate():
        raise refuse(
            "distribution_date",
            "meetings.distribution_date",
            date=sent_on,
            end=locked.date_end,
            today=timezone.localdate(),
        )
    recipients = minutes_recipients(locked, ref)
    done = set(locked.distribution.values_list("delegation_id", flat=True))
    if delegations is None:
        chosen = [d for d in recipients if d.pk not in done]
    else:
        chosen = list(delegations)
        allowed = {d.pk for d in recipients}
        for target in chosen:
            if target.pk not in allowed:
                raise refuse(
                    "not_a_recipient", "meetings.not_a_recipient", delegation=names_of(target)
                )
            if target.pk in done:
                raise refuse(
                    "already_distributed",
                    "meetings.already_distributed",
                    delegation=names_of(target),
                    status=409,
                )
    if not chosen:
        raise refuse("nothing_to_distribute", "meetings.nothing_to_distribute", status=409)
    deadline = locked.deadlines.filter(rule_id__in=rules).first()
    late = deadline is not None and sent_on > deadline.due
    digest = minutes_sha256(minutes_pdf(locked))
    now = timezone.now()
    rows = [
        MinutesDistribution.objects.create(
            meeting=locked,
            delegation=target,
            method=method,
            sent_on=sent_on,
            late=late,
            pdf_sha256=digest,
            recorded_at=now,
            recorded_by=by,
        )
        for target in chosen
    ]
    bump(locked, meeting)
    taken = None
    if len(done) + len(rows) >= len(recipients):
        taken = take(locked, locked, DISTRIBUTE, by=by)
    return Distributed(rows=rows, transition=taken)


def minutes_of(meeting: Meeting) -> bytes:
    """The minutes PDF, once the meeting is closed; refused before."""
    if not minutes_ready(meeting):
        book = rulebook()
        state = workflow_of(book, meeting.kind).states[meeting.state]
        raise refuse("minutes_not_ready", "meetings.minutes_not_drafted", state=state)
    return minutes_pdf(meeting)
