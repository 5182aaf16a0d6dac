"""JSON API of the relations app, mounted at /api/relations/: partners with their contacts,
meetings and agreements; the member states' consent (SEC-EXTERNAL); partner states'
participation; NGOs; events; observer missions; the Secretary-General's schedule and its
iCalendar feed (SEC-PROTOCOL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import Field, Schema, Status

from secretariat.accounts.access import ActionRouter
from secretariat.accounts.models import User
from secretariat.core.actor import me
from secretariat.core.errors import InvalidInputError, NotFoundError
from secretariat.core.schemas import ErrorOut
from secretariat.registry.models import Body, CouncilMeeting, InternationalOrganisation, State
from secretariat.relations import selectors, services
from secretariat.relations.calendar import schedule_ics
from secretariat.relations.models import Contact, Event, NgoInteraction, Participation, Partner

router = ActionRouter(tags=["relations"])

CHANGED = {201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
DONE = {200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _organisation(organisation_id: int) -> InternationalOrganisation:
    found = InternationalOrganisation.objects.filter(pk=organisation_id).first()
    if found is None:
        raise NotFoundError(translation.gettext_lazy("There is no such partner organisation."))
    return found


def _state(state_id: int | None = None, code: str | None = None) -> State:
    found = (
        State.objects.filter(pk=state_id).first()
        if state_id is not None
        else State.objects.filter(code=(code or "").upper()).first()
    )
    if found is None:
        raise NotFoundError(translation.gettext_lazy("There is no such state."))
    return found


# --- schemas ------------------------------------------------------------------------------------


class ContactIn(Schema):
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""


class MeetingIn(Schema):
    date: dt.date
    place: str
    participants: str
    summary: str


class AgreementIn(Schema):
    organisation: int | None = Field(None, description="The registry organisation's id.")
    state: str | None = Field(None, description="The partner state's code (TR).")
    kind: str = Field(description="memorandum, agreement, protocol or other")
    title_en: str
    title_ru: str = ""
    title_zh: str = ""
    notes: str = ""


class ConsentIn(Schema):
    decision: str = Field(description="given or withheld")
    note: str = ""


class NoteConsentIn(Schema):
    state: str = Field(description="The member state's code (KZ).")
    decision: str = Field(description="given or withheld")
    note_reference: str = Field(
        "", max_length=200, description="The reference of the note verbale (No. 12/3-456)."
    )
    note_dated: dt.date | None = Field(None, description="The date the note verbale bears.")
    sent_by: str = Field(
        "",
        max_length=200,
        description="Who sent the note, as written (Ministry of Foreign Affairs of …).",
    )
    note: str = ""


class SignIn(Schema):
    signed_on: dt.date
    place: str = ""
    in_force: bool = False


class InForceIn(Schema):
    day: dt.date


class ParticipationIn(Schema):
    state: str = Field(description="The partner state's code (TR).")
    kind: str = Field(description="observer, dialogue_partner or guest")
    level: str = Field(description="chs, chg, heads_of_ministries, ministerial, expert or other")
    event_name: str
    date: dt.date
    council_meeting: int | None = None
    event: int | None = None
    notes: str = ""


class NgoIn(Schema):
    organisation_name: str = ""
    kind: str
    body: str | None = Field(None, description="The code of an SCO non-governmental body.")
    date: dt.date
    subject: str
    outcome: str = ""


class EventIn(Schema):
    kind: str = Field(description="workshop, conference or symposium")
    title_en: str
    title_ru: str = ""
    title_zh: str = ""
    date_start: dt.date
    date_end: dt.date
    place: str
    organisers: str
    participants_count: int | None = None
    outcome: str = ""


class MissionIn(Schema):
    kind: str = Field(description="presidential, parliamentary or referendum")
    country: str = Field(description="The state's code (KZ).")
    election_date: dt.date
    date_start: dt.date
    date_end: dt.date


class MemberIn(Schema):
    username: str | None = Field(None, description="A user of a member state's delegation.")
    name: str = ""
    state: str | None = None
    is_head: bool = False


class ReportIn(Schema):
    report_date: dt.date
    text: str


class EngagementIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    counterpart: str
    place: str
    kind: str = Field(description="meeting, visit, talks, ceremony, reception, call or other")
    notes: str = ""


# --- partners -----------------------------------------------------------------------------------


def _row(row: selectors.PartnerRow) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "id": row.ref_id,
        "name": row.name,
        "note": row.note,
        "contacts": row.contacts,
        "meetings": row.meetings,
        "agreements": row.agreements,
    }


@router.read("/partners", action="relations.view", summary="Partner organisations and states")
def relations_partners(request: HttpRequest) -> dict[str, Any]:
    """Every partner organisation and partner state of the registry, with what is recorded."""
    user = me(request)
    with translation.override(user.language):
        organisations, states = selectors.partner_rows(user)
        return {
            "organisations": [_row(r) for r in organisations],
            "states": [_row(r) for r in states],
        }


def _contact(c: Contact) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "role": c.role,
        "email": c.email,
        "phone": c.phone,
        "notes": c.notes,
        "is_demo": c.is_demo,
    }


def _partner_out(shown: selectors.PartnerView) -> dict[str, Any]:
    return {
        "kind": shown.kind,
        "id": shown.ref_id,
        "name": shown.name,
        "contacts": [_contact(c) for c in shown.contacts],
        "meetings": [
            {
                "id": m.pk,
                "date": m.date,
                "place": m.place,
                "participants": m.participants,
                "summary": m.summary,
                "is_demo": m.is_demo,
            }
            for m in shown.meetings
        ],
        "agreements": [selectors.agreement_out(a) for a in shown.agreements],
        "registry_documents": [
            {
                "title": d.display_title,
                "date": d.date,
                "date_text": d.date_text,
                "signed_by_secretariat": d.signed_by_secretariat,
            }
            for d in shown.registry_documents
        ],
        "participations": [_participation(p) for p in shown.participations],
    }


def _partner(
    request: HttpRequest, *, organisation_id: int | None = None, state_id: int | None = None
) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return _partner_out(
            selectors.partner_view(user, organisation_id=organisation_id, state_id=state_id)
        )


@router.read(
    "/partners/organisations/{organisation_id}",
    action="relations.view",
    response={200: dict, 404: ErrorOut},
    summary="A partner organisation",
)
def relations_organisation(request: HttpRequest, organisation_id: int) -> dict[str, Any]:
    """Its contacts, meetings, agreements, and the documents the registry lists."""
    return _partner(request, organisation_id=organisation_id)


@router.read(
    "/partners/states/{state_id}",
    action="relations.view",
    response={200: dict, 404: ErrorOut},
    summary="A partner state",
)
def relations_state(request: HttpRequest, state_id: int) -> dict[str, Any]:
    """Its contacts, meetings, agreements and participation in SCO meetings."""
    return _partner(request, state_id=state_id)


def _partner_of(organisation_id: int | None, state_id: int | None) -> Partner:
    if organisation_id is not None:
        return services.partner_of(organisation=_organisation(organisation_id))
    return services.partner_of(state=_state(state_id))


def _add_contact(
    request: HttpRequest, payload: ContactIn, organisation_id: int | None, state_id: int | None
) -> Status[dict[str, Any]]:
    contact = services.contact_add(
        partner=_partner_of(organisation_id, state_id), by=me(request), **payload.dict()
    )
    return Status(201, _contact(contact))


def _add_meeting(
    request: HttpRequest, payload: MeetingIn, organisation_id: int | None, state_id: int | None
) -> Status[dict[str, Any]]:
    meeting = services.partner_meeting_record(
        partner=_partner_of(organisation_id, state_id), by=me(request), **payload.dict()
    )
    return Status(201, {"id": meeting.pk, "date": meeting.date, "place": meeting.place})


@router.create(
    "/partners/organisations/{organisation_id}/contacts",
    action="relations.manage",
    response=CHANGED,
    summary="Add a contact at a partner organisation",
)
def relations_organisation_contact(
    request: HttpRequest, organisation_id: int, payload: ContactIn
) -> Status[dict[str, Any]]:
    return _add_contact(request, payload, organisation_id, None)


@router.create(
    "/partners/states/{state_id}/contacts",
    action="relations.manage",
    response=CHANGED,
    summary="Add a contact at a partner state",
)
def relations_state_contact(
    request: HttpRequest, state_id: int, payload: ContactIn
) -> Status[dict[str, Any]]:
    return _add_contact(request, payload, None, state_id)


@router.create(
    "/partners/organisations/{organisation_id}/meetings",
    action="relations.manage",
    response=CHANGED,
    summary="Record a meeting with a partner organisation",
)
def relations_organisation_meeting(
    request: HttpRequest, organisation_id: int, payload: MeetingIn
) -> Status[dict[str, Any]]:
    return _add_meeting(request, payload, organisation_id, None)


@router.create(
    "/partners/states/{state_id}/meetings",
    action="relations.manage",
    response=CHANGED,
    summary="Record a meeting with a partner state",
)
def relations_state_meeting(
    request: HttpRequest, state_id: int, payload: MeetingIn
) -> Status[dict[str, Any]]:
    return _add_meeting(request, payload, None, state_id)


# --- agreements (SEC-EXTERNAL) ------------------------------------------------------------------


def _agreement(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return selectors.agreement_out(selectors.agreement_of(user, agreement_id))


@router.read("/agreements", action="relations.view", summary="Agreements and their consents")
def relations_agreements(request: HttpRequest) -> list[dict[str, Any]]:
    """Documents concluded with partners, each with every member state's consent."""
    user = me(request)
    with translation.override(user.language):
        return [selectors.agreement_out(a) for a in selectors.agreements_visible(user)[:500]]


