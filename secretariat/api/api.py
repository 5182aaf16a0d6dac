"""The one NinjaAPI instance; each app adds its router here, and errors are mapped once."""

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError

from secretariat.accounts.api import router as accounts_router
from secretariat.api.openapi import SecretariatAPI
from secretariat.api.validation import add_input_handlers
from secretariat.audit.api import router as audit_router
from secretariat.audit.services import audit_refusal
from secretariat.budget.api import router as budget_router
from secretariat.core.actor import caller_language
from secretariat.core.errors import SecretariatError
from secretariat.databank.api import router as databank_router
from secretariat.decisions.api import router as decisions_router
from secretariat.depositary.api import router as depositary_router
from secretariat.documents.api import router as documents_router
from secretariat.meetings.api import router as meetings_router
from secretariat.notifications.api import router as notifications_router
from secretariat.plans.api import router as plans_router
from secretariat.press.api import requests_router
from secretariat.press.api import router as press_router
from secretariat.registry.api import router as registry_router
from secretariat.relations.api import router as relations_router
from secretariat.rules.api import router as rules_router
from secretariat.terms.api import router as terms_router
from secretariat.work.api import router as work_router

api = SecretariatAPI(
    title="Secretariat API",
    version="1",
    description=(
        "The JSON API of the SCO digital secretariat. OpenAPI 3 schema at /api/openapi.json. "
        "Authenticate with a personal API token: `Authorization: Bearer sct_...`. Every "
        "operation names the permission it needs in `x-required-action` (see the roles in "
        "the README)."
    ),
    urls_namespace="api",
)


@api.exception_handler(SecretariatError)
def secretariat_error(request: HttpRequest, exc: SecretariatError) -> HttpResponse:
    """Every refusal as JSON: a stable code and a message in the user's language, audited."""
    audit_refusal(request=request, code=exc.code, status=exc.status)
    with translation.override(caller_language(request)):
        message = exc.render()
    body: dict[str, object] = {"code": exc.code, "message": message}
    if rules := list(getattr(exc, "rules", ()) or ()):
        body["rules"] = rules  # the regulations the refusal cites
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    with translation.override(caller_language(request)):
        message = _("Log in, or send a valid API token: Authorization: Bearer <token>.")
    return api.create_response(
        request, {"code": "not_authenticated", "message": message}, status=401
    )


add_input_handlers(api)  # validation errors, malformed bodies, 404s: the same error shape


api.add_router("/registry/", registry_router)
api.add_router("/rules/", rules_router)
api.add_router("/accounts/", accounts_router)
api.add_router("/audit/", audit_router)
api.add_router("/notifications/", notifications_router)
api.add_router("/meetings/", meetings_router)
api.add_router("/documents/", documents_router)
api.add_router("/decisions/", decisions_router)
api.add_router("/relations/", relations_router)
api.add_router("/databank/", databank_router)
api.add_router("/budget/", budget_router)
api.add_router("/depositary/", depositary_router)
api.add_router("/plans/", plans_router)
api.add_router("/press/", press_router)
api.add_router("/requests/", requests_router)
api.add_router("/work", work_router)
api.add_router("/terms/", terms_router)
