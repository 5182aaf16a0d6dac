"""Reads of the term base: concepts listed and searched, one concept with its terms, what an
entry lacks. Reading is open to every signed-in user; the views check the action."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation

from secretariat.core.errors import NotFoundError
from secretariat.terms import lookup
from secretariat.terms.models import LANGS, Concept, Domain, Source, Term
from secretariat.terms.termbase_file import (
    ConceptRecord,
    SourceRecord,
    TermRecord,
    citation,
    concept_gaps,
)

#: The ``lang`` attribute of a text in each language.
HTML_LANG = {"en": "en", "ru": "ru", "zh": "zh-Hans"}
#: Concepts on one page of the list.
PAGE_SIZE = 50


def concepts(*, query: str = "", domain: str = "") -> QuerySet[Concept]:
    """Concepts with their terms, of ``domain`` if given, matching ``query`` if given: a term
    containing it, or a concept whose term the query contains (any language, any form)."""
    found = Concept.objects.prefetch_related(
        Prefetch("terms", queryset=Term.objects.select_related("source"))
    )
    if domain:
        found = found.filter(domain=domain)
    query = query.strip()
    if query:
        keys = [e.concept for e in lookup.equivalents(query)]
        found = found.filter(Q(terms__text__icontains=query) | Q(key__in=keys) | Q(key=query))
        found = found.distinct()
    return found.order_by("domain", "key")


def concept_by_key(key: str) -> Concept:
    found = concepts().filter(key=key).first()
    if found is None:
        raise NotFoundError(_no_such_concept())
    return found


def _no_such_concept() -> str:
    from django.utils.translation import gettext

    return gettext("There is no such concept in the term base.")


def sources() -> QuerySet[Source]:
    return Source.objects.order_by("key")


@dataclass(frozen=True)
class TermsByLanguage:
    lang: str
    preferred: Term | None
    variants: list[Term]

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]


def terms_by_language(concept: Concept) -> list[TermsByLanguage]:
    """The concept's terms in each language: the preferred one and the admitted variants."""
    every = sorted(concept.terms.all(), key=lambda t: (t.lang, not t.preferred, t.position))
    shown = []
    for lang in LANGS:
        in_lang = [t for t in every if t.lang == lang]
        preferred = next((t for t in in_lang if t.preferred), None)
        shown.append(TermsByLanguage(lang, preferred, [t for t in in_lang if t is not preferred]))
    return shown


def concept_record(concept: Concept) -> ConceptRecord:
    """The concept as the data file would hold it (for the gap check and the export)."""
    terms = tuple(
        TermRecord(t.lang, t.text, t.preferred, t.source.key, t.source_ref)
        for t in sorted(concept.terms.all(), key=lambda t: (t.lang, not t.preferred, t.position))
    )
    return ConceptRecord(
        key=concept.key,
        domain=concept.domain,
        terms=terms,
        enforce=concept.enforce,
        definition={lang: getattr(concept, f"definition_{lang}") for lang in LANGS},
        note={lang: getattr(concept, f"note_{lang}") for lang in LANGS},
    )


def source_records() -> dict[str, SourceRecord]:
    return {s.key: source_record(s) for s in sources()}


def source_record(source: Source) -> SourceRecord:
    titles = {lang: getattr(source, f"title_{lang}") for lang in LANGS}
    return SourceRecord(source.key, titles, source.location, dict(source.places or {}))


def term_citation(term: Term, lang: str) -> str:
    """Where ``term`` comes from, as a reader of ``lang`` reads it (no codes)."""
    return citation(source_record(term.source), term.source_ref, lang)


def concept_gaps_all() -> dict[str, list[str]]:
    """Every concept of the base that lacks something, with what it lacks."""
    known = source_records()
    gaps = {c.key: concept_gaps(concept_record(c), known) for c in concepts()}
    return {key: found for key, found in gaps.items() if found}


@dataclass(frozen=True)
class ConceptRow:
    """A concept as the list shows it: its preferred term in the reader's language (or, while
    that is missing, in another, marked), and the preferred terms of the other languages."""

    shown: str
    shown_lang: str
    pending: bool
    others: list[tuple[str, str]]

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.shown_lang]


def concept_row(concept: Concept, lang: str) -> ConceptRow:
    preferred = {t.lang: t.text for t in concept.terms.all() if t.preferred}
    fallback = [lang, "ru", "zh", "en"]
    shown_lang = next((code for code in fallback if preferred.get(code)), lang)
    others = [(code, preferred[code]) for code in LANGS if code != shown_lang and code in preferred]
    return ConceptRow(
        shown=preferred.get(shown_lang, concept.key),
        shown_lang=shown_lang,
        pending=shown_lang != lang,
        others=others,
    )


def domain_names_in_english() -> dict[str, str]:
    """Each domain's name in English: the export's subject fields (its language is English)."""
    with translation.override("en"):
        return {value: str(label) for value, label in Domain.choices}
