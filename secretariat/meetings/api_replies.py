"""JSON API of the national parts' replies to an extraordinary Board meeting, mounted with
the meetings API (/api/meetings/<id>/replies): read them as one may see them, reply for
one's own national part. The BC Secretariat closes the collection and relays the replies
with ``POST …/transitions`` (``collect_replies``, ``relay``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Status

from secretariat.core.access import ActionRouter
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError
from secretariat.core.lang import current_lang
from secretariat.core.schemas import ErrorOut
from secretariat.meetings import selectors, services
from secretariat.meetings.models import Meeting
from secretariat.meetings.replies_read import replies_data
from secretariat.meetings.schemas import RepliesOut, ReplyIn

router = ActionRouter(tags=["meetings"])


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting, or 404 when there is none or the caller may not see it."""
    found = selectors.meetings_visible(me(request)).filter(pk=meeting_id).first()
    if found is None:
        raise NotFoundError(translation.gettext_lazy("There is no such meeting."))
    return found


@router.read(
    "/{meeting_id}/replies",
    action="meetings.view",
    response={200: RepliesOut, 404: ErrorOut},
    summary="The national parts' replies you may see",
)
def meetings_replies(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """The BC Secretariat sees every reply; a national part its own, and every reply once
    they were relayed to the Board members (BCB-EXTRA-RELAY-3D)."""
    meeting = _meeting(request, meeting_id)
    return replies_data(meeting, me(request), current_lang())


@router.create(
    "/{meeting_id}/replies",
    action="meetings.reply",
    response={201: RepliesOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Reply for your national part, or amend its reply",
)
def meetings_reply(
    request: HttpRequest, meeting_id: int, payload: ReplyIn
) -> Status[dict[str, Any]]:
    """Your own national part agrees, objects or comments (BCB-EXTRA-REPLY-10D), dated today;
    amendable until the collection is closed; after the deadline it is recorded as late."""
    meeting = _meeting(request, meeting_id)
    services.reply_send(
        meeting=meeting,
        by=me(request),
        answer=payload.answer,
        text=payload.text,
        language=payload.language,
        expected_version=payload.expected_version,
    )
    return Status(201, replies_data(meeting, me(request), current_lang()))
