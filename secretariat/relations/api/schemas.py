"""What the relations endpoints take: one schema per write."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from secretariat.core.schemas import Day, columns
from secretariat.relations.models import (
    Agreement,
    Consent,
    Contact,
    Engagement,
    Event,
    Mission,
    MissionMember,
    NgoInteraction,
    Participation,
    PartnerMeeting,
)


@columns(Contact)
class ContactIn(Schema):
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""


@columns(PartnerMeeting)
class MeetingIn(Schema):
    date: Day
    place: str
    participants: str
    summary: str


@columns(Agreement)
class AgreementIn(Schema):
    organisation: int | None = Field(None, description="The registry organisation's id.")
    state: str | None = Field(None, description="The partner state's code (TR).")
    kind: str = Field(description="memorandum, agreement, protocol or other")
    title_en: str
    title_ru: str = ""
    title_zh: str = ""
    notes: str = ""


@columns(Consent)
class AgreementConsentIn(Schema):
    decision: str = Field(description="given or withheld")
    note: str = ""


@columns(Consent)
class NoteConsentIn(Schema):
    state: str = Field(description="The member state's code (KZ).")
    decision: str = Field(description="given or withheld")
    note_reference: str = Field(
        "", max_length=200, description="The reference of the note verbale (No. 12/3-456)."
    )
    note_dated: Day | None = Field(None, description="The date the note verbale bears.")
    sent_by: str = Field(
        "",
        max_length=200,
        description="Who sent the note, as written (Ministry of Foreign Affairs of …).",
    )
    note: str = ""


@columns(Agreement, place="signed_place")
class AgreementSignIn(Schema):
    signed_on: Day
    place: str = ""
    in_force: bool = False


class InForceIn(Schema):
    day: Day


@columns(Participation)
class ParticipationIn(Schema):
    state: str = Field(description="The partner state's code (TR).")
    kind: str = Field(description="observer, dialogue_partner or guest")
    level: str = Field(description="chs, chg, heads_of_ministries, ministerial, expert or other")
    event_name: str
    date: Day
    council_meeting: int | None = None
    event: int | None = None
    notes: str = ""


@columns(NgoInteraction)
class NgoIn(Schema):
    organisation_name: str = ""
    kind: str
    body: str | None = Field(None, description="The code of an SCO non-governmental body.")
    date: Day
    subject: str
    outcome: str = ""


@columns(Event)
class RelationsEventIn(Schema):
    kind: str = Field(description="workshop, conference or symposium")
    title_en: str
    title_ru: str = ""
    title_zh: str = ""
    date_start: Day
    date_end: Day
    place: str
    organisers: str
    participants_count: int | None = None
    outcome: str = ""


@columns(Mission)
class MissionIn(Schema):
    kind: str = Field(description="presidential, parliamentary or referendum")
    country: str = Field(description="The state's code (KZ).")
    election_date: Day
    date_start: Day
    date_end: Day


@columns(MissionMember)
class MemberIn(Schema):
    username: str | None = Field(None, description="A user of a member state's delegation.")
    name: str = ""
    state: str | None = None
    is_head: bool = False


@columns(Mission)
class MissionReportIn(Schema):
    report_date: Day
    text: str


@columns(Engagement)
class EngagementIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    counterpart: str
    place: str
    kind: str = Field(description="meeting, visit, talks, ceremony, reception, call or other")
    notes: str = ""
