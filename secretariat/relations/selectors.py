"""Reads of the relations app, for those allowed: ``relations.view`` for partners, agreements,
participation, NGOs, events and missions; ``protocol.view`` for the Secretary-General's schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from secretariat.accounts.models import User
from secretariat.core.collation import by_names, sorted_by_name
from secretariat.core.errors import NotFoundError, PermissionDeniedError
from secretariat.core.lookup import found_or_404
from secretariat.procedure import relations as relation_rules
from secretariat.procedure.consent import ConsentVerdict
from secretariat.procedure.text import Message, parse_lang
from secretariat.registry.models import InternationalOrganisation, State
from secretariat.registry.selectors import PARTNER_STATUSES, member_states_on
from secretariat.relations.models import (
    Agreement,
    AgreementStatus,
    Consent,
    Engagement,
    Event,
    Mission,
    MissionMember,
    NgoInteraction,
    Participation,
    Partner,
    ProtocolFeedToken,
)


def may_see_record(user: User, obj: Any) -> bool:
    """Who may see a relations record's history: whoever may see the record."""
    if isinstance(obj, ProtocolFeedToken):
        return bool(obj.user_id == user.pk)
    if isinstance(obj, Engagement):
        return user.can("protocol.view")
    return user.can("relations.view")


def _require(user: User | None, action: str) -> None:
    if user is None or not user.can(action):
        raise PermissionDeniedError(_("Your role does not allow this."))


# --- partners -----------------------------------------------------------------------------------


@dataclass
class PartnerRow:
    """A registry organisation or state as a partner, with what is recorded about it."""

    kind: str  # "organisation" or "state"
    ref_id: int
    name: str
    note: str = ""
    contacts: int = 0
    meetings: int = 0
    agreements: int = 0


def partner_states() -> QuerySet[State]:
    """States that are, or were, observers, dialogue partners or SCO partners and are not
    members today, with any state the Secretariat has recorded relations with."""
    today = timezone.localdate()
    members = member_states_on(today).values("pk")
    return (
        State.objects.filter(
            Q(statuses__status__in=PARTNER_STATUSES) | Q(relations_partner__isnull=False)
        )
        .exclude(pk__in=members)
        .distinct()
        .prefetch_related("statuses")
        .order_by("name_en")
    )


def _counts() -> dict[int, tuple[int, int, int]]:
    rows = Partner.objects.annotate(
        n_contacts=Count("contacts", distinct=True),
        n_meetings=Count("meetings", distinct=True),
        n_agreements=Count("agreements", distinct=True),
    ).values("organisation_id", "state_id", "n_contacts", "n_meetings", "n_agreements")
    found: dict[int, tuple[int, int, int]] = {}
    for row in rows:
        key = row["organisation_id"] if row["organisation_id"] else -int(row["state_id"])
        found[key] = (row["n_contacts"], row["n_meetings"], row["n_agreements"])
    return found


def status_name(status: str | None) -> str:
    """The name of an SCO status (member, observer, ...) in the active language."""
    return Message(f"relations.status.{status or 'none'}").render(parse_lang(_lang()))


def _lang() -> str:
    return get_language() or "en"


def partner_rows(user: User | None) -> tuple[list[PartnerRow], list[PartnerRow]]:
    """Partner organisations and partner states, each with counts of what is recorded."""
    _require(user, "relations.view")
    counts = _counts()
    today = timezone.localdate()
    organisations = [
        PartnerRow("organisation", o.pk, o.name, o.shown_abbreviation, *counts.get(o.pk, (0, 0, 0)))
        for o in sorted_by_name(InternationalOrganisation.objects.all(), by_names)
    ]
    states = []
    for state in partner_states():
        status = state.status_on(today)
        states.append(
            PartnerRow(
                "state",
                state.pk,
                state.name,
                status_name(str(status.status) if status else None),
                *counts.get(-state.pk, (0, 0, 0)),
            )
        )
    return organisations, sorted_by_name(states, lambda row, _lang: row.name)


@dataclass
class PartnerView:
    """One partner with its contacts, meetings, agreements and the registry's documents."""

    kind: str
    ref_id: int
    name: str
    partner: Partner | None
    organisation: InternationalOrganisation | None = None
    state: State | None = None
    contacts: list[Any] = field(default_factory=list)
    meetings: list[Any] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    registry_documents: list[Any] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    statuses: list[Any] = field(default_factory=list)


