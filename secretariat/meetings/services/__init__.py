"""Writes of the meetings app, one module per stage of a meeting's life.

``lifecycle`` (plan, initiate, events, workflow steps, consents, rescheduling), ``deadlines``,
``agenda``, ``session`` (attendance, quorum, positions, decisions), ``minutes`` (signatures,
distribution) and ``participants`` (invited persons, partners); ``common`` holds what they
share (the locked meeting, refusals). The engine decides (``procedure.workflows``), the
services persist. This package re-exports the public services, so callers write
``from secretariat.meetings import services; services.meeting_transition(...)``.
"""

from secretariat.meetings.facts import (
    CONTENT_FACTS,
    meeting_facts,
    member_kind,
    members_of,
    minutes_recipients,
    quorum_now,
)
from secretariat.meetings.services.agenda import (
    agenda_circulate,
    agenda_item_add_by_chair,
    agenda_prepare,
    agenda_proposal_submit,
    takes_additional_items,
)
from secretariat.meetings.services.agenda_items import (
    ItemFields,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
)
from secretariat.meetings.services.common import (
    DEDICATED_STEPS,
    DISTRIBUTE,
    IN_SESSION,
    STEPS_WITH_FORMS,
    MeetingRefusedError,
)
from secretariat.meetings.services.deadlines import deadlines_changed, deadlines_sync
from secretariat.meetings.services.initiative import initiative_join, initiative_withdraw
from secretariat.meetings.services.lifecycle import (
    PlannedMeeting,
    meeting_consent,
    meeting_initiate_extraordinary,
    meeting_plan,
    meeting_record_event,
    meeting_reschedule,
    meeting_transition,
)
from secretariat.meetings.services.minutes import (
    Distributed,
    may_sign_now,
    minutes_distribute,
    minutes_of,
    minutes_sign,
    minutes_to_sign,
    signing_capacity,
)
from secretariat.meetings.services.participants import invitation_add, invitation_agree
from secretariat.meetings.services.replies import (
    relay_record,
    replies_collect,
    replies_relay,
    reply_send,
)
from secretariat.meetings.services.session import (
    attendance_record,
    item_decide,
    position_record,
)
from secretariat.meetings.services.translations import Filled, content_translations_add

__all__ = [
    "CONTENT_FACTS",
    "DEDICATED_STEPS",
    "DISTRIBUTE",
    "IN_SESSION",
    "STEPS_WITH_FORMS",
    "Distributed",
    "Filled",
    "ItemFields",
    "MeetingRefusedError",
    "PlannedMeeting",
    "agenda_circulate",
    "agenda_item_add",
    "agenda_item_add_by_chair",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_prepare",
    "agenda_proposal_submit",
    "attendance_record",
    "content_translations_add",
    "deadlines_changed",
    "deadlines_sync",
    "initiative_join",
    "initiative_withdraw",
    "invitation_add",
    "invitation_agree",
    "item_decide",
    "may_sign_now",
    "meeting_consent",
    "meeting_facts",
    "meeting_initiate_extraordinary",
    "meeting_plan",
    "meeting_record_event",
    "meeting_reschedule",
    "meeting_transition",
    "member_kind",
    "members_of",
    "minutes_distribute",
    "minutes_of",
    "minutes_recipients",
    "minutes_sign",
    "minutes_to_sign",
    "position_record",
    "quorum_now",
    "relay_record",
    "replies_collect",
    "replies_relay",
    "reply_send",
    "signing_capacity",
    "takes_additional_items",
]
