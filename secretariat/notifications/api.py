"""JSON API of the notifications app, mounted at /api/notifications/: one's own inbox."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Schema

from secretariat.accounts.models import User
from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.schemas import ErrorOut
from secretariat.notifications import choices, selectors, services
from secretariat.notifications.kinds import KINDS
from secretariat.notifications.models import InboxMessage
from secretariat.notifications.pace import mandatory_kinds

router = ActionRouter(tags=["notifications"])


class InboxMessageOut(Schema):
    id: int
    created: dt.datetime
    #: In the language the user had when it was delivered.
    subject: str
    body: str
    link: str
    read_at: dt.datetime | None
    #: The kind of event (see /preferences for the names).
    kind: str


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


class PreferenceOut(Schema):
    kind: str
    #: The kind's name and description in the caller's language.
    name: str
    description: str
    #: inbox (inbox only), email (inbox and e-mail at once), digest (inbox and a daily digest)
    channel: str
    #: Set by the Secretariat: this kind cannot be "inbox only".
    mandatory: bool


class PreferencesIn(Schema):
    #: kind -> channel, for the kinds to change (the others stay as they are).
    choices: dict[str, str]


def _preferences(user: User) -> list[PreferenceOut]:
    chosen = choices.preferences_of(user)
    mandatory = mandatory_kinds()
    return [
        PreferenceOut(
            kind=code,
            name=str(kind.name),
            description=str(kind.description),
            channel=chosen[code],
            mandatory=code in mandatory,
        )
        for code, kind in KINDS.items()
    ]


@router.read(
    "/preferences",
    action="account.use",
    response=list[PreferenceOut],
    summary="How you receive each kind of notification",
)
def preferences(request: HttpRequest) -> list[PreferenceOut]:
    """Every kind of notification with your channel: inbox, email (default) or digest."""
    return _preferences(me(request))


@router.replace(
    "/preferences",
    action="account.use",
    response={200: list[PreferenceOut], 400: ErrorOut},
    summary="Choose how you receive kinds of notification",
)
def preferences_set(request: HttpRequest, payload: PreferencesIn) -> list[PreferenceOut]:
    """Set your channel for the kinds given; a mandatory kind cannot be "inbox" (400
    ``mandatory_kind``); an unknown kind or channel is refused (``unknown_kind``,
    ``unknown_channel``) and nothing is changed."""
    user = me(request)
    choices.preferences_set(user=user, choices=payload.choices)
    return _preferences(user)
