"""Pages of the notifications app (mounted at /inbox/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern] = [
    path("", views.inbox, name="inbox"),
    path("<int:message_id>/read/", views.inbox_read, name="read"),
    path("read-all/", views.inbox_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("policy/", views.policy, name="policy"),
    path("sent/", views.sent, name="sent"),
    path("feeds/", views.calendar_feeds, name="feeds"),
]
