"""Pages of the plans app (mounted at /plans/): the plans, one plan with its items and planned
against done, the same over all plans, and the steps (draw up, add an item, record RATS's
part, submit, approve, return, mark done, carry over)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.models import User
from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.pages import refusal_seen, refusal_shown, step
from secretariat.plans import forms as plan_forms
from secretariat.plans import selectors, services
from secretariat.plans.models import Plan, PlanItem, PlanKind, PlanState
from secretariat.procedure.text import LANGS


def _plan(user: User, plan_id: int) -> Plan:
    try:
        return selectors.plan_of(user, plan_id)
    except NotFoundError:
        raise Http404(_("There is no such plan.")) from None


# --- the list and the overall summary --------------------------------------------------


def _list(
    request: HttpRequest,
    form: plan_forms.PlanForm | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    user = me(request)
    plans = list(selectors.with_items(selectors.plans_visible(user)[:500]))
    rows = [(p, selectors.rendered(selectors.plan_verdict(p))) for p in plans]
    can_manage = user.can("plans.manage")
    if can_manage and form is None:
        form = plan_forms.PlanForm(user=user)
    context = {
        "rows": rows,
        "overall": selectors.rendered(selectors.overall_verdict(plans)),
        "can_manage": can_manage,
        "form": form,
    }
    context.update(extra or {})
    return render(request, "plans/list.html", context, status=status)


@requires("plans.view")
def plan_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@requires("plans.view")
def plan_progress(request: HttpRequest) -> HttpResponse:
    """Planned against done over every plan, each plan's line, and every overdue item."""
    user = me(request)
    plans = list(selectors.with_items(selectors.plans_visible(user)[:500]))
    rows = []
    overdue: list[tuple[Plan, PlanItem]] = []
    for plan in plans:
        verdict = selectors.plan_verdict(plan)
        rows.append((plan, verdict.facts, selectors.rendered(verdict)))
        late = set(verdict.facts["overdue_items"])
        overdue.extend((plan, i) for i in plan.items.all() if i.pk in late)
    context = {
        "rows": rows,
        "overdue": sorted(overdue, key=lambda pi: pi[1].planned_on),
        "overall": selectors.rendered(selectors.overall_verdict(plans)),
    }
    return render(request, "plans/progress.html", context)


@requires("plans.manage")
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    user = me(request)
    form = plan_forms.PlanForm(request.POST, user=user)
    if not form.is_valid():
        return _list(request, form, 400)
    data = form.cleaned_data
    try:
        plan = services.plan_create(
            kind=data["kind"],
            title=form.texts("title"),
            start=data["start"],
            end=data["end"],
            body=data["body"],
            meeting=data["meeting"],
            next_meeting=data["next_meeting"],
            by=user,
        )
    except SecretariatError as error:
        return _list(request, form, error.status, refusal_seen(request, error))
    return redirect("plans:detail", plan_id=plan.pk)


# --- one plan ----------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    plan_id: int,
    *,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    user = me(request)
    plan = _plan(user, plan_id)
    verdict = selectors.plan_verdict(plan)
    states = verdict.facts["states"]
    version = {"expected_version": plan.version}
    may = user.can("plans.manage") and services.may_manage(user, plan.kind)
    is_open = plan.state in services.OPEN_STATES
    context: dict[str, Any] = {
        "plan": plan,
        "items": [(i, states[str(i.pk)], selectors.area_names(i.areas)) for i in plan.items.all()],
        "fulfilment": selectors.rendered(verdict),
        "may_manage": may,
        "can_add": may and is_open,
        "can_rats": may and plan.kind == PlanKind.GENERAL and is_open,
        "can_submit": may and is_open,
        "can_approve": may
        and (plan.state == PlanState.SUBMITTED or (plan.kind == PlanKind.BOARD and is_open)),
        "can_return": may and plan.state == PlanState.SUBMITTED,
        "can_mark": may and plan.state == PlanState.APPROVED,
        "item_form": plan_forms.ItemForm(initial=version, user=user),
        "rats_form": plan_forms.RatsForm(initial=version),
        "submit_form": plan_forms.SubmitForm(initial=version),
        "approve_form": plan_forms.ApproveForm(initial=version, user=user),
        "return_form": plan_forms.ReturnForm(initial=version),
        "done_form": plan_forms.DoneForm(initial=version, user=user),
        "carry_form": plan_forms.CarryForm(initial=version, plan=plan),
    }
    context.update(extra or {})
    return render(request, "plans/detail.html", context, status=status)


