"""iCalendar feeds, outside the language prefixes (a calendar client has no language cookie).

The language is ``?lang=en|ru|zh``; calendars/feeds.py says what each feed holds. The one
meeting's download (``meeting/<id>.ics``) is read with the session, in the user's language.
"""

from django.urls import URLPattern, path

from secretariat.calendars import feeds

app_name = "feeds"
urlpatterns: list[URLPattern] = [
    path("body/<slug:body_code>.ics", feeds.body_feed, name="body"),
    path("delegation/<str:token>.ics", feeds.delegation_feed, name="delegation"),
    path("user/<str:token>.ics", feeds.user_feed, name="user"),
    path("meeting/<int:meeting_id>.ics", feeds.meeting_download, name="meeting"),
]
