"""Pages of the term base (mounted at /terms/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.terms import views

app_name = "terms"
urlpatterns: list[URLPattern] = [
    path("", views.concept_list, name="list"),
    path("new/", views.concept_create, name="create"),
    path("sco-termbase.tbx", views.export_tbx, name="tbx"),
    path("<slug:slug>/", views.concept_detail, name="detail"),
    path("<slug:slug>/edit/", views.concept_edit, name="edit"),
]
