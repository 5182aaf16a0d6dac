"""Writes of the relations app. Each runs in one transaction; the audit log records every row
written (audit.handlers), and a refusal changes nothing.

Refusals carry a stable code and a sentence of ``procedure/messages/relations.yaml`` citing the
rule: SEC-EXTERNAL (agreements and consents), SEC-PARTNERS, STRAT-OBSERVERS / STRAT-DIALOGUE
(participation), SEC-NGO, SEC-EXPERTS (events), SEC-MISSIONS, SEC-PROTOCOL (the schedule).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import DelegationKind, User
from secretariat.core.errors import RefusedError
from secretariat.procedure.text import Message, Text
from secretariat.registry.models import (
    Body,
    BodyKind,
    CouncilMeeting,
    InternationalOrganisation,
    State,
)
from secretariat.registry.selectors import member_states_on
from secretariat.relations import rules
from secretariat.relations.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Consent,
    ConsentDecision,
    Contact,
    ElectionKind,
    Engagement,
    EngagementKind,
    Event,
    EventKind,
    EventLevel,
    Mission,
    MissionMember,
    NgoInteraction,
    NgoKind,
    Participation,
    ParticipationKind,
    Partner,
    PartnerMeeting,
    ProtocolFeedToken,
)

#: The largest mission report file taken, in bytes.
REPORT_FILE_LIMIT = 20 * 1024 * 1024


def refuse(
    code: str, message: str, rules: Sequence[str] = (), *, status: int = 400, **params: object
) -> RefusedError:
    """A refusal with the sentence ``relations.<message>`` citing ``rules``."""
    return RefusedError(
        code, Message(f"relations.{message}", params), rules=tuple(rules), status=status
    )


def _text(value: str | None) -> str:
    return (value or "").strip()


def _required(value: str | None, what: str, rules: Sequence[str]) -> str:
    text = _text(value)
    if not text:
        raise refuse("field_required", f"required.{what}", rules)
    return text


def _choice(value: str, choices: Sequence[str], what: str, rules: Sequence[str]) -> str:
    if value not in choices:
        raise refuse(f"unknown_{what}", f"unknown.{what}", rules, value=value, known=list(choices))
    return value


def _state_name(state: State) -> Text:
    return Text(
        en=state.name_en, ru=state.name_ru or state.name_en, zh=state.name_zh or state.name_en
    )


def _title(title: Mapping[str, str], rules: Sequence[str]) -> dict[str, str]:
    return {
        "title_en": _required(title.get("en"), "title", rules),
        "title_ru": _text(title.get("ru")),
        "title_zh": _text(title.get("zh")),
    }


def is_member_state(state: State, day: dt.date) -> bool:
    return member_states_on(day).filter(pk=state.pk).exists()


# --- partners, their contacts and meetings (SEC-EXTERNAL, SEC-PARTNERS) -----------------------


@transaction.atomic
def partner_of(
    *, organisation: InternationalOrganisation | None = None, state: State | None = None
) -> Partner:
    """The partner row of a registry organisation or state, made the first time it is needed.

    A state that is a member today is not a partner: its relations are not external.
    """
    if (organisation is None) == (state is None):
        raise ValueError("name exactly one of organisation and state")
    if organisation is not None:
        return Partner.objects.get_or_create(organisation=organisation)[0]
    assert state is not None  # noqa: S101  # checked above
    if is_member_state(state, timezone.localdate()):
        raise refuse(
            "member_state_not_partner",
            "member_state_not_partner",
            ("SEC-EXTERNAL",),
            state=_state_name(state),
        )
    return Partner.objects.get_or_create(state=state)[0]


@transaction.atomic
def contact_add(
    *,
    partner: Partner,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    notes: str = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Contact:
    """Add a person at a partner: name, post, e-mail."""
    email = _text(email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise refuse("invalid_email", "invalid_email", value=email) from None
    return Contact.objects.create(
        partner=partner,
        name=_required(name, "name", ("SEC-EXTERNAL",)),
        role=_text(role),
        email=email,
        phone=_text(phone),
        notes=_text(notes),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


@transaction.atomic
def partner_meeting_record(
    *,
    partner: Partner,
    date: dt.date,
    place: str,
    participants: str,
    summary: str,
    by: User | None = None,
    is_demo: bool = False,
) -> PartnerMeeting:
    """Record a meeting with a partner: when, where, who took part, what came of it."""
    cited = ("SEC-EXTERNAL",)
    return PartnerMeeting.objects.create(
        partner=partner,
        date=date,
        place=_required(place, "place", cited),
        participants=_required(participants, "participants", cited),
        summary=_required(summary, "summary", cited),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


# --- agreements concluded with the member states' consent (SEC-EXTERNAL) ---------------------


@transaction.atomic
def agreement_register(
    *,
    partner: Partner,
    kind: str,
    title: Mapping[str, str],
    notes: str = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Agreement:
    """Register a draft agreement or memorandum with a partner; it awaits every consent."""
    cited = ("SEC-EXTERNAL",)
    return Agreement.objects.create(
        partner=partner,
        kind=_choice(kind, AgreementKind.values, "agreement_kind", cited),
        **_title(title, cited),
        notes=_text(notes),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


def _locked_agreement(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().select_related("partner").get(pk=agreement.pk)


def may_consent_for(user: User | None, state: State) -> bool:
    """Whether ``user`` answers for ``state``: its own member state's delegation only."""
    if user is None:
        return True  # the command line and the demo, which name who decided
    delegation = user.delegation
    return (
        user.can("relations.consent")
        and delegation is not None
        and delegation.kind == DelegationKind.MEMBER_STATE
        and delegation.state_id == state.pk
    )