@router.create(
    "/agreements", action="relations.manage", response=CHANGED, summary="Register an agreement"
)
def relations_agreement_register(
    request: HttpRequest, payload: AgreementIn
) -> Status[dict[str, Any]]:
    """A draft memorandum or agreement with a partner; it then awaits every consent."""
    if (payload.organisation is None) == (payload.state is None):
        raise InvalidInputError(
            translation.gettext_lazy("Name the partner: an organisation or a state."),
            code="partner_required",
        )
    partner = (
        services.partner_of(organisation=_organisation(payload.organisation))
        if payload.organisation is not None
        else services.partner_of(state=_state(code=payload.state))
    )
    agreement = services.agreement_register(
        partner=partner,
        kind=payload.kind,
        title={"en": payload.title_en, "ru": payload.title_ru, "zh": payload.title_zh},
        notes=payload.notes,
        by=me(request),
    )
    return Status(201, _agreement(request, agreement.pk))


@router.read(
    "/agreements/{agreement_id}",
    action="relations.view",
    response={200: dict, 404: ErrorOut},
    summary="An agreement",
)
def relations_agreement(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    """The agreement, every member state's consent and whether it may be signed."""
    return _agreement(request, agreement_id)


@router.create(
    "/agreements/{agreement_id}/consent",
    action="relations.consent",
    response=CHANGED,
    summary="Give or withhold one's member state's consent",
)
def relations_agreement_consent(
    request: HttpRequest, agreement_id: int, payload: ConsentIn
) -> Status[dict[str, Any]]:
    """The caller's member state gives or withholds its consent (until the signature)."""
    user = me(request)
    agreement = selectors.agreement_of(user, agreement_id)
    delegation = user.delegation
    state = delegation.state if delegation is not None else None
    if state is None:
        raise NotFoundError(translation.gettext_lazy("Your delegation represents no state."))
    services.consent_record(
        agreement=agreement, state=state, decision=payload.decision, by=user, note=payload.note
    )
    return Status(201, _agreement(request, agreement_id))


@router.create(
    "/agreements/{agreement_id}/consent/by-note",
    action="relations.manage",
    response=CHANGED,
    summary="Register a member state's consent received by note verbale",
)
def relations_agreement_consent_by_note(
    request: HttpRequest, agreement_id: int, payload: NoteConsentIn
) -> Status[dict[str, Any]]:
    """The Secretariat registers the answer a member state sent in a note verbale: the note's
    reference and date are required (``note_required``); the date is neither in the future
    (``note_in_future``) nor before the document was registered (``note_before_agreement``)."""
    user = me(request)
    services.consent_record(
        agreement=selectors.agreement_of(user, agreement_id),
        state=_state(code=payload.state),
        decision=payload.decision,
        by=user,
        by_name=payload.sent_by,
        note=payload.note,
        note_reference=payload.note_reference,
        note_dated=payload.note_dated,
    )
    return Status(201, _agreement(request, agreement_id))


@router.create(
    "/agreements/{agreement_id}/sign",
    action="relations.manage",
    response=DONE,
    summary="Sign an agreement",
)
def relations_agreement_sign(
    request: HttpRequest, agreement_id: int, payload: SignIn
) -> dict[str, Any]:
    """Signed only once every member state has consented (409 naming those missing)."""
    user = me(request)
    services.agreement_sign(
        agreement=selectors.agreement_of(user, agreement_id),
        signed_on=payload.signed_on,
        place=payload.place,
        in_force=payload.in_force,
        by=user,
    )
    return _agreement(request, agreement_id)


@router.create(
    "/agreements/{agreement_id}/in-force",
    action="relations.manage",
    response=DONE,
    summary="Mark an agreement in force",
)
def relations_agreement_in_force(
    request: HttpRequest, agreement_id: int, payload: InForceIn
) -> dict[str, Any]:
    user = me(request)
    services.agreement_enter_into_force(
        agreement=selectors.agreement_of(user, agreement_id), day=payload.day, by=user
    )
    return _agreement(request, agreement_id)


# --- participation, NGOs ------------------------------------------------------------------------


def _participation(p: Participation) -> dict[str, Any]:
    return {
        "id": p.pk,
        "state": p.state.code,
        "state_name": p.state.name,
        "kind": p.kind,
        "level": p.level,
        "event_name": p.event_name,
        "date": p.date,
        "council_meeting": p.council_meeting_id,
        "event": p.event_id,
        "status_on_date": p.status_on_date,
        "notes": p.notes,
        "is_demo": p.is_demo,
    }


@router.read("/participations", action="relations.view", summary="Partner states' participation")
def relations_participations(request: HttpRequest) -> list[dict[str, Any]]:
    user = me(request)
    with translation.override(user.language):
        return [_participation(p) for p in selectors.participations_visible(user)[:1000]]


@router.create(
    "/participations",
    action="relations.manage",
    response=CHANGED,
    summary="Record a partner state's participation",
)
def relations_participation_record(
    request: HttpRequest, payload: ParticipationIn
) -> Status[dict[str, Any]]:
    """As observer (STRAT-OBSERVERS), dialogue partner (STRAT-DIALOGUE) or guest."""
    council = (
        CouncilMeeting.objects.filter(pk=payload.council_meeting).first()
        if payload.council_meeting
        else None
    )
    event = Event.objects.filter(pk=payload.event).first() if payload.event else None
    if (payload.council_meeting and council is None) or (payload.event and event is None):
        raise NotFoundError(translation.gettext_lazy("There is no such meeting or event."))
    found = services.participation_record(
        state=_state(code=payload.state),
        kind=payload.kind,
        level=payload.level,
        event_name=payload.event_name,
        date=payload.date,
        council_meeting=council,
        event=event,
        notes=payload.notes,
        by=me(request),
    )
    return Status(201, _participation(found))


def _ngo(n: NgoInteraction) -> dict[str, Any]:
    return {
        "id": n.pk,
        "organisation_name": n.organisation_name,
        "kind": n.kind,
        "body": n.body.code if n.body else None,
        "date": n.date,
        "subject": n.subject,
        "outcome": n.outcome,
        "is_demo": n.is_demo,
    }


@router.read("/ngo", action="relations.view", summary="Interactions with NGOs")
def relations_ngo(request: HttpRequest) -> list[dict[str, Any]]:
    user = me(request)
    return [_ngo(n) for n in selectors.ngo_interactions_visible(user)[:1000]]


@router.create(
    "/ngo", action="relations.manage", response=CHANGED, summary="Record an interaction with an NGO"
)
def relations_ngo_record(request: HttpRequest, payload: NgoIn) -> Status[dict[str, Any]]:
    body = Body.objects.filter(code=payload.body).first() if payload.body else None
    if payload.body and body is None:
        raise NotFoundError(translation.gettext_lazy("There is no such body."))
    found = services.ngo_interaction_record(
        organisation_name=payload.organisation_name,
        kind=payload.kind,
        body=body,
        date=payload.date,
        subject=payload.subject,
        outcome=payload.outcome,
        by=me(request),
    )
    return Status(201, _ngo(found))


# --- events (SEC-EXPERTS) -----------------------------------------------------------------------


def _event(e: Event) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "title": e.title,
        "title_en": e.title_en,
        "title_ru": e.title_ru,
        "title_zh": e.title_zh,
        "date_start": e.date_start,
        "date_end": e.date_end,
        "place": e.place,
        "organisers": e.organisers,
        "participants_count": e.participants_count,
        "outcome": e.outcome,
        "is_demo": e.is_demo,
    }


