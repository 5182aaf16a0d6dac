"""Pages of the documents app (mounted at /documents/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.documents import views

app_name = "documents"
urlpatterns: list[URLPattern] = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/compare/", views.document_compare, name="compare"),
    path("<int:document_id>/parallel/", views.document_parallel, name="parallel"),
    path(
        "<int:document_id>/parallel/check/",
        views.document_paragraph_check,
        name="paragraph_check",
    ),
    path("<int:document_id>/text/", views.document_text, name="text"),
    path("<int:document_id>/revision/", views.document_revision, name="revision"),
    path("<int:document_id>/consultation/", views.document_consultation, name="consultation"),
    path(
        "<int:document_id>/consultation/close/",
        views.document_consultation_close,
        name="consultation_close",
    ),
    path("<int:document_id>/comment/", views.document_comment, name="comment"),
    path("<int:document_id>/resolve/", views.document_resolve, name="resolve"),
    path("<int:document_id>/assess/", views.document_assess, name="assess"),
    path("<int:document_id>/circulate/", views.document_circulate, name="circulate"),
    path("<int:document_id>/withdraw/", views.document_withdraw, name="withdraw"),
]
