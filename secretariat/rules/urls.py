from django.urls import path

from secretariat.rules import views

app_name = "rules"
urlpatterns = [
    path("", views.rule_list, name="list"),
    path("schedule/", views.schedule, name="schedule"),
    path("<str:rule_id>/", views.rule_detail, name="detail"),
]
