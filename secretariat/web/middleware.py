"""Map a SecretariatError raised by a page to an HTML page with its code and message."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.audit.services import audit_refusal
from secretariat.core.errors import SecretariatError


class SecretariatErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, SecretariatError):
            return None
        audit_refusal(request=request, code=exception.code, status=exception.status)
        return render(
            request,
            "web/error.html",
            {"code": exception.code, "message": exception.render()},
            status=exception.status,
        )
