"""Demo external relations for ``make run``: ``secretariat relations demo`` (after ``registry
load`` and ``accounts demo``). Every row is marked ``is_demo`` and its text starts with "Demo:",
so no one takes it for a real contact, agreement, event or engagement:

- two contacts at the UN Secretariat (or ASEAN, or the first organisation loaded) and a meeting;
- a memorandum with that partner that every member state but Kazakhstan and Russia has
  consented to: kz-coordinator and ru-permrep can give the last two consents, officer then signs;
  China's consent is registered by officer from a note verbale (its reference and date shown);
- a Mongolian observer delegation at a summit, recorded as participation;
- an interaction with the SCO Business Council (a non-governmental structure of the registry);
- a conference, and an observer mission to a parliamentary election with its report;
- the Secretary-General's schedule for this week, with two engagements that overlap.

Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.meetings.demo import PREFIX
from secretariat.registry.models import Body, BodyKind, InternationalOrganisation, State
from secretariat.registry.selectors import member_states_on
from secretariat.relations import services
from secretariat.relations.models import (
    Agreement,
    AgreementStatus,
    Consent,
    Contact,
    Engagement,
    Event,
    Mission,
    NgoInteraction,
    Participation,
)

#: The members whose consent the demo leaves for the demo users to give.
LEFT_TO_CONSENT = ("KZ", "RU")
#: The member whose consent the demo registers from a note verbale (else the first other one).
BY_NOTE = "CN"
#: The demo note's reference.
NOTE_REFERENCE = "No. 2025/117 (demo)"


@dataclass
class Made:
    notes: list[str] = field(default_factory=list)


def _demo(text: str) -> str:
    return PREFIX.en + text


def _partner_organisation() -> InternationalOrganisation | None:
    for abbreviation in ("UN", "ASEAN"):
        found = InternationalOrganisation.objects.filter(abbreviation=abbreviation).first()
        if found is not None:
            return found
    return InternationalOrganisation.objects.order_by("name_en").first()


def demo_relations_ensure(today: dt.date | None = None) -> Made:
    """Make each part of the demo unless it exists; say what was made."""
    today = today or timezone.localdate()
    made = Made()
    with transaction.atomic():
        _partners(today, made)
        _note_consent(today, made)
        _participation(made)
        _ngo(today, made)
        _event(today, made)
        _mission(today, made)
        _schedule(today, made)
    return made


def _partners(today: dt.date, made: Made) -> None:
    if Contact.objects.filter(is_demo=True).exists():
        return
    organisation = _partner_organisation()
    if organisation is None:
        made.notes.append(
            "no partner organisation in the registry: run `secretariat registry load`"
        )
        return
    partner = services.partner_of(organisation=organisation)
    officer = User.objects.filter(username="officer").first()
    services.contact_add(
        partner=partner,
        name=_demo("Ms Anna Example"),
        role="Political Affairs Officer (demo person)",
        email="anna.example@example.org",
        by=officer,
        is_demo=True,
    )
    services.contact_add(
        partner=partner,
        name=_demo("Mr Li Shili"),
        role="Liaison officer (demo person)",
        email="li.shili@example.org",
        by=officer,
        is_demo=True,
    )
    services.partner_meeting_record(
        partner=partner,
        date=today - dt.timedelta(days=14),
        place="Beijing, SCO Secretariat",
        participants=_demo("SCO Deputy Secretary-General; two officers of the partner"),
        summary=_demo(
            "Discussed a memorandum on cooperation against illicit drug trafficking; "
            "agreed to exchange drafts. Not a real meeting."
        ),
        by=officer,
        is_demo=True,
    )
    agreement = services.agreement_register(
        partner=partner,
        kind="memorandum",
        title={
            "en": PREFIX.en + "Memorandum of understanding on countering illicit drug trafficking",
            "ru": PREFIX.ru + "Меморандум о взаимопонимании по противодействию незаконному "
            "обороту наркотиков",
            "zh": PREFIX.zh + "关于打击非法贩运毒品的谅解备忘录",
        },
        notes="Demo document: not a real agreement.",
        by=officer,
        is_demo=True,
    )
    waiting = []
    by_note = _by_note_state(today)
    for state in member_states_on(today):
        if state.code in LEFT_TO_CONSENT:
            waiting.append(state.name_en)
            continue
        if by_note is not None and state.pk == by_note.pk:
            continue  # registered from its note verbale by _note_consent
        services.consent_record(
            agreement=agreement,
            state=state,
            decision="given",
            by_name=_demo(f"note verbale of {state.name_en}"),
        )
    made.notes.append(
        f"contacts and a meeting with {organisation.name_en}; agreement #{agreement.pk} awaits "
        f"the consent of {', '.join(waiting)}"
    )


def _by_note_state(today: dt.date) -> State | None:
    members = member_states_on(today).exclude(code__in=LEFT_TO_CONSENT).order_by("code")
    return members.filter(code=BY_NOTE).first() or members.first()


def _note_consent(today: dt.date, made: Made) -> None:
    """One member state's consent to the demo memorandum, registered by the officer from the
    note verbale its ministry sent (also on a database whose demo predates this part)."""
    agreement = (
        Agreement.objects.filter(is_demo=True, status=AgreementStatus.AWAITING_CONSENT)
        .order_by("pk")
        .first()
    )
    state = _by_note_state(today)
    if agreement is None or state is None:
        return
    if Consent.objects.filter(agreement__is_demo=True).exclude(note_reference="").exists():
        return
    consent = services.consent_record(
        agreement=agreement,
        state=state,
        decision="given",
        by=User.objects.filter(username="officer").first(),
        by_name=_demo(f"Ministry of Foreign Affairs of {state.name_en}"),
        note_reference=NOTE_REFERENCE,
        note_dated=timezone.localdate(agreement.created_at),
    )
    made.notes.append(
        f"the consent of {state.name_en} registered from note verbale {consent.note_reference}"
    )


def _participation(made: Made) -> None:
    if Participation.objects.filter(is_demo=True).exists():
        return
    mongolia = State.objects.filter(code="MN").first()
    if mongolia is None:
        return
    services.participation_record(
        state=mongolia,
        kind="observer",
        level="chs",
        event_name=_demo("Council of Heads of State, public meeting"),
        date=dt.date(2024, 7, 4),
        notes="Demo record.",
        is_demo=True,
    )
    made.notes.append("Mongolia's participation as an observer at a summit")


def _ngo(today: dt.date, made: Made) -> None:
    if NgoInteraction.objects.filter(is_demo=True).exists():
        return
    body = Body.objects.filter(kind=BodyKind.NON_GOVERNMENTAL).order_by("position").first()
    services.ngo_interaction_record(
        organisation_name=_demo(body.name_en if body else "SCO Business Council"),
        kind="sco_structure" if body else "business",
        body=body,
        date=today - dt.timedelta(days=7),
        subject=_demo("Preparation of the annual session"),
        outcome=_demo("Agreed on a joint programme. Not a real interaction."),
        is_demo=True,
    )
    made.notes.append("an interaction with a non-governmental structure")


def _event(today: dt.date, made: Made) -> None:
    if Event.objects.filter(is_demo=True).exists():
        return
    start = today + dt.timedelta(days=21)
    services.event_save(
        kind="conference",
        title={
            "en": PREFIX.en + "Conference on regional connectivity",
            "ru": PREFIX.ru + "Конференция по региональной взаимосвязанности",
            "zh": PREFIX.zh + "区域互联互通会议",
        },
        date_start=start,
        date_end=start + dt.timedelta(days=1),
        place="Beijing",
        organisers="SCO Secretariat (demo)",
        participants_count=120,
        is_demo=True,
    )
    made.notes.append("a conference")


def _mission(today: dt.date, made: Made) -> None:
    if Mission.objects.filter(is_demo=True).exists():
        return
    country = State.objects.filter(code="KG").first()
    if country is None:
        return
    vote = today - dt.timedelta(days=30)
    mission = services.mission_create(
        kind="parliamentary",
        country=country,
        election_date=vote,
        date_start=vote - dt.timedelta(days=5),
        date_end=vote + dt.timedelta(days=1),
        is_demo=True,
    )
    kz = User.objects.filter(username="kz-coordinator").first()
    if kz is not None:
        services.mission_member_add(mission=mission, user=kz)
    services.mission_member_add(
        mission=mission,
        name=_demo("Head of the mission (demo person)"),
        state=State.objects.filter(code="CN").first(),
        is_head=True,
    )
    services.mission_report_submit(
        mission=mission,
        report_date=vote + dt.timedelta(days=1),
        text=_demo("The mission observed the vote at 40 polling stations. Not a real report."),
    )
    made.notes.append("an observer mission with its report")


def _schedule(today: dt.date, made: Made) -> None:
    if Engagement.objects.filter(is_demo=True).exists():
        return
    monday = today - dt.timedelta(days=today.weekday())

    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        moment = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour, minute))
        return timezone.make_aware(moment)

    week = [
        (at(0, 10), at(0, 11), "Ambassador of Mongolia (demo)", "SCO Secretariat", "meeting"),
        (
            at(1, 9, 30),
            at(1, 12),
            "Council of National Coordinators (demo)",
            "SCO Secretariat",
            "meeting",
        ),
        (at(1, 11), at(1, 12), "UNESCO delegation (demo)", "SCO Secretariat", "talks"),
        (at(2, 8), at(2, 20), "Visit to Tianjin (demo)", "Tianjin", "visit"),
        (at(3, 15), at(3, 16), "Videoconference with ESCAP (demo)", "SCO Secretariat", "call"),
        (at(4, 18), at(4, 20), "Reception for the diplomatic corps (demo)", "Beijing", "reception"),
    ]
    for starts, ends, counterpart, place, kind in week:
        services.engagement_save(
            starts_at=starts,
            ends_at=ends,
            counterpart=counterpart,
            place=place,
            kind=kind,
            notes="Demo engagement: not a real one.",
            is_demo=True,
        )
    made.notes.append(f"the Secretary-General's schedule for the week of {monday}")


__all__ = ["BY_NOTE", "LEFT_TO_CONSENT", "NOTE_REFERENCE", "Made", "demo_relations_ensure"]