def partner_view(
    user: User | None, *, organisation_id: int | None = None, state_id: int | None = None
) -> PartnerView:
    """A partner organisation (``organisation_id``) or state (``state_id``) as the pages show it."""
    _require(user, "relations.view")
    if organisation_id is not None:
        organisation = InternationalOrganisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise NotFoundError(_("There is no such partner organisation."))
        partner = Partner.objects.filter(organisation=organisation).first()
        shown = PartnerView("organisation", organisation.pk, organisation.name, partner)
        shown.organisation = organisation
        shown.registry_documents = list(organisation.documents.all())
    else:
        state = State.objects.filter(pk=state_id or 0).prefetch_related("statuses").first()
        if state is None:
            raise NotFoundError(_("There is no such partner state."))
        partner = Partner.objects.filter(state=state).first()
        shown = PartnerView("state", state.pk, state.name, partner)
        shown.state = state
        shown.statuses = list(state.statuses.all())
        shown.participations = list(Participation.objects.filter(state=state))
    if partner is not None:
        shown.contacts = list(partner.contacts.all())
        shown.meetings = list(partner.meetings.all())
        shown.agreements = list(with_consents(Agreement.objects.filter(partner=partner)))
    return shown


# --- agreements ---------------------------------------------------------------------------------


def with_consents(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    consents = Consent.objects.select_related("state", "decided_by", "registered_by").order_by(
        "state__name_en"
    )
    return agreements.select_related("partner__organisation", "partner__state").prefetch_related(
        Prefetch("consents", queryset=consents)
    )


def agreements_visible(user: User | None) -> QuerySet[Agreement]:
    _require(user, "relations.view")
    return with_consents(Agreement.objects.all())


def agreement_of(user: User | None, agreement_id: int) -> Agreement:
    return found_or_404(agreements_visible(user), _("There is no such agreement."), pk=agreement_id)


@dataclass
class ConsentRow:
    state: State
    consent: Consent | None


@dataclass
class ConsentBoard:
    """Each member state with its answer, and whether the agreement may be signed."""

    rows: list[ConsentRow]
    verdict: ConsentVerdict


def consent_board(agreement: Agreement, day: dt.date | None = None) -> ConsentBoard:
    """Every member state on ``day`` with its consent (or none yet), and the verdict."""
    day = day or timezone.localdate()
    members = sorted_by_name(member_states_on(day), by_names)
    by_state = {c.state_id: c for c in agreement.consents.all()}
    rows = [ConsentRow(state, by_state.get(state.pk)) for state in members]
    decisions = {c.state.code: c.answer for c in by_state.values()}
    verdict = relation_rules.consent_verdict([s.code for s in members], decisions)
    return ConsentBoard(rows, verdict)


def _registered_by(consent: Consent | None) -> str:
    """Who registered an answer received by note verbale, by name ("" otherwise)."""
    user = consent.registered_by if consent is not None else None
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def note_states(agreement: Agreement) -> QuerySet[State]:
    """The member states whose answer a note verbale may still bring: every member state of
    today while the agreement awaits consent (a state may change its answer until the
    signature); none once it is signed."""
    if agreement.status != AgreementStatus.AWAITING_CONSENT:
        return State.objects.none()
    return member_states_on(timezone.localdate()).order_by("name_en")


def agreement_out(agreement: Agreement) -> dict[str, Any]:
    board = consent_board(agreement)
    partner = agreement.partner
    return {
        "id": agreement.pk,
        "kind": agreement.kind,
        "title": agreement.title,
        "title_en": agreement.title_en,
        "title_ru": agreement.title_ru,
        "title_zh": agreement.title_zh,
        "partner": {
            "organisation": partner.organisation_id,
            "state": partner.state_id,
            "name": partner.name,
        },
        "status": agreement.status,
        "signed_on": agreement.signed_on,
        "signed_place": agreement.signed_place,
        "in_force": agreement.in_force,
        "in_force_from": agreement.in_force_from,
        "is_demo": agreement.is_demo,
        "may_sign": board.verdict.may_sign,
        "missing": list(board.verdict.missing),
        "withheld": list(board.verdict.withheld),
        "rules": list(board.verdict.rules),
        "consents": [
            {
                "state": row.state.code,
                "state_name": row.state.name,
                "decision": row.consent.decision if row.consent else None,
                "decided_by": row.consent.decided_by_name if row.consent else "",
                "decided_at": row.consent.decided_at if row.consent else None,
                "note": row.consent.note if row.consent else "",
                "note_reference": row.consent.note_reference if row.consent else "",
                "note_dated": row.consent.note_dated if row.consent else None,
                "registered_by": _registered_by(row.consent),
            }
            for row in board.rows
        ],
    }


# --- participation, NGOs, events, missions ------------------------------------------------------


def participations_visible(user: User | None) -> QuerySet[Participation]:
    _require(user, "relations.view")
    return Participation.objects.select_related("state", "council_meeting", "event")


def ngo_interactions_visible(user: User | None) -> QuerySet[NgoInteraction]:
    _require(user, "relations.view")
    return NgoInteraction.objects.select_related("body")


def events_visible(user: User | None) -> QuerySet[Event]:
    _require(user, "relations.view")
    return Event.objects.all()


def event_of(user: User | None, event_id: int) -> Event:
    return found_or_404(events_visible(user), _("There is no such event."), pk=event_id)


def missions_visible(user: User | None) -> QuerySet[Mission]:
    _require(user, "relations.view")
    members = MissionMember.objects.select_related("state", "user")
    return Mission.objects.select_related("country").prefetch_related(
        Prefetch("members", queryset=members)
    )


def mission_of(user: User | None, mission_id: int) -> Mission:
    return found_or_404(missions_visible(user), _("There is no such mission."), pk=mission_id)


def mission_out(mission: Mission) -> dict[str, Any]:
    head = mission.head
    return {
        "id": mission.pk,
        "kind": mission.kind,
        "country": mission.country.code,
        "country_name": mission.country.name,
        "election_date": mission.election_date,
        "date_start": mission.date_start,
        "date_end": mission.date_end,
        "head": head.name if head else None,
        "members": [
            {
                "id": m.pk,
                "name": m.name,
                "state": m.state.code if m.state else None,
                "user": m.user.get_username() if m.user else None,
                "is_head": m.is_head,
            }
            for m in mission.members.all()
        ],
        "report_date": mission.report_date,
        "report_text": mission.report_text,
        "report_file": bool(mission.report_file),
        "is_demo": mission.is_demo,
    }


# --- the protocol schedule ----------------------------------------------------------------------


@dataclass
class ScheduleLine:
    engagement: Engagement
    #: The engagements it overlaps (shown as a warning).
    overlaps: list[Engagement]
    warnings: list[str]


def schedule(
    user: User | None, *, start: dt.date | None = None, days: int | None = None
) -> list[ScheduleLine]:
    """The Secretary-General's engagements from ``start`` (all when None) for ``days``, each
    with a warning for every other engagement whose time it shares."""
    _require(user, "protocol.view")
    found = Engagement.objects.all()
    if start is not None:
        first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        found = found.filter(ends_at__gt=first)
        if days is not None:
            found = found.filter(starts_at__lt=first + dt.timedelta(days=days))
    engagements = list(found.order_by("starts_at", "pk")[:2000])
    # Overlaps with engagements just outside the window are still overlaps.
    if engagements:
        around = Engagement.objects.filter(
            starts_at__lt=max(e.ends_at for e in engagements),
            ends_at__gt=min(e.starts_at for e in engagements),
        )
        everything = {e.pk: e for e in [*around, *engagements]}
    else:
        everything = {}
    pairs = relation_rules.overlaps((e.pk, e.starts_at, e.ends_at) for e in everything.values())
    return [
        ScheduleLine(
            e,
            [everything[pk] for pk in pairs.get(e.pk, [])],
            [overlap_warning(everything[pk]) for pk in pairs.get(e.pk, [])],
        )
        for e in engagements
    ]


def overlap_warning(other: Engagement) -> str:
    """The warning shown beside an engagement that shares its time with ``other``."""
    return Message(
        "relations.warning.overlap",
        {
            "counterpart": other.counterpart,
            "start": f"{timezone.localtime(other.starts_at):%Y-%m-%d %H:%M}",
            "end": f"{timezone.localtime(other.ends_at):%H:%M}",
        },
    ).render(parse_lang(_lang()))


def engagement_of(user: User | None, engagement_id: int) -> Engagement:
    _require(user, "protocol.view")
    return found_or_404(Engagement, _("There is no such engagement."), pk=engagement_id)


def engagement_out(line: ScheduleLine) -> dict[str, Any]:
    e = line.engagement
    return {
        "id": e.pk,
        "starts_at": e.starts_at,
        "ends_at": e.ends_at,
        "counterpart": e.counterpart,
        "place": e.place,
        "kind": e.kind,
        "notes": e.notes,
        "version": e.version,
        "is_demo": e.is_demo,
        "overlaps": [o.pk for o in line.overlaps],
        "warnings": line.warnings,
    }


def protocol_feed_of(user: User) -> ProtocolFeedToken | None:
    """The user's active private address of the schedule's feed, if any."""
    return ProtocolFeedToken.objects.filter(user=user, revoked__isnull=True).first()
