"""Template context of the notifications app: the number of unread inbox messages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from secretariat.notifications.models import InboxMessage


def inbox(request: HttpRequest) -> dict[str, Any]:
    """``inbox_unread``: the signed-in user's unread messages (one query; none for visitors)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "inbox_unread": InboxMessage.objects.filter(user_id=user.pk, read_at__isnull=True).count()
    }
