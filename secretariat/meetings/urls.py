"""Pages of the meetings app (mounted at /meetings/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.meetings import views

app_name = "meetings"
urlpatterns: list[URLPattern] = [
    path("", views.meeting_list, name="list"),
    path("new/extraordinary/", views.meeting_initiate, name="initiate"),
    path("plan/", views.meeting_plan, name="plan"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/transition/", views.meeting_transition, name="transition"),
    path("<int:meeting_id>/event/", views.meeting_event, name="event"),
    path("<int:meeting_id>/reschedule/", views.meeting_reschedule, name="reschedule"),
    path("<int:meeting_id>/consent/", views.meeting_consent, name="consent"),
]
