"""Pages of the decisions app (mounted at /decisions/): decisions with their fulfilment, the
oversight dashboard, and the steps (record a decision, add a task, report progress)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.pages import announce, step
from secretariat.decisions import selectors, services
from secretariat.decisions.forms import RecordForm, ReportForm, TaskForm
from secretariat.decisions.models import ProgressReport, Task


def _list(request: HttpRequest, form: RecordForm | None = None, status: int = 200) -> HttpResponse:
    user = me(request)
    decisions = selectors.decisions_visible(user).prefetch_related("tasks")[:500]
    rows = [(d, selectors.progress(list(d.tasks.all()))) for d in decisions]
    can_record = user.can("decisions.record")
    if can_record and form is None:
        form = RecordForm(user=user)
    context = {"rows": rows, "can_record": can_record, "form": form}
    return render(request, "decisions/list.html", context, status=status)


@requires("decisions.view")
def decision_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@requires("decisions.record")
@require_POST
def decision_create(request: HttpRequest) -> HttpResponse:
    """Record the decision a meeting adopted on one of its items."""
    user = me(request)
    form = RecordForm(request.POST, user=user)
    if not form.is_valid():
        return _list(request, form, 400)
    data = form.cleaned_data
    try:
        decision = services.decision_record(
            item=data["item"],
            by=user,
            document=data["document"],
            areas=data["areas"],
            is_public=data["is_public"],
        )
    except SecretariatError as error:
        announce(request, error)
        messages.error(request, error.render())
        return _list(request, form, error.status)
    return redirect("decisions:detail", decision_id=decision.pk)


@requires("decisions.view")
def decision_dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard(me(request))
    return render(
        request, "decisions/dashboard.html", {"board": board, "soon": selectors.DUE_SOON_DAYS}
    )


def _detail(
    request: HttpRequest,
    decision_id: int,
    *,
    status: int = 200,
    error: SecretariatError | None = None,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    user = me(request)
    try:
        decision = selectors.decision_of(user, decision_id)
    except NotFoundError:
        raise Http404(_("There is no such decision.")) from None
    shown = selectors.decision_out(decision)
    version = {"expected_version": decision.version}
    today = timezone.localdate()
    tasks = [
        (t, selectors.task_state(t, today), services.may_report(user, t))
        for t in decision.tasks.all()
    ]
    context: dict[str, Any] = {
        "decision": decision,
        "shown": shown,
        "tasks": tasks,
        "can_oversee": user.can("decisions.oversee"),
        "can_report": user.can("decisions.report") or user.can("decisions.oversee"),
        "task_form": TaskForm(initial=version),
        "error": error.render() if error else None,
        "error_rules": list(getattr(error, "rules", ()) or ()),
    }
    context.update(bound or {})
    return render(request, "decisions/detail.html", context, status=status)


@requires("decisions.view")
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    return _detail(request, decision_id)


@requires("decisions.oversee")
@require_POST
def decision_task_add(request: HttpRequest, decision_id: int) -> HttpResponse:
    user = me(request)

    def add(data: dict[str, Any]) -> Task:
        return services.task_add(
            decision=selectors.decision_of(user, decision_id),
            title={lang: data[f"title_{lang}"] for lang in ("en", "ru", "zh")},
            responsible=data["responsible"],
            body=data["body"],
            state=data["state"],
            due_on=data["due_on"],
            by=user,
            expected_version=data["expected_version"],
        )

    def again(
        *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse:
        return _detail(request, decision_id, status=status, error=error, bound=bound)

    _task, response = step(
        request, TaskForm(request.POST), "task_form", add, again, _("The task was added.")
    )
    return response or redirect("decisions:detail", decision_id=decision_id)


@requires("decisions.report")
@require_POST
def decision_task_report(request: HttpRequest, decision_id: int) -> HttpResponse:
    user = me(request)

    def report(data: dict[str, Any]) -> ProgressReport:
        decision = selectors.decision_of(user, decision_id)
        task = Task.objects.filter(pk=data["task"], decision=decision).first()
        if task is None:
            raise Http404(_("There is no such task."))
        return services.task_report(
            task=task,
            percent=data["percent"],
            text=data["text"],
            status=data["status"] or None,
            by=user,
            expected_version=data["expected_version"],
        )

    def again(
        *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse:
        # The report forms are one per task, on the page: none is shown again as typed.
        return _detail(request, decision_id, status=status, error=error)

    _report, response = step(
        request,
        ReportForm(request.POST),
        "report_form",
        report,
        again,
        _("The report was recorded."),
    )
    return response or redirect("decisions:detail", decision_id=decision_id)
