"""The page "step": a POSTed form validated, a service called, the result shown.

Every app's pages use ``step``: on a valid form it calls ``act`` with the cleaned data, in a
savepoint; a refusal (``SecretariatError``) rolls back what ``act`` wrote, is announced
(``signals.refused``, which the audit log records) and the page is rendered again by ``again``
with the form as typed and the refusal beside it; on success the ``done`` sentence is flashed
and ``step`` returns the result of ``act`` for the caller's redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from secretariat.core.errors import SecretariatError
from secretariat.core.signals import refused

T = TypeVar("T")


class Again(Protocol):
    """Render the page again: ``status``, the bound forms by name and the refusal."""

    def __call__(
        self, *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse: ...


def announce(request: HttpRequest, error: SecretariatError) -> None:
    """Announce that ``request`` was refused with ``error``: the audit log records it."""
    refused.send(sender=SecretariatError, request=request, code=error.code, status=error.status)


def refusal_shown(error: SecretariatError | None) -> dict[str, Any]:
    """What a page shows of a refusal ``step`` already announced (``error``, ``error_rules``;
    nothing for None): for an ``again`` that renders the page with it."""
    if error is None:
        return {}
    return {"error": error.render(), "error_rules": list(getattr(error, "rules", ()) or ())}


def refusal_seen(request: HttpRequest, error: SecretariatError) -> dict[str, Any]:
    """Announce ``error`` and return what a page shows of it (``error``, ``error_rules``)."""
    announce(request, error)
    return refusal_shown(error)


def step(
    request: HttpRequest,
    form: forms.Form,
    name: str,
    act: Callable[[dict[str, Any]], T],
    again: Again,
    done: str | Callable[[T], str],
) -> tuple[T | None, HttpResponse | None]:
    """Validate ``form``, call ``act`` with its data. Returns ``(result, None)`` on success
    (``done`` flashed; a callable ``done`` receives the result) or ``(None, response)``: the
    page again, status 400 for an invalid form or the refusal's status."""
    if not form.is_valid():
        return None, again(status=400, bound={name: form}, error=None)
    try:
        # A savepoint: a refusal after ``act`` wrote something leaves none of it.
        with transaction.atomic():
            result = act(form.cleaned_data)
    except SecretariatError as error:
        announce(request, error)
        return None, again(status=error.status, bound={name: form}, error=error)
    messages.success(request, done(result) if callable(done) else done)
    return result, None