def _event_values(payload: EventIn) -> dict[str, Any]:
    values = payload.dict()
    values["title"] = {
        "en": values.pop("title_en"),
        "ru": values.pop("title_ru"),
        "zh": values.pop("title_zh"),
    }
    return values


@router.read("/events", action="relations.view", summary="Workshops, conferences, symposia")
def relations_events(request: HttpRequest) -> list[dict[str, Any]]:
    user = me(request)
    with translation.override(user.language):
        return [_event(e) for e in selectors.events_visible(user)[:1000]]


@router.create("/events", action="relations.manage", response=CHANGED, summary="Add an event")
def relations_event_create(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    found = services.event_save(by=me(request), **_event_values(payload))
    return Status(201, _event(found))


@router.read(
    "/events/{event_id}",
    action="relations.view",
    response={200: dict, 404: ErrorOut},
    summary="An event",
)
def relations_event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return _event(selectors.event_of(user, event_id))


@router.replace(
    "/events/{event_id}", action="relations.manage", response=DONE, summary="Change an event"
)
def relations_event_change(request: HttpRequest, event_id: int, payload: EventIn) -> dict[str, Any]:
    """The whole event as given: dates, place, organisers, participants, outcome."""
    user = me(request)
    found = services.event_save(
        event=selectors.event_of(user, event_id), by=user, **_event_values(payload)
    )
    return _event(found)


# --- missions (SEC-MISSIONS) --------------------------------------------------------------------


def _mission(request: HttpRequest, mission_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return selectors.mission_out(selectors.mission_of(user, mission_id))


@router.read("/missions", action="relations.view", summary="Election observer missions")
def relations_missions(request: HttpRequest) -> list[dict[str, Any]]:
    user = me(request)
    with translation.override(user.language):
        return [selectors.mission_out(m) for m in selectors.missions_visible(user)[:500]]


@router.create("/missions", action="relations.manage", response=CHANGED, summary="Set up a mission")
def relations_mission_create(request: HttpRequest, payload: MissionIn) -> Status[dict[str, Any]]:
    found = services.mission_create(
        kind=payload.kind,
        country=_state(code=payload.country),
        election_date=payload.election_date,
        date_start=payload.date_start,
        date_end=payload.date_end,
        by=me(request),
    )
    return Status(201, _mission(request, found.pk))


@router.read(
    "/missions/{mission_id}",
    action="relations.view",
    response={200: dict, 404: ErrorOut},
    summary="A mission",
)
def relations_mission(request: HttpRequest, mission_id: int) -> dict[str, Any]:
    return _mission(request, mission_id)


@router.create(
    "/missions/{mission_id}/members",
    action="relations.manage",
    response=CHANGED,
    summary="Add a member to a mission",
)
def relations_mission_member(
    request: HttpRequest, mission_id: int, payload: MemberIn
) -> Status[dict[str, Any]]:
    user = me(request)
    mission = selectors.mission_of(user, mission_id)
    member = None
    if payload.username:
        member = User.objects.filter(username=payload.username, is_active=True).first()
        if member is None:
            raise NotFoundError(translation.gettext_lazy("There is no such user."))
    services.mission_member_add(
        mission=mission,
        user=member,
        name=payload.name,
        state=_state(code=payload.state) if payload.state else None,
        is_head=payload.is_head,
        by=user,
    )
    return Status(201, _mission(request, mission_id))


@router.create(
    "/missions/{mission_id}/report",
    action="relations.manage",
    response=DONE,
    summary="File the mission's report",
)
def relations_mission_report(
    request: HttpRequest, mission_id: int, payload: ReportIn
) -> dict[str, Any]:
    """The report's text, dated no earlier than the vote (a file is uploaded on the page)."""
    user = me(request)
    services.mission_report_submit(
        mission=selectors.mission_of(user, mission_id),
        report_date=payload.report_date,
        text=payload.text,
        by=user,
    )
    return _mission(request, mission_id)


# --- the protocol schedule (SEC-PROTOCOL) -------------------------------------------------------


@router.read("/protocol", action="protocol.view", summary="The Secretary-General's schedule")
def relations_protocol(
    request: HttpRequest, start: dt.date | None = None, days: int = 31
) -> list[dict[str, Any]]:
    """Engagements from ``start`` (default today) for ``days``, with overlap warnings."""
    user = me(request)
    with translation.override(user.language):
        lines = selectors.schedule(
            user, start=start or timezone.localdate(), days=max(1, min(days, 366))
        )
        return [selectors.engagement_out(line) for line in lines]


@router.read(
    "/protocol/schedule.ics",
    action="protocol.view",
    response={200: None},
    summary="The Secretary-General's schedule as iCalendar",
    openapi_extra={
        "responses": {"200": {"description": "RFC 5545", "content": {"text/calendar": {}}}}
    },
)
def relations_protocol_ics(request: HttpRequest) -> HttpResponse:
    """Every engagement, as an RFC 5545 calendar in the caller's language."""
    return schedule_ics(me(request))


def _saved(request: HttpRequest, saved: services.Saved) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return {
            **selectors.engagement_out(
                selectors.ScheduleLine(
                    saved.engagement,
                    saved.overlapping,
                    [selectors.overlap_warning(o) for o in saved.overlapping],
                )
            )
        }


@router.create(
    "/protocol", action="relations.manage", response=CHANGED, summary="Add an engagement"
)
def relations_engagement_create(
    request: HttpRequest, payload: EngagementIn
) -> Status[dict[str, Any]]:
    """An engagement; one that overlaps others is saved, with a warning naming them."""
    saved = services.engagement_save(by=me(request), **payload.dict())
    return Status(201, _saved(request, saved))


@router.replace(
    "/protocol/{engagement_id}",
    action="relations.manage",
    response=DONE,
    summary="Change an engagement",
)
def relations_engagement_change(
    request: HttpRequest, engagement_id: int, payload: EngagementIn
) -> dict[str, Any]:
    user = me(request)
    saved = services.engagement_save(
        engagement=selectors.engagement_of(user, engagement_id), by=user, **payload.dict()
    )
    return _saved(request, saved)


@router.remove(
    "/protocol/{engagement_id}",
    action="relations.manage",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Take an engagement off the schedule",
)
def relations_engagement_cancel(request: HttpRequest, engagement_id: int) -> Status[None]:
    user = me(request)
    services.engagement_cancel(engagement=selectors.engagement_of(user, engagement_id), by=user)
    return Status(204, None)
