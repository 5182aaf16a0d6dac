"""Input the API cannot read, answered in the one error shape and the caller's language.

Ninja answers ``{"detail": [...]}`` with pydantic's English sentences; here a validation
error is ``{"code": "invalid_input", "message", "errors": [{"field", "message"}]}`` (422),
a body that is not JSON ``{"code": "malformed_body", "message"}`` (400), and Ninja's other
HTTP errors (a CSRF failure, a 404 of a path it cannot route) the same ``{"code",
"message"}``. Pydantic's messages are translated for the common kinds of error; any other
says "Not a valid value." in the caller's language.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from secretariat.audit.services import audit_refusal
from secretariat.core.actor import caller_language

_NUMBER = {"int_parsing", "int_type", "float_parsing", "float_type", "decimal_parsing"}
_NUMBER |= {"decimal_type", "int_from_float", "finite_number", "int_parsing_size"}
_DATE = {"date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"}
_DATE |= {"datetime_parsing", "datetime_type", "datetime_from_date_parsing", "time_parsing"}
_CHOICE = {"literal_error", "enum"}
_TEXT = {"string_type", "string_unicode", "string_sub_type"}


def field_message(error: dict[str, Any]) -> str:
    """Pydantic's error, said in the active language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Required field.")
    if kind == "string_nul":
        return _("Text may not contain the NUL character.")
    if kind in {"string_too_long", "too_long"}:
        return _("At most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    if kind in {"string_too_short", "too_short"}:
        return _("At least %(limit)s characters.") % {"limit": ctx.get("min_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Must be at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Must be at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in {"decimal_max_digits", "decimal_whole_digits", "decimal_max_places"}:
        return _("Too many digits for this amount.")
    if kind in _NUMBER:
        return _("Not a number.")
    if kind in _DATE:
        return _("Not a valid date (YYYY-MM-DD).")
    if kind in _CHOICE:
        return _("Not one of the allowed values: %(allowed)s.") % {
            "allowed": ctx.get("expected", "")
        }
    if kind in {"bool_parsing", "bool_type"}:
        return _("Not true or false.")
    if kind in _TEXT:
        return _("Not a valid text.")
    return _("Not a valid value.")


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "payload", "title_en")`` → ``title_en``; ``("query", "offset")`` → ``offset``."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body" and len(parts) > 2:
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    return ".".join(parts) or "body"


def invalid_input(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    # Bad input is audited like every refusal (a signed-in caller's in the chain, an
    # anonymous one's in the ordinary log: audit.services.audit_refusal).
    audit_refusal(request=request, code="invalid_input", status=422)
    with translation.override(caller_language(request)):
        errors = [
            {"field": _field(error.get("loc", ())), "message": field_message(error)}
            for error in exc.errors
        ]
        message = _("Check the input: some values are not accepted.")
    return api.create_response(
        request, {"code": "invalid_input", "message": message, "errors": errors}, status=422
    )


def http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    status = exc.status_code
    with translation.override(caller_language(request)):
        if status == 400:
            code, message = "malformed_body", _("The request body is not valid JSON.")
        elif status == 403:
            code, message = "permission_denied", _("Refused: the CSRF check failed.")
        else:
            code, message = "http_error", str(exc)
    audit_refusal(request=request, code=code, status=status)
    return api.create_response(request, {"code": code, "message": message}, status=status)


def not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    audit_refusal(request=request, code="not_found", status=404)
    with translation.override(caller_language(request)):
        message = _("Not found, or not visible to you.")
    return api.create_response(request, {"code": "not_found", "message": message}, status=404)


def add_input_handlers(api: NinjaAPI) -> None:
    """Register the handlers above on ``api`` (authentication keeps its own, in api.py)."""

    def bind(handler: Any) -> Any:
        return lambda request, exc: handler(request, exc, api)

    api.add_exception_handler(ValidationError, bind(invalid_input))
    api.add_exception_handler(Http404, bind(not_found))
    api.add_exception_handler(HttpError, bind(http_error))
    # AuthenticationError is an HttpError: the more precise handler in api.py stays first.
    assert AuthenticationError in api._exception_handlers  # noqa: S101  # registration order
