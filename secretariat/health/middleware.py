"""First in ``MIDDLEWARE``: answer the health and metrics addresses at once, and time and count
every other request for the metrics."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from secretariat.health import metrics, views

#: The addresses answered here, with or without a trailing slash.
ROUTES: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/health/live": views.live,
    "/health/ready": views.ready,
    "/metrics": views.metrics_view,
}


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = ROUTES.get(request.path_info.rstrip("/") or "/")
        if view is not None:
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            return view(request)
        started = time.perf_counter()
        response = self.get_response(request)
        metrics.observe(request, response, time.perf_counter() - started)
        return response