def may_register_note_for(user: User | None) -> bool:
    """Whether ``user`` registers any member state's answer received by note verbale: the
    Secretariat's staff who keep external relations (``relations.manage``)."""
    return user is not None and user.can("relations.manage")


@transaction.atomic
def consent_record(
    *,
    agreement: Agreement,
    state: State,
    decision: str,
    by: User | None = None,
    by_name: str = "",
    note: str = "",
    note_reference: str = "",
    note_dated: dt.date | None = None,
) -> Consent:
    """Record a member state's consent to the agreement, given or withheld (SEC-EXTERNAL).

    A user of the state's own delegation answers for it. Anyone else who keeps external
    relations (Secretariat staff) registers the answer the state sent in a note verbale, and
    must then give the note's reference and date: dated neither in the future nor before the
    agreement was registered. A state may change its answer until the agreement is signed.
    """
    cited = ("SEC-EXTERNAL",)
    _choice(decision, ConsentDecision.values, "consent", cited)
    reference = _text(note_reference)
    own = may_consent_for(by, state)
    if not own and not may_register_note_for(by):
        raise refuse(
            "not_your_state", "not_your_state", cited, status=403, state=_state_name(state)
        )
    from_note = not own or bool(reference) or note_dated is not None
    if from_note and (not reference or note_dated is None):
        raise refuse("note_required", "note_required", cited, state=_state_name(state))
    locked = _locked_agreement(agreement)
    if locked.status == AgreementStatus.SIGNED:
        raise refuse("agreement_signed", "agreement_signed", cited, status=409)
    if note_dated is not None:
        _check_note_date(note_dated, locked, cited)
    if not is_member_state(state, timezone.localdate()):
        raise refuse("not_a_member_state", "not_a_member_state", cited, state=_state_name(state))
    who = _text(by_name)
    if not who and from_note:
        who = f"note verbale {reference}"[:200]
    if not who and by is not None:
        who = by.get_full_name() or by.get_username()
    if not who:
        raise refuse("field_required", "required.decided_by", cited)
    consent, _created = Consent.objects.update_or_create(
        agreement=locked,
        state=state,
        defaults={
            "decision": decision,
            "decided_at": timezone.now(),
            # A user decides for their own state; an answer by note was decided by the state's
            # government and only registered by the Secretariat officer.
            "decided_by": None if from_note else by,
            "decided_by_name": who,
            "note": _text(note),
            "note_reference": reference,
            "note_dated": note_dated,
            "registered_by": by if from_note else None,
        },
    )
    return consent


def _check_note_date(day: dt.date, agreement: Agreement, cited: Sequence[str]) -> None:
    """A note verbale is dated neither in the future nor before the agreement was registered."""
    if day > timezone.localdate():
        raise refuse("note_in_future", "note_in_future", cited, day=day)
    registered = timezone.localdate(agreement.created_at)
    if day < registered:
        raise refuse(
            "note_before_agreement", "note_before_agreement", cited, day=day, registered=registered
        )


def agreement_verdict(agreement: Agreement, day: dt.date | None = None) -> rules.ConsentVerdict:
    """Whether the agreement may be signed on ``day``: every member state of that day consented."""
    day = day or timezone.localdate()
    members = list(member_states_on(day).values_list("code", flat=True))
    consents = dict(agreement.consents.values_list("state__code", "decision"))
    return rules.consent_verdict(members, consents)


