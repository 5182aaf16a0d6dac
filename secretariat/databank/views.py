"""Pages of the databank: search over everything (the public catalogue for visitors), and
the texts it holds, passage by passage."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from secretariat.core.access import requires, user_of
from secretariat.core.in_languages import script_lang
from secretariat.core.lang import current_lang
from secretariat.core.public_cache import public_page
from secretariat.core.translated import InLanguage
from secretariat.databank.forms import KIND_CHOICES, LANG_CHOICES, SearchForm
from secretariat.databank.models import Source
from secretariat.databank.search import service
from secretariat.databank.splitting import language_of

#: Each kind of result by its name (the search form's labels).
KIND_NAMES = dict(KIND_CHOICES)
#: Each language by its name in the reader's language (the search form's labels), never its code.
LANG_NAMES = dict(LANG_CHOICES)


@requires("public")
@public_page(queries=False)
def search_page(request: HttpRequest) -> HttpResponse:
    """Search what the reader may see; a visitor searches the public catalogue."""
    form = SearchForm(request.GET or None)
    page = None
    rows = []
    status = 200
    if request.GET and form.is_valid() and form.cleaned_data.get("q"):
        page = service.search(
            user_of(request),
            form.cleaned_data["q"],
            form.filters(),
            page=form.cleaned_data.get("page") or 1,
        )
        for group in page.groups:
            rows.append(
                {
                    "group": group,
                    # The kind by name in the reader's language, never its code.
                    "kind": KIND_NAMES.get(group.best.kind, group.best.kind),
                    # The title in the reader's language where a version in it exists;
                    # otherwise the title found, marked as another language's.
                    "title": _title(group.best.title, page.titles.get(group.key)),
                    "snippet": mark_safe(  # noqa: S308  # snippet_html escapes the text
                        service.snippet_html(group.best.snippet, group.best.marks)
                    ),  # escaped by snippet_html
                    "languages": [
                        (lang, LANG_NAMES.get(lang, lang))
                        for lang in page.versions.get(group.key)
                        or sorted({group.best.lang, *(o.lang for o in group.others)})
                    ],
                    "others": [
                        (o, mark_safe(service.snippet_html(o.snippet, o.marks)))  # noqa: S308
                        for o in group.others
                    ],
                }
            )
    elif request.GET and not form.is_valid():
        status = 400
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "databank/search.html",
        {"form": form, "page": page, "rows": rows, "query_string": query.urlencode()},
        status=status,
    )


def _title(found: str, in_reader_language: str | None) -> InLanguage:
    """The result's title: the reader's language's version where the index holds one, else
    the title found; marked as another language's where its script says so (a version
    without a title of its own carries the English one)."""
    reader = current_lang()
    # A version without a title of its own is indexed under another language's title: that
    # is not the reader's, so the title found stands, marked.
    mine = (
        in_reader_language
        if in_reader_language and script_lang(in_reader_language) == reader
        else ""
    )
    title = mine or found
    lang = script_lang(title)
    return InLanguage(title, lang, lang != reader)


def _html_lang(lang: str) -> str:
    return "zh-Hans" if lang == "zh" else lang


@requires("public")
@public_page()
def source_list(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.filter(is_public=True).prefetch_related("bodies")
    rows = [
        (s, LANG_NAMES.get(s.language, s.language), _html_lang(language_of(s.title)))
        for s in sources
    ]
    return render(request, "databank/sources.html", {"rows": rows})


@requires("public")
@public_page()
def source_detail(request: HttpRequest, code: str) -> HttpResponse:
    source = (
        Source.objects.filter(code=code, is_public=True)
        .prefetch_related("passages", "bodies")
        .first()
    )
    if source is None:
        raise Http404(format_html("{}", code))
    return render(
        request,
        "databank/source.html",
        {
            "source": source,
            "language": LANG_NAMES.get(source.language, source.language),
            # A title is marked by the script it is written in (003 is English with a
            # Russian title); the tab shows it only when it is in the reader's language.
            "title_lang": _html_lang(language_of(source.title)),
            "title_in_reader_language": language_of(source.title) == current_lang(),
        },
    )
