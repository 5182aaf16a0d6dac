"""The benchmark's floors (mounted at /bench-floor/ when settings.BENCH_FLOOR is set)."""

from django.urls import URLPattern, path

from secretariat.benchfloor import views

app_name = "benchfloor"
urlpatterns: list[URLPattern] = [
    path("json", views.bare_json, name="json"),
    path("meeting/<int:meeting_id>", views.meeting_floor, name="meeting"),
]
