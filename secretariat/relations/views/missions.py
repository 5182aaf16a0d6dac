"""Election observer missions, their members and report (SEC-MISSIONS)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.models import User
from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.pages import refusal_shown, step
from secretariat.core.storage import stored_response
from secretariat.relations import forms as f
from secretariat.relations import selectors, services
from secretariat.relations.views.common import Bound, list_page, selected_or_404


def _missions(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    rows = selectors.missions_visible(me(request))[:500]
    return list_page(
        request, "relations/missions.html", rows, "mission_form", f.MissionForm(), **kwargs
    )


@requires("relations.view")
def relations_missions(request: HttpRequest) -> HttpResponse:
    return _missions(request)


@requires("relations.manage")
@require_POST
def relations_mission_create(request: HttpRequest) -> HttpResponse:
    user = me(request)
    made, response = step(
        request,
        f.MissionForm(request.POST),
        "mission_form",
        lambda data: services.mission_create(by=user, **data),
        lambda **kw: _missions(request, **kw),
        _("The mission was set up."),
    )
    if response is not None:
        return response
    assert made is not None  # noqa: S101  # no page: act() succeeded
    return redirect("relations:mission", mission_id=made.pk)


def _mission_page(
    request: HttpRequest,
    mission_id: int,
    status: int = 200,
    bound: Bound | None = None,
    error: SecretariatError | None = None,
    extra: Any = None,
) -> HttpResponse:
    user = me(request)
    mission = selected_or_404(selectors.mission_of, user, mission_id)
    context: dict[str, Any] = {
        "mission": mission,
        "can_manage": user.can("relations.manage"),
        "member_form": f.MemberForm(),
        "report_form": f.ReportForm(initial={"report_date": timezone.localdate()}),
    }
    context.update(bound or {})
    context.update(refusal_shown(error))
    context.update(extra or {})
    return render(request, "relations/mission.html", context, status=status)


@requires("relations.view")
def relations_mission(request: HttpRequest, mission_id: int) -> HttpResponse:
    return _mission_page(request, mission_id)


def _mission_step(
    request: HttpRequest,
    mission_id: int,
    form: forms.Form,
    name: str,
    act: Callable[[Any, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    user = me(request)
    mission = selected_or_404(selectors.mission_of, user, mission_id)
    _result, response = step(
        request,
        form,
        name,
        lambda data: act(mission, data),
        lambda **kw: _mission_page(request, mission_id, **kw),
        done,
    )
    return response or redirect("relations:mission", mission_id=mission_id)


@requires("relations.manage")
@require_POST
def relations_mission_member(request: HttpRequest, mission_id: int) -> HttpResponse:
    user = me(request)

    def act(mission: Any, data: dict[str, Any]) -> Any:
        member = None
        if data["user"]:
            member = User.objects.filter(username=data["user"], is_active=True).first()
            if member is None:
                raise NotFoundError(_("There is no such user."), code="no_such_user")
        return services.mission_member_add(
            mission=mission,
            user=member,
            name=data["name"],
            state=data["state"],
            is_head=data["is_head"],
            by=user,
        )

    return _mission_step(
        request,
        mission_id,
        f.MemberForm(request.POST),
        "member_form",
        act,
        _("The member was added."),
    )


@requires("relations.manage")
@require_POST
def relations_mission_report(request: HttpRequest, mission_id: int) -> HttpResponse:
    user = me(request)
    return _mission_step(
        request,
        mission_id,
        f.ReportForm(request.POST, request.FILES),
        "report_form",
        lambda mission, data: services.mission_report_submit(mission=mission, by=user, **data),
        _("The report was filed."),
    )


@requires("relations.view")
def relations_mission_report_file(request: HttpRequest, mission_id: int) -> FileResponse:
    """The file of the mission's report, for those who may see the mission."""
    mission = selected_or_404(selectors.mission_of, me(request), mission_id)
    if not mission.report_file:
        raise Http404(_("The report has no file."))
    name = (mission.report_file.name or "report").rsplit("/", 1)[-1]
    return stored_response(mission.report_file, filename=name)
