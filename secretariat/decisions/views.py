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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from secretariat.accounts.models import User
from secretariat.audit.services import audit_refusal
from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.decisions import selectors, services
from secretariat.decisions.models import Responsible, Task, TaskStatus
from secretariat.documents.forms import area_choices
from secretariat.documents.models import Document, DocumentStatus
from secretariat.documents.selectors import documents_visible
from secretariat.meetings.models import AgendaItem
from secretariat.meetings.selectors import meetings_visible
from secretariat.registry.models import Body, State


class TaskForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title_en = forms.CharField(label=gettext_lazy("Task, in English"), max_length=500)
    title_ru = forms.CharField(label=gettext_lazy("in Russian"), max_length=500, required=False)
    title_zh = forms.CharField(label=gettext_lazy("in Chinese"), max_length=500, required=False)
    responsible = forms.ChoiceField(
        label=gettext_lazy("Who answers for it"), choices=Responsible.choices
    )
    body = forms.ModelChoiceField(
        label=gettext_lazy("Body"),
        queryset=Body.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )
    state = forms.ModelChoiceField(
        label=gettext_lazy("Member state"),
        queryset=State.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReportForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    task = forms.IntegerField(widget=forms.HiddenInput)
    percent = forms.IntegerField(label=gettext_lazy("Done (%)"), min_value=-1000, max_value=1000)
    status = forms.ChoiceField(
        label=gettext_lazy("Where it stands"),
        choices=[("", "—"), *[c for c in TaskStatus.choices if c[0] != TaskStatus.OPEN]],
        required=False,
    )
    text = forms.CharField(label=gettext_lazy("What was done"), widget=forms.Textarea)


class RecordForm(forms.Form):
    item = forms.ModelChoiceField(
        label=gettext_lazy("Item adopted at a meeting"), queryset=AgendaItem.objects.none()
    )
    document = forms.ModelChoiceField(
        label=gettext_lazy("Document it adopts"), queryset=Document.objects.none(), required=False
    )
    areas = forms.MultipleChoiceField(
        label=gettext_lazy("Areas of cooperation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(label=gettext_lazy("Public"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = meetings_visible(user).values("pk")
        item: Any = self.fields["item"]
        item.queryset = (
            AgendaItem.objects.filter(
                meeting__in=meetings, adopted=True, decision_record__isnull=True
            )
            .select_related("meeting")
            .order_by("-meeting__date_start", "number")
        )
        item.label_from_instance = lambda i: f"{i.meeting.title} — {i.number}. {i.title_en}"
        document: Any = self.fields["document"]
        document.queryset = documents_visible(user).filter(
            status__in=[
                DocumentStatus.DRAFT,
                DocumentStatus.CONSULTATION,
                DocumentStatus.CIRCULATED,
            ],
            decision__isnull=True,
        )
        document.label_from_instance = lambda d: d.title
        self.fields["areas"].choices = area_choices()  # type: ignore[attr-defined]


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
        audit_refusal(request=request, code=error.code, status=error.status)
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
    form = TaskForm(request.POST)
    if not form.is_valid():
        return _detail(request, decision_id, status=400, bound={"task_form": form})
    data = form.cleaned_data
    try:
        services.task_add(
            decision=selectors.decision_of(user, decision_id),
            title={"en": data["title_en"], "ru": data["title_ru"], "zh": data["title_zh"]},
            responsible=data["responsible"],
            body=data["body"],
            state=data["state"],
            due_on=data["due_on"],
            by=user,
            expected_version=data["expected_version"],
        )
    except SecretariatError as error:
        audit_refusal(request=request, code=error.code, status=error.status)
        return _detail(
            request, decision_id, status=error.status, error=error, bound={"task_form": form}
        )
    messages.success(request, _("The task was added."))
    return redirect("decisions:detail", decision_id=decision_id)


@requires("decisions.report")
@require_POST
def decision_task_report(request: HttpRequest, decision_id: int) -> HttpResponse:
    user = me(request)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _detail(request, decision_id, status=400)
    data = form.cleaned_data
    try:
        decision = selectors.decision_of(user, decision_id)
        task = Task.objects.filter(pk=data["task"], decision=decision).first()
        if task is None:
            raise Http404(_("There is no such task."))
        services.task_report(
            task=task,
            percent=data["percent"],
            text=data["text"],
            status=data["status"] or None,
            by=user,
            expected_version=data["expected_version"],
        )
    except SecretariatError as error:
        audit_refusal(request=request, code=error.code, status=error.status)
        return _detail(request, decision_id, status=error.status, error=error)
    messages.success(request, _("The report was recorded."))
    return redirect("decisions:detail", decision_id=decision_id)
