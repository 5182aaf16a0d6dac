"""Public pages of the registry: no login, three languages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.core.access import requires
from secretariat.core.collation import by_names, sorted_by_name
from secretariat.core.policy import PUBLIC
from secretariat.core.public_cache import public_page
from secretariat.registry import selectors


@requires(PUBLIC)
@public_page()
def home(request: HttpRequest) -> HttpResponse:
    """The Organisation at a glance."""
    return render(request, "registry/home.html", {"glance": selectors.organisation_at_a_glance()})


@requires(PUBLIC)
@public_page()
def states(request: HttpRequest) -> HttpResponse:
    """Member states and partners today, each with its status history."""
    day = selectors.today()
    # Each list in the reader's order of the names (Russian alphabetical, Chinese by pinyin).
    members = sorted_by_name(selectors.member_states_on(day), by_names)
    partners = sorted_by_name(selectors.partners_on(day), by_names)
    listed = {s.pk for s in members} | {s.pk for s in partners}
    others = sorted_by_name([s for s in selectors.state_list() if s.pk not in listed], by_names)
    return render(
        request,
        "registry/states.html",
        {
            "day": day,
            "members": [(s, s.status_on(day)) for s in members],
            "partners": [(s, s.status_on(day)) for s in partners],
            "others": others,
        },
    )


@requires(PUBLIC)
@public_page()
def bodies(request: HttpRequest) -> HttpResponse:
    """Bodies of the SCO with their seats, parents before children."""
    return render(request, "registry/bodies.html", {"nodes": selectors.body_tree()})


@requires(PUBLIC)
@public_page()
def summits(request: HttpRequest) -> HttpResponse:
    """Summits and chairs over time: CHS, chairmanship terms, CHG, CMFA, Secretaries-General."""
    day = selectors.today()
    return render(
        request,
        "registry/summits.html",
        {
            "day": day,
            "summits": selectors.summits(),
            "terms": selectors.chair_terms(),
            "current_term": selectors.chair_on(day),
            "chg_meetings": selectors.council_meetings(body_code="chg"),
            "cmfa_meetings": selectors.council_meetings(body_code="cmfa"),
            "secretaries_general": selectors.secretaries_general(),
        },
    )


@requires(PUBLIC)
@public_page()
def organisations(request: HttpRequest) -> HttpResponse:
    """Partner organisations and the documents signed with them."""
    return render(
        request,
        "registry/organisations.html",
        {"organisations": sorted_by_name(selectors.organisations_with_documents(), by_names)},
    )
