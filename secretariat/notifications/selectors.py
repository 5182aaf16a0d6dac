"""Reads of the notifications app: a user's own inbox, and the worker's view of the table."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import User
from secretariat.core.errors import NotFoundError
from secretariat.notifications.models import InboxMessage, Reminder, ReminderState


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
