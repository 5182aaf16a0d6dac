"""Agreements and every member state's consent to them (SEC-EXTERNAL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import SecretariatError
from secretariat.core.pages import refusal_shown, step
from secretariat.relations import forms as f
from secretariat.relations import selectors, services
from secretariat.relations.views.common import Bound, partner_or_404, selected_or_404


def _agreements_page(
    request: HttpRequest,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    rows = []
    for agreement in selectors.agreements_visible(user)[:500]:
        verdict = selectors.consent_board(agreement).verdict
        total = len(verdict.given) + len(verdict.missing) + len(verdict.withheld)
        rows.append((agreement, verdict, total))
    context: dict[str, Any] = {
        "rows": rows,
        "can_manage": user.can("relations.manage"),
        "agreement_form": f.AgreementForm(),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/agreements.html", context, status=status)


@requires("relations.view")
def relations_agreements(request: HttpRequest) -> HttpResponse:
    return _agreements_page(request)


@requires("relations.manage")
@require_POST
def relations_agreement_register(request: HttpRequest) -> HttpResponse:
    user = me(request)

    def act(data: dict[str, Any]) -> Any:
        kind, _sep, ref = str(data["partner"]).partition(":")
        partner = (
            partner_or_404(int(ref), None) if kind == "org" else partner_or_404(None, int(ref))
        )
        return services.agreement_register(
            partner=partner,
            kind=data["kind"],
            title=data["title"],
            notes=data["notes"],
            by=user,
        )

    made, response = step(
        request,
        f.AgreementForm(request.POST),
        "agreement_form",
        act,
        lambda **kw: _agreements_page(request, **kw),
        _("The document was registered; it now awaits the member states' consent."),
    )
    if response is not None:
        return response
    assert made is not None  # noqa: S101  # no page: act() succeeded
    return redirect("relations:agreement", agreement_id=made.pk)


def _agreement_page(
    request: HttpRequest,
    agreement_id: int,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    agreement = selected_or_404(selectors.agreement_of, user, agreement_id)
    delegation = user.delegation
    own_state = delegation.state if delegation is not None else None
    board = selectors.consent_board(agreement)
    member_codes = {row.state.code for row in board.rows}
    context: dict[str, Any] = {
        "agreement": agreement,
        "board": board,
        "can_manage": user.can("relations.manage"),
        "can_consent": (
            user.can("relations.consent")
            and own_state is not None
            and own_state.code in member_codes
            and agreement.status == "awaiting_consent"
        ),
        "own_state": own_state,
        "consent_form": f.ConsentForm(),
        "can_register_note": (
            user.can("relations.manage") and agreement.status == "awaiting_consent"
        ),
        "note_consent_form": f.NoteConsentForm(
            states=selectors.note_states(agreement), initial={"note_dated": timezone.localdate()}
        ),
        "sign_form": f.SignForm(initial={"signed_on": timezone.localdate()}),
        "in_force_form": f.InForceForm(initial={"day": timezone.localdate()}),
        "missing": [row.state for row in board.rows if row.state.code in board.verdict.missing],
        "withheld": [row.state for row in board.rows if row.state.code in board.verdict.withheld],
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/agreement.html", context, status=status)


@requires("relations.view")
def relations_agreement(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return _agreement_page(request, agreement_id)


def _agreement_step(
    request: HttpRequest,
    agreement_id: int,
    form: forms.Form,
    name: str,
    act: Callable[[Any, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    user = me(request)
    agreement = selected_or_404(selectors.agreement_of, user, agreement_id)
    _result, response = step(
        request,
        form,
        name,
        lambda data: act(agreement, data),
        lambda **kw: _agreement_page(request, agreement_id, **kw),
        done,
    )
    return response or redirect("relations:agreement", agreement_id=agreement_id)


@requires("relations.consent")
@require_POST
def relations_agreement_consent(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The user's member state gives or withholds its consent."""
    user = me(request)

    def act(agreement: Any, data: dict[str, Any]) -> Any:
        delegation = user.delegation
        if delegation is None or delegation.state is None:
            raise Http404(_("Your delegation represents no state."))
        return services.consent_record(
            agreement=agreement,
            state=delegation.state,
            decision=data["decision"],
            by=user,
            note=data["note"],
        )

    return _agreement_step(
        request,
        agreement_id,
        f.ConsentForm(request.POST),
        "consent_form",
        act,
        _("Your state's answer was recorded."),
    )


@requires("relations.manage")
@require_POST
def relations_agreement_consent_by_note(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The Secretariat registers a member state's answer received by note verbale."""
    user = me(request)
    found = selected_or_404(selectors.agreement_of, user, agreement_id)

    def act(agreement: Any, data: dict[str, Any]) -> Any:
        return services.consent_record(
            agreement=agreement,
            state=data["state"],
            decision=data["decision"],
            by=user,
            by_name=data["sent_by"],
            note=data["note"],
            note_reference=data["note_reference"],
            note_dated=data["note_dated"],
        )

    return _agreement_step(
        request,
        agreement_id,
        f.NoteConsentForm(request.POST, states=selectors.note_states(found)),
        "note_consent_form",
        act,
        _("The answer received by note verbale was registered."),
    )


@requires("relations.manage")
@require_POST
def relations_agreement_sign(request: HttpRequest, agreement_id: int) -> HttpResponse:
    user = me(request)
    return _agreement_step(
        request,
        agreement_id,
        f.SignForm(request.POST),
        "sign_form",
        lambda agreement, data: services.agreement_sign(agreement=agreement, by=user, **data),
        _("The document was signed."),
    )


@requires("relations.manage")
@require_POST
def relations_agreement_in_force(request: HttpRequest, agreement_id: int) -> HttpResponse:
    user = me(request)
    return _agreement_step(
        request,
        agreement_id,
        f.InForceForm(request.POST),
        "in_force_form",
        lambda agreement, data: services.agreement_enter_into_force(
            agreement=agreement, by=user, **data
        ),
        _("The document is recorded as in force."),
    )
