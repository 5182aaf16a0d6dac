"""Set the audit actor (user and client address) for the duration of each request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from secretariat.audit.context import Actor, acting_as, serving


def client_address(request: HttpRequest) -> str:
    # Behind the proxy, secretariat.web.proxy has put the client's address here (from a
    # trusted proxy's X-Forwarded-For only: any client can send that header).
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
