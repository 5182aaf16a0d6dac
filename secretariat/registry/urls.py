"""Public pages of the registry (mounted under i18n_patterns: /, /ru/, /zh-hans/)."""

from django.urls import path

from secretariat.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("states/", views.states, name="states"),
    path("bodies/", views.bodies, name="bodies"),
    path("summits/", views.summits, name="summits"),
    path("organisations/", views.organisations, name="organisations"),
]
