"""The meeting page's cache: what a reader is shown, kept per version of the meeting.

Every step raises the meeting's version, which is in every key, so nothing cached is ever
stale; ``SHOWN_CACHE_SECONDS`` bounds only what no version tracks (a name changed in the
registry is covered by the registry's generation, also in the key). A whole page is cached
with a marker in place of its CSRF tokens, put in per request.
"""

from __future__ import annotations

import json
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from ninja.responses import NinjaJSONEncoder

from secretariat.accounts.models import User
from secretariat.meetings.models import (
    Meeting,
)
from secretariat.meetings.presenters import (
    ContentShown,
    MeetingShown,
    content_shown,
    meeting_detail_data,
    meeting_shown,
)
from secretariat.meetings.schemas import MeetingDetailOut
from secretariat.procedure.text import Lang
from secretariat.registry.selectors import registry_generation

#: Stands for the CSRF token in a cached page: random per process, so no text can forge it.
CSRF_MARKER = f"csrf-{secrets.token_hex(16)}"


def with_csrf(request: HttpRequest, html: str) -> HttpResponse:
    """The cached page ``html`` with this request's CSRF token in its forms."""
    return HttpResponse(html.replace(CSRF_MARKER, get_token(request)))


def page_key(
    request: HttpRequest, meeting: Meeting, user: User, lang: str, generation: str
) -> str | None:
    """The key of the whole page as ``user`` sees it now, or None when it may not be cached.

    Besides what ``shown_key`` holds, the page depends on the reader (their name, role and
    delegation decide the forms offered), the day (a form's default date), the address (the
    language switcher returns to it) and the messages waiting (shown once, never cached).
    """
    if len(messages.get_messages(request)):
        return None
    return ":".join(
        [
            shown_key("html", meeting, user, lang, generation),
            str(user.pk),
            user.get_username(),
            str(user.role),
            str(user.delegation_id or 0),
            timezone.localdate().isoformat(),
            request.get_full_path(),
        ]
    )


#: Seconds the assembled view of a meeting is kept. Every change raises the meeting's
#: version, which is in the key; this only bounds what no version tracks (a name changed).
SHOWN_CACHE_SECONDS = 300


def shown_key(kind: str, meeting: Meeting, user: User, lang: str, generation: str) -> str:
    """A cache key for what ``user`` is shown of ``meeting`` in ``lang``.

    It holds what the view depends on: the meeting (its id and creation time, so a reused id
    never matches), its version, the language, what the user may see (everything, or their
    delegation's items) and the registry's generation (names of states and bodies).
    """
    sees = "all" if user.can("confidential.all") else f"d{user.delegation_id or 0}"
    return ":".join(
        [
            f"meetings:{kind}",
            str(meeting.pk),
            f"{meeting.created_at.timestamp():.6f}",
            str(meeting.version),
            lang,
            sees,
            generation,
            # Overdue deadlines change with the day, not the version.
            timezone.localdate().isoformat(),
        ]
    )


def shown_cached(
    meeting: Meeting, user: User, lang: Lang, generation: str
) -> tuple[MeetingShown, ContentShown]:
    """``meeting_shown`` and ``content_shown``, assembled once per version and reader.

    ``generation``: the registry's generation token (registry_generation), read once per
    request by the caller.
    """
    key = shown_key("shown", meeting, user, lang, generation)
    found: tuple[MeetingShown, ContentShown] | None = cache.get(key)
    if found is None:
        found = (meeting_shown(meeting, lang), content_shown(meeting, user, lang))
        cache.set(key, found, SHOWN_CACHE_SECONDS)
    return found


#: Seconds the API's answer for a meeting is kept (its version is in the key, as above).
DETAIL_CACHE_SECONDS = 300


def detail_cached(meeting: Meeting, user: User) -> HttpResponse:
    """The meeting's answer, assembled once per version, language and visibility.

    The key (``shown_key``) holds what the answer depends on.
    """
    key = shown_key("detail", meeting, user, user.language, registry_generation() or "-")
    body = cache.get(key)
    if body is None:
        data = MeetingDetailOut.model_validate(meeting_detail_data(meeting, user, fresh=False))
        body = json.dumps(data.model_dump(by_alias=True), cls=NinjaJSONEncoder).encode()
        cache.set(key, body, DETAIL_CACHE_SECONDS)
    return HttpResponse(body, content_type="application/json; charset=utf-8")
