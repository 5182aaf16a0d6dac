"""What the relations endpoints answer, field by field as ``relations.selectors`` (agreements,
missions, the schedule) and the endpoints' own small presenters build it. Every name starts
with ``Rel``: schema names are unique across the whole API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

# --- partners -----------------------------------------------------------------------------------


class RelPartnerRowOut(Schema):
    kind: str = Field(description="organisation or state")
    id: int = Field(description="The registry organisation's or state's id.")
    name: str = Field(description="In the caller's language.")
    note: str = Field(description="An organisation's abbreviation, a state's SCO status.")
    contacts: int = Field(description="How many contacts are recorded.")
    meetings: int = Field(description="How many meetings are recorded.")
    agreements: int = Field(description="How many agreements are registered.")


class RelPartnersOut(Schema):
    organisations: list[RelPartnerRowOut]
    states: list[RelPartnerRowOut]


class RelContactOut(Schema):
    id: int
    name: str
    role: str
    email: str
    phone: str
    notes: str
    is_demo: bool


class RelMeetingOut(Schema):
    id: int
    date: dt.date
    place: str
    participants: str
    summary: str
    is_demo: bool


class RelMeetingRecordedOut(Schema):
    """A meeting with a partner, as recorded."""

    id: int
    date: dt.date
    place: str


class RelRegistryDocumentOut(Schema):
    title: str = Field(description="In the caller's language, or English where not given.")
    date: dt.date | None = Field(description="The date when known to the day.")
    date_text: str = Field(description="The date as the sources give it otherwise (Sep 2022).")
    signed_by_secretariat: bool


# --- agreements and consents (SEC-EXTERNAL) ------------------------------------------------------


class RelAgreementPartnerOut(Schema):
    organisation: int | None = Field(description="The registry organisation's id, if one.")
    state: int | None = Field(description="The registry state's id, if one.")
    name: str = Field(description="In the caller's language.")


class RelConsentOut(Schema):
    """A member state of today and its answer (none yet: ``decision`` null)."""

    state: str = Field(description="The member state's code.")
    state_name: str
    decision: str | None = Field(description="given, withheld, or null before any answer.")
    decided_by: str = Field(description="Who decided, as recorded, or empty.")
    decided_at: dt.datetime | None
    note: str
    note_reference: str = Field(description="The note verbale's reference, if it came by one.")
    note_dated: dt.date | None = Field(description="The date the note verbale bears.")
    registered_by: str = Field(description="Who registered a note verbale's answer, or empty.")


class RelAgreementOut(Schema):
    id: int
    kind: str = Field(description="memorandum, agreement, protocol or other")
    title: str = Field(description="In the caller's language, or English where not given.")
    title_en: str
    title_ru: str
    title_zh: str
    partner: RelAgreementPartnerOut
    status: str
    signed_on: dt.date | None
    signed_place: str
    in_force: bool
    in_force_from: dt.date | None
    is_demo: bool
    may_sign: bool = Field(description="Whether every member state has consented.")
    missing: list[str] = Field(description="The codes of the member states yet to answer.")
    withheld: list[str] = Field(description="The codes of the member states that withheld it.")
    rules: list[str] = Field(description="The ids of the rules that ask for every consent.")
    consents: list[RelConsentOut]


# --- participation, NGOs, events, missions ---------------------------------------------------


class RelParticipationOut(Schema):
    id: int
    state: str = Field(description="The partner state's code.")
    state_name: str
    kind: str = Field(description="observer, dialogue_partner or guest")
    level: str = Field(description="chs, chg, heads_of_ministries, ministerial, expert or other")
    event_name: str
    date: dt.date
    council_meeting: int | None = Field(description="The council meeting's id, if one.")
    event: int | None = Field(description="The relations event's id, if one.")
    status_on_date: str = Field(description="The state's SCO status on the day.")
    notes: str
    is_demo: bool


class RelPartnerOut(Schema):
    """A partner organisation or state with what is recorded about it."""

    kind: str = Field(description="organisation or state")
    id: int = Field(description="The registry organisation's or state's id.")
    name: str = Field(description="In the caller's language.")
    contacts: list[RelContactOut]
    meetings: list[RelMeetingOut]
    agreements: list[RelAgreementOut]
    registry_documents: list[RelRegistryDocumentOut] = Field(
        description="An organisation's documents the registry lists (none for a state)."
    )
    participations: list[RelParticipationOut] = Field(
        description="A state's participation in SCO meetings (none for an organisation)."
    )


class RelNgoOut(Schema):
    id: int
    organisation_name: str
    kind: str
    body: str | None = Field(description="The code of the SCO non-governmental body, if one.")
    date: dt.date
    subject: str
    outcome: str
    is_demo: bool


class RelEventOut(Schema):
    id: int
    kind: str = Field(description="workshop, conference or symposium")
    title: str = Field(description="In the caller's language, or English where not given.")
    title_en: str
    title_ru: str
    title_zh: str
    date_start: dt.date
    date_end: dt.date
    place: str
    organisers: str
    participants_count: int | None
    outcome: str
    is_demo: bool


class RelMissionMemberOut(Schema):
    id: int
    name: str
    state: str | None = Field(description="The member's state's code, if given.")
    user: str | None = Field(description="The member's user name, if a user.")
    is_head: bool


class RelMissionOut(Schema):
    id: int
    kind: str = Field(description="presidential, parliamentary or referendum")
    country: str = Field(description="The state's code.")
    country_name: str
    election_date: dt.date
    date_start: dt.date
    date_end: dt.date
    head: str | None = Field(description="The head of the mission's name, once named.")
    members: list[RelMissionMemberOut]
    report_date: dt.date | None
    report_text: str
    report_file: bool = Field(description="Whether a report file was uploaded (on the page).")
    is_demo: bool


# --- the Secretary-General's schedule (SEC-PROTOCOL) ---------------------------------------------


class RelEngagementOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    counterpart: str
    place: str
    kind: str = Field(description="meeting, visit, talks, ceremony, reception, call or other")
    notes: str
    version: int
    is_demo: bool
    overlaps: list[int] = Field(description="The ids of the engagements whose time it shares.")
    warnings: list[str] = Field(description="A warning for each, in the caller's language.")
