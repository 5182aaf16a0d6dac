"""The relations overview and the partners' pages: contacts and meetings (SEC-EXTERNAL,
SEC-PARTNERS)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
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


@requires("relations.view")
def relations_home(request: HttpRequest) -> HttpResponse:
    user = me(request)
    organisations, states = selectors.partner_rows(user)
    context = {
        "organisations": organisations,
        "states": states,
        "agreements": list(selectors.agreements_visible(user)[:10]),
        "can_manage": user.can("relations.manage"),
        "can_protocol": user.can("protocol.view"),
    }
    return render(request, "relations/home.html", context)


def _partner_page(
    request: HttpRequest,
    *,
    organisation_id: int | None = None,
    state_id: int | None = None,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    user = me(request)
    shown = selected_or_404(
        selectors.partner_view, user, organisation_id=organisation_id, state_id=state_id
    )
    context: dict[str, Any] = {
        "shown": shown,
        "can_manage": user.can("relations.manage"),
        "contact_form": f.ContactForm(),
        "meeting_form": f.MeetingForm(initial={"date": timezone.localdate()}),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/partner.html", context, status=status)


@requires("relations.view")
def relations_organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _partner_page(request, organisation_id=organisation_id)


@requires("relations.view")
def relations_state(request: HttpRequest, state_id: int) -> HttpResponse:
    return _partner_page(request, state_id=state_id)


def _partner_step(
    request: HttpRequest, kind: str, organisation_id: int | None, state_id: int | None
) -> HttpResponse:
    user = me(request)

    def again(**kwargs: Any) -> HttpResponse:
        return _partner_page(request, organisation_id=organisation_id, state_id=state_id, **kwargs)

    if kind == "contact":
        form: forms.Form = f.ContactForm(request.POST)

        def act(data: dict[str, Any]) -> Any:
            return services.contact_add(
                partner=partner_or_404(organisation_id, state_id), by=user, **data
            )

        done = _("The contact was added.")
    else:
        form = f.MeetingForm(request.POST)

        def act(data: dict[str, Any]) -> Any:
            return services.partner_meeting_record(
                partner=partner_or_404(organisation_id, state_id), by=user, **data
            )

        done = _("The meeting was recorded.")
    _result, response = step(request, form, f"{kind}_form", act, again, done)
    if response is not None:
        return response
    if organisation_id is not None:
        return redirect("relations:organisation", organisation_id=organisation_id)
    return redirect("relations:state", state_id=state_id)


@requires("relations.manage")
@require_POST
def relations_organisation_contact(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _partner_step(request, "contact", organisation_id, None)


@requires("relations.manage")
@require_POST
def relations_organisation_meeting(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _partner_step(request, "meeting", organisation_id, None)


@requires("relations.manage")
@require_POST
def relations_state_contact(request: HttpRequest, state_id: int) -> HttpResponse:
    return _partner_step(request, "contact", None, state_id)


@requires("relations.manage")
@require_POST
def relations_state_meeting(request: HttpRequest, state_id: int) -> HttpResponse:
    return _partner_step(request, "meeting", None, state_id)
