"""The project's URLs plus the notifications pages and API, until config wires them in."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI

from config.urls import urlpatterns as project_urlpatterns
from secretariat.core.errors import SecretariatError
from secretariat.notifications.api import router

api = NinjaAPI(title="notifications (tests)", urls_namespace="notifications-test-api")


@api.exception_handler(SecretariatError)
def secretariat_error(request: HttpRequest, exc: SecretariatError) -> HttpResponse:
    return api.create_response(
        request, {"code": exc.code, "message": exc.render()}, status=exc.status
    )


api.add_router("/notifications/", router)

urlpatterns: list[URLPattern | URLResolver] = [
    path("test-api/", api.urls),
    *i18n_patterns(
        path("inbox/", include("secretariat.notifications.urls")),
        prefix_default_language=False,
    ),
    *project_urlpatterns,
]
