"""Pages of the documents app (mounted at /documents/): the list, a document with a form for
every step, and the comparison of two revisions.

A step's view parses its form and calls one service; a refusal re-renders the document with
the message, its code and the rules it cites, and the error's status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.accounts.models import User
from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.errors import SecretariatError, refuse
from secretariat.core.pages import announce, step
from secretariat.documents import selectors, services
from secretariat.documents.forms import (
    AssessmentForm,
    CirculationForm,
    CommentForm,
    ConsultationForm,
    DocumentForm,
    ParagraphCheckForm,
    ResolutionForm,
    TextForm,
    VersionForm,
)
from secretariat.documents.models import TEXT_NAMES, Comment, Document, DocumentStatus
from secretariat.documents.parallel import paragraph_check, parallel_of
from secretariat.documents.presenters import document_out
from secretariat.texts.compare import compare_texts, comparison_html


@requires("documents.view")
def document_list(request: HttpRequest) -> HttpResponse:
    user = me(request)
    found = selectors.documents_visible(user)
    status = request.GET.get("status", "")
    if status:
        found = found.filter(status=status)
    return render(
        request,
        "documents/list.html",
        {
            "documents": found[:500],
            "statuses": DocumentStatus.choices,
            "status": status,
            "can_draft": user.can("documents.draft") and user.delegation is not None,
            "form": DocumentForm(drafter=user.delegation.kind if user.delegation else None),
        },
    )


@requires("documents.draft")
@require_POST
def document_create(request: HttpRequest) -> HttpResponse:
    user = me(request)
    form = DocumentForm(request.POST)
    if not form.is_valid():
        return _list_again(request, form, 400)
    data = form.cleaned_data
    try:
        if user.delegation is None:
            raise refuse("not_a_drafter", "documents.not_a_drafter", status=403)
        document = services.document_create(
            type=data["type"],
            body=data["body"],
            title={"en": data["title_en"], "ru": data["title_ru"], "zh": data["title_zh"]},
            owner=user.delegation,
            by=user,
            areas=data["areas"],
        )
    except SecretariatError as error:
        announce(request, error)
        messages.error(request, error.render())
        return _list_again(request, form, error.status)
    return redirect("documents:detail", document_id=document.pk)


def _list_again(request: HttpRequest, form: forms.Form, status: int) -> HttpResponse:
    user = me(request)
    return render(
        request,
        "documents/list.html",
        {
            "documents": selectors.documents_visible(user)[:500],
            "statuses": DocumentStatus.choices,
            "can_draft": True,
            "form": form,
        },
        status=status,
    )


def _detail(
    request: HttpRequest,
    document_id: int,
    *,
    status: int = 200,
    error: SecretariatError | None = None,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    user = me(request)
    document = selectors.document_of(user, document_id, page=True)
    shown = document_out(document, user)
    for version in shown["languages"]:  # the page names each text; the API gives its code
        version["name"] = TEXT_NAMES.get(version["lang"], version["lang"])
    version = {"expected_version": document.version}
    draft = document.status in (DocumentStatus.DRAFT, DocumentStatus.CONSULTATION)
    owner = user.can("confidential.all") or user.delegation_id == document.owner_delegation_id
    consultation = services.open_consultation(document)
    context: dict[str, Any] = {
        "document": document,
        "shown": shown,
        "can_edit": draft and owner and user.can("documents.draft"),
        "can_manage": draft and user.can("documents.manage"),
        "can_comment": consultation is not None
        and user.can("documents.comment")
        and user.delegation is not None,
        "can_assess": draft and user.can("documents.assess"),
        "consultation": consultation,
        "today": timezone.localdate(),
        "text_form": TextForm(initial=version),
        "consultation_form": ConsultationForm(initial=version),
        "comment_form": CommentForm(),
        "assessment_form": AssessmentForm(initial=version),
        "circulation_form": CirculationForm(initial=version),
        "version_form": VersionForm(initial=version),
        "error": error.render() if error else None,
        "error_code": error.code if error else None,
        "error_rules": list(getattr(error, "rules", ()) or ()),
    }
    context.update(bound or {})
    return render(request, "documents/detail.html", context, status=status)


@requires("documents.view")
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    return _detail(request, document_id)


def _step(
    action: str,
    form_class: type[forms.Form],
    form_name: str,
    call: Callable[[Document, User, dict[str, Any], HttpRequest], str],
    *,
    atomic: bool = True,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A page step (``core.pages.step``): parse ``form_class``, call the service through
    ``call`` (which returns the sentence to flash), show the document again or redirect.
    ``atomic`` False: the request runs outside a transaction (a file is read by the form;
    the step's own savepoint, ``core.pages.step``, still makes the service whole or nothing).
    """

    def non_atomic(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        return view if atomic else transaction.non_atomic_requests(view)

    @requires(action)
    @non_atomic
    @require_POST
    def view(request: HttpRequest, document_id: int) -> HttpResponse:
        user = me(request)
        document = selectors.document_of(user, document_id, page=True)

        def again(
            *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
        ) -> HttpResponse:
            return _detail(request, document_id, status=status, error=error, bound=bound)

        _done, response = step(
            request,
            form_class(request.POST, request.FILES),
            form_name,
            lambda data: call(document, user, data, request),
            again,
            done=str,  # ``call`` returns the sentence to flash
        )
        return response or redirect("documents:detail", document_id=document_id)

    return view


def _upload(data: dict[str, Any]) -> services.Upload | None:
    upload: services.Upload | None = data.get("upload")  # read by TextForm.clean_file
    return upload


def _text_step(revision: bool) -> Callable[[Document, User, dict[str, Any], HttpRequest], str]:
    """A language version added (``revision`` False) or a new revision of one."""

    def call(document: Document, user: User, data: dict[str, Any], _r: HttpRequest) -> str:
        add = services.revision_add if revision else services.language_version_add
        add(
            document=document,
            lang=data["lang"],
            text=data["text"],
            upload=_upload(data),
            note=data["note"],
            by=user,
            expected_version=data["expected_version"],
        )
        return _("The new revision was added.") if revision else _("The text was added.")

    return call


def _open(document: Document, user: User, data: dict[str, Any], _r: HttpRequest) -> str:
    services.consultation_open(
        document=document,
        cnc_agreed_on=data["cnc_agreed_on"],
        closes_on=data["closes_on"],
        by=user,
        expected_version=data["expected_version"],
    )
    return _("The consultation is open.")


def _close(document: Document, user: User, data: dict[str, Any], _r: HttpRequest) -> str:
    services.consultation_close(
        document=document, by=user, expected_version=data["expected_version"]
    )
    return _("The consultation is closed.")


def _comment(document: Document, user: User, data: dict[str, Any], _r: HttpRequest) -> str:
    if user.delegation is None:
        raise refuse("not_a_member_state", "documents.comment_not_member", status=403)
    services.comment_submit(
        document=document,
        delegation=user.delegation,
        text=data["text"],
        reference=data["reference"],
        by=user,
    )
    return _("Your comment was recorded.")


def _resolve(document: Document, user: User, data: dict[str, Any], _r: HttpRequest) -> str:
    comment = Comment.objects.filter(pk=data["comment"], consultation__document=document).first()
    if comment is None:
        raise refuse("not_found", "documents.no_consultation", status=404)
    services.comment_resolve(
        comment=comment,
        resolution=data["resolution"],
        note=data["note"],
        by=user,
        expected_version=data["expected_version"],
    )
    return _("The comment was resolved.")


def _assess(document: Document, user: User, data: dict[str, Any], _r: HttpRequest) -> str:
    services.assessment_record(
        document=document,
        kind=data["kind"],
        conclusion=data["conclusion"],
        text=data["text"],
        by=user,
        expected_version=data["expected_version"],
    )
    return _("The assessment was recorded.")


def _circulate(document: Document, user: User, data: dict[str, Any], _r: HttpRequest) -> str:
    services.document_circulate(
        document=document,
        cnc_consent_on=data["cnc_consent_on"],
        circulated_on=data["circulated_on"],
        by=user,
        expected_version=data["expected_version"],
    )
    return _("The draft was circulated to the member states.")


def _withdraw(document: Document, user: User, data: dict[str, Any], _r: HttpRequest) -> str:
    services.document_withdraw(
        document=document, by=user, expected_version=data["expected_version"]
    )
    return _("The draft was withdrawn.")


document_text = _step(
    "documents.draft", TextForm, "text_form", _text_step(revision=False), atomic=False
)
document_revision = _step(
    "documents.draft", TextForm, "text_form", _text_step(revision=True), atomic=False
)
document_consultation = _step("documents.manage", ConsultationForm, "consultation_form", _open)
document_consultation_close = _step("documents.manage", VersionForm, "version_form", _close)
document_comment = _step("documents.comment", CommentForm, "comment_form", _comment)
document_resolve = _step("documents.manage", ResolutionForm, "resolution_form", _resolve)
document_assess = _step("documents.assess", AssessmentForm, "assessment_form", _assess)
document_circulate = _step("documents.manage", CirculationForm, "circulation_form", _circulate)
document_withdraw = _step("documents.draft", VersionForm, "version_form", _withdraw)


@requires("documents.view")
def document_compare(request: HttpRequest, document_id: int) -> HttpResponse:
    user = me(request)
    document = selectors.document_of(user, document_id, page=True)
    try:
        lang = request.GET.get("lang", "")
        old, new = int(request.GET.get("old", "0")), int(request.GET.get("new", "0"))
        pair = selectors.revisions_of(document, lang, old, new)
    except (ValueError, SecretariatError):
        return _detail(
            request,
            document_id,
            status=404,
            error=refuse("not_found", "documents.no_language_version", lang="?"),
        )
    comparison = compare_texts(pair.old.text, pair.new.text)
    return render(
        request,
        "documents/compare.html",
        {
            "document": document,
            "pair": pair,
            "lang_name": TEXT_NAMES.get(pair.lang, pair.lang),
            "comparison": comparison,
            "html": comparison_html(comparison),
        },
    )


@requires("documents.view")
def document_parallel(request: HttpRequest, document_id: int) -> HttpResponse:
    """The language versions side by side, row by aligned row, with out-of-date marks."""
    user = me(request)
    document = selectors.document_of(user, document_id, page=True)
    # As paragraph_check decides: texts change until the document is adopted or withdrawn.
    open_ = document.status not in (DocumentStatus.ADOPTED, DocumentStatus.WITHDRAWN)
    owner = user.can("confidential.all") or user.delegation_id == document.owner_delegation_id
    return render(
        request,
        "documents/parallel.html",
        {
            "document": document,
            "parallel": parallel_of(document),
            "can_check": open_ and owner and user.can("documents.draft"),
        },
    )


@requires("documents.draft")
@require_POST
def document_paragraph_check(request: HttpRequest, document_id: int) -> HttpResponse:
    """A translator marks a paragraph checked against the texts it follows."""
    user = me(request)
    document = selectors.document_of(user, document_id, page=True)
    form = ParagraphCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The paragraph could not be marked checked."))
        return redirect("documents:parallel", document_id=document_id)
    try:
        paragraph_check(
            document=document,
            lang=form.cleaned_data["lang"],
            key=form.cleaned_data["key"],
            by=user,
            expected_version=form.cleaned_data["expected_version"],
        )
    except SecretariatError as error:
        announce(request, error)
        messages.error(request, error.render())
    else:
        messages.success(request, _("The paragraph is marked checked."))
    return redirect("documents:parallel", document_id=document_id)
