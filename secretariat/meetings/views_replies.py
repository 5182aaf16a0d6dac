"""The page step of the national parts' replies to an extraordinary Board meeting: a part
replies, or amends its reply, while the collection is open.

The view parses the form and calls ``services.reply_send`` through the meeting page's step
(``views._step``); what the page shows of the replies is ``replies_read.replies_page``. The
BC Secretariat closes the collection and relays the replies with the workflow's steps
(``collect_replies``, ``relay``) among the page's next steps.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.models import User
from secretariat.core.access import requires
from secretariat.meetings import services
from secretariat.meetings.forms import ReplyForm
from secretariat.meetings.models import Meeting
from secretariat.meetings.views import _step


@requires("meetings.reply")
@require_POST
def meeting_reply(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        reply = services.reply_send(
            meeting=meeting,
            by=user,
            answer=data["answer"],
            text=data["text"],
            language=data["language"],
            expected_version=data["expected_version"],
        )
        if reply.late:
            return _("Your national part's reply was recorded, as late.")
        return _("Your national part's reply was recorded.")

    return _step(request, meeting_id, ReplyForm, "reply_form", call)
