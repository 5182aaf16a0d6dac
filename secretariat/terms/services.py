"""Writes of the term base: the shipped file loaded (``termbase_load``), concepts and their
terms edited by the Secretariat (``concept_create``, ``concept_update``, ``concept_delete``).

Every service runs in one transaction and writes rows with ``save()``/``delete()``, so the
audit app records each change with its author. Every change moves the concept's
``updated_at``, which is how ``terms.lookup`` knows to read the base again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from secretariat.audit.services import audit_record
from secretariat.core.errors import refuse
from secretariat.core.locking import bump, lock_version
from secretariat.terms.models import LANGS, Concept, Domain, Source, Term
from secretariat.terms.termbase_file import (
    SHIPPED,
    ConceptRecord,
    SourceRecord,
    TermBaseFileError,
    TermRecord,
    read_termbase,
)


class TermBaseLoadError(ValueError):
    """The file was not loaded (nothing was written): the message says why."""


@dataclass
class LoadReport:
    sources: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"Term base: {self.sources} sources, {len(self.created)} concepts created, "
            f"{len(self.updated)} updated, {self.unchanged} unchanged."
        )


def _source_save(record: SourceRecord) -> Source:
    source = Source.objects.filter(key=record.key).first() or Source(key=record.key)
    values: dict[str, object] = {f"title_{lang}": record.title.get(lang, "") for lang in LANGS}
    values["location"] = record.location
    values["places"] = {place: dict(names) for place, names in record.places.items()}
    if source.pk and all(getattr(source, k) == v for k, v in values.items()):
        return source
    for name, value in values.items():
        setattr(source, name, value)
    source.save()
    return source


def _concept_fields(record: ConceptRecord) -> dict[str, object]:
    values: dict[str, object] = {"domain": record.domain, "enforce": record.enforce}
    for lang in LANGS:
        values[f"definition_{lang}"] = record.definition.get(lang, "")
        values[f"note_{lang}"] = record.note.get(lang, "")
    return values


def _term_rows(concept: Concept) -> list[tuple[str, str, bool, int, int, str]]:
    return [
        (t.lang, t.text, t.preferred, t.position, t.source_id, t.source_ref)
        for t in concept.terms.order_by("lang", "position", "pk")
    ]


def _terms_replace(
    concept: Concept, terms: Sequence[TermRecord], sources: Mapping[str, Source]
) -> bool:
    """Make ``concept``'s terms exactly ``terms``; whether anything changed."""
    wanted = []
    for lang in LANGS:
        in_lang = [t for t in terms if t.lang == lang]
        for position, term in enumerate(in_lang):
            source = sources[term.source]
            wanted.append((lang, term.text, position == 0, position, source.pk, term.source_ref))
    if concept.pk and _term_rows(concept) == wanted:
        return False
    # Terms are few: delete and write again, each write audited.
    for old in concept.terms.all():
        old.delete()
    for lang, text, preferred, position, source_id, ref in wanted:
        Term(
            concept=concept,
            lang=lang,
            text=text,
            preferred=preferred,
            position=position,
            source_id=source_id,
            source_ref=ref,
        ).save()
    return True


@transaction.atomic
def termbase_load(*, path: Path | None = None) -> LoadReport:
    """Bring the term base in line with the data file (the shipped one by default).

    Idempotent: a second load changes nothing. Concepts are matched by key; concepts the
    file does not list (added on the pages) are kept. All or nothing: a file with a term
    without a known source is refused whole.
    """
    try:
        data = read_termbase(path)
    except TermBaseFileError as exc:
        raise TermBaseLoadError(str(exc)) from exc
    for record in data.concepts:
        for term in record.terms:
            if term.source not in data.sources:
                raise TermBaseLoadError(
                    f"concept {record.key}: the {term.lang} term {term.text!r} "
                    f"cites no known source ({term.source or 'none'})"
                )
    report = LoadReport(sources=len(data.sources))
    sources = {key: _source_save(record) for key, record in data.sources.items()}
    for record in data.concepts:
        concept = Concept.objects.filter(key=record.key).first()
        values = _concept_fields(record)
        created = concept is None
        if concept is None:
            concept = Concept(key=record.key, updated_at=timezone.now(), **values)
            concept.save()
        fields_changed = not created and any(getattr(concept, k) != v for k, v in values.items())
        if fields_changed:
            for name, value in values.items():
                setattr(concept, name, value)
        terms_changed = _terms_replace(concept, record.terms, sources)
        if created:
            report.created.append(record.key)
        elif fields_changed or terms_changed:
            concept.version += 1
            concept.updated_at = timezone.now()
            concept.save()
            report.updated.append(record.key)
        else:
            report.unchanged += 1
    # Each row written above has its own entry; this one says which file it all came from.
    source_file = path or SHIPPED
    audit_record(
        action="terms.load",
        model="terms.concept",
        object_repr=source_file.name,
        after={
            "file": source_file.name,
            "sha256": hashlib.sha256(source_file.read_bytes()).hexdigest(),
            "created": len(report.created),
            "updated": len(report.updated),
        },
    )
    return report


