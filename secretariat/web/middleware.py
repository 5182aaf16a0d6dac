"""Map a SecretariatError raised by a page to an HTML page with its code and message, and give
the empty 405 of a POST-only step a page (web/errors.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.audit.services import audit_refusal
from secretariat.core.errors import SecretariatError
from secretariat.web.errors import error_response, is_api, method_not_allowed


class SecretariatErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        empty = not getattr(response, "streaming", False) and not response.content
        if response.status_code == 405 and empty:
            return method_not_allowed(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError | DataError) and not is_api(request):
            # A date or number out of range in the address (?start=0001-01-01, a page number
            # past any integer column): the reader's mistake, a 400, not a server error.
            return error_response(request, 400)
        if not isinstance(exception, SecretariatError):
            return None
        audit_refusal(request=request, code=exception.code, status=exception.status)
        return render(
            request,
            "web/error.html",
            {"code": exception.code, "message": exception.render()},
            status=exception.status,
        )
