"""iCalendar feeds (RFC 5545) of meetings and deadlines: per body (public), per delegation
and per user (private, behind a secret token in the URL), and one meeting's download.

What each feed holds (docs/notifications.md has the same in prose):

- **body** ``/calendar/body/<code>.ics``, public: the body's meetings whose state is
  ``PUBLIC_STATES`` (convened or later, not cancelled), with only the title and the dates.
  No deadlines, no venue, nothing of a meeting still being asked for or refused.
- **user** ``/calendar/user/<token>.ics``: the meetings whose page the user may open and the
  deadlines of those meetings that the user's delegation acts on (``calendars/visible.py``:
  the pages' rule and the reminders' rule, asked of the meetings app), in the user's language.
- **delegation** ``/calendar/delegation/<token>.ics``: the same for what every active member
  of the delegation may see.
- **meeting** ``/calendar/meeting/<id>.ics``, for a logged-in user (the session): one meeting
  and its deadlines that the user's delegation acts on; 404 where its page is 404.

Every calendar has a component even when it has no event: the ``VTIMEZONE`` of the
Secretariat's seat (``X-WR-TIMEZONE`` too), so no feed is an empty ``VCALENDAR``. Events stay
all-day ``DATE`` values (the days of record are the seat's days, not instants). Clients are
asked to read the feed again every hour (``REFRESH-INTERVAL``, RFC 7986, and
``X-PUBLISHED-TTL``); the calendar's name (``NAME``, ``X-WR-CALNAME``) is in its language.

The token is the credential: an unknown, revoked or orphaned token (its user inactive, or
moved to another delegation) is a 404, never a 403, so a guess learns nothing. It is looked up
by its SHA-256 digest, so no comparison runs over the secret itself.

The feeds read meetings, so they live above both the meetings and the notifications apps; the
tokens (``notifications.FeedToken``, made and revoked on the inbox's feeds page) stay in
notifications (``notifications/tokens.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone
from icalendar.prop import vDuration

from secretariat.accounts.models import User
from secretariat.audit.models import AuditEntry
from secretariat.calendars.visible import (
    feed_deadlines,
    feed_meetings_of_delegation,
    feed_meetings_of_user,
)
from secretariat.core import downloads
from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.conditional import conditional_feed
from secretariat.core.lang import current_lang, django_language, lang_or
from secretariat.core.policy import PUBLIC
from secretariat.core.tokens import mark_used
from secretariat.meetings.languages import marked
from secretariat.meetings.models import Deadline, Meeting
from secretariat.notifications.messages import absolute_link
from secretariat.notifications.models import FeedScope, FeedToken
from secretariat.notifications.tokens import feed_token_find
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Lang, parse_lang
from secretariat.procedure.timing import zone_of
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body

#: The product identifier every feed carries (RFC 5545 §3.7.3).
PRODID = "-//SCO Secretariat//Secretariat calendar feeds//EN"
#: The right-hand side of every UID: stable, so a client updates an event instead of adding one.
UID_DOMAIN = "secretariat"
#: How often a client should read a feed again (RFC 7986 REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH = dt.timedelta(hours=1)
#: How often a token's use is stamped at most (``last_used``).
USE_STAMP = dt.timedelta(minutes=5)
#: The first day the seat's VTIMEZONE describes (no feed holds an older meeting's offset).
ZONE_SINCE = dt.date(2000, 1, 1)

# --- meeting states: what a calendar client is told, and what the public may see -----------
# Every state of workflows.yaml is in exactly one of the three sets below
# (tests/notifications/test_feeds.py checks it), so a new state has to be classified here.

#: The meeting will not take place.
CANCELLED_STATES = frozenset({"cancelled", "refused"})
#: Convened, or a regular meeting whose agenda is out: it takes place on these dates.
CONFIRMED_STATES = frozenset(
    {
        "convened",
        "agenda_agreed",
        "agenda_circulated",
        "in_session",
        "concluded",
        "minutes_signed",
        "minutes_distributed",
    }
)
#: Planned or still being asked for: the dates may move, or the meeting may not happen.
TENTATIVE_STATES = frozenset(
    {
        "planned",
        "initiative",
        "appeal_received",
        "informed",
        "replies_collected",
        "relayed",
        "letters_received",
        "secretariat_notified",
        "consented",
    }
)
#: What the public body feed shows. A request for an extraordinary meeting, its refusal and a
#: plan not yet confirmed stay among those concerned.
PUBLIC_STATES = CONFIRMED_STATES


def meeting_status(state: str) -> str:
    """The RFC 5545 STATUS of a meeting in ``state`` (an unknown state is tentative)."""
    if state in CANCELLED_STATES:
        return "CANCELLED"
    if state in CONFIRMED_STATES:
        return "CONFIRMED"
    return "TENTATIVE"


# --- who sees what: calendars/visible.py ---------------------------------------------------


def feed_meetings_of_body(body: Body) -> QuerySet[Meeting]:
    """The body's meetings the public may see."""
    return Meeting.objects.filter(body=body, state__in=PUBLIC_STATES).order_by("date_start", "pk")