def _names(codes: Sequence[str]) -> list[Text]:
    states = {s.code: s for s in State.objects.filter(code__in=codes)}
    return [_state_name(states[c]) for c in codes if c in states]


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    signed_on: dt.date,
    place: str = "",
    in_force: bool = False,
    by: User | None = None,
) -> Agreement:
    """Sign the agreement, once every member state has consented; refused otherwise, naming
    the states that withheld consent or have not answered (SEC-EXTERNAL)."""
    cited = ("SEC-EXTERNAL",)
    if signed_on > timezone.localdate():
        raise refuse("date_in_future", "date_in_future", cited, day=signed_on)
    locked = _locked_agreement(agreement)
    if locked.status == AgreementStatus.SIGNED:
        raise refuse("agreement_signed", "agreement_signed", cited, status=409)
    verdict = agreement_verdict(locked, signed_on)
    if verdict.withheld:
        raise refuse(
            "consent_withheld",
            "consent_withheld",
            verdict.rules,
            status=409,
            states=_names(verdict.withheld),
        )
    if verdict.missing:
        raise refuse(
            "consent_missing",
            "consent_missing",
            verdict.rules,
            status=409,
            states=_names(verdict.missing),
        )
    locked.status = AgreementStatus.SIGNED
    locked.signed_on = signed_on
    locked.signed_place = _text(place)
    locked.in_force = in_force
    locked.in_force_from = signed_on if in_force else None
    locked.save()
    agreement.refresh_from_db()
    return locked


@transaction.atomic
def agreement_enter_into_force(
    *, agreement: Agreement, day: dt.date, by: User | None = None
) -> Agreement:
    """Mark a signed agreement as in force from ``day``."""
    cited = ("SEC-EXTERNAL",)
    locked = _locked_agreement(agreement)
    if locked.status != AgreementStatus.SIGNED or locked.signed_on is None:
        raise refuse("agreement_not_signed", "agreement_not_signed", cited, status=409)
    if day < locked.signed_on:
        raise refuse(
            "in_force_before_signature",
            "in_force_before_signature",
            cited,
            day=day,
            signed=locked.signed_on,
        )
    locked.in_force = True
    locked.in_force_from = day
    locked.save(update_fields=["in_force", "in_force_from"])
    agreement.refresh_from_db()
    return locked


# --- partner states' participation (STRAT-OBSERVERS, STRAT-DIALOGUE) --------------------------


def status_on(state: State, day: dt.date) -> str | None:
    """The state's status in the SCO on ``day``, from the registry."""
    found = state.statuses.filter(valid_from__lte=day).order_by("-valid_from")
    for status in found:
        if status.covers(day):
            return str(status.status)
    return None


