"""Writes of the relations app. Each runs in one transaction; the audit log records every row
written (audit.handlers), and a refusal changes nothing.

Refusals carry a stable code and a sentence of ``procedure/messages/relations.yaml`` citing the
rule: SEC-EXTERNAL (agreements and consents), SEC-PARTNERS, STRAT-OBSERVERS / STRAT-DIALOGUE
(participation), SEC-NGO, SEC-EXPERTS (events), SEC-MISSIONS, SEC-PROTOCOL (the schedule).

One module per subject: ``partners``, ``agreements`` (and the consents), ``participation``,
``ngo``, ``events``, ``missions``, ``protocol`` (the schedule and its feed address); ``inputs``
holds the checks of given values they share. Import from here: ``services.consent_record``."""

from __future__ import annotations

from secretariat.relations.services.agreements import (
    agreement_enter_into_force,
    agreement_register,
    agreement_sign,
    agreement_verdict,
    consent_record,
    may_consent_for,
    may_register_note_for,
)
from secretariat.relations.services.events import event_save
from secretariat.relations.services.inputs import is_member_state
from secretariat.relations.services.missions import (
    REPORT_FILE_LIMIT,
    mission_create,
    mission_member_add,
    mission_report_submit,
)
from secretariat.relations.services.ngo import ngo_interaction_record
from secretariat.relations.services.participation import participation_record, status_on
from secretariat.relations.services.partners import contact_add, partner_meeting_record, partner_of
from secretariat.relations.services.protocol import (
    FEED_TOKEN_PREFIX,
    Saved,
    engagement_cancel,
    engagement_save,
    overlapping,
    protocol_feed_token_find,
    protocol_feed_token_revoke,
    protocol_feed_token_rotate,
)

__all__ = [
    "FEED_TOKEN_PREFIX",
    "REPORT_FILE_LIMIT",
    "Saved",
    "agreement_enter_into_force",
    "agreement_register",
    "agreement_sign",
    "agreement_verdict",
    "consent_record",
    "contact_add",
    "engagement_cancel",
    "engagement_save",
    "event_save",
    "is_member_state",
    "may_consent_for",
    "may_register_note_for",
    "mission_create",
    "mission_member_add",
    "mission_report_submit",
    "ngo_interaction_record",
    "overlapping",
    "participation_record",
    "partner_meeting_record",
    "partner_of",
    "protocol_feed_token_find",
    "protocol_feed_token_revoke",
    "protocol_feed_token_rotate",
    "status_on",
]
