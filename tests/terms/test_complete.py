"""The issue's test: every term-base entry is named in English, Russian and Chinese, and every
term says where it comes from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from secretariat.terms.selectors import concept_gaps_all
from secretariat.terms.termbase_file import concept_gaps, read_termbase
from tests.terms.support import termbase_loaded


def test_every_concept_of_the_file_has_a_preferred_term_in_each_language_and_sources() -> None:
    data = read_termbase()
    gaps = {c.key: concept_gaps(c, data.sources) for c in data.concepts}
    assert {key: found for key, found in gaps.items() if found} == {}


def test_the_term_base_holds_the_organisations_terms() -> None:
    keys = {c.key for c in read_termbase().concepts}
    assert len(keys) >= 120
    assert {"consensus", "depositary", "certified-copy", "quorum", "note-verbale"} <= keys


@pytest.fixture
def termbase(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with termbase_loaded(django_db_blocker):
        yield


@pytest.mark.django_db
def test_every_concept_in_the_database_is_complete(termbase: None) -> None:
    """Edits on the pages may leave a language for later; the shipped base may not."""
    assert concept_gaps_all() == {}
