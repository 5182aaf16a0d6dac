"""iCalendar feeds, outside the language prefixes (a calendar client has no language cookie)."""

from django.urls import URLPattern

app_name = "feeds"
urlpatterns: list[URLPattern] = []  # filled by notifications/feeds.py views
