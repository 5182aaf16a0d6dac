"""Workshops, conferences and symposia (SEC-EXPERTS)."""

from __future__ import annotations

from typing import Any

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
from secretariat.relations.views.common import Bound, list_page, selected_or_404


def _event_values(data: dict[str, Any]) -> dict[str, Any]:
    # The form gives each text in three languages as one mapping, the services' shape.
    return dict(data)


def _events(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    rows = selectors.events_visible(me(request))[:1000]
    today = timezone.localdate()
    form = f.EventForm(initial={"date_start": today, "date_end": today})
    return list_page(request, "relations/events.html", rows, "event_form", form, **kwargs)


@requires("relations.view")
def relations_events(request: HttpRequest) -> HttpResponse:
    return _events(request)


@requires("relations.manage")
@require_POST
def relations_event_create(request: HttpRequest) -> HttpResponse:
    user = me(request)
    made, response = step(
        request,
        f.EventForm(request.POST),
        "event_form",
        lambda data: services.event_save(by=user, **_event_values(data)),
        lambda **kw: _events(request, **kw),
        _("The event was added."),
    )
    if response is not None:
        return response
    assert made is not None  # noqa: S101  # no page: act() succeeded
    return redirect("relations:event", event_id=made.pk)


def _event_page(
    request: HttpRequest,
    event_id: int,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    event = selected_or_404(selectors.event_of, user, event_id)
    initial = {
        name: getattr(event, name) for name in f.EventForm.base_fields if hasattr(event, name)
    }
    context: dict[str, Any] = {
        "event": event,
        "can_manage": user.can("relations.manage"),
        "event_form": f.EventForm(initial=initial),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/event.html", context, status=status)


@requires("relations.view")
def relations_event(request: HttpRequest, event_id: int) -> HttpResponse:
    return _event_page(request, event_id)


@requires("relations.manage")
@require_POST
def relations_event_change(request: HttpRequest, event_id: int) -> HttpResponse:
    user = me(request)
    event = selected_or_404(selectors.event_of, user, event_id)
    _result, response = step(
        request,
        f.EventForm(request.POST),
        "event_form",
        lambda data: services.event_save(event=event, by=user, **_event_values(data)),
        lambda **kw: _event_page(request, event_id, **kw),
        _("The event was changed."),
    )
    return response or redirect("relations:event", event_id=event_id)
