"""The data of who is told what (regulations/notifications.yaml): checked at load, every message
in the catalogue, and the table of docs/meetings.md generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretariat.notifications.kinds import KINDS
from secretariat.notifications.messages import MESSAGES
from secretariat.procedure.notices import (
    OTHERS,
    RECORDS,
    Notices,
    NoticesError,
    load_notices,
    notices,
    notices_table,
)
from secretariat.procedure.rules import rulebook
from secretariat.procedure.workflows import workflows

DOCS = Path(__file__).resolve().parents[2] / "docs" / "meetings.md"


def load(tmp_path: Path, text: str) -> Notices:
    path = tmp_path / "notifications.yaml"
    path.write_text(text, encoding="utf-8")
    book = rulebook()
    return load_notices(book, workflows(book), path)


def test_every_message_named_is_in_the_catalogue_with_a_known_kind() -> None:
    found = notices(rulebook())
    assert found.messages()
    for code in found.messages():
        assert code in MESSAGES, code
        assert MESSAGES[code].kind in KINDS, code


def test_every_record_and_every_other_event_is_told_to_someone() -> None:
    found = notices(rulebook())
    assert set(found.records) == RECORDS
    assert set(found.others) == OTHERS


def test_a_step_resolves_to_its_workflows_own_answer_before_the_default() -> None:
    found = notices(rulebook())
    assert found.for_step("bcb-extraordinary", "conclude").message == "minutes_to_sign"
    assert found.for_step("sco-meeting", "conclude") is None
    assert found.for_step("cmfa-extraordinary", "convene").audiences == ("members",)


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("defaults:\n  fly: {tell: [members], message: x}\n", "no workflow"),
        ("defaults:\n  convene: {tell: [everyone], message: x}\n", "unknown audience everyone"),
        ("defaults:\n  convene: {tell: [], message: x}\n", "at least one audience"),
        ("defaults:\n  convene: {tell: [national_parts]}\n", "'message'"),
        ("workflows:\n  sco-meeting:\n    inform: {tell: [members], message: x}\n", "no such"),
        ("workflows:\n  nowhere: {}\n", "no such workflow"),
        ("records:\n  lunch: {tell: [addressee], message: x}\n", "unknown event"),
        ("audiences:\n  secretariat: {en: a, ru: b, zh: c}\n", "already an actor"),
        ("extra: {}\n", "unknown section"),
    ],
)
def test_malformed_data_is_refused_at_load_naming_the_entry(
    tmp_path: Path, text: str, fault: str
) -> None:
    with pytest.raises(NoticesError) as raised:
        load(tmp_path, text)
    assert fault in str(raised.value)


def test_an_actor_of_actors_yaml_is_an_audience(tmp_path: Path) -> None:
    found = load(tmp_path, "defaults:\n  convene: {tell: [national_parts], message: x}\n")
    assert found.for_step("bcb-regular", "convene") is not None  # the default is per event
    assert found.for_step("bcb-extraordinary", "convene").audiences == ("national_parts",)


def test_the_table_of_the_docs_is_the_data() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin, end = "<!-- notices:begin -->\n", "<!-- notices:end -->"
    shown = text[text.index(begin) + len(begin) : text.index(end)]
    assert shown == notices_table(notices(rulebook()))
