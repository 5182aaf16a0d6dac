"""Agreements with partners, concluded with every member state's consent (SEC-EXTERNAL).

The consent is the engine's unanimity check (``procedure.consent`` through
``procedure.relations.consent_verdict``); a state's answer is given by its own delegation or
registered from a note verbale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import DelegationKind, User
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.core.locking import lock
from secretariat.procedure import relations as relation_rules
from secretariat.procedure.consent import ConsentVerdict
from secretariat.procedure.text import Text
from secretariat.registry.models import State
from secretariat.registry.selectors import member_states_on
from secretariat.relations.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Consent,
    ConsentDecision,
    Partner,
)
from secretariat.relations.services.inputs import choice, clean, is_member_state, texts, titles


@transaction.atomic
def agreement_register(
    *,
    partner: Partner,
    kind: str,
    title: Mapping[str, str],
    notes: str | Mapping[str, str] = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Agreement:
    """Register a draft agreement or memorandum with a partner; it awaits every consent."""
    cited = ("SEC-EXTERNAL",)
    return Agreement.objects.create(
        partner=partner,
        kind=choice(kind, AgreementKind.values, "agreement_kind", cited),
        **titles(title, cited),
        **texts(notes, "notes", cited),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


def _locked_agreement(agreement: Agreement) -> Agreement:
    return lock(agreement, related=("partner",))


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
    choice(decision, ConsentDecision.values, "consent", cited)
    reference = clean(note_reference)
    own = may_consent_for(by, state)
    if not own and not may_register_note_for(by):
        raise refuse(
            "not_your_state",
            "relations.not_your_state",
            cited,
            status=403,
            state=names_of(state),
        )
    from_note = not own or bool(reference) or note_dated is not None
    if from_note and (not reference or note_dated is None):
        raise refuse("note_required", "relations.note_required", cited, state=names_of(state))
    locked = _locked_agreement(agreement)
    if locked.status == AgreementStatus.SIGNED:
        raise refuse("agreement_signed", "relations.agreement_signed", cited, status=409)
    if note_dated is not None:
        _check_note_date(note_dated, locked, cited)
    if not is_member_state(state, timezone.localdate()):
        raise refuse(
            "not_a_member_state", "relations.not_a_member_state", cited, state=names_of(state)
        )
    who = clean(by_name)
    if not who and from_note:
        who = f"note verbale {reference}"[:200]
    if not who and by is not None:
        who = by.get_full_name() or by.get_username()
    if not who:
        raise refuse("field_required", "relations.required.decided_by", cited)
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
            "note": clean(note),
            "note_reference": reference,
            "note_dated": note_dated,
            "registered_by": by if from_note else None,
        },
    )
    return consent


def _check_note_date(day: dt.date, agreement: Agreement, cited: Sequence[str]) -> None:
    """A note verbale is dated neither in the future nor before the agreement was registered."""
    if day > timezone.localdate():
        raise refuse("note_in_future", "relations.note_in_future", cited, day=day)
    registered = timezone.localdate(agreement.created_at)
    if day < registered:
        raise refuse(
            "note_before_agreement",
            "relations.note_before_agreement",
            cited,
            day=day,
            registered=registered,
        )


def agreement_verdict(agreement: Agreement, day: dt.date | None = None) -> ConsentVerdict:
    """Whether the agreement may be signed on ``day``: every member state of that day consented."""
    day = day or timezone.localdate()
    members = list(member_states_on(day).values_list("code", flat=True))
    consents = Consent.answers_in(agreement.consents.all())
    return relation_rules.consent_verdict(members, consents)


def _names(codes: Sequence[str]) -> list[Text]:
    states = {s.code: s for s in State.objects.filter(code__in=codes)}
    return [names_of(states[c]) for c in codes if c in states]


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    signed_on: dt.date,
    place: str | Mapping[str, str] = "",
    in_force: bool = False,
    by: User | None = None,
) -> Agreement:
    """Sign the agreement, once every member state has consented; refused otherwise, naming
    the states that withheld consent or have not answered (SEC-EXTERNAL)."""
    cited = ("SEC-EXTERNAL",)
    if signed_on > timezone.localdate():
        raise refuse("date_in_future", "relations.date_in_future", cited, day=signed_on)
    locked = _locked_agreement(agreement)
    if locked.status == AgreementStatus.SIGNED:
        raise refuse("agreement_signed", "relations.agreement_signed", cited, status=409)
    verdict = agreement_verdict(locked, signed_on)
    if verdict.withheld:
        raise refuse(
            "consent_withheld",
            "relations.consent_withheld",
            verdict.rules,
            status=409,
            states=_names(verdict.withheld),
        )
    if verdict.missing:
        raise refuse(
            "consent_missing",
            "relations.consent_missing",
            verdict.rules,
            status=409,
            states=_names(verdict.missing),
        )
    locked.status = AgreementStatus.SIGNED
    locked.signed_on = signed_on
    for column, text in texts(place, "signed_place", cited).items():
        setattr(locked, column, text)
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
        raise refuse("agreement_not_signed", "relations.agreement_not_signed", cited, status=409)
    if day < locked.signed_on:
        raise refuse(
            "in_force_before_signature",
            "relations.in_force_before_signature",
            cited,
            day=day,
            signed=locked.signed_on,
        )
    locked.in_force = True
    locked.in_force_from = day
    locked.save(update_fields=["in_force", "in_force_from"])
    agreement.refresh_from_db()
    return locked
