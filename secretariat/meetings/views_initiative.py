"""The page steps of the initiators of an extraordinary meeting: a delegation named as an
initiator joins the joint appeal itself, with the day it sent it, or withdraws with a reason
(``services.initiative_join``, ``services.initiative_withdraw``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.models import User
from secretariat.core.access import requires
from secretariat.meetings import services
from secretariat.meetings.forms import JoinForm, WithdrawForm
from secretariat.meetings.models import Meeting
from secretariat.meetings.views import _step


@requires("meetings.initiate")
@require_POST
def initiative_join(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        services.initiative_join(
            meeting=meeting,
            by=user,
            sent_on=data["sent_on"],
            expected_version=data["expected_version"],
        )
        return _("Your delegation joined the initiative.")

    return _step(request, meeting_id, JoinForm, "join_form", call)


@requires("meetings.initiate")
@require_POST
def initiative_withdraw(request: HttpRequest, meeting_id: int) -> HttpResponse:
    def call(meeting: Meeting, user: User, data: dict[str, Any]) -> str:
        services.initiative_withdraw(
            meeting=meeting,
            by=user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return _("Your delegation withdrew from the initiative; the other initiators are told.")

    return _step(request, meeting_id, WithdrawForm, "withdraw_form", call)
