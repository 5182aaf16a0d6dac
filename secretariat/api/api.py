"""The one NinjaAPI instance; each app adds its router here."""

from ninja import NinjaAPI

from secretariat.registry.api import router as registry_router
from secretariat.rules.api import router as rules_router

api = NinjaAPI(
    title="Secretariat API",
    version="1",
    description=(
        "The JSON API of the SCO digital secretariat. OpenAPI 3 schema at /api/openapi.json."
    ),
    urls_namespace="api",
)
api.add_router("/registry/", registry_router)
api.add_router("/rules/", rules_router)
