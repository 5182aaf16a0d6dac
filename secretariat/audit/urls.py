"""Pages of the audit app (mounted at /audit/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.audit import views

app_name = "audit"
urlpatterns: list[URLPattern] = [
    path("", views.log, name="log"),
    path("history/<str:model_label>/<str:object_id>/", views.history, name="history"),
]