# --- rendering --------------------------------------------------------------------------------


def _last_changes(model_label: str, ids: Iterable[int]) -> dict[str, dt.datetime]:
    """When each object was last written, from the audit log (every write is recorded there)."""
    keys = [str(i) for i in ids]
    if not keys:
        return {}
    rows = (
        AuditEntry.objects.filter(model_label=model_label, object_id__in=keys)
        .order_by()
        .values("object_id")
        .annotate(last=Max("at"))
    )
    return {row["object_id"]: row["last"] for row in rows}


def _title(meeting: Meeting, lang: Lang) -> str:
    return str(getattr(meeting, f"title_{lang}") or meeting.title_en)


def _venue(meeting: Meeting) -> str:
    state = meeting.venue_state.name if meeting.venue_state else ""
    city = marked(meeting, "venue_city", current_lang())  # the feed's language, or marked
    return ", ".join(part for part in (city, state) if part)


def seat_timezone() -> Timezone:
    """The VTIMEZONE of the Secretariat's seat (Asia/Shanghai), every offset since ZONE_SINCE."""
    zone = zone_of(None)
    component = Timezone.from_tzinfo(zone, tzid=zone.key, first_date=ZONE_SINCE)
    component.pop("COMMENT", None)  # the writer's English note on the years it covers
    return component


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone_of(None).key)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    # The one component every calendar has, so none is an empty VCALENDAR (RFC 5545 §3.6).
    calendar.add_component(seat_timezone())
    return calendar


def _all_day(event: Event, first: dt.date, last: dt.date) -> None:
    """DTSTART and DTEND as DATE values; DTEND is the day after the last (RFC 5545 §3.6.1)."""
    event.add("dtstart", first)
    event.add("dtend", last + dt.timedelta(days=1))


def _meeting_event(meeting: Meeting, lang: Lang, changed: dt.datetime, *, public: bool) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{UID_DOMAIN}")
    event.add("dtstamp", changed)
    event.add("sequence", meeting.version)
    event.add("summary", _title(meeting, lang))
    _all_day(event, meeting.date_start, meeting.date_end)
    if public:
        return event
    event.add("last-modified", changed)
    event.add("status", meeting_status(meeting.state))
    venue = _venue(meeting)
    if venue:
        event.add("location", venue)
    workflow = workflows(rulebook()).workflows.get(meeting.kind)
    state = (
        workflow.states[meeting.state][lang]
        if workflow and meeting.state in workflow.states
        else meeting.state
    )
    event.add(
        "description",
        _("%(body)s. Stage of the procedure: %(state)s.")
        % {"body": meeting.body.name, "state": state},
    )
    event.add("url", _page(meeting, lang))
    return event


def _page(meeting: Meeting, lang: Lang) -> str:
    """The meeting's page in the feed's language, as a full address (RFC 5545 URL)."""
    return absolute_link(f"/meetings/{meeting.pk}/", django_language(lang))


def _deadline_event(deadline: Deadline, lang: Lang, changed: dt.datetime) -> Event:
    book = rulebook()
    rule = book.rules.get(deadline.rule_id)
    action = rule.step.action[lang] if rule and rule.step else deadline.rule_id
    actor = book.actors.get(deadline.actor)
    lines = [
        _("Who acts: %(actor)s.") % {"actor": actor.name[lang] if actor else deadline.actor},
        _("Meeting: %(meeting)s.") % {"meeting": _title(deadline.meeting, lang)},
        # The rule by its document and paragraph; its id stays the machine's.
        _("Grounds: %(source)s.") % {"source": rule.citation(lang) if rule else "?"},
    ]
    if deadline.done_at:
        lines.append(_("Done on %(day)s.") % {"day": deadline.done_at.date().isoformat()})
    for warning in deadline.warnings:
        if isinstance(warning, dict) and warning.get(lang):
            lines.append(str(warning[lang]))
    event = Event()
    event.add("uid", f"deadline-{deadline.pk}@{UID_DOMAIN}")
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    # A deadline moves only when its meeting changes, and the meeting's version rises then.
    event.add("sequence", deadline.meeting.version)
    event.add(
        "summary",
        _("Due: %(action)s (%(rule)s)")
        % {"action": action, "rule": rule.citation(lang) if rule else deadline.rule_id},
    )
    event.add("description", "\n".join(lines))
    _all_day(event, deadline.due, deadline.due)
    # A deadline does not make anyone busy.
    event.add("transp", "TRANSPARENT")
    event.add("url", _page(deadline.meeting, lang))
    return event


def calendar_render(
    *,
    name: str,
    meetings: Iterable[Meeting],
    deadlines: Iterable[Deadline] = (),
    lang: Lang,
    public: bool = False,
) -> bytes:
    """The feed as RFC 5545 text, in ``lang`` (the caller has activated it)."""
    meetings = list(meetings)
    deadlines = list(deadlines)
    fallback = timezone.now().replace(microsecond=0)
    meeting_changes = _last_changes("meetings.meeting", (m.pk for m in meetings))
    deadline_changes = _last_changes("meetings.deadline", (d.pk for d in deadlines))
    calendar = _calendar(name)
    for meeting in meetings:
        changed = meeting_changes.get(str(meeting.pk)) or meeting.created_at or fallback
        calendar.add_component(_meeting_event(meeting, lang, _utc(changed), public=public))
    for deadline in deadlines:
        changed = deadline_changes.get(str(deadline.pk)) or fallback
        calendar.add_component(_deadline_event(deadline, lang, _utc(changed)))
    payload: bytes = calendar.to_ical()
    return payload


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


