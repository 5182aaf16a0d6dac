"""Pages of the audit log: an object's history, and the whole log for ``audit.all``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.audit import selectors
from secretariat.core.access import requires, user_of


def _seq(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


@requires("audit.history")
def history(request: HttpRequest, model_label: str, object_id: str) -> HttpResponse:
    """Who changed an object, when and how (404 for an object one may not see)."""
    found = selectors.history_for(
        user_of(request), model_label, object_id, before_seq=_seq(request, "before")
    )
    return render(request, "audit/history.html", {"history": found})


@requires("audit.all")
def log(request: HttpRequest) -> HttpResponse:
    """The whole log, newest first, by model, action and actor."""
    filters = selectors.LogFilters(
        model_label=request.GET.get("model", "").strip(),
        action=request.GET.get("action", "").strip(),
        actor=request.GET.get("actor", "").strip(),
    )
    page = selectors.log_page(user_of(request), filters, before_seq=_seq(request, "before"))
    return render(request, "audit/log.html", {"filters": filters, "page": page})
