"""``terms.lookup.equivalents``: the terms a text contains and their equivalents."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from secretariat.terms import services
from secretariat.terms.lookup import equivalents
from secretariat.terms.models import Concept
from secretariat.terms.termbase_file import TermRecord
from tests.terms.support import termbase_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def termbase(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with termbase_loaded(django_db_blocker):
        yield


def found(text: str, lang: str | None = None) -> list[str]:
    return [e.concept for e in equivalents(text, lang)]


def test_an_inflected_russian_phrase_finds_its_concept_and_the_other_languages() -> None:
    [copy] = equivalents("Направление заверенных копий")
    assert copy.concept == "certified-copy"
    assert copy.lang == "ru"
    assert copy.preferred == {"en": "certified copy", "ru": "заверенная копия", "zh": "核证副本"}
    assert "заверенная копия подлинника" in copy.terms["ru"]
    assert set(copy.in_other_languages()) == {"en", "zh"}


def test_an_english_plural_finds_the_singular_term() -> None:
    assert found("certified copies for the permanent representatives") == [
        "certified-copy",
        "permanent-representative",
    ]


def test_a_chinese_variant_finds_its_concept_by_substring() -> None:
    [depositary, consensus] = equivalents("保存人根据共识")
    assert (depositary.concept, depositary.found) == ("depositary", "保存人")
    assert depositary.terms["ru"] == ("депозитарий",)
    assert (consensus.concept, consensus.preferred["zh"]) == ("consensus", "协商一致")


def test_the_longest_term_wins_over_the_terms_inside_it() -> None:
    assert found("the Secretariat of the SCO Business Council") == ["business-council-secretariat"]


def test_case_and_yo_do_not_matter() -> None:
    assert found("ДЕПОЗИТАРИЙ") == ["depositary"]
    assert found("приглашённые лица") == found("приглашенные лица") == ["invited-person"]


def test_a_language_given_limits_the_terms_looked_for() -> None:
    assert found("консенсус consensus 协商一致", lang="zh") == ["consensus"]
    assert [e.lang for e in equivalents("консенсус consensus", lang="en")] == ["en"]


def test_text_without_terms_finds_nothing() -> None:
    assert equivalents("погода в Пекине") == []
    assert equivalents("   ") == []


def test_an_edit_is_seen_by_the_next_lookup() -> None:
    assert found("protocole") == []
    concept = Concept.objects.get(key="minutes")
    terms = [
        TermRecord(t.lang, t.text, t.preferred, t.source.key, t.source_ref)
        for t in concept.terms.select_related("source")
    ]
    terms.append(TermRecord("en", "protocole", False, "seed-004", "§14"))
    services.concept_update(concept=concept, terms=terms, expected_version=concept.version)
    assert found("protocole") == ["minutes"]


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        ("cyr", "Заверенных"),
        ("cyr", "приглашённые"),
        ("cyr", "государств"),
        ("lat", "Copies"),
        ("lat", "Secretariat’s"),
        ("lat", "consensus"),
    ],
)
def test_words_are_compared_as_the_search_index_compares_them(kind: str, word: str) -> None:
    # A query the search expands with equivalents must find what the index holds.
    from secretariat.databank.search.analysis import word_term
    from secretariat.terms.matching import word_key

    assert word_key(kind, word) == word_term(kind, word)