# --- views ------------------------------------------------------------------------------------


def _lang(request: HttpRequest, default: str = "en") -> Lang:
    """``?lang=en|ru|zh`` (zh-hans too); anything else, or nothing, gives ``default``."""
    return lang_or(request.GET.get("lang", ""), parse_lang(default))


def _response(payload: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = downloads.inline(filename)
    if private:
        # The URL is the credential: keep it out of shared caches, search engines and referrers.
        # (A token feed is answered "private, no-cache" by conditional_feed: kept by its
        # client only, and asked again with its ETag; a download stays "private, no-store".)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "public, no-cache"
    return response


@requires(PUBLIC)
def body_feed(request: HttpRequest, body_code: str) -> HttpResponse:
    """The public calendar of a body's confirmed meetings: titles and dates only."""
    body = get_object_or_404(Body, code=body_code)
    lang = _lang(request)

    def build() -> HttpResponse:
        with translation.override(django_language(lang)):
            payload = calendar_render(
                name=_("%(body)s: meetings") % {"body": body.name},
                meetings=feed_meetings_of_body(body),
                lang=lang,
                public=True,
            )
        return _response(payload, f"{body.code}.ics", private=False)

    return conditional_feed(request, f"body:{body.pk}:{lang}", build, private=False)


def _token_or_404(scope: str, token: str) -> FeedToken:
    found = feed_token_find(scope=scope, token=token)
    if found is None:
        raise Http404("No calendar feed at this address.")
    # A client reads its feed every few minutes: the use is stamped at most once per
    # USE_STAMP, not on every read (each stamp is a write).
    if found.last_used is None or timezone.now() - found.last_used >= USE_STAMP:
        mark_used(found)
    return found


def _identity(kind: str, found: FeedToken, lang: Lang) -> str:
    """What a token feed's content depends on besides the data: the token, its owner, the
    owner's delegation and the language (so no copy or ETag is shared between owners)."""
    return f"{kind}:{found.pk}:{found.user_id}:{found.user.delegation_id}:{lang}"


@requires(PUBLIC)  # the secret token in the URL is the credential
def delegation_feed(request: HttpRequest, token: str) -> HttpResponse:
    """What every member of a delegation may see, and the deadlines the delegation acts on."""
    found = _token_or_404(FeedScope.DELEGATION, token)
    delegation = found.delegation
    assert delegation is not None  # noqa: S101  # the check constraint: a delegation feed has one
    lang = _lang(request)

    def build() -> HttpResponse:
        meetings = list(feed_meetings_of_delegation(delegation))
        with translation.override(django_language(lang)):
            payload = calendar_render(
                name=_("%(delegation)s: meetings and deadlines") % {"delegation": delegation.name},
                meetings=meetings,
                deadlines=feed_deadlines(meetings, delegation),
                lang=lang,
            )
        return _response(payload, f"{delegation.code}.ics", private=True)

    identity = _identity("delegation", found, lang) + f":{delegation.pk}"
    return conditional_feed(request, identity, build, private=True)


def _user_calendar(user: User, meetings: list[Meeting], lang: Lang, name: str) -> bytes:
    return calendar_render(
        name=name,
        meetings=meetings,
        deadlines=feed_deadlines(meetings, user.delegation),
        lang=lang,
    )


@requires(PUBLIC)  # the secret token in the URL is the credential
def user_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings a user may see and the deadlines the user's delegation acts on, in the
    user's language."""
    found = _token_or_404(FeedScope.USER, token)
    user = found.user
    lang = _lang(request, default=user.language)

    def build() -> HttpResponse:
        meetings = list(feed_meetings_of_user(user))
        with translation.override(django_language(lang)):
            name = _("%(user)s: meetings and deadlines") % {
                "user": user.get_full_name() or user.username
            }
            payload = _user_calendar(user, meetings, lang, name)
        return _response(payload, "secretariat.ics", private=True)

    return conditional_feed(request, _identity("user", found, lang), build, private=True)


@requires("meetings.view")
def meeting_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One meeting and the deadlines the user's delegation acts on, to add to a calendar; 404
    where the meeting's page is 404."""
    user = me(request)
    meeting = feed_meetings_of_user(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("There is no such meeting."))
    lang = _lang(request, default=user.language)
    with translation.override(django_language(lang)):
        payload = _user_calendar(user, [meeting], lang, _title(meeting, lang))
    response = _response(payload, f"meeting-{meeting.pk}.ics", private=True)
    response["Content-Disposition"] = downloads.attachment(f"meeting-{meeting.pk}.ics")
    return response