# --- edits by the Secretariat ---------------------------------------------------------------

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _terms_check(terms: Sequence[TermRecord]) -> dict[str, Source]:
    """Refuse an empty list, a term twice in a language, an unknown source; the sources."""
    if not terms:
        raise refuse("no_terms", "terms.no_terms")
    seen: set[tuple[str, str]] = set()
    for term in terms:
        if (term.lang, term.text.casefold()) in seen:
            raise refuse("term_twice", "terms.term_twice", text=term.text)
        seen.add((term.lang, term.text.casefold()))
    sources = {s.key: s for s in Source.objects.filter(key__in={t.source for t in terms})}
    for term in terms:
        if term.source not in sources:
            raise refuse(
                "unknown_source", "terms.unknown_source", text=term.text, source=term.source
            )
    return sources


def _texts_clean(values: Mapping[str, str] | None) -> dict[str, str]:
    values = values or {}
    return {lang: (values.get(lang) or "").strip() for lang in LANGS}


def _concept_set(
    concept: Concept,
    *,
    domain: str,
    definition: Mapping[str, str] | None,
    note: Mapping[str, str] | None,
    enforce: bool,
) -> None:
    if domain not in Domain.values:
        raise refuse("unknown_domain", "terms.unknown_domain", value=domain)
    concept.domain = domain
    concept.enforce = enforce
    for lang, text in _texts_clean(definition).items():
        setattr(concept, f"definition_{lang}", text)
    for lang, text in _texts_clean(note).items():
        setattr(concept, f"note_{lang}", text)


def _terms_clean(terms: Sequence[TermRecord]) -> list[TermRecord]:
    """Terms without blanks; in each language the one marked preferred first (else the
    first given), so every language named has exactly one preferred term."""
    cleaned = [
        TermRecord(t.lang, " ".join(t.text.split()), t.preferred, t.source, t.source_ref.strip())
        for t in terms
        if t.text.strip() and t.lang in LANGS
    ]
    ordered: list[TermRecord] = []
    for lang in LANGS:
        in_lang = [t for t in cleaned if t.lang == lang]
        in_lang.sort(key=lambda t: not t.preferred)  # stable: the given order otherwise
        ordered.extend(in_lang)
    return ordered


@transaction.atomic
def concept_create(
    *,
    key: str,
    domain: str,
    terms: Sequence[TermRecord],
    definition: Mapping[str, str] | None = None,
    note: Mapping[str, str] | None = None,
    enforce: bool = False,
) -> Concept:
    """Add a concept with its terms (a language may be left for later: it shows as pending)."""
    key = key.strip().lower()
    if not _KEY.match(key) or len(key) > 80:
        raise refuse("key_invalid", "terms.key_invalid", key=key)
    if Concept.objects.filter(key=key).exists():
        raise refuse("key_taken", "terms.key_taken", status=409, key=key)
    cleaned = _terms_clean(terms)
    sources = _terms_check(cleaned)
    concept = Concept(key=key, updated_at=timezone.now())
    _concept_set(concept, domain=domain, definition=definition, note=note, enforce=enforce)
    concept.save()
    _terms_replace(concept, cleaned, sources)
    return concept


@transaction.atomic
def concept_update(
    *,
    concept: Concept,
    terms: Sequence[TermRecord],
    expected_version: int,
    domain: str | None = None,
    definition: Mapping[str, str] | None = None,
    note: Mapping[str, str] | None = None,
    enforce: bool | None = None,
) -> Concept:
    """Replace a concept's terms (and whatever else is given), if nobody changed it since
    the caller read version ``expected_version``."""
    locked = lock_version(concept, expected_version, code="concept_stale", message="terms.stale")
    cleaned = _terms_clean(terms)
    sources = _terms_check(cleaned)
    _concept_set(
        locked,
        domain=locked.domain if domain is None else domain,
        definition=definition if definition is not None else _texts_of(locked, "definition"),
        note=note if note is not None else _texts_of(locked, "note"),
        enforce=locked.enforce if enforce is None else enforce,
    )
    _terms_replace(locked, cleaned, sources)
    locked.updated_at = timezone.now()
    bump(locked, concept)
    return locked


def _texts_of(concept: Concept, prefix: str) -> dict[str, str]:
    return {lang: getattr(concept, f"{prefix}_{lang}") for lang in LANGS}


@transaction.atomic
def concept_delete(*, concept: Concept) -> None:
    """Remove a concept and its terms."""
    concept.delete()
