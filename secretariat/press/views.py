"""Pages of the press app: the public side under /press/ (news, briefings, the catalogue,
the Atom feeds; no login), its management by the Secretariat, and requests for materials
under /requests/ (the Secretariat asks, member states answer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core.access import requires
from secretariat.core.actor import me
from secretariat.core.conditional import conditional_feed
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.pages import announce, step
from secretariat.core.policy import PUBLIC
from secretariat.core.public_cache import public_page
from secretariat.core.storage import stored_response
from secretariat.press import selectors, services
from secretariat.press.feeds import PressFeed
from secretariat.press.forms import AnswerForm, CatalogueEntryForm, PressItemForm, RequestForm
from secretariat.press.models import (
    LANGS,
    CatalogueEntry,
    MaterialsAnswer,
    PressItem,
    PressKind,
)


def _refused(request: HttpRequest, error: SecretariatError) -> None:
    """Announce ``error`` (the audit log records it) and show it on the next page."""
    announce(request, error)
    messages.error(request, error.render())


# --- the public side --------------------------------------------------------------------------


def _list(request: HttpRequest, kind: str, template: str) -> HttpResponse:
    page = Paginator(selectors.published_items(kind), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(item, selectors.shown(item)) for item in page.object_list]
    return render(request, template, {"page": page, "rows": rows, "kind": kind})


@requires(PUBLIC)
@public_page()
def news_list(request: HttpRequest) -> HttpResponse:
    return _list(request, PressKind.NEWS, "press/news_list.html")


@requires(PUBLIC)
@public_page()
def briefing_list(request: HttpRequest) -> HttpResponse:
    return _list(request, PressKind.BRIEFING, "press/briefing_list.html")


def _detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    try:
        item = selectors.published_item(kind=kind, slug=slug)
    except NotFoundError:
        raise Http404(_("There is no such page.")) from None
    text = selectors.shown(item)
    others = [lang for lang in item.languages() if lang != text.lang]
    context = {"item": item, "shown": text, "others": others, "kind": kind}
    return render(request, "press/detail.html", context)


@requires(PUBLIC)
@public_page()
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published news item, by its address."""
    return _detail(request, PressKind.NEWS, slug)


