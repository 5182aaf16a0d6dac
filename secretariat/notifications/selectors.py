"""Reads of the notifications app: a user's own inbox, and the worker's view of the table."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import User
from secretariat.core.errors import NotFoundError
from secretariat.notifications.models import (
    Digest,
    InboxMessage,
    Reminder,
    ReminderState,
    SentEmail,
)


def inbox_of(*, user: User, unread_only: bool = False) -> QuerySet[InboxMessage]:
    """The user's own messages, newest first."""
    messages = InboxMessage.objects.filter(user=user)
    return messages.filter(read_at__isnull=True) if unread_only else messages


def inbox_message_of(*, user: User, message_id: int) -> InboxMessage:
    """One of the user's own messages; another user's is as absent as a missing one."""
    found = inbox_of(user=user).filter(pk=message_id).first()
    if found is None:
        raise NotFoundError(_("No message of yours has this number."))
    return found


def reminders_by_state() -> dict[str, int]:
    rows = Reminder.objects.order_by().values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def reminders_uncertain() -> QuerySet[Reminder]:
    """Reminders whose e-mail may or may not have gone: for the Secretariat to settle."""
    return Reminder.objects.filter(state=ReminderState.UNCERTAIN).select_related("recipient")


def unread_count(*, user: User) -> int:
    return InboxMessage.objects.filter(user=user, read_at__isnull=True).count()


def sent_emails(
    *, recipient: str = "", kind: str = "", day: dt.date | None = None
) -> QuerySet[SentEmail]:
    """The log of e-mails sent, newest first; ``recipient`` matches a username or address,
    ``day`` is a day at the Secretariat's seat."""
    rows = SentEmail.objects.select_related("recipient")
    if recipient:
        rows = rows.filter(
            Q(recipient__username__icontains=recipient) | Q(address__icontains=recipient)
        )
    if kind:
        rows = rows.filter(kind=kind)
    if day is not None:
        seat = ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(day, dt.time(0), tzinfo=seat)
        rows = rows.filter(sent_at__gte=start, sent_at__lt=start + dt.timedelta(days=1))
    return rows


def digests_by_state() -> dict[str, int]:
    rows = Digest.objects.order_by().values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def digests_uncertain() -> QuerySet[Digest]:
    """Digests whose e-mail may or may not have gone: for the Secretariat to settle."""
    return Digest.objects.filter(state=ReminderState.UNCERTAIN).select_related("user")


def link_here(path: str) -> str:
    """A message's link (a path as the English pages have it) in the language of the page
    being served: /meetings/2/ becomes /ru/meetings/2/ for a Russian reader. A path that is
    not one of the pages is given back as it is."""
    language = translation.get_language() or "en"
    parts = urlsplit(path)
    with translation.override("en"):
        try:
            match = resolve(parts.path)
        except Resolver404:
            return path
    with translation.override(language):
        here = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    return urlunsplit(("", "", here, parts.query, parts.fragment))