@requires("plans.view")
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _detail(request, plan_id)


def _step(
    request: HttpRequest,
    plan_id: int,
    form: forms.Form,
    form_name: str,
    act: Callable[[Plan, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A step on the plan's page (``core.pages.step``): validate ``form``, call the service
    through ``act`` with the plan, and show the plan again (with the refusal, if refused)."""

    def again(
        *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse:
        return _detail(request, plan_id, status=status, extra={**bound, **refusal_shown(error)})

    _done, response = step(
        request,
        form,
        form_name,
        lambda data: act(_plan(me(request), plan_id), data),
        again,
        done,
    )
    return response or redirect("plans:detail", plan_id=plan_id)


def _item(plan: Plan, pk: int) -> PlanItem:
    found = PlanItem.objects.select_related("plan").filter(pk=pk, plan=plan).first()
    if found is None:
        raise Http404(_("There is no such item."))
    return found


@requires("plans.manage")
@require_POST
def plan_item_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = me(request)
    return _step(
        request,
        plan_id,
        plan_forms.ItemForm(request.POST, user=user),
        "item_form",
        lambda plan, data: services.item_add(
            plan=plan,
            title={lang: data[f"title_{lang}"] for lang in LANGS},
            body=data["body"],
            planned_on=data["planned_on"],
            month_only=data["month_only"],
            areas=data["areas"],
            meetings=data["meetings"],
            decisions=data["decisions"],
            by=user,
            expected_version=data["expected_version"],
        ),
        _("The item was added."),
    )


@requires("plans.manage")
@require_POST
def plan_rats(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = me(request)
    return _step(
        request,
        plan_id,
        plan_forms.RatsForm(request.POST),
        "rats_form",
        lambda plan, data: services.plan_record_rats(
            plan=plan,
            participated_on=data["participated_on"],
            text={lang: data[f"text_{lang}"] for lang in LANGS},
            by=user,
            expected_version=data["expected_version"],
        ),
        _("RATS's part in the plan was recorded."),
    )


@requires("plans.manage")
@require_POST
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = me(request)
    return _step(
        request,
        plan_id,
        plan_forms.SubmitForm(request.POST),
        "submit_form",
        lambda plan, data: services.plan_submit(
            plan=plan,
            submitted_on=data["submitted_on"],
            by=user,
            expected_version=data["expected_version"],
        ),
        _("The plan was submitted for approval."),
    )


@requires("plans.manage")
@require_POST
def plan_approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = me(request)
    return _step(
        request,
        plan_id,
        plan_forms.ApproveForm(request.POST, user=user),
        "approve_form",
        lambda plan, data: services.plan_approve(
            plan=plan,
            approved_on=data["approved_on"],
            meeting=data["meeting"],
            decision=data["decision"],
            by=user,
            expected_version=data["expected_version"],
        ),
        _("The approval was recorded."),
    )


@requires("plans.manage")
@require_POST
def plan_return(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = me(request)
    return _step(
        request,
        plan_id,
        plan_forms.ReturnForm(request.POST),
        "return_form",
        lambda plan, data: services.plan_return(
            plan=plan,
            remarks={lang: data[f"remarks_{lang}"] for lang in LANGS},
            returned_on=data["returned_on"],
            by=user,
            expected_version=data["expected_version"],
        ),
        _("The plan was returned with remarks."),
    )


@requires("plans.manage")
@require_POST
def plan_item_done(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = me(request)
    return _step(
        request,
        plan_id,
        plan_forms.DoneForm(request.POST, user=user),
        "done_form",
        lambda plan, data: services.item_mark_done(
            item=_item(plan, data["item"]),
            done_on=data["done_on"],
            meeting=data["meeting"],
            decision=data["decision"],
            by=user,
            expected_version=data["expected_version"],
        ),
        _("The item was marked done."),
    )


@requires("plans.manage")
@require_POST
def plan_item_carry(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = me(request)
    plan = _plan(user, plan_id)
    return _step(
        request,
        plan_id,
        plan_forms.CarryForm(request.POST, plan=plan),
        "carry_form",
        lambda plan, data: services.item_carry_over(
            item=_item(plan, data["item"]),
            note={lang: data[f"note_{lang}"] for lang in LANGS},
            into=data["into"],
            by=user,
            expected_version=data["expected_version"],
        ),
        _("The item was carried over."),
    )
