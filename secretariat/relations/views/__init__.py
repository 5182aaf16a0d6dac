"""Pages of the relations app (mounted at /relations/): partners with their contacts, meetings
and agreements; the member states' consent; participation; NGOs; events; missions; the
Secretary-General's schedule. Managers (relations.manage) get the forms; a refusal shows its
sentence and the rules it cites, with nothing saved.

One module per subject, as in ``relations.services`` and ``relations.api``: ``partners``,
``agreements``, ``participation`` (with NGOs), ``events``, ``missions``, ``protocol``;
``common`` holds what the pages share. ``urls.py`` names the views through this package."""

from __future__ import annotations

from secretariat.relations.views.agreements import (
    relations_agreement,
    relations_agreement_consent,
    relations_agreement_consent_by_note,
    relations_agreement_in_force,
    relations_agreement_register,
    relations_agreement_sign,
    relations_agreements,
)
from secretariat.relations.views.events import (
    relations_event,
    relations_event_change,
    relations_event_create,
    relations_events,
)
from secretariat.relations.views.missions import (
    relations_mission,
    relations_mission_create,
    relations_mission_member,
    relations_mission_report,
    relations_mission_report_file,
    relations_missions,
)
from secretariat.relations.views.participation import (
    relations_ngo,
    relations_ngo_record,
    relations_participation_record,
    relations_participations,
)
from secretariat.relations.views.partners import (
    relations_home,
    relations_organisation,
    relations_organisation_contact,
    relations_organisation_meeting,
    relations_state,
    relations_state_contact,
    relations_state_meeting,
)
from secretariat.relations.views.protocol import (
    relations_engagement,
    relations_engagement_cancel,
    relations_engagement_change,
    relations_engagement_create,
    relations_protocol,
    relations_protocol_feed,
    relations_protocol_feed_revoke,
    relations_protocol_feed_rotate,
    relations_protocol_ics,
)

__all__ = [
    "relations_agreement",
    "relations_agreement_consent",
    "relations_agreement_consent_by_note",
    "relations_agreement_in_force",
    "relations_agreement_register",
    "relations_agreement_sign",
    "relations_agreements",
    "relations_engagement",
    "relations_engagement_cancel",
    "relations_engagement_change",
    "relations_engagement_create",
    "relations_event",
    "relations_event_change",
    "relations_event_create",
    "relations_events",
    "relations_home",
    "relations_mission",
    "relations_mission_create",
    "relations_mission_member",
    "relations_mission_report",
    "relations_mission_report_file",
    "relations_missions",
    "relations_ngo",
    "relations_ngo_record",
    "relations_organisation",
    "relations_organisation_contact",
    "relations_organisation_meeting",
    "relations_participation_record",
    "relations_participations",
    "relations_protocol",
    "relations_protocol_feed",
    "relations_protocol_feed_revoke",
    "relations_protocol_feed_rotate",
    "relations_protocol_ics",
    "relations_state",
    "relations_state_contact",
    "relations_state_meeting",
]
