"""Pages of requests for materials (mounted at /requests/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.press import views

app_name = "requests"
urlpatterns: list[URLPattern] = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("mine/", views.request_mine, name="mine"),
    path("<int:request_id>/", views.request_detail, name="detail"),
    path("<int:request_id>/remind/", views.request_remind, name="remind"),
    path("<int:request_id>/answer/", views.request_answer, name="answer"),
    path(
        "<int:request_id>/answers/<int:answer_id>/file/",
        views.request_answer_file,
        name="answer_file",
    ),
]
