"""Set the audit actor (user and client address) for the duration of each request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from secretariat.audit.context import Actor, acting_as, serving


def client_address(request: HttpRequest) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips);
    # X-Forwarded-For is not trusted here because any client can send it.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        actor = Actor(
            user_id=user.pk if authenticated and user is not None else None,
            username=user.get_username() if authenticated and user is not None else "anonymous",
            origin=client_address(request),
        )
        with acting_as(actor), serving(request):
            return self.get_response(request)
