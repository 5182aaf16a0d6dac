"""Partner states' participation (STRAT-OBSERVERS, STRAT-DIALOGUE) and interactions with
non-governmental structures (SEC-NGO)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.pages import step
from secretariat.relations import forms as f
from secretariat.relations import selectors, services
from secretariat.relations.views.common import list_page


def _participations(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    rows = selectors.participations_visible(me(request))[:1000]
    form = f.ParticipationForm(initial={"date": timezone.localdate()})
    return list_page(
        request, "relations/participations.html", rows, "participation_form", form, **kwargs
    )


@requires("relations.view")
def relations_participations(request: HttpRequest) -> HttpResponse:
    return _participations(request)


@requires("relations.manage")
@require_POST
def relations_participation_record(request: HttpRequest) -> HttpResponse:
    user = me(request)
    _result, response = step(
        request,
        f.ParticipationForm(request.POST),
        "participation_form",
        lambda data: services.participation_record(by=user, **data),
        lambda **kw: _participations(request, **kw),
        _("The participation was recorded."),
    )
    return response or redirect("relations:participations")


def _ngo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    rows = selectors.ngo_interactions_visible(me(request))[:1000]
    form = f.NgoForm(initial={"date": timezone.localdate()})
    return list_page(request, "relations/ngo.html", rows, "ngo_form", form, **kwargs)


@requires("relations.view")
def relations_ngo(request: HttpRequest) -> HttpResponse:
    return _ngo(request)


@requires("relations.manage")
@require_POST
def relations_ngo_record(request: HttpRequest) -> HttpResponse:
    user = me(request)
    _result, response = step(
        request,
        f.NgoForm(request.POST),
        "ngo_form",
        lambda data: services.ngo_interaction_record(by=user, **data),
        lambda **kw: _ngo(request, **kw),
        _("The interaction was recorded."),
    )
    return response or redirect("relations:ngo")
