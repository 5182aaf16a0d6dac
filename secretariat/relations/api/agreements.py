"""Agreements and every member state's consent to them (SEC-EXTERNAL)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Status

from secretariat.core.actor import me
from secretariat.core.errors import InvalidInputError, NotFoundError
from secretariat.core.schemas import ErrorOut
from secretariat.relations import selectors, services
from secretariat.relations.api.common import (
    changed,
    done,
    organisation_or_404,
    router,
    state_or_404,
)
from secretariat.relations.api.schemas import (
    AgreementConsentIn,
    AgreementIn,
    AgreementSignIn,
    InForceIn,
    NoteConsentIn,
)
from secretariat.relations.api.schemas_out import RelAgreementOut


def _agreement(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return selectors.agreement_out(selectors.agreement_of(user, agreement_id))


@router.read(
    "/agreements",
    action="relations.view",
    response=list[RelAgreementOut],
    summary="Agreements and their consents",
)
def relations_agreements(request: HttpRequest) -> list[dict[str, Any]]:
    """Documents concluded with partners, each with every member state's consent."""
    user = me(request)
    with translation.override(user.language):
        return [selectors.agreement_out(a) for a in selectors.agreements_visible(user)[:500]]


@router.create(
    "/agreements",
    action="relations.manage",
    response=changed(RelAgreementOut),
    summary="Register an agreement",
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
        services.partner_of(organisation=organisation_or_404(payload.organisation))
        if payload.organisation is not None
        else services.partner_of(state=state_or_404(code=payload.state))
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
    response={200: RelAgreementOut, 404: ErrorOut},
    summary="An agreement",
)
def relations_agreement(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    """The agreement, every member state's consent and whether it may be signed."""
    return _agreement(request, agreement_id)


@router.create(
    "/agreements/{agreement_id}/consent",
    action="relations.consent",
    response=changed(RelAgreementOut),
    summary="Give or withhold one's member state's consent",
)
def relations_agreement_consent(
    request: HttpRequest, agreement_id: int, payload: AgreementConsentIn
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
    response=changed(RelAgreementOut),
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
        state=state_or_404(code=payload.state),
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
    response=done(RelAgreementOut),
    summary="Sign an agreement",
)
def relations_agreement_sign(
    request: HttpRequest, agreement_id: int, payload: AgreementSignIn
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
    response=done(RelAgreementOut),
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
