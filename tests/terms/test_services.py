"""Writes of the term base: the file loaded (idempotent, all or nothing) and concepts edited
by the Secretariat (audited, versioned, refused with a reason)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from secretariat.audit.models import AuditEntry
from secretariat.core.errors import ConflictError, InvalidInputError
from secretariat.terms import services
from secretariat.terms.models import Concept, Term
from secretariat.terms.termbase_file import SHIPPED, TermRecord
from tests.terms.support import termbase_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def termbase(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with termbase_loaded(django_db_blocker):
        yield


def terms_of(key: str) -> list[TermRecord]:
    return [
        TermRecord(t.lang, t.text, t.preferred, t.source.key, t.source_ref)
        for t in Term.objects.filter(concept__key=key).select_related("source")
    ]


def test_loading_the_file_again_changes_nothing() -> None:
    before = AuditEntry.objects.count()
    report = services.termbase_load()
    assert (report.created, report.updated) == ([], [])
    assert report.unchanged == Concept.objects.count()
    # Only the entry that says the file was loaded: no row was written.
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("-seq").first().action == "terms.load"


def test_a_file_with_a_term_without_a_source_is_refused_whole(tmp_path: Path) -> None:
    broken = tmp_path / "termbase.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    broken.write_text(text.replace('  source: [seed-004, "§13"]\n', "", 1), encoding="utf-8")
    with pytest.raises(services.TermBaseLoadError, match="cites no known source"):
        services.termbase_load(path=broken)


def test_a_reload_brings_back_the_files_terms_and_keeps_the_secretariats_concepts() -> None:
    depositary = Concept.objects.get(key="depositary")
    services.concept_update(
        concept=depositary,
        terms=[t for t in terms_of("depositary") if t.text != "保存人"],
        expected_version=depositary.version,
    )
    services.concept_create(
        key="observer-status",
        domain="partnership",
        terms=[TermRecord("en", "observer status", True, "seed-002", "")],
    )
    report = services.termbase_load()
    assert report.updated == ["depositary"]
    assert "保存人" in [t.text for t in terms_of("depositary")]
    assert Concept.objects.filter(key="observer-status").exists()
    Concept.objects.filter(key="observer-status").delete()


def test_an_edit_is_audited_and_raises_the_version() -> None:
    concept = Concept.objects.get(key="note-verbale")
    terms = [*terms_of("note-verbale"), TermRecord("ru", "нота", False, "unterm", "note")]
    services.concept_update(concept=concept, terms=terms, expected_version=concept.version)
    concept.refresh_from_db()
    assert concept.version == 2
    added = Term.objects.get(concept=concept, text="нота")
    assert AuditEntry.objects.filter(
        model_label="terms.term", object_id=str(added.pk), action="create"
    ).exists()


def test_an_edit_made_on_an_old_version_is_refused() -> None:
    concept = Concept.objects.get(key="quorum")
    services.concept_update(concept=concept, terms=terms_of("quorum"), expected_version=1)
    with pytest.raises(ConflictError):
        services.concept_update(concept=concept, terms=terms_of("quorum"), expected_version=1)


def test_the_first_term_marked_preferred_comes_first_in_its_language() -> None:
    concept = services.concept_create(
        key="session-of-a-body",
        domain="procedure",
        terms=[
            TermRecord("ru", "сессия", False, "seed-004", "§1"),
            TermRecord("ru", "заседание сессии", True, "seed-004", "§1"),
        ],
    )
    ordered = list(concept.terms.order_by("lang", "position").values_list("text", "preferred"))
    assert ordered == [("заседание сессии", True), ("сессия", False)]


@pytest.mark.parametrize(
    ("terms", "code"),
    [
        ([], "no_terms"),
        ([TermRecord("en", "x", True, "no-such-source")], "unknown_source"),
        (
            [
                TermRecord("en", "Board", True, "seed-004"),
                TermRecord("en", "board", False, "seed-004"),
            ],
            "term_twice",
        ),
    ],
)
def test_terms_that_cannot_be_stored_are_refused(terms: list[TermRecord], code: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        services.concept_create(key="refused-concept", domain="legal", terms=terms)
    assert refused.value.code == code
    assert not Concept.objects.filter(key="refused-concept").exists()


def test_a_key_already_used_or_malformed_is_refused() -> None:
    terms = [TermRecord("en", "x", True, "seed-000")]
    with pytest.raises(ConflictError):
        services.concept_create(key="consensus", domain="legal", terms=terms)
    with pytest.raises(InvalidInputError):
        services.concept_create(key="Not a key", domain="legal", terms=terms)


def test_a_deleted_concept_takes_its_terms_with_it_and_the_lookup_forgets_it() -> None:
    from secretariat.terms.lookup import equivalents

    assert [e.concept for e in equivalents("вербальная нота")] == ["note-verbale"]
    services.concept_delete(concept=Concept.objects.get(key="note-verbale"))
    assert not Term.objects.filter(concept__key="note-verbale").exists()
    assert equivalents("вербальная нота") == []
