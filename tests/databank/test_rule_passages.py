"""Every rule finds the passage it comes from, and its page shows that passage."""

from __future__ import annotations

import pytest
from django.test import Client

from secretariat.databank.selectors import passage_cited, passage_of
from secretariat.databank.services import seeds_import
from secretariat.procedure.rules import rulebook

pytestmark = pytest.mark.django_db

ALL_RULE_IDS = sorted(rulebook().rules)


def collapse(text: str) -> str:
    """Normalise whitespace, as the engine's own check of the originals does."""
    return " ".join(text.split())


@pytest.fixture
def seeds() -> None:
    seeds_import()


@pytest.mark.usefixtures("seeds")
@pytest.mark.parametrize("rule_id", ALL_RULE_IDS)
def test_every_rule_finds_its_passage_and_its_original_is_in_it(rule_id: str) -> None:
    rule = rulebook().rule(rule_id)

    passage = passage_of(rule)

    assert passage is not None, f"{rule.id}: no passage {rule.source.cite()}"
    assert collapse(rule.original_text) in collapse(passage.text)
    for cited in rule.also:
        assert passage_cited(cited) is not None, f"{rule.id}: no passage {cited.cite()}"


def test_a_rule_finds_no_passage_before_the_seeds_are_imported() -> None:
    assert passage_of(rulebook().rule("BCB-QUORUM")) is None


@pytest.mark.usefixtures("seeds")
@pytest.mark.parametrize("prefix", ["", "/ru", "/zh-hans"])
def test_the_rule_page_shows_its_source_text_with_its_language(client: Client, prefix: str) -> None:
    response = client.get(f"{prefix}/rules/BCB-QUORUM/")

    assert response.status_code == 200
    body = response.content.decode()
    assert '<blockquote lang="ru">' in body
    assert "II. Порядок созыва и проведения заседаний Правления" in body
    assert "Регламент Правления Делового совета ШОС" in body
    assert ">§12<" in body


@pytest.mark.usefixtures("seeds")
def test_the_rule_page_titles_the_source_text_in_the_active_language(client: Client) -> None:
    body = client.get("/ru/rules/BCB-QUORUM/").content.decode()

    assert "Текст источника" in body


def test_the_rule_page_leaves_out_the_source_text_before_the_seeds_are_imported(
    client: Client,
) -> None:
    response = client.get("/rules/BCB-QUORUM/")

    assert response.status_code == 200
    assert "The source text" not in response.content.decode()
