"""Pages of the decisions app (mounted at /decisions/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.decisions import views

app_name = "decisions"
urlpatterns: list[URLPattern] = [
    path("", views.decision_list, name="list"),
    path("dashboard/", views.decision_dashboard, name="dashboard"),
    path("new/", views.decision_create, name="create"),
    path("<int:decision_id>/", views.decision_detail, name="detail"),
    path("<int:decision_id>/task/", views.decision_task_add, name="task"),
    path("<int:decision_id>/report/", views.decision_task_report, name="report"),
]
