"""JSON API of the notifications app, mounted at /api/notifications/: one's own inbox."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Schema

from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.notifications import selectors, services
from secretariat.notifications.models import InboxMessage

router = ActionRouter(tags=["notifications"])


class ErrorOut(Schema):
    code: str
    message: str


class InboxMessageOut(Schema):
    id: int
    created: dt.datetime
    #: In the language the user had when it was delivered.
    subject: str
    body: str
    link: str
    read_at: dt.datetime | None


@router.read("/inbox", action="account.use", response=list[InboxMessageOut], summary="Your inbox")
def inbox(request: HttpRequest, unread: bool = False) -> list[InboxMessage]:
    """Your messages, newest first (``?unread=true``: only those not read yet)."""
    return list(selectors.inbox_of(user=me(request), unread_only=unread)[:200])


@router.create(
    "/inbox/{message_id}/read",
    action="account.use",
    response={200: InboxMessageOut, 404: ErrorOut},
    summary="Mark a message read",
)
def inbox_read(request: HttpRequest, message_id: int) -> InboxMessage:
    """Mark one of your messages read; another user's message is not found."""
    user = me(request)
    message = selectors.inbox_message_of(user=user, message_id=message_id)
    return services.inbox_mark_read(message=message)
