"""Pages of the term base under /terms/: the list and search, a concept with its terms in
three languages and their sources, the Secretariat's edit form, and the TBX export."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.access import allowed, requires
from secretariat.core.actor import user_of
from secretariat.core.errors import NotFoundError, SecretariatError
from secretariat.core.lang import current_lang
from secretariat.core.pages import refusal_shown, step
from secretariat.terms import selectors, services
from secretariat.terms.forms import ConceptForm, terms_box
from secretariat.terms.models import LANGS, Concept, Domain
from secretariat.terms.tbx import termbase_tbx

VIEW = "terms.view"
EDIT = "terms.edit"


@requires(VIEW)
def concept_list(request: HttpRequest) -> HttpResponse:
    """Every concept, or those a search finds: a term containing the words typed, or a
    concept whose term the words contain in any language and form."""
    query = request.GET.get("q", "").strip()
    domain = request.GET.get("domain", "")
    domain = domain if domain in Domain.values else ""
    found = selectors.concepts(query=query, domain=domain)
    page = Paginator(found, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    lang = current_lang()
    rows = [(c, selectors.concept_row(c, lang)) for c in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "query": query,
        "domain": domain,
        "domains": Domain.choices,
        "lang": lang,
        "can_edit": _may_edit(request),
    }
    return render(request, "terms/list.html", context)


def _may_edit(request: HttpRequest) -> bool:
    return allowed(user_of(request), EDIT)


def _concept(slug: str) -> Concept:
    try:
        return selectors.concept_by_key(slug)
    except NotFoundError:
        raise Http404(_("There is no such concept in the term base.")) from None


@requires(VIEW)
def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    concept = _concept(slug)
    context = {
        "concept": concept,
        "languages": selectors.terms_by_language(concept),
        "gaps": selectors.concept_gaps_all().get(concept.key, []),
        "can_edit": _may_edit(request),
    }
    return render(request, "terms/detail.html", context)


def _form_page(
    request: HttpRequest,
    form: ConceptForm,
    *,
    concept: Concept | None,
    status: int = 200,
    error: SecretariatError | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "concept": concept,
        "sources": selectors.sources(),
        **refusal_shown(error),
    }
    return render(request, "terms/edit.html", context, status=status)


@requires(EDIT)
def concept_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, ConceptForm(), concept=None)
    form = ConceptForm(request.POST)

    def again(*, status: int, bound: dict[str, Any], error: SecretariatError | None) -> Any:
        return _form_page(request, bound["form"], concept=None, status=status, error=error)

    concept, response = step(
        request,
        form,
        "form",
        lambda data: services.concept_create(
            key=data["key"],
            domain=data["domain"],
            terms=form.terms(),
            definition=form.texts("definition"),
            note=form.texts("note"),
            enforce=data["enforce"],
        ),
        again,
        _("The concept was added to the term base."),
    )
    if response is not None or concept is None:
        return response or redirect(reverse("terms:list"))
    return redirect(reverse("terms:detail", args=[concept.key]))


@requires(EDIT)
def concept_edit(request: HttpRequest, slug: str) -> HttpResponse:
    concept = _concept(slug)
    if request.method != "POST":
        record = selectors.concept_record(concept)
        initial: dict[str, Any] = {
            "key": concept.key,
            "domain": concept.domain,
            "enforce": concept.enforce,
            "version": concept.version,
        }
        for lang in LANGS:
            initial[f"terms_{lang}"] = terms_box(list(record.terms), lang)
            initial[f"definition_{lang}"] = getattr(concept, f"definition_{lang}")
            initial[f"note_{lang}"] = getattr(concept, f"note_{lang}")
        return _form_page(request, ConceptForm(initial=initial, editing=True), concept=concept)
    form = ConceptForm(request.POST, initial={"key": concept.key}, editing=True)

    def again(*, status: int, bound: dict[str, Any], error: SecretariatError | None) -> Any:
        return _form_page(request, bound["form"], concept=concept, status=status, error=error)

    _saved, response = step(
        request,
        form,
        "form",
        lambda data: services.concept_update(
            concept=concept,
            terms=form.terms(),
            expected_version=data["version"] or 0,
            domain=data["domain"],
            definition=form.texts("definition"),
            note=form.texts("note"),
            enforce=data["enforce"],
        ),
        again,
        _("The concept was saved."),
    )
    if response is not None:
        return response
    return redirect(reverse("terms:detail", args=[concept.key]))


@requires(VIEW)
def export_tbx(request: HttpRequest) -> HttpResponse:
    """The whole term base as a TBX file (TBX-Basic) for translators' tools."""
    body = termbase_tbx(
        [selectors.concept_record(c) for c in selectors.concepts()],
        selectors.source_records(),
        domains=selectors.domain_names_in_english(),
        exported_at=timezone.now(),
    )
    response = HttpResponse(body, content_type="application/x-tbx+xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sco-termbase.tbx"'
    return response
