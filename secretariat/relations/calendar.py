"""The Secretary-General's schedule as an iCalendar feed (RFC 5545), for ``protocol.view`` users.

Built like the meeting feeds of ``calendars/feeds.py``: stable UIDs, so a calendar client
updates an engagement instead of adding it again, and SEQUENCE from the engagement's version.
The feed is private: it is never cached by shared caches.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from secretariat.accounts.models import User
from secretariat.core import downloads
from secretariat.relations import selectors
from secretariat.relations.models import Engagement

#: The product identifier (RFC 5545 §3.7.3), as the other feeds of the project give it.
PRODID = "-//SCO Secretariat//Secretariat protocol schedule//EN"
UID_DOMAIN = "secretariat"


def _event(line: selectors.ScheduleLine) -> Event:
    engagement: Engagement = line.engagement
    stamp = (engagement.created_at or timezone.now()).replace(microsecond=0)
    event = Event()
    event.add("uid", f"engagement-{engagement.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", engagement.version)
    event.add("dtstart", engagement.starts_at)
    event.add("dtend", engagement.ends_at)
    summary = f"{engagement.get_kind_display()}: {engagement.counterpart}"
    if engagement.is_demo:
        summary = _("[demo] %(summary)s") % {"summary": summary}
    event.add("summary", summary)
    event.add("location", engagement.place)
    lines = [engagement.notes] if engagement.notes else []
    lines.extend(line.warnings)
    if lines:
        event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED")
    return event


def schedule_calendar(user: User) -> bytes:
    """Every engagement of the schedule, in the active language."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("The Secretary-General's schedule"))
    for line in selectors.schedule(user):
        calendar.add_component(_event(line))
    payload: bytes = calendar.to_ical()
    return payload


def schedule_ics(user: User) -> HttpResponse:
    """The feed as a response, in the user's language."""
    with translation.override(user.language):
        payload = schedule_calendar(user)
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = downloads.inline("protocol.ics")
    response["Cache-Control"] = "private, no-store"
    return response
