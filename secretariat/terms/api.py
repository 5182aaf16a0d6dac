"""JSON API of the term base at /api/terms/: concepts with their terms in three languages
and sources, the equivalents of a text's terms, and the TBX export. Reading only; every
signed-in user may read (``terms.view``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Schema

from secretariat.core.access import ActionRouter
from secretariat.core.errors import refuse
from secretariat.core.schemas import ErrorOut, Limit, Offset
from secretariat.terms import lookup, selectors
from secretariat.terms.models import LANGS, Concept, Domain
from secretariat.terms.tbx import termbase_tbx

router = ActionRouter(tags=["term base"])
VIEW = "terms.view"


class TermBaseSourceOut(Schema):
    key: str = Field(description="The source's stable name (seed-004, charter...).")
    titles: dict[str, str] = Field(description="Its title in en, ru and zh.")
    location: str


class TermBaseTermOut(Schema):
    text: str
    preferred: bool = Field(description="The term to use; the others are admitted variants.")
    source: str = Field(description="The key of the source it is taken from.")
    source_ref: str = Field(description="Where in the source: article, paragraph, section.")


class TermBaseConceptOut(Schema):
    key: str
    domain: str = Field(description="body, post, procedure, document_type, legal, status...")
    enforce: bool = Field(description="Whether messages are held to these terms.")
    version: int
    definitions: dict[str, str] = Field(description="The definition by language, if any.")
    notes: dict[str, str] = Field(description="The note by language, if any.")
    terms: dict[str, list[TermBaseTermOut]] = Field(
        description="The terms by language (en, ru, zh), the preferred first."
    )
    missing: list[str] = Field(description="What the entry lacks to be complete; empty if none.")


class TermBaseEquivalentOut(Schema):
    concept: str = Field(description="The key of the concept found.")
    domain: str
    found: str = Field(description="The term of the base found in the text.")
    lang: str = Field(description="Its language.")
    start: int = Field(description="Where it starts in the text (characters).")
    end: int
    preferred: dict[str, str] = Field(description="The preferred term in each language.")
    terms: dict[str, list[str]] = Field(description="Every term in each language.")


def _concept_out(concept: Concept, gaps: dict[str, list[str]]) -> dict[str, Any]:
    terms: dict[str, list[dict[str, Any]]] = {lang: [] for lang in LANGS}
    for section in selectors.terms_by_language(concept):
        ordered = ([section.preferred] if section.preferred else []) + section.variants
        terms[section.lang] = [
            {
                "text": t.text,
                "preferred": t.preferred,
                "source": t.source.key,
                "source_ref": t.source_ref,
            }
            for t in ordered
        ]
    return {
        "key": concept.key,
        "domain": concept.domain,
        "enforce": concept.enforce,
        "version": concept.version,
        "definitions": _texts(concept, "definition"),
        "notes": _texts(concept, "note"),
        "terms": terms,
        "missing": gaps.get(concept.key, []),
    }


def _texts(concept: Concept, prefix: str) -> dict[str, str]:
    found = {lang: getattr(concept, f"{prefix}_{lang}") for lang in LANGS}
    return {lang: text for lang, text in found.items() if text}


@router.read(
    "/concepts",
    action=VIEW,
    response={200: list[TermBaseConceptOut], 400: ErrorOut},
    summary="Concepts of the term base",
)
def terms_concepts(
    request: HttpRequest,
    q: str = "",
    domain: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Concepts of ``domain`` (if given) matching ``q`` (if given: a term containing it, or a
    concept whose term it contains, in any language and form)."""
    if domain and domain not in Domain.values:
        raise refuse("unknown_domain", "terms.unknown_domain", value=domain)
    found = selectors.concepts(query=q, domain=domain)[offset : offset + min(limit, 500)]
    gaps = selectors.concept_gaps_all()
    return [_concept_out(c, gaps) for c in found]


@router.read(
    "/concepts/{slug}",
    action=VIEW,
    response={200: TermBaseConceptOut, 404: ErrorOut},
    summary="A concept with its terms",
)
def terms_concept(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _concept_out(selectors.concept_by_key(slug), selectors.concept_gaps_all())


@router.read(
    "/equivalents",
    action=VIEW,
    response={200: list[TermBaseEquivalentOut], 400: ErrorOut},
    summary="The term-base terms a text contains, with their equivalents",
)
def terms_equivalents(request: HttpRequest, text: str, lang: str = "") -> list[dict[str, Any]]:
    """Russian and English matched on word stems, Chinese as a substring; ``lang`` (en, ru or
    zh) limits the terms looked for to that language."""
    if lang and lang not in LANGS:
        raise refuse("unknown_language", "terms.unknown_language", value=lang)
    return [
        {
            "concept": e.concept,
            "domain": e.domain,
            "found": e.found,
            "lang": e.lang,
            "start": e.start,
            "end": e.end,
            "preferred": e.preferred,
            "terms": {code: list(texts) for code, texts in e.terms.items()},
        }
        for e in lookup.equivalents(text, lang or None)
    ]


@router.read("/sources", action=VIEW, response=list[TermBaseSourceOut], summary="Sources")
def terms_sources(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "titles": {lang: getattr(s, f"title_{lang}") for lang in LANGS},
            "location": s.location,
        }
        for s in selectors.sources()
    ]


@router.read(
    "/tbx",
    action=VIEW,
    summary="The term base as TBX (TBX-Basic)",
    openapi_extra={
        "responses": {200: {"description": "TBX", "content": {"application/x-tbx+xml": {}}}}
    },
)
def terms_tbx(request: HttpRequest) -> HttpResponse:
    """The whole term base as a TBX file (ISO 30042, TBX-Basic) for translators' tools."""
    body = termbase_tbx(
        [selectors.concept_record(c) for c in selectors.concepts()],
        selectors.source_records(),
        domains=selectors.domain_names_in_english(),
        exported_at=timezone.now(),
    )
    response = HttpResponse(body, content_type="application/x-tbx+xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sco-termbase.tbx"'
    return response
