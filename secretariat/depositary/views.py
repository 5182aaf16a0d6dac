"""Pages of the depositary (mounted at /depositary/): the register, an original with its
copies, the steps of the depositary officer and the addressee, and the public verification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.lang import current_lang
from secretariat.core.pages import Again, announce, step
from secretariat.core.policy import PUBLIC
from secretariat.depositary import selectors, services
from secretariat.depositary.forms import (
    DispatchForm,
    OriginalForm,
    ReceiptForm,
    VerifyForm,
    verify_upload_read,
)
from secretariat.depositary.models import CertifiedCopy, DispatchMethod


@requires("depositary.view")
def register(request: HttpRequest) -> HttpResponse:
    user = me(request)
    return render(
        request,
        "depositary/register.html",
        {
            "originals": selectors.originals()[:500],
            "check": services.register_verify(),
            "can_certify": user.can("copies.certify"),
            "form": OriginalForm(initial={"received_on": timezone.localdate()}),
        },
    )


@requires("copies.certify")
@require_POST
def original_register(request: HttpRequest) -> HttpResponse:
    form = OriginalForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            original = services.original_register(
                document=data["document"],
                received_on=data["received_on"],
                scan=data["scan"].read(),
                scan_name=data["scan"].name or "original.pdf",
                storage_location=data["storage_location"],
                concerns_rats=data["concerns_rats"],
                by=me(request),
            )
        except SecretariatError as error:
            announce(request, error)
            messages.error(request, error.render())
            status = error.status
        else:
            return redirect("depositary:original", original_id=original.pk)
    else:
        status = 400
    return render(
        request,
        "depositary/register.html",
        {
            "originals": selectors.originals()[:500],
            "check": services.register_verify(),
            "can_certify": True,
            "form": form,
        },
        status=status,
    )


def _original(
    request: HttpRequest,
    original_id: int,
    *,
    status: int = 200,
    error: SecretariatError | None = None,
) -> HttpResponse:
    user = me(request)
    try:
        original = selectors.original_of(original_id)
    except NotFoundError:
        raise Http404(_("There is no such original in the register.")) from None
    today = timezone.localdate()
    context: dict[str, Any] = {
        "original": original,
        "shown": selectors.original_out(original),
        "can_certify": user.can("copies.certify"),
        "own_delegation": user.delegation_id,
        "can_receive": user.can("copies.receive"),
        "missing": [
            d
            for d in services.addressees(original)
            if d.pk not in {c.addressee_id for c in original.copies.all()}
        ],
        "today": today,
        "methods": DispatchMethod.choices,
        "error": error.render() if error else None,
        "error_rules": list(getattr(error, "rules", ()) or ()),
    }
    return render(request, "depositary/original.html", context, status=status)


def _again(request: HttpRequest, original_id: int) -> Again:
    """The original's page again after a step's invalid form or refusal (the copy forms are
    one per copy, on the page: none is shown again as typed)."""

    def again(
        *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse:
        return _original(request, original_id, status=status, error=error)

    return again


@requires("depositary.view")
def original_detail(request: HttpRequest, original_id: int) -> HttpResponse:
    return _original(request, original_id)


@requires("copies.certify")
@require_POST
def copies_make(request: HttpRequest, original_id: int) -> HttpResponse:
    try:
        made = services.copies_make(original=selectors.original_of(original_id), by=me(request))
    except SecretariatError as error:
        announce(request, error)
        return _original(request, original_id, status=error.status, error=error)
    messages.success(
        request, _("%(count)s certified copies were made and signed.") % {"count": len(made)}
    )
    return redirect("depositary:original", original_id=original_id)


@requires("copies.certify")
@require_POST
def copy_dispatch(request: HttpRequest, original_id: int) -> HttpResponse:
    def dispatch(data: dict[str, Any]) -> CertifiedCopy:
        copy = selectors.copy_for(me(request), data["copy"])
        return services.copy_dispatch(
            copy=copy, dispatched_on=data["dispatched_on"], method=data["method"], by=me(request)
        )

    _copy, response = step(
        request,
        DispatchForm(request.POST),
        "dispatch_form",
        dispatch,
        _again(request, original_id),
        _("The copy was recorded as handed over."),
    )
    return response or redirect("depositary:original", original_id=original_id)


@requires("copies.receive")
@require_POST
def copy_receipt(request: HttpRequest, original_id: int) -> HttpResponse:
    def receive(data: dict[str, Any]) -> CertifiedCopy:
        copy = selectors.copy_for(me(request), data["copy"])
        return services.copy_receipt(copy=copy, received_on=data["received_on"], by=me(request))

    _copy, response = step(
        request,
        ReceiptForm(request.POST),
        "receipt_form",
        receive,
        _again(request, original_id),
        _("The receipt was recorded."),
    )
    return response or redirect("depositary:original", original_id=original_id)


@requires(PUBLIC)
@transaction.non_atomic_requests  # a check writes nothing: no write lock while it reads
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check whether a PDF is an authentic certified copy in the register."""
    result = None
    form = VerifyForm()
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            result = services.copy_verify(verify_upload_read(form.cleaned_data["file"]))
    lang = current_lang()
    return render(
        request,
        "depositary/verify.html",
        {
            "form": form,
            "result": result,
            "reason": result.reasons.get(lang) if result else None,
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
