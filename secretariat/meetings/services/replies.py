"""The national parts' replies to an extraordinary Board meeting (BCB-EXTRA-REPLY-10D) and
their relay to the Board members (BCB-EXTRA-RELAY-3D).

``reply_send`` records (or amends) the reply of the sender's own national part while the
collection is open; a reply after the deadline is recorded as late. The day of the last reply
is the procedure's ``last_reply`` event, kept here (never typed by hand), and the deadlines
follow it. ``replies_collect`` and ``replies_relay`` are the BC Secretariat's steps; the
relay, however taken (here or through ``meeting_transition``), marks the replies relayed and
sends their content to every Board member (``_relayed``, in the step's transaction).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.meetings import notices
from secretariat.meetings.facts import input_error
from secretariat.meetings.models import Meeting, MeetingEvent, MeetingTransition, PartReply
from secretariat.meetings.recipients import actor_users
from secretariat.meetings.replies_read import (
    collects_replies,
    is_secretariat,
    relay_rules,
    relay_text,
    replies_open,
    reply_due,
    reply_rules,
    replying_part,
    seat_day,
)
from secretariat.meetings.services.common import (
    bump,
    lock_meeting,
    refuse_verdict,
    workflow_of,
)
from secretariat.meetings.services.deadlines import deadlines_sync
from secretariat.meetings.services.lifecycle import take
from secretariat.notifications.services import reminders_schedule
from secretariat.procedure.replies import (
    COLLECT,
    LAST_REPLY,
    RELAY,
    TEXT_MAX,
    is_late,
    parse_answer,
)
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS, Message
from secretariat.procedure.verdicts import InputError
from secretariat.registry.reference import reference

#: The notification that brings the replies to the Board members (notifications.messages).
RELAY_SUBJECT = "replies_relayed"
#: Who receives the relayed replies: the Board's members, the national parts (actors.yaml).
BOARD_MEMBERS = "national_parts"


def _check_asked(meeting: Meeting) -> None:
    if not collects_replies(meeting):
        raise refuse("no_replies", "replies.no_replies")


def _check_open(meeting: Meeting) -> None:
    if not replies_open(meeting):
        state = workflow_of(rulebook(), meeting.kind).states[meeting.state]
        raise refuse("replies_closed", "replies.not_collecting", state=state, status=409)


@transaction.atomic
def reply_send(
    *,
    meeting: Meeting,
    by: User,
    answer: str,
    text: str,
    language: str | None = None,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> PartReply:
    """Record the reply of ``by``'s own national part (agree, object, comments only), or amend
    it while the collection is open. It is dated ``on`` (by default today at the part's seat),
    never a day to come nor before the parts were informed; after the reply deadline it is
    recorded as late. The ``last_reply`` event and the deadlines follow."""
    locked = lock_meeting(meeting, expected_version)
    _check_asked(locked)
    rules = reply_rules(locked)
    part = replying_part(by, reference())
    if part is None:
        refuse_verdict(
            "not_entitled_to_reply",
            Message("replies.not_entitled", {"user": by.get_username()}),
            rules,
        )
    _check_open(locked)
    try:
        parsed = parse_answer(answer)
    except InputError as exc:
        raise input_error(exc) from exc
    body = (text or "").strip()
    if not body:
        raise refuse("text_required", "replies.text_required")
    if len(body) > TEXT_MAX:
        raise refuse("text_too_long", "replies.text_too_long", length=len(body), limit=TEXT_MAX)
    lang = language if language in LANGS else (by.language if by.language in LANGS else "en")
    today = seat_day(part)
    day = on or today
    if day > today:
        raise refuse("reply_in_future", "replies.in_future", day=day, today=today)
    informed = locked.events.filter(event="informed").first()
    if informed is not None and day < informed.date:
        raise refuse(
            "reply_before_informed", "replies.before_informed", day=day, informed=informed.date
        )
    due = reply_due(locked)
    now = timezone.now()
    values: dict[str, Any] = {
        "answer": parsed.value,
        "text": body,
        "language": lang,
        "sent_on": day,
        "due": due,
        "late": is_late(day, due),
        "sent_by": by,
    }
    reply = PartReply.objects.filter(meeting=locked, delegation=part).first()
    if reply is None:
        reply = PartReply.objects.create(meeting=locked, delegation=part, created_at=now, **values)
    else:
        for key, value in values.items():
            setattr(reply, key, value)
        reply.amended_at = now
        reply.save()
    _last_reply_sync(locked, by)
    bump(locked, meeting)
    deadlines_sync(meeting=locked)
    notices.reply_recorded(locked, reply, rules)
    return reply


def _last_reply_sync(meeting: Meeting, by: User | None) -> None:
    """The ``last_reply`` event is the day of the latest reply sent (created or moved)."""
    days = list(meeting.part_replies.values_list("sent_on", flat=True))
    if not days:
        return
    last = max(days)
    event = meeting.events.filter(event=LAST_REPLY).first()
    if event is None:
        MeetingEvent.objects.create(meeting=meeting, event=LAST_REPLY, date=last, recorded_by=by)
    elif event.date != last:
        event.date = last
        event.recorded_by = by
        event.save(update_fields=["date", "recorded_by"])


def _check_bc_secretariat(meeting: Meeting, by: User, rules: tuple[str, ...]) -> None:
    if not is_secretariat(meeting, by):
        refuse_verdict(
            "not_entitled_to_collect",
            Message("replies.not_entitled_to_collect", {"rules": list(rules)}),
            rules,
        )


@transaction.atomic
def replies_collect(
    *, meeting: Meeting, by: User, expected_version: int | None = None
) -> MeetingTransition:
    """The BC Secretariat closes the collection: allowed once every national part has replied
    or the reply deadline has passed (missing replies are then a warning of the verdict);
    refused otherwise, citing the reply rule and naming the parts awaited."""
    locked = lock_meeting(meeting, expected_version)
    _check_asked(locked)
    _check_bc_secretariat(locked, by, reply_rules(locked))
    return take(locked, meeting, COLLECT, by=by)


@transaction.atomic
def replies_relay(
    *, meeting: Meeting, by: User, expected_version: int | None = None
) -> MeetingTransition:
    """The BC Secretariat brings the replies, with their content, to the Board members."""
    locked = lock_meeting(meeting, expected_version)
    _check_asked(locked)
    _check_bc_secretariat(locked, by, relay_rules(locked))
    return take(locked, meeting, RELAY, by=by)


def relay_record(meeting: Meeting, at: dt.datetime | None = None) -> list[PartReply]:
    """Mark the meeting's replies relayed (so every national part sees them) and send their
    content to every Board member, in the inbox and by e-mail (a notification due now)."""
    at = at or timezone.now()
    replies = list(
        meeting.part_replies.select_related("delegation__state").order_by("delegation__code")
    )
    for reply in replies:
        reply.relayed_at = at
        reply.save(update_fields=["relayed_at"])
    rules = relay_rules(meeting)
    title = {lang: str(getattr(meeting, f"title_{lang}") or meeting.title_en) for lang in LANGS}
    reminders_schedule(
        obj_label=PartReply._meta.label_lower,
        obj_id=meeting.pk,
        rule_id=", ".join(rules),
        deadline=seat_day(),
        recipients=actor_users(meeting, BOARD_MEMBERS),
        subject_code=RELAY_SUBJECT,
        params={
            "meeting": title,
            "replies": relay_text(replies),
            "rule": ", ".join(rules),
            "parts": len(replies),
        },
        link=f"/meetings/{meeting.pk}/",
        lead_days=[0],
    )
    return replies


@receiver(post_save, sender=MeetingTransition, dispatch_uid="meetings.replies.relayed")
def _relayed(sender: type, instance: MeetingTransition, created: bool, **_: Any) -> None:
    """The relay step taken (by ``replies_relay`` or ``meeting_transition``): record it in the
    same transaction."""
    if created and instance.event == RELAY and collects_replies(instance.meeting):
        relay_record(instance.meeting, instance.at)


__all__ = [
    "relay_record",
    "replies_collect",
    "replies_relay",
    "reply_send",
]
