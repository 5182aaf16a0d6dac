"""The minutes once the meeting is concluded: signatures for the national parts, their
distribution to every member (the last one takes distribute_minutes), the PDF once closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.core.errors import RefusedError, refuse
from secretariat.core.lang import names_of
from secretariat.meetings import notices
from secretariat.meetings.facts import content_facts, minutes_recipients, part_state
from secretariat.meetings.languages import missing_authentic, missing_message
from secretariat.meetings.minutes_pdf import (
    minutes_freeze,
    minutes_pdf,
    minutes_ready,
    minutes_sha256,
)
from secretariat.meetings.models import (
    DistributionMethod,
    Meeting,
    MeetingTransition,
    MinutesDistribution,
    MinutesSignature,
    MinutesText,
)
from secretariat.meetings.services.common import (
    DISTRIBUTE,
    actor_today,
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
from secretariat.procedure.timing import actor_state, day_at
from secretariat.registry.reference import reference

#: The step the last signature takes (BCB-MINUTES-SIGN).
SIGN = "sign_minutes"
#: A signatory's capacity: the head of the national part, or an authorised Board member of
#: it when the head was recorded absent.
HEAD = "head"
AUTHORISED = "authorised"


def signing_capacity(meeting: Meeting, user: User, delegation: Delegation) -> str | None:
    """In what capacity ``user`` may sign the minutes for ``delegation`` (HEAD, AUTHORISED),
    or None: the part's head (its chair), or, when the head was recorded absent, one of its
    Board members authorised to sign. Reads only; ``minutes_sign`` asks it again."""
    own_part = (
        user.is_active
        and user.delegation_id == delegation.pk
        and part_state(delegation, reference()) is not None
    )
    if not own_part:
        return None
    if user.can("minutes.sign_for_part"):
        return HEAD
    attendance = meeting.attendance.filter(delegation=delegation).first()
    head_absent = attendance is not None and not attendance.chair_present
    if head_absent and user.can("minutes.sign_if_head_absent"):
        return AUTHORISED
    return None


def may_sign_now(meeting: Meeting, user: User) -> bool:
    """Whether ``user`` may sign the minutes for their own part now: the meeting waits for
    signatures, their part has not signed, and they sign for it (``signing_capacity``)."""
    delegation = user.delegation
    if delegation is None or not minutes_ready(meeting):
        return False
    workflow = workflow_of(rulebook(), meeting.kind)
    if all(t.event != SIGN for t in workflow.available(meeting.state)):
        return False
    if meeting.signatures.filter(delegation=delegation).exists():
        return False
    # Not while the Russian or Chinese text is incomplete: the page says what is missing.
    return signing_capacity(meeting, user, delegation) is not None and not missing_authentic(
        meeting
    )


def minutes_to_sign(meeting: Meeting) -> MinutesText:
    """The text the parts sign: the minutes frozen when the meeting concluded; refused
    before."""
    if not minutes_ready(meeting):
        book = rulebook()
        state = workflow_of(book, meeting.kind).states[meeting.state]
        raise refuse("minutes_not_ready", "meetings.minutes_not_drafted", state=state)
    check_authentic_complete(meeting)
    return minutes_freeze(meeting)


def check_authentic_complete(meeting: Meeting) -> None:
    """The minutes are signed in their authentic languages, Russian and Chinese: refused
    while the venue or an agenda item has no text in one of them, naming what."""
    missing = missing_authentic(meeting)
    if missing:
        raise RefusedError("minutes_translation_pending", missing_message(missing), status=409)


@dataclass(frozen=True, slots=True)
class Signed:
    """A signature, and the sign_minutes step when it was the last part's."""

    signature: MinutesSignature
    transition: MeetingTransition | None


@transaction.atomic
def minutes_sign(
    *,
    meeting: Meeting,
    delegation: Delegation,
    user: User,
    pdf_sha256: str | None = None,
    expected_version: int | None = None,
) -> Signed:
    """Sign the minutes for a national part: its head, or an authorised member if absent.

    Every part signs the same text, frozen when the meeting concluded (``minutes_to_sign``);
    ``pdf_sha256`` is the SHA-256 of the PDF the signatory reviewed, refused when it is not
    that text's (``minutes_text_changed``); the signature pins it. The last part's signature
    takes the ``sign_minutes`` step (its guard finds every part signed).
    """
    book = rulebook()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    workflow = workflow_of(book, locked.kind)
    step = next((t for t in workflow.available(locked.state) if t.event == SIGN), None)
    if step is None:
        raise refuse(
            "minutes_not_ready", "meetings.minutes_not_ready", state=workflow.states[locked.state]
        )
    capacity = signing_capacity(locked, user, delegation)
    if capacity is None:
        attendance = locked.attendance.filter(delegation=delegation).first()
        refuse_verdict(
            "not_entitled_to_sign",
            Message(
                "meetings.not_entitled_to_sign",
                {"user": user.get_full_name() or user.username, "delegation": names_of(delegation)},
            ),
            step.rules,
            role=user.role,
            head_absent=attendance is not None and not attendance.chair_present,
        )
    if locked.signatures.filter(delegation=delegation).exists():
        raise refuse(
            "already_signed", "meetings.already_signed", delegation=names_of(delegation), status=409
        )
    text = minutes_to_sign(locked)
    if pdf_sha256 is not None and pdf_sha256.strip().lower() != text.pdf_sha256:
        raise refuse(
            "minutes_text_changed",
            "meetings.minutes_text_changed",
            given=pdf_sha256,
            frozen=text.pdf_sha256,
            status=409,
        )
    signature = MinutesSignature.objects.create(
        meeting=locked,
        delegation=delegation,
        signed_by=user,
        signed_at=timezone.now(),
        as_authorised_member=capacity == AUTHORISED,
        pdf_sha256=text.pdf_sha256,
    )
    bump(locked, meeting)
    notices.signature_recorded(locked, signature, step.rules)
    taken = None
    if not content_facts(locked, reference(), ("unsigned",), None).get("unsigned"):
        taken = take(locked, meeting, SIGN, by=user)
    return Signed(signature=signature, transition=taken)


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
    # Dated on the distributing Secretariat's seat's day; never before the meeting's last
    # day nor before the last signature (the minutes go out as signed), never still to come.
    today = actor_today(book, ref, locked, step.actor)
    sent_on = sent_on or today
    seat = actor_state(book, ref, step.actor, on=locked.date_start)
    signed = [day_at(seat, s.signed_at) for s in locked.signatures.all()]
    earliest = max([locked.date_end, *signed])
    if sent_on < earliest or sent_on > today:
        raise refuse(
            "distribution_date",
            "meetings.distribution_date",
            date=sent_on,
            end=earliest,
            today=today,
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
    for sent in rows:
        notices.minutes_sent(locked, sent, rules)
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
