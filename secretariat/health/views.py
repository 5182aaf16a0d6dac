"""``/health/live``, ``/health/ready`` and ``/metrics`` (docs/operations.md).

The middleware (secretariat/health/middleware.py) routes these addresses to these views before
any other middleware runs: no session, no cookie, no language, no host check, no HTTPS
redirect, no rate limit and no login stand between a load balancer's probe and its answer.
They have no URL patterns in config/urls.py on purpose: access is by token or network, not by
a role's action (which tests/accounts/test_permission_matrix.py requires of every pattern),
and a pattern would only ever be reached with the middleware missing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from secretariat.audit.context import Actor, acting_as
from secretariat.audit.middleware import client_address
from secretariat.audit.services import audit_refusal
from secretariat.health import access, checks, metrics

#: Machine-facing refusal: a stable code for the operator's scraper, no page.
FORBIDDEN: dict[str, object] = {"code": "health_forbidden"}


def _answer(body: dict[str, object], status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


def live(request: HttpRequest) -> HttpResponse:
    """The process answers: nothing else is looked at (not even the database)."""
    return _answer({"status": "ok"})


def ready(request: HttpRequest) -> HttpResponse:
    """Every dependency works: 200, else 503. Details for allowed callers only."""
    results = checks.run_checks()
    ok = all(check.ok for check in results)
    body: dict[str, object] = {"status": "ok" if ok else "unavailable"}
    if access.may_see_details(request):
        body["checks"] = {check.name: check.as_json() for check in results}
    return _answer(body, 200 if ok else 503)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not access.may_see_details(request):
        # Recorded as every anonymous refusal is (the refusals log), with the caller's address.
        with acting_as(Actor(None, "anonymous", client_address(request))):
            audit_refusal(request=request, code="health_forbidden", status=403)
        return _answer(FORBIDDEN, 403)
    payload, content_type = metrics.exposition()
    response = HttpResponse(payload, content_type=content_type)
    add_never_cache_headers(response)
    return response