@requires(PUBLIC)
@public_page()
def briefing_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published media briefing, by its address."""
    return _detail(request, PressKind.BRIEFING, slug)


@requires(PUBLIC)
@public_page()
def catalogue(request: HttpRequest) -> HttpResponse:
    rows = [
        (e, selectors.shown(e, text_field="description")) for e in selectors.published_catalogue()
    ]
    return render(request, "press/catalogue.html", {"rows": rows})


@requires(PUBLIC)
def catalogue_file(request: HttpRequest, entry_id: int) -> FileResponse:
    try:
        entry = selectors.catalogue_entry_public(entry_id)
    except NotFoundError:
        raise Http404(_("There is no such page.")) from None
    if not entry.file:
        raise Http404(_("There is no such page."))
    name = (entry.file.name or "file").rsplit("/", 1)[-1]
    return stored_response(entry.file, filename=name)


_press_feed = PressFeed()


@requires(PUBLIC)
def feed(request: HttpRequest, lang: str) -> HttpResponse:
    """The Atom feed of a language: 304 when the reader's copy is current (ETag, Last-Modified
    from the data version, core/conditional.py), else built once per version and kept."""
    if lang not in LANGS:
        raise Http404(_("There is no feed in this language."))
    return conditional_feed(
        request, f"press:{lang}", lambda: _press_feed(request, lang=lang), private=False
    )


# --- the Secretariat's side of the press pages ------------------------------------------------


def _manage(
    request: HttpRequest,
    *,
    item_form: PressItemForm | None = None,
    entry_form: CatalogueEntryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = PressItem.objects.order_by("-created_at", "-pk")[:200]
    entries = CatalogueEntry.objects.order_by("kind", "title_en", "pk")[:500]
    context = {
        "items": [(i, selectors.shown(i)) for i in items],
        "entries": [(e, selectors.shown(e, text_field="description")) for e in entries],
        "item_form": item_form or PressItemForm(),
        "entry_form": entry_form or CatalogueEntryForm(),
    }
    return render(request, "press/manage.html", context, status=status)


@requires("databank.publish")
def manage(request: HttpRequest) -> HttpResponse:
    return _manage(request)


@requires("databank.publish")
@require_POST
def manage_item_create(request: HttpRequest) -> HttpResponse:
    form = PressItemForm(request.POST)
    if not form.is_valid():
        return _manage(request, item_form=form, status=400)
    try:
        services.press_item_create(
            kind=form.cleaned_data["kind"],
            title=form.texts("title"),
            body=form.texts("body"),
            slug=form.cleaned_data["slug"],
            held_on=form.cleaned_data["held_on"],
            by=me(request),
        )
    except SecretariatError as error:
        _refused(request, error)
        return _manage(request, item_form=form, status=error.status)
    messages.success(request, _("The item was saved as a draft."))
    return redirect("press:manage")


def _item(item_id: int) -> PressItem:
    found = PressItem.objects.filter(pk=item_id).first()
    if found is None:
        raise Http404(_("There is no such item."))
    return found


@requires("databank.publish")
def manage_item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(item_id)
    if request.method == "POST":
        form = PressItemForm(request.POST)
        if form.is_valid():
            try:
                services.press_item_update(
                    item=item,
                    title=form.texts("title"),
                    body=form.texts("body"),
                    slug=form.cleaned_data["slug"],
                    held_on=form.cleaned_data["held_on"],
                    by=me(request),
                )
            except SecretariatError as error:
                _refused(request, error)
                return render(
                    request, "press/edit.html", {"item": item, "form": form}, status=error.status
                )
            messages.success(request, _("The item was saved."))
            return redirect("press:manage")
        return render(request, "press/edit.html", {"item": item, "form": form}, status=400)
    initial: dict[str, Any] = {"kind": item.kind, "slug": item.slug, "held_on": item.held_on}
    for lang in ("en", "ru", "zh"):
        initial[f"title_{lang}"] = getattr(item, f"title_{lang}")
        initial[f"body_{lang}"] = getattr(item, f"body_{lang}")
    return render(
        request, "press/edit.html", {"item": item, "form": PressItemForm(initial=initial)}
    )


def _step(
    request: HttpRequest, act: Any, target: PressItem | CatalogueEntry, done: str
) -> HttpResponse:
    """A button on the managers' page (``core.pages.step``, with no fields to fill): the
    refusal is shown as a message above the page."""

    def again(
        *, status: int, bound: dict[str, forms.Form], error: SecretariatError | None
    ) -> HttpResponse:
        if error is not None:
            messages.error(request, error.render())
        return _manage(request, status=status)

    user = me(request)
    _done, response = step(
        request,
        forms.Form(request.POST),
        "form",
        lambda _data: act(item=target, by=user),
        again,
        done,
    )
    return response or redirect("press:manage")


@requires("databank.publish")
@require_POST
def manage_item_publish(request: HttpRequest, item_id: int) -> HttpResponse:
    return _step(request, services.item_publish, _item(item_id), _("The item was published."))


@requires("databank.publish")
@require_POST
def manage_item_withdraw(request: HttpRequest, item_id: int) -> HttpResponse:
    return _step(request, services.item_withdraw, _item(item_id), _("The item was withdrawn."))


def _entry(entry_id: int) -> CatalogueEntry:
    found = CatalogueEntry.objects.filter(pk=entry_id).first()
    if found is None:
        raise Http404(_("There is no such item."))
    return found


@requires("databank.publish")
@require_POST
def manage_entry_create(request: HttpRequest) -> HttpResponse:
    form = CatalogueEntryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _manage(request, entry_form=form, status=400)
    try:
        services.catalogue_entry_create(
            kind=form.cleaned_data["kind"],
            title=form.texts("title"),
            description=form.texts("description"),
            url=form.cleaned_data["url"],
            file=form.cleaned_data["file"],
            by=me(request),
        )
    except SecretariatError as error:
        _refused(request, error)
        return _manage(request, entry_form=form, status=error.status)
    messages.success(request, _("The catalogue entry was saved as a draft."))
    return redirect("press:manage")


@requires("databank.publish")
@require_POST
def manage_entry_publish(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _step(
        request, services.item_publish, _entry(entry_id), _("The catalogue entry was published.")
    )


@requires("databank.publish")
@require_POST
def manage_entry_withdraw(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _step(
        request, services.item_withdraw, _entry(entry_id), _("The catalogue entry was withdrawn.")
    )


# --- requests for materials -------------------------------------------------------------------


def _requests(
    request: HttpRequest, form: RequestForm | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    rows = [
        (r, selectors.shown(r, text_field="text"), selectors.request_counts(r, today))
        for r in selectors.requests_all()[:500]
    ]
    if form is None:
        form = RequestForm(initial={"states": []})
    return render(request, "press/requests.html", {"rows": rows, "form": form}, status=status)


@requires("materials.request")
def request_list(request: HttpRequest) -> HttpResponse:
    return _requests(request)


@requires("materials.request")
@require_POST
def request_create(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST)
    if not form.is_valid():
        return _requests(request, form, 400)
    try:
        made = services.materials_request_create(
            title=form.texts("title"),
            text=form.texts("text"),
            states=form.cleaned_data["states"],
            due_on=form.cleaned_data["due_on"],
            by=me(request),
        )
    except SecretariatError as error:
        _refused(request, error)
        return _requests(request, form, error.status)
    messages.success(request, _("The request was sent; the member states will be reminded."))
    return redirect("requests:detail", request_id=made.pk)


@requires("materials.request")
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        found = selectors.request_of(request_id)
    except NotFoundError:
        raise Http404(_("There is no such request.")) from None
    today = timezone.localdate()
    rows = [(a, a.standing(today)) for a in found.addressees.all()]
    context = {
        "materials": found,
        "shown": selectors.shown(found, text_field="text"),
        "rows": rows,
        "awaiting": any(s != "answered" for _a, s in rows),
    }
    return render(request, "press/request_detail.html", context)


@requires("materials.request")
@require_POST
def request_remind(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.materials_remind(request=selectors.request_of(request_id), by=me(request))
    except NotFoundError:
        raise Http404(_("There is no such request.")) from None
    except SecretariatError as error:
        _refused(request, error)
        return redirect("requests:detail", request_id=request_id)
    messages.success(request, _("The member states still awaiting will be reminded today."))
    return redirect("requests:detail", request_id=request_id)


@requires("materials.request")
def request_answer_file(request: HttpRequest, request_id: int, answer_id: int) -> FileResponse:
    answer = MaterialsAnswer.objects.filter(pk=answer_id, addressee__request_id=request_id).first()
    if answer is None or not answer.file:
        raise Http404(_("There is no such file."))
    name = (answer.file.name or "file").rsplit("/", 1)[-1]
    return stored_response(answer.file, filename=name)


@requires("materials.answer")
def request_mine(request: HttpRequest) -> HttpResponse:
    user = me(request)
    today = timezone.localdate()
    rows = []
    for found in selectors.requests_to(user):
        own = selectors.own_addressee(user, found)
        rows.append(
            (found, selectors.shown(found, text_field="text"), own.standing(today) if own else "")
        )
    return render(request, "press/requests_mine.html", {"rows": rows})


@requires("materials.answer")
def request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    """A request addressed to your member state, its answers so far, and the answer form."""
    user = me(request)
    try:
        found = selectors.request_to(user, request_id)
    except NotFoundError:
        raise Http404(_("There is no such request.")) from None
    form = AnswerForm()
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                answer = services.materials_answer(
                    request=found,
                    text=form.cleaned_data["text"],
                    file=form.cleaned_data["file"],
                    by=user,
                )
            except SecretariatError as error:
                _refused(request, error)
                status = error.status
            else:
                if answer.late:
                    messages.warning(
                        request, _("The answer was recorded after the due date: it is marked late.")
                    )
                else:
                    messages.success(request, _("The answer was recorded."))
                return redirect("requests:answer", request_id=request_id)
        else:
            status = 400
    found = selectors.request_to(user, request_id)
    own = selectors.own_addressee(user, found)
    context = {
        "materials": found,
        "shown": selectors.shown(found, text_field="text"),
        "own": own,
        "standing": own.standing(timezone.localdate()) if own else "",
        "form": form,
    }
    return render(request, "press/request_answer.html", context, status=status)
