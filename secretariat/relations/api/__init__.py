"""JSON API of the relations app, mounted at /api/relations/: partners with their contacts,
meetings and agreements; the member states' consent (SEC-EXTERNAL); partner states'
participation; NGOs; events; observer missions; the Secretary-General's schedule and its
iCalendar feed (SEC-PROTOCOL).

One module per subject, as in ``relations.services`` and ``relations.views``: ``partners``,
``agreements``, ``participation`` (with NGOs), ``events``, ``missions``, ``protocol``;
``schemas`` holds what the endpoints take, ``common`` the router and what they share.
Importing this package registers every endpoint on ``router``."""

from __future__ import annotations

from secretariat.relations.api.agreements import (
    relations_agreement,
    relations_agreement_consent,
    relations_agreement_consent_by_note,
    relations_agreement_in_force,
    relations_agreement_register,
    relations_agreement_sign,
    relations_agreements,
)
from secretariat.relations.api.common import router
from secretariat.relations.api.events import (
    relations_event,
    relations_event_change,
    relations_event_create,
    relations_events,
)
from secretariat.relations.api.missions import (
    relations_mission,
    relations_mission_create,
    relations_mission_member,
    relations_mission_report,
    relations_missions,
)
from secretariat.relations.api.participation import (
    relations_ngo,
    relations_ngo_record,
    relations_participation_record,
    relations_participations,
)
from secretariat.relations.api.partners import (
    relations_organisation,
    relations_organisation_contact,
    relations_organisation_meeting,
    relations_partners,
    relations_state,
    relations_state_contact,
    relations_state_meeting,
)
from secretariat.relations.api.protocol import (
    relations_engagement_cancel,
    relations_engagement_change,
    relations_engagement_create,
    relations_protocol,
    relations_protocol_ics,
)
from secretariat.relations.api.schemas import (
    AgreementConsentIn,
    AgreementIn,
    AgreementSignIn,
    ContactIn,
    EngagementIn,
    InForceIn,
    MeetingIn,
    MemberIn,
    MissionIn,
    MissionReportIn,
    NgoIn,
    NoteConsentIn,
    ParticipationIn,
    RelationsEventIn,
)

__all__ = [
    "AgreementConsentIn",
    "AgreementIn",
    "AgreementSignIn",
    "ContactIn",
    "EngagementIn",
    "InForceIn",
    "MeetingIn",
    "MemberIn",
    "MissionIn",
    "MissionReportIn",
    "NgoIn",
    "NoteConsentIn",
    "ParticipationIn",
    "RelationsEventIn",
    "relations_agreement",
    "relations_agreement_consent",
    "relations_agreement_consent_by_note",
    "relations_agreement_in_force",
    "relations_agreement_register",
    "relations_agreement_sign",
    "relations_agreements",
    "relations_engagement_cancel",
    "relations_engagement_change",
    "relations_engagement_create",
    "relations_event",
    "relations_event_change",
    "relations_event_create",
    "relations_events",
    "relations_mission",
    "relations_mission_create",
    "relations_mission_member",
    "relations_mission_report",
    "relations_missions",
    "relations_ngo",
    "relations_ngo_record",
    "relations_organisation",
    "relations_organisation_contact",
    "relations_organisation_meeting",
    "relations_participation_record",
    "relations_participations",
    "relations_partners",
    "relations_protocol",
    "relations_protocol_ics",
    "relations_state",
    "relations_state_contact",
    "relations_state_meeting",
    "router",
]
