"""Search as pages, the API and the command line call it: for one reader, with filters.

The reader's audience tokens (:func:`reader_tokens`) are the other half of
:mod:`.entries`: the engine matches only pieces carrying one of them, so results,
snippets and counts never include what the reader may not see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from secretariat.accounts.access import MEMBER_KINDS
from secretariat.core.lang import current_lang
from secretariat.databank.search import across, analysis, finding, meaning, outbox, vectors
from secretariat.databank.search.entries import KIND_ACTIONS, LANGS
from secretariat.databank.search.shapes import Filters, Group, Results

if TYPE_CHECKING:
    from secretariat.accounts.models import User

#: The longest query read; the rest is ignored (and said so).
MAX_QUERY = 500
PAGE_SIZE = 20


def reader_tokens(user: User | None) -> list[str]:
    """Every audience token ``user`` holds: ``public`` and, per kind they may view, theirs."""
    tokens = ["public"]
    if user is None or not user.is_active:
        return tokens
    own = ["all", f"user:{user.pk}"]
    if user.can("confidential.all"):
        own.append("staff")
    delegation = user.delegation
    if delegation is not None:
        own += [f"del:{delegation.pk}", f"dkind:{delegation.kind}"]
        if delegation.kind in MEMBER_KINDS:
            own.append("members")
    for kind, action in sorted(KIND_ACTIONS.items()):
        if action == "public" or user.can(action):
            tokens += [f"{kind}:{t}" for t in own]
    return tokens


@dataclass
class Page:
    """One page of results for a reader."""

    text: str
    results: Results
    page: int
    page_size: int
    filters: Filters
    truncated: bool = False
    #: For each document group, the document's language versions the reader may open.
    versions: dict[str, list[str]] = field(default_factory=dict)
    #: On the first page: texts in other languages near the query by meaning.
    related: list[finding.Related] = field(default_factory=list)
    #: For each group found in another language than the reader's: its title in the
    #: reader's language, where a version in that language exists.
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def groups(self) -> list[Group]:
        return self.results.groups

    @property
    def pages(self) -> int:
        return max(1, -(-self.results.group_count // self.page_size))


def search(
    user: User | None,
    text: str,
    filters: Filters | None = None,
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Page:
    """Search what ``user`` may see; apply queued changes first so a write is found at once."""
    truncated = len(text) > MAX_QUERY
    text = text[:MAX_QUERY]
    filters = filters or Filters()
    outbox.drain(wait=0.5)
    page = max(1, page)
    index = outbox.search_index()
    audience = reader_tokens(user)
    stored = vectors.stored()
    found = finding.find(
        index,
        text,
        audience,
        filters,
        thesaurus=_Expansion(text),
        vectors=stored,
        embed_query=meaning.embed_query if stored is not None else None,
        limit=page_size,
        offset=(page - 1) * page_size,
        may_see=lambda groups: index.visible_groups(audience, filters, among=list(groups)),
    )
    shown = Page(text, found.results, page, page_size, filters, truncated=truncated)
    shown.versions = _versions(user, found.results.groups)
    shown.related = found.related
    reader = current_lang()
    shown.titles = index.titles(
        [g.key for g in found.results.groups if g.best.lang != reader], reader, audience
    )
    return shown


def warm() -> None:
    """Load what a process's first search would (``settings.WARM_UP``): jieba's dictionary,
    this host's index (taking in the log), the registry's names and, where any are stored,
    the meaning vectors (which load the model to embed the reference queries they are
    measured against)."""
    analysis.warm_up()
    outbox.drain(wait=0.5)
    registry_names()
    vectors.stored()


class _Expansion:
    """The query's terms of the term base, then the registry's names (each word once)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def expand(self, parsed: analysis.ParsedQuery) -> analysis.ParsedQuery:
        return registry_names().expand(term_base(self.text).expand(parsed))


def term_base(text: str) -> across.Thesaurus:
    """The concepts of the term base that ``text`` names, with all their forms."""
    from secretariat.terms.lookup import equivalents

    return across.thesaurus(across.Concept(e.terms) for e in equivalents(text))


