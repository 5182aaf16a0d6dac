"""URL configuration: the public pages, the admin and the JSON API."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from secretariat.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("calendar/", include("secretariat.calendars.urls")),
]
if settings.BENCH_FLOOR:
    # The floors bench/meetings.py measures the meeting page and API against.
    urlpatterns.append(path("bench-floor/", include("secretariat.benchfloor.urls")))
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("rules/", include("secretariat.rules.urls")),
    path("accounts/", include("secretariat.accounts.urls")),
    path("audit/", include("secretariat.audit.urls")),
    path("inbox/", include("secretariat.notifications.urls")),
    path("work/", include("secretariat.work.urls")),
    path("meetings/", include("secretariat.meetings.urls")),
    path("documents/", include("secretariat.documents.urls")),
    path("decisions/", include("secretariat.decisions.urls")),
    path("relations/", include("secretariat.relations.urls")),
    path("budget/", include("secretariat.budget.urls")),
    path("depositary/", include("secretariat.depositary.urls")),
    path("plans/", include("secretariat.plans.urls")),
    path("press/", include("secretariat.press.urls")),
    path("requests/", include("secretariat.press.request_urls")),
    path("databank/", include("secretariat.databank.urls")),
    path("terms/", include("secretariat.terms.urls")),
    path("", include("secretariat.registry.urls")),
    prefix_default_language=False,
)

# The error pages in the site's layout and the reader's language (JSON under /api/).
handler400 = "secretariat.web.errors.bad_request"
handler403 = "secretariat.web.errors.permission_denied"
handler404 = "secretariat.web.errors.page_not_found"
handler500 = "secretariat.web.errors.server_error"
