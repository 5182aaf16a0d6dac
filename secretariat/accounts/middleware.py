"""Two-factor login required of some roles (settings.SECRETARIAT_TWO_FACTOR_ROLES).

A user of such a role whose session is not verified with a second factor (django-otp's
``is_verified()``, set by the code step of the login page or by confirming a new
authenticator) may only set one up, confirm it and log out: every other page sends them to
the two-factor page, every API call through the session is refused with
``two_factor_required``. API tokens are checked in ``core.access.TokenAuth``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation

from secretariat.core.access import second_factor_missing, two_factor_required_error
from secretariat.core.actor import caller_language

#: The pages an unverified user of such a role may still open (URL names).
OPEN_PAGES = frozenset(
    {
        "accounts:login",
        "accounts:login_code",
        "accounts:logout",
        "accounts:two_factor",
        "accounts:two_factor_enrol",
        "accounts:two_factor_confirm",
        "set_language",
    }
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not second_factor_missing(request, user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_PAGES:
            return None
        if request.path_info.startswith("/api/"):
            error = two_factor_required_error()
            with translation.override(caller_language(request)):
                message = error.render()
            return JsonResponse({"code": error.code, "message": message}, status=error.status)
        return redirect("accounts:two_factor")