@transaction.atomic
def participation_record(
    *,
    state: State,
    kind: str,
    level: str,
    event_name: str,
    date: dt.date,
    council_meeting: CouncilMeeting | None = None,
    event: Event | None = None,
    notes: str = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Participation:
    """Record a partner state's part in an SCO meeting: observers at the public meetings of the
    CHS, the CHG and heads of ministries (STRAT-OBSERVERS), dialogue partners at ministerial and
    expert meetings (STRAT-DIALOGUE), guests anywhere; the registry says which status it held."""
    _choice(kind, ParticipationKind.values, "participation_kind", ("SEC-PARTNERS",))
    _choice(level, EventLevel.values, "event_level", ("SEC-PARTNERS",))
    name = _required(event_name, "event_name", ("SEC-PARTNERS",))
    status = status_on(state, date)
    verdict = rules.participation_verdict(kind=kind, status=status, level=level)
    if not verdict.allowed:
        params: dict[str, object] = {"state": _state_name(state), "day": date}
        if verdict.reason == "status":
            params["held"] = _status_text(status)
        sentence = (
            "participation.member"
            if verdict.reason == "member"
            else f"participation.{kind}.{verdict.reason}"
        )
        raise RefusedError(
            f"participation_{verdict.reason}",
            Message(f"relations.{sentence}", params),
            rules=verdict.rules,
        )
    return Participation.objects.create(
        state=state,
        kind=kind,
        level=level,
        event_name=name,
        date=date,
        council_meeting=council_meeting,
        event=event,
        status_on_date=status or "",
        notes=_text(notes),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


def _status_text(status: str | None) -> Message:
    return Message(f"relations.status.{status or 'none'}")


# --- non-governmental structures (SEC-NGO) ----------------------------------------------------


@transaction.atomic
def ngo_interaction_record(
    *,
    organisation_name: str,
    kind: str,
    date: dt.date,
    subject: str,
    outcome: str = "",
    body: Body | None = None,
    by: User | None = None,
    is_demo: bool = False,
) -> NgoInteraction:
    """Record an interaction with a non-governmental structure: who, when, on what, the outcome."""
    cited = ("SEC-NGO",)
    _choice(kind, NgoKind.values, "ngo_kind", cited)
    if body is not None and body.kind != BodyKind.NON_GOVERNMENTAL:
        raise refuse("body_not_ngo", "body_not_ngo", cited, body=body.name_en)
    name = _text(organisation_name) or (body.name_en if body is not None else "")
    return NgoInteraction.objects.create(
        organisation_name=_required(name, "organisation_name", cited),
        kind=kind,
        body=body,
        date=date,
        subject=_required(subject, "subject", cited),
        outcome=_text(outcome),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


# --- workshops, conferences, symposia (SEC-EXPERTS) -------------------------------------------


@transaction.atomic
def event_save(
    *,
    event: Event | None = None,
    kind: str,
    title: Mapping[str, str],
    date_start: dt.date,
    date_end: dt.date,
    place: str,
    organisers: str,
    participants_count: int | None = None,
    outcome: str = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Event:
    """Create an event, or change one (``event``): a workshop, a conference or a symposium."""
    cited = ("SEC-EXPERTS",)
    _choice(kind, EventKind.values, "event_kind", cited)
    if date_end < date_start:
        raise refuse("end_before_start", "end_before_start", cited, start=date_start, end=date_end)
    if participants_count is not None and participants_count < 0:
        raise refuse("negative_count", "negative_count", cited, value=participants_count)
    values = {
        "kind": kind,
        **_title(title, cited),
        "date_start": date_start,
        "date_end": date_end,
        "place": _required(place, "place", cited),
        "organisers": _required(organisers, "organisers", cited),
        "participants_count": participants_count,
        "outcome": _text(outcome),
    }
    if event is None:
        return Event.objects.create(
            **values, created_at=timezone.now(), created_by=by, is_demo=is_demo
        )
    locked = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    event.refresh_from_db()
    return locked


# --- election observer missions (SEC-MISSIONS) ------------------------------------------------


@transaction.atomic
def mission_create(
    *,
    kind: str,
    country: State,
    election_date: dt.date,
    date_start: dt.date,
    date_end: dt.date,
    by: User | None = None,
    is_demo: bool = False,
) -> Mission:
    """Set up an observer mission to a presidential or parliamentary election or a referendum."""
    cited = ("SEC-MISSIONS",)
    _choice(kind, ElectionKind.values, "election_kind", cited)
    if date_end < date_start:
        raise refuse("end_before_start", "end_before_start", cited, start=date_start, end=date_end)
    if not date_start <= election_date <= date_end:
        raise refuse(
            "election_outside_mission",
            "election_outside_mission",
            cited,
            day=election_date,
            start=date_start,
            end=date_end,
        )
    return Mission.objects.create(
        kind=kind,
        country=country,
        election_date=election_date,
        date_start=date_start,
        date_end=date_end,
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


@transaction.atomic
def mission_member_add(
    *,
    mission: Mission,
    user: User | None = None,
    name: str = "",
    state: State | None = None,
    is_head: bool = False,
    by: User | None = None,
) -> MissionMember:
    """Add a member: a person of a member state's delegation, or a name as written; the head
    replaces any earlier head."""
    cited = ("SEC-MISSIONS",)
    locked = Mission.objects.select_for_update().get(pk=mission.pk)
    if user is not None:
        delegation = user.delegation
        if delegation is None or delegation.kind != DelegationKind.MEMBER_STATE:
            raise refuse("not_a_member_delegation", "not_a_member_delegation", cited)
        state = state or delegation.state
        name = _text(name) or user.get_full_name() or user.get_username()
        if locked.members.filter(user=user).exists():
            raise refuse("already_a_member", "already_a_member", cited, status=409, name=name)
    name = _required(name, "name", cited)
    if is_head:
        locked.members.filter(is_head=True).update(is_head=False)
    return MissionMember.objects.create(
        mission=locked, user=user, name=name, state=state, is_head=is_head
    )


@transaction.atomic
def mission_report_submit(
    *,
    mission: Mission,
    report_date: dt.date,
    text: str = "",
    file: UploadedFile[bytes] | None = None,
    by: User | None = None,
) -> Mission:
    """The mission's report, as text or a file, dated no earlier than the election."""
    cited = ("SEC-MISSIONS",)
    locked = Mission.objects.select_for_update().get(pk=mission.pk)
    if report_date < locked.election_date:
        raise refuse(
            "report_before_election",
            "report_before_election",
            cited,
            day=report_date,
            election=locked.election_date,
        )
    if report_date > timezone.localdate():
        raise refuse("date_in_future", "date_in_future", cited, day=report_date)
    if not _text(text) and file is None:
        raise refuse("report_empty", "report_empty", cited)
    if file is not None and (file.size or 0) > REPORT_FILE_LIMIT:
        raise refuse("file_too_large", "file_too_large", cited, limit=REPORT_FILE_LIMIT)
    locked.report_date = report_date
    locked.report_text = _text(text)
    if file is not None:
        locked.report_file.save(file.name or "report", file, save=False)
    locked.save()
    mission.refresh_from_db()
    return locked


# --- the Secretary-General's schedule (SEC-PROTOCOL) -----------------------------------------


@dataclass
class Saved:
    """An engagement saved, and those of the schedule it overlaps (a warning, not a refusal)."""

    engagement: Engagement
    overlapping: list[Engagement] = field(default_factory=list)


def overlapping(engagement: Engagement) -> list[Engagement]:
    """The other engagements whose time this one shares."""
    return list(
        Engagement.objects.filter(
            starts_at__lt=engagement.ends_at, ends_at__gt=engagement.starts_at
        ).exclude(pk=engagement.pk)
    )


@transaction.atomic
def engagement_save(
    *,
    engagement: Engagement | None = None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    counterpart: str,
    place: str,
    kind: str,
    notes: str = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Saved:
    """Put a meeting or visit on the Secretary-General's schedule, or change one; overlapping
    engagements are allowed and named in the answer."""
    cited = ("SEC-PROTOCOL",)
    _choice(kind, EngagementKind.values, "engagement_kind", cited)
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        starts_at = timezone.make_aware(starts_at) if timezone.is_naive(starts_at) else starts_at
        ends_at = timezone.make_aware(ends_at) if timezone.is_naive(ends_at) else ends_at
    if ends_at <= starts_at:
        raise refuse(
            "ends_before_start",
            "ends_before_start",
            cited,
            start=f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}",
            end=f"{timezone.localtime(ends_at):%Y-%m-%d %H:%M}",
        )
    values = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "counterpart": _required(counterpart, "counterpart", cited),
        "place": _required(place, "place", cited),
        "kind": kind,
        "notes": _text(notes),
    }
    if engagement is None:
        row = Engagement.objects.create(
            **values, created_at=timezone.now(), created_by=by, is_demo=is_demo
        )
    else:
        row = Engagement.objects.select_for_update().get(pk=engagement.pk)
        for name, value in values.items():
            setattr(row, name, value)
        row.version += 1
        row.save()
        engagement.refresh_from_db()
    return Saved(row, overlapping(row))


@transaction.atomic
def engagement_cancel(*, engagement: Engagement, by: User | None = None) -> None:
    """Take an engagement off the schedule."""
    found = Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if found is None:
        raise refuse("not_found", "engagement_gone", ("SEC-PROTOCOL",), status=404)
    found.delete()


# --- the private address of the schedule's feed (SEC-PROTOCOL) -------------------------------

#: Marks a protocol feed token, so a leaked one is recognisable.
FEED_TOKEN_PREFIX = "scp_"  # noqa: S105  # a public marker, not a secret


def feed_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def protocol_feed_token_rotate(*, user: User) -> tuple[ProtocolFeedToken, str]:
    """Revoke the user's address of the schedule's feed and make a new one; return it and its
    secret, which is shown once (only its digest is kept)."""
    if not user.can("protocol.view"):
        raise refuse("feed_not_allowed", "feed_not_allowed", ("SEC-PROTOCOL",), status=403)
    locked = User.objects.select_for_update().get(pk=user.pk)
    protocol_feed_token_revoke(user=locked)
    token = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ProtocolFeedToken.objects.create(
        user=locked,
        prefix=token[:10],
        digest=feed_token_digest(token),
        created_at=timezone.now(),
    )
    return row, token


@transaction.atomic
def protocol_feed_token_revoke(*, user: User) -> int:
    """Revoke the user's address of the schedule's feed; return how many were revoked."""
    count = 0
    for row in ProtocolFeedToken.objects.select_for_update().filter(
        user=user, revoked__isnull=True
    ):
        row.revoked = timezone.now()
        row.save(update_fields=["revoked"])  # through save(): the audit app records it
        count += 1
    return count


def protocol_feed_token_find(token: str) -> ProtocolFeedToken | None:
    """The active token whose secret is ``token``, while its user may still read the schedule."""
    if not token.startswith(FEED_TOKEN_PREFIX) or len(token) > 100:
        return None
    found = (
        ProtocolFeedToken.objects.select_related("user")
        .filter(digest=feed_token_digest(token), revoked__isnull=True)
        .first()
    )
    if found is None or not found.user.can("protocol.view"):
        return None
    ProtocolFeedToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
    return found
