"""Days and amounts inside the engine's sentences read as each language writes them (issue 17):
never «выполнено 2026-12-06» or «162500.00 USD» to a Russian or Chinese reader; English keeps
the house style (ISO days, grouped amounts with the code)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from secretariat.procedure import text as text_module
from secretariat.procedure.formatting import Money
from secretariat.procedure.text import Message, Text
from tests.said import day_said


@pytest.fixture
def sentences(monkeypatch: pytest.MonkeyPatch) -> dict[str, Text]:
    """Two sentences of the catalogue's shape, added beside the real ones."""
    found = dict(text_module.catalogue())
    found["test.done_on"] = Text(en="Done on {day}.", ru="Выполнено {day}.", zh="已于{day}完成。")
    found["test.owed"] = Text(en="{sum} remain unpaid.", ru="Не уплачено {sum}.", zh="尚欠{sum}。")
    monkeypatch.setattr(text_module, "catalogue", lambda: found)
    return found


def test_a_day_in_a_sentence_is_written_in_the_readers_language(sentences: object) -> None:
    message = Message("test.done_on", {"day": dt.date(2026, 12, 6)})

    assert message.render("ru") == "Выполнено 6 декабря 2026\u202fг."
    assert message.render("zh") == "已于2026年12月6日完成。"
    assert message.render("en") == "Done on 2026-12-06."


def test_a_day_ending_a_russian_sentence_takes_its_full_stop_once(sentences: object) -> None:
    assert not Message("test.done_on", {"day": dt.date(2026, 1, 20)}).render("ru").endswith("..")


@pytest.mark.parametrize("iso", ["0001-01-10", "9999-12-30", "2024-02-29"])
def test_the_calendars_edges_are_written_out_too(sentences: object, iso: str) -> None:
    day = dt.date.fromisoformat(iso)
    for lang in ("en", "ru", "zh"):
        assert day_said(iso, lang) in Message("test.done_on", {"day": day}).render(lang)


def test_an_amount_is_grouped_with_its_currency_per_language(sentences: object) -> None:
    message = Message("test.owed", {"sum": Money(Decimal("162500.00"), "USD")})

    assert message.render("ru") == "Не уплачено 162\u00a0500,00\u00a0USD."
    assert message.render("zh") == "尚欠US$162,500.00。"
    assert message.render("en") == "162,500.00\u00a0USD remain unpaid."


def test_days_in_a_list_are_each_written_out(sentences: object) -> None:
    days = [dt.date(2025, 3, 10), dt.date(2025, 9, 1)]

    rendered = Message("test.done_on", {"day": days}).render("zh")

    assert rendered == "已于2025年3月10日、2025年9月1日完成。"