_names: tuple[str | None, across.Thesaurus] | None = None


def registry_names() -> across.Thesaurus:
    """The registry's names in three languages (made again when the registry changes)."""
    global _names  # one per process, keyed by the registry's generation
    from secretariat.registry.models import (
        Body,
        CouncilMeeting,
        InternationalOrganisation,
        OrganisationProfile,
        SecretaryGeneral,
        State,
    )
    from secretariat.registry.selectors import registry_generation

    generation = registry_generation()
    if _names is not None and _names[0] == generation:
        return _names[1]
    langs = ("en", "ru", "zh")

    def triples(rows: Iterable[Any], *prefixes: str) -> Iterator[dict[str, str]]:
        for row in rows:
            for prefix in prefixes:
                yield {lang: getattr(row, f"{prefix}_{lang}") for lang in langs}

    found = across.thesaurus(
        [
            *across.person_names(triples(SecretaryGeneral.objects.all(), "name")),
            *across.names_as_concepts(
                [
                    *triples(State.objects.all(), "name", "official_name"),
                    *triples(Body.objects.all(), "name", "abbreviation"),
                    *triples(InternationalOrganisation.objects.all(), "name"),
                    *triples(CouncilMeeting.objects.exclude(city_en=""), "city"),
                    *triples(
                        OrganisationProfile.objects.all(),
                        "name",
                        "abbreviation",
                        "founding_city",
                        "charter_signed_city",
                    ),
                ]
            ),
        ]
    )
    _names = (generation, found)
    return found


def _versions(user: User | None, groups: list[Group]) -> dict[str, list[str]]:
    """The language versions of each document found, as the reader may open them."""
    from secretariat.documents.models import LanguageVersion
    from secretariat.documents.selectors import documents_visible

    ids = [int(g.key.split(":")[1]) for g in groups if g.key.startswith("document:")]
    if not ids:
        return {}
    visible = documents_visible(user).filter(pk__in=ids).values("pk")
    langs: dict[str, list[str]] = {}
    rows = LanguageVersion.objects.filter(document__in=visible).values_list("document_id", "lang")
    for document_id, lang in rows:
        langs.setdefault(f"document:{document_id}", []).append(lang)
    return {key: sorted(found, key=LANGS.index) for key, found in langs.items()}


def parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(value)


def marked(text: str, marks: tuple[tuple[int, int], ...], before: str, after: str) -> str:
    """``text`` with each mark wrapped (no escaping: for the terminal; see ``snippet_html``)."""
    out, last = [], 0
    for start, end in marks:
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)


def snippet_html(text: str, marks: tuple[tuple[int, int], ...]) -> str:
    """The snippet as HTML: the text escaped, each match in ``<mark>``."""
    from django.utils.html import escape

    out, last = [], 0
    for start, end in marks:
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def page_json(page: Page) -> dict[str, object]:
    """A page of results as the API and ``--json`` give it."""
    r = page.results
    return {
        "query": page.text,
        "truncated": page.truncated,
        "count": r.group_count,
        "page": page.page,
        "pages": page.pages,
        "took_ms": round(r.total_seconds * 1000, 2),
        "engine_ms": round(r.engine_seconds * 1000, 2),
        "results": [
            {
                "key": g.key,
                "kind": g.best.kind,
                "title": g.best.title,
                "url": g.best.url,
                "lang": g.best.lang,
                "day": g.best.day.isoformat() if g.best.day else None,
                "score": round(g.best.score, 4),
                "snippet": g.best.snippet,
                "highlights": [list(m) for m in g.best.marks],
                "languages": page.versions.get(g.key)
                or sorted({g.best.lang, *(o.lang for o in g.others)}, key=LANGS.index),
                "also_matched": [
                    {"lang": o.lang, "snippet": o.snippet, "highlights": [list(m) for m in o.marks]}
                    for o in g.others
                ],
            }
            for g in r.groups
        ],
        "related": [
            {
                "key": x.group,
                "title": x.title,
                "url": x.url,
                "lang": x.lang,
                "snippet": x.snippet,
                "similarity": round(x.score, 4),
            }
            for x in page.related
        ],
    }
