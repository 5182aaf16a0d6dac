"""What the relations pages share: a selector's not-found as the page's 404, the partner a
page acts on, the forms bound to a page, and the page of a list with its form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.pages import refusal_shown
from secretariat.registry.models import InternationalOrganisation, State
from secretariat.relations import services
from secretariat.relations.models import Partner

Bound = dict[str, forms.Form]


_T = TypeVar("_T")


def selected_or_404(get: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """What a selector finds, or the page's 404 with the selector's own message."""
    try:
        return get(*args, **kwargs)
    except NotFoundError as error:
        raise Http404(error.render()) from None


def list_page(
    request: HttpRequest,
    template: str,
    rows: Any,
    form_name: str,
    form: forms.Form,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    context: dict[str, Any] = {
        "rows": rows,
        "can_manage": user.can("relations.manage"),
        form_name: form,
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, template, context, status=status)


def partner_or_404(organisation_id: int | None, state_id: int | None) -> Partner:
    if organisation_id is not None:
        organisation = InternationalOrganisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise Http404(_("There is no such partner organisation."))
        return services.partner_of(organisation=organisation)
    state = State.objects.filter(pk=state_id or 0).first()
    if state is None:
        raise Http404(_("There is no such partner state."))
    return services.partner_of(state=state)
