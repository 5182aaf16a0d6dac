"""The start page (mounted at /work/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.work import views

app_name = "work"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
]
