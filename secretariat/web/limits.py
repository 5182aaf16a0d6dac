"""Limits applied before a view runs: the size of a request body, and how often an anonymous
client address may call (``secretariat.core.ratelimit``).

Both refuse with the one error shape: on a page, the site's error page in the page's
language; under /api/, ``{"code", "message"}`` in the caller's. The refusal is announced
(``core.signals.refused``): a signed-in user's goes to the audit log, an anonymous caller's
to the ``secretariat.refusals`` log.

The body is refused from its ``Content-Length`` before a byte of it is read: Django reads a
request body through a stream cut at that length, so what was declared is all that can
ever be read, and a body sent without a length (chunked) reads as empty.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation

from secretariat.audit.middleware import client_address
from secretariat.core import ratelimit
from secretariat.core.access import TokenAuth
from secretariat.core.actor import caller_language
from secretariat.core.errors import SecretariatError
from secretariat.core.pages import announce
from secretariat.texts.extract import RequestTooLargeError, upload_max_bytes

#: Room for the form's other fields and the multipart boundaries around a file.
FORM_OVERHEAD = 64 * 1024


def _view_name(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def refusal_response(request: HttpRequest, error: SecretariatError) -> HttpResponse:
    """The refusal as the API's JSON or the site's error page, announced."""
    announce(request, error)
    if _is_api(request):
        with translation.override(caller_language(request)):
            message = error.render()
        return JsonResponse({"code": error.code, "message": message}, status=error.status)
    return render(
        request,
        "web/error.html",
        {"code": error.code, "message": error.render()},
        status=error.status,
    )


def _token_valid(request: HttpRequest) -> bool:
    """Whether the request carries a valid API token: a made-up one does not exempt it."""
    scheme, _, key = str(request.META.get("HTTP_AUTHORIZATION", "")).partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return False
    try:
        return TokenAuth().authenticate(request, key.strip()) is not None
    except SecretariatError:
        # Expired, or a two-factor role's token made without the second factor: no
        # exemption here; the API refuses it with its own answer (401/403).
        return False


def body_limit(view_name: str) -> int:
    """The largest file the view accepts: its own limit, else ``UPLOAD_MAX_BYTES``."""
    by_view: dict[str, int] = getattr(settings, "UPLOAD_MAX_BYTES_BY_VIEW", {})
    return int(by_view.get(view_name, upload_max_bytes()))


class RequestLimitsMiddleware:
    """Refuse an anonymous client past its rate, then a body past the view's limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view_name = _view_name(request)
        try:
            self._rate(request, view_name)
            self._size(request, view_name)
        except ratelimit.RateLimitedError as exc:
            response = refusal_response(request, exc)
            response["Retry-After"] = str(exc.retry_after)
            return response
        except RequestTooLargeError as exc:
            return refusal_response(request, exc)
        return self.get_response(request)

    @staticmethod
    def _rate(request: HttpRequest, view_name: str) -> None:
        if not ratelimit.enabled():
            return
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return
        rule = ratelimit.rule_for(view_name, request.method or "GET")
        if rule is None or (not rule.tokens and _token_valid(request)):
            return
        ratelimit.count(rule, client_address(request))

    @staticmethod
    def _size(request: HttpRequest, view_name: str) -> None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(view_name)
        if length > limit + FORM_OVERHEAD:
            raise RequestTooLargeError(size=length, limit=limit)
