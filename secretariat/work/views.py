"""The start page after login ("My work")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.lang import current_lang
from secretariat.work import selectors
from secretariat.work.items import OVERDUE, SOON


def filters_of(request: HttpRequest) -> selectors.Filters:
    """The Secretariat's filters from the query string (unknown values filter nothing out)."""
    return selectors.Filters(
        delegation=request.GET.get("delegation", "").strip()[:40],
        body=request.GET.get("body", "").strip()[:40],
        only_overdue=request.GET.get("overdue") in ("1", "on", "true"),
    )


@requires("account.use")
def home(request: HttpRequest) -> HttpResponse:
    """What is due from me and my delegation, what I wait for, what changed since my visit."""
    user = me(request)
    lang = current_lang()
    since = selectors.visit_record(user)
    shown = selectors.work_of(user, lang, filters=filters_of(request), since=since)
    context: dict[str, object] = {
        "shown": shown,
        "overdue": [i for i in shown.due if i.urgency == OVERDUE],
        "soon": [i for i in shown.due if i.urgency == SOON],
        "later": [i for i in shown.due if i.urgency not in (OVERDUE, SOON)],
    }
    if shown.everyone:
        context["delegations"], context["bodies"] = selectors.filter_choices(lang)
    return render(request, "work/home.html", context)
