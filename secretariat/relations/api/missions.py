"""Election observer missions, their members and report (SEC-MISSIONS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Status

from secretariat.accounts.models import User
from secretariat.core.actor import me
from secretariat.core.lookup import found_or_404
from secretariat.core.schemas import ErrorOut
from secretariat.relations import selectors, services
from secretariat.relations.api.common import changed, done, router, state_or_404
from secretariat.relations.api.schemas import MemberIn, MissionIn, MissionReportIn
from secretariat.relations.api.schemas_out import RelMissionOut


def _mission(request: HttpRequest, mission_id: int) -> dict[str, Any]:
    user = me(request)
    with translation.override(user.language):
        return selectors.mission_out(selectors.mission_of(user, mission_id))


@router.read(
    "/missions",
    action="relations.view",
    response=list[RelMissionOut],
    summary="Election observer missions",
)
def relations_missions(request: HttpRequest) -> list[dict[str, Any]]:
    user = me(request)
    with translation.override(user.language):
        return [selectors.mission_out(m) for m in selectors.missions_visible(user)[:500]]


@router.create(
    "/missions",
    action="relations.manage",
    response=changed(RelMissionOut),
    summary="Set up a mission",
)
def relations_mission_create(request: HttpRequest, payload: MissionIn) -> Status[dict[str, Any]]:
    found = services.mission_create(
        kind=payload.kind,
        country=state_or_404(code=payload.country),
        election_date=payload.election_date,
        date_start=payload.date_start,
        date_end=payload.date_end,
        by=me(request),
    )
    return Status(201, _mission(request, found.pk))


@router.read(
    "/missions/{mission_id}",
    action="relations.view",
    response={200: RelMissionOut, 404: ErrorOut},
    summary="A mission",
)
def relations_mission(request: HttpRequest, mission_id: int) -> dict[str, Any]:
    return _mission(request, mission_id)


@router.create(
    "/missions/{mission_id}/members",
    action="relations.manage",
    response=changed(RelMissionOut),
    summary="Add a member to a mission",
)
def relations_mission_member(
    request: HttpRequest, mission_id: int, payload: MemberIn
) -> Status[dict[str, Any]]:
    user = me(request)
    mission = selectors.mission_of(user, mission_id)
    member = None
    if payload.username:
        member = found_or_404(
            User,
            translation.gettext_lazy("There is no such user."),
            username=payload.username,
            is_active=True,
        )
    services.mission_member_add(
        mission=mission,
        user=member,
        name=payload.name,
        state=state_or_404(code=payload.state) if payload.state else None,
        is_head=payload.is_head,
        by=user,
    )
    return Status(201, _mission(request, mission_id))


@router.create(
    "/missions/{mission_id}/report",
    action="relations.manage",
    response=done(RelMissionOut),
    summary="File the mission's report",
)
def relations_mission_report(
    request: HttpRequest, mission_id: int, payload: MissionReportIn
) -> dict[str, Any]:
    """The report's text, dated no earlier than the vote (a file is uploaded on the page)."""
    user = me(request)
    services.mission_report_submit(
        mission=selectors.mission_of(user, mission_id),
        report_date=payload.report_date,
        text=payload.text,
        by=user,
    )
    return _mission(request, mission_id)
