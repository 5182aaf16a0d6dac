"""The error pages (400, 403, 404, 405, 500) in the site's layout and the reader's language.

Under /api/ the same errors are JSON ``{"code", "message"}``, like every other API refusal.
The 500 page is rendered without the request context (no database, no user, no menus): it
is a static page, translated by the language prefix of the address.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _titles() -> dict[int, tuple[str, str, str]]:
    return {
        400: (
            "bad_request",
            _("Bad request"),
            _("The address or the form holds a value that cannot be used. Check it and try again."),
        ),
        403: ("forbidden", _("Access denied"), _("You are not allowed to see this page.")),
        404: (
            "not_found",
            _("Page not found"),
            _("There is no page at this address. It may have been moved or removed."),
        ),
        405: (
            "method_not_allowed",
            _("This address performs a step"),
            _(
                "This address is used by a form to perform a step; opening it or reloading it "
                "does nothing. Go back to the page the form was on."
            ),
        ),
        500: (
            "server_error",
            _("Server error"),
            _("The page could not be prepared because of an error on our side. Try again later."),
        ),
    }


def error_response(request: HttpRequest, status: int, back: str = "") -> HttpResponse:
    code, title, message = _titles()[status]
    return _answer(request, status, code, title, message, back)


def _answer(
    request: HttpRequest, status: int, code: str, title: str, message: str, back: str = ""
) -> HttpResponse:
    """The error as the API's JSON under /api/, else the site's page in the reader's language."""
    if is_api(request):
        return JsonResponse({"code": code, "message": message}, status=status)
    back = back or request.META.get("HTTP_REFERER", "")
    context = {"code": code, "title": title, "message": message, "back": back}
    return render(request, "web/http_error.html", context, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form sent without its security token (a stale page, a form
    kept open for hours), in the site's layout and the reader's language, not Django's page
    for developers."""
    message = _(
        "The form was sent without its security token, or the page was open too long. "
        "Reload the page and send the form again."
    )
    return _answer(request, 403, "csrf_failed", _("The form has expired"), message)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """No database, no context processors: only the language of the address."""
    language = translation.get_language_from_path(request.path_info) or "en"
    with translation.override(language):
        code, title, message = _titles()[500]
        if is_api(request):
            return JsonResponse({"code": code, "message": message}, status=500)
        body = render_to_string(
            "web/500.html",
            {"code": code, "title": title, "message": message, "lang": language},
        )
    return HttpResponse(body, status=500)


def method_not_allowed(request: HttpRequest, refused: HttpResponse) -> HttpResponse:
    """A page for the empty 405 of ``require_POST``: the common case is a reload, by GET, of a
    step's address after a refusal; the page links to the object the step belongs to (the
    address one level up)."""
    parent = request.path.rstrip("/").rsplit("/", 1)[0] + "/"
    response = error_response(request, 405, back=parent)
    if refused.has_header("Allow"):
        response["Allow"] = refused["Allow"]
    return response
