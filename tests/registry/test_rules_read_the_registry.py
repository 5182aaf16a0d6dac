"""Where a database is loaded, `secretariat rules` answers from the registry, not the file."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from secretariat.procedure.cli import main as rules_main
from secretariat.reference_source import choose_reference
from secretariat.registry.models import CalendarOverride, State
from secretariat.registry.services import LoadReport
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture
def database_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests' database is the configured one; say so the way production does.
    monkeypatch.setenv("DATABASE_URL", "configured-by-pytest-django")


def rules_json(*argv: str) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    code = rules_main([*argv, "--json"], reference_factory=choose_reference, out=out, err=err)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def test_the_chair_is_answered_from_the_registry_when_it_is_loaded(
    database_configured: None,
) -> None:
    answer = rules_json("chair", "--body", "cnc", "--on", "2026-01-15")

    assert answer["reference"] == "registry"
    assert answer["chair_state"] == "KG"


def test_a_calendar_override_entered_by_the_secretariat_changes_the_count(
    database_configured: None,
) -> None:
    before = rules_json("working-days", "--seat", "RU", "--from", "2026-06-30", "--days", "5")
    assert before["date"] == "2026-07-07"

    CalendarOverride.objects.create(
        state=State.objects.get(code="RU"),
        date=dt.date(2026, 7, 3),
        is_working_day=False,
        reason_en="Day off by decree (test)",
    )
    after = rules_json("working-days", "--seat", "RU", "--from", "2026-06-30", "--days", "5")

    assert after["date"] == "2026-07-08"
    assert {"date": "2026-07-03"}.items() <= after["skipped"][0].items()
    assert "Day off by decree (test)" in after["skipped"][0]["reason"]


def test_without_a_configured_database_the_shipped_file_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRETARIAT_VAR_DIR", str(tmp_path))

    assert choose_reference().origin == "file"
