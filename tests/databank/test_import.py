"""The seeds are imported once, split into the passages the rules cite; bad files are refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from secretariat.audit.models import AuditEntry
from secretariat.databank.models import Passage, Source
from secretariat.databank.seeds import SEED_CATALOGUE
from secretariat.databank.services import seeds_import, source_import
from secretariat.procedure.rules import rulebook
from secretariat.registry.services import LoadReport
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db

SECRETARIAT_BRIEF = "000_be8d920ad4819a98"
CMFA_EXCERPTS = "001_f2b3b639556f710e"
STRATEGY = "002_4d0bb027460e5821"
NEWS = "003_b885ef0e246eda39"
BOARD_REGULATION = "004_da3ccb8d0c08a07c"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


def labels(code: str) -> list[str]:
    return list(Passage.objects.filter(source__code=code).values_list("label", flat=True))


def cited_labels(code: str) -> set[str]:
    return {
        cited.paragraph
        for rule in rulebook().rules.values()
        for cited in rule.sources
        if cited.file == f"{code}.txt"
    }


def rows() -> dict[str, list[dict[str, Any]]]:
    return {
        "sources": list(Source.objects.order_by("pk").values()),
        "passages": list(Passage.objects.order_by("pk").values()),
        "bodies": list(Source.bodies.through.objects.order_by("pk").values()),
    }


def test_the_seeds_command_imports_the_five_seed_texts() -> None:
    call_command("databank", "seeds")

    assert sorted(Source.objects.values_list("code", flat=True)) == sorted(SEED_CATALOGUE)
    assert all(s.is_public and len(s.sha256) == 64 and s.size > 0 for s in Source.objects.all())


def test_the_secretariat_brief_and_the_board_regulation_are_split_into_their_articles() -> None:
    seeds_import()

    articles = [f"§{n}" for n in range(1, 16)]
    assert labels(SECRETARIAT_BRIEF) == ["", *articles]
    assert labels(BOARD_REGULATION) == ["", *articles]


def test_the_regulation_excerpts_are_split_into_their_nine_paragraphs() -> None:
    seeds_import()

    assert labels(CMFA_EXCERPTS) == [f"¶{n}" for n in range(1, 10)]


def test_the_strategy_is_split_into_its_sections() -> None:
    seeds_import()

    assert labels(STRATEGY)[:4] == [
        "DEVELOPMENT STRATEGY OF THE SHANGHAI COOPERATION ORGANIZATION UNTIL 2025",
        "GOALS AND OBJECTIVES",
        "PRINCIPLES AND VALUES",
        "POLITICAL COOPERATION",
    ]
    assert labels(STRATEGY)[-1] == "INTERNATIONAL COOPERATION"


@pytest.mark.parametrize("code", sorted(SEED_CATALOGUE))
def test_each_seed_yields_every_label_its_rules_cite(code: str) -> None:
    seeds_import()

    assert cited_labels(code) <= set(labels(code))


def test_an_article_keeps_its_unnumbered_paragraph_and_its_chapter_heading() -> None:
    seeds_import()

    second = Passage.objects.get(source__code=SECRETARIAT_BRIEF, label="§2")
    assert "not later than 20 days before the start" in second.text
    tenth = Passage.objects.get(source__code=BOARD_REGULATION, label="§10")
    assert tenth.heading.startswith("II. Порядок созыва")
    assert "Повестка дня с приложением" in tenth.text


def test_the_news_item_is_english_with_a_russian_title() -> None:
    seeds_import()

    news = Source.objects.get(code=NEWS)
    assert news.language == "en"
    assert news.title.startswith("В Москве")
    assert Passage.objects.get(source=news, label="¶2").language == "ru"
    assert Passage.objects.get(source=news, label="¶3").language == "en"


def test_each_seed_concerns_the_bodies_of_the_seeds_readme() -> None:
    seeds_import()

    def bodies(code: str) -> set[str]:
        return set(Source.objects.get(code=code).bodies.values_list("code", flat=True))

    assert bodies(SECRETARIAT_BRIEF) == {"secretariat"}
    assert bodies(CMFA_EXCERPTS) == {"cmfa", "min", "cnc", "secretariat"}
    assert bodies(STRATEGY) == set()
    assert bodies(BOARD_REGULATION) == {"bcb"}


def test_reimporting_the_seeds_changes_no_row_and_writes_no_audit_entry() -> None:
    seeds_import()
    before, entries = rows(), AuditEntry.objects.count()

    results = seeds_import()

    assert {r.outcome for r in results} == {"unchanged"}
    assert rows() == before
    assert AuditEntry.objects.count() == entries


def test_a_changed_file_replaces_its_passages(tmp_path: Path) -> None:
    path = tmp_path / "circular.txt"
    path.write_text("First paragraph.\nSecond paragraph.\n", encoding="utf-8")
    first = source_import(path=path)
    path.write_text("Only paragraph, rewritten.\n", encoding="utf-8")

    second = source_import(path=path)

    assert (first.outcome, second.outcome) == ("created", "replaced")
    assert second.source.pk == first.source.pk
    assert [(p.label, p.text) for p in second.source.passages.all()] == [
        ("¶1", "Only paragraph, rewritten.")
    ]
    assert Source.objects.get(code="circular").size == path.stat().st_size


def test_the_import_command_imports_a_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# A note\n\n1. One.\n2. Two.\n3. Three.\n", encoding="utf-8")

    call_command("databank", "import", str(path))

    assert Source.objects.get(code="note").title == "A note"
    assert labels("note") == ["", "§1", "§2", "§3"]


def test_a_missing_file_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.txt"

    with pytest.raises(CommandError, match=r"There is no file at .*absent\.txt"):
        call_command("databank", "import", str(missing))
    assert not Source.objects.exists()


def test_a_damaged_pdf_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    pdf = tmp_path / "charter.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")

    with pytest.raises(
        CommandError, match=r"charter\.pdf” cannot be read: the PDF file is damaged"
    ):
        call_command("databank", "import", str(pdf))
    assert not Source.objects.exists()


def test_another_type_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    sheet = tmp_path / "budget.xlsx"
    sheet.write_bytes(b"PK\x03\x04")

    with pytest.raises(
        CommandError, match=r"budget\.xlsx cannot be imported: only \.txt, \.md, \.docx"
    ):
        call_command("databank", "import", str(sheet))
    assert not Source.objects.exists()


def test_a_missing_file_among_several_imports_none_of_them(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A paragraph.\n", encoding="utf-8")

    with pytest.raises(CommandError, match="There is no file at"):
        call_command("databank", "import", str(good), str(tmp_path / "absent.md"))
    assert not Source.objects.exists()


def test_a_text_that_is_not_utf8_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Регламент".encode("cp1251"))

    with pytest.raises(CommandError, match=r"legacy\.txt cannot be imported: it is not UTF-8"):
        call_command("databank", "import", str(legacy))
    assert not Source.objects.exists()
