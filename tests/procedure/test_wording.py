"""Wording a native speaker signs off (issue 17): names, never codes; numbers that agree with
their words; rule sources by document title; holidays named in the reader's language.

Each test asserts the exact sentence a reader meets, in Russian and Chinese (and English),
for a real example from the shipped reference data."""

from __future__ import annotations

import re

import holidays
import pytest

from secretariat.procedure.calendars import calendar_for
from secretariat.procedure.consensus import Position, check_consensus, consensus_names
from secretariat.procedure.convening import check_convening
from secretariat.procedure.quorum import check_quorum
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, plural_index
from secretariat.procedure.verdicts import InputError
from secretariat.procedure.workflows import guard_minutes_signed_by_every_part

from .builders import MEMBERS, day

LATIN = re.compile(r"[A-Za-z]")


# --- rule sources: the document's title and its paragraph, never a file name ----------------


@pytest.mark.parametrize(
    ("rule_id", "en", "ru", "zh"),
    [
        pytest.param(
            "BCB-EXTRA-NOTICE-30D",
            "Regulations of the SCO Business Council Board, para. 7",
            "Регламент Правления Делового совета ШОС, п. 7",
            "上海合作组织实业家委员会理事会条例 第7条",
            id="a numbered point of the Board's regulations",
        ),
        pytest.param(
            "STRAT-CONSENSUS",
            "Development Strategy of the SCO until 2025, section “Principles and Values”",
            "Стратегия развития ШОС до 2025 года, раздел «Принципы и ценности»",
            "上海合作组织至2025年发展战略“原则和价值观”部分",
            id="a section of the Strategy",
        ),
        pytest.param(
            "CMFA-EXTRA-NOTICE-1M",
            "Excerpts from the regulations on SCO bodies, paragraph 1",
            "Выдержки из положений об органах ШОС, абзац 1",
            "上海合作组织机构条例摘编 第1段",
            id="a paragraph of the excerpts",
        ),
    ],
)
def test_a_rule_cites_its_source_by_document_title_and_paragraph(
    book: Rulebook, rule_id: str, en: str, ru: str, zh: str
) -> None:
    rule = book.rule(rule_id)

    assert (rule.citation("en"), rule.citation("ru"), rule.citation("zh")) == (en, ru, zh)


def test_no_rule_is_cited_by_a_file_name_in_any_language(book: Rulebook) -> None:
    for rule in book.rules.values():
        for lang in ("en", "ru", "zh"):
            citation = rule.citation(lang)
            assert ".txt" not in citation, f"{rule.id} ({lang}): {citation}"
            assert "§" not in citation, f"{rule.id}: {citation}"
            assert "¶" not in citation, f"{rule.id}: {citation}"


def test_a_verdict_keeps_the_machine_reference_and_adds_the_citation(book: Rulebook) -> None:
    verdict = check_quorum(book, {"CN": 3, "RU": 3}, 10)

    rules = verdict.render(book, "ru")["rules"]

    assert rules[0]["source"] == "004_da3ccb8d0c08a07c.txt §12"
    assert rules[0]["citation"] == "Регламент Правления Делового совета ШОС, п. 12"


# --- plural forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "index"),
    [(1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (14, 2), (21, 0), (22, 1), (25, 2)],
)
def test_russian_numbers_take_the_form_of_one_few_or_many(number: int, index: int) -> None:
    assert plural_index("ru", number) == index


@pytest.mark.parametrize(
    ("states", "ru", "en"),
    [
        pytest.param(
            1,
            "Заседание неправомочно: присутствуют 3 из 30 членов Правления (требуется не менее 16)"
            " от 1 государства-члена (требуется не менее 5).",
            "Not quorate: 3 of 30 Board members are present (at least 16 needed) from 1 member "
            "state (at least 5 needed).",
            id="one state",
        ),
        pytest.param(
            3,
            "Заседание неправомочно: присутствуют 9 из 30 членов Правления (требуется не менее 16)"
            " от 3 государств-членов (требуется не менее 5).",
            "Not quorate: 9 of 30 Board members are present (at least 16 needed) from 3 member "
            "states (at least 5 needed).",
            id="three states",
        ),
    ],
)
def test_a_quorum_verdict_agrees_its_words_with_its_numbers(
    book: Rulebook, states: int, ru: str, en: str
) -> None:
    present = dict.fromkeys(MEMBERS[:states], 3)

    verdict = check_quorum(book, present, 10)

    assert verdict.summary.render("ru") == ru
    assert verdict.summary.render("en") == en


def test_a_quorate_board_counts_its_states_in_the_nominative(book: Rulebook) -> None:
    present = dict.fromkeys(MEMBERS[:6], 3) | {"IN": 2, "PK": 0}

    verdict = check_quorum(book, present, 10)

    assert verdict.summary.render("ru") == (
        "Заседание правомочно: присутствуют 20 из 30 членов Правления (требуется не менее 16);"
        " представлено 7 государств-членов (требуется не менее 5)."
    )
    assert verdict.summary.render("zh") == (
        "已达到法定人数：理事会30名成员中有20名出席（至少需要16名），代表7个成员国（至少需要5个）。"
    )


def test_one_member_present_is_one_member_in_russian() -> None:
    facts = {"present": 1, "size": 21, "required": 11}

    assert Message("quorum.short_of_members", facts).render("ru") == (
        "Заседание неправомочно: присутствует 1 из 21 члена Правления, а требуется не менее 11."
    )
    assert Message("quorum.short_of_members", facts).render("en") == (
        "Not quorate: 1 of 21 Board members is present, but at least 11 are needed."
    )


# --- names, never codes ----------------------------------------------------------------------


def test_an_objection_on_the_board_names_the_national_part_in_the_nominative(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    positions = {"CN": Position.SUPPORT, "KZ": Position.OBJECT, "RU": Position.ABSTAIN}

    verdict = check_consensus(
        book, positions, names=consensus_names(shipped_reference, "BCB-CONSENSUS")
    )

    assert verdict.summary.render("ru") == (
        "Не принято: возражает Казахстанская национальная часть Делового совета ШОС. "
        "Решение принимается, только если никто из членов не возражает."
    )
    assert verdict.summary.render("zh") == (
        "未通过：上合组织实业家委员会哈萨克斯坦国家分部提出反对。"
        "只有在没有任何成员反对时，决定方视为通过。"
    )
    assert verdict.summary.render("en") == (
        "Not adopted: Kazakh national part of the SCO Business Council objects. "
        "A decision is adopted only if no member objects."
    )
    assert verdict.facts["objections"] == ["KZ"]


def test_objections_of_two_member_states_are_listed_by_name(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    positions = {"KZ": Position.OBJECT, "IN": Position.OBJECT, "CN": Position.SUPPORT}

    verdict = check_consensus(
        book,
        positions,
        "STRAT-CONSENSUS",
        names=consensus_names(shipped_reference, "STRAT-CONSENSUS"),
    )

    assert verdict.summary.render("ru").startswith("Не принято: возражают Казахстан, Индия.")
    assert verdict.summary.render("zh").startswith("未通过：哈萨克斯坦、印度提出反对。")


def test_unsigned_minutes_name_the_parts_that_still_have_to_sign(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    verdict = guard_minutes_signed_by_every_part(
        book, shipped_reference, "bcb", {"unsigned": ["BY", "KZ"]}
    )

    assert verdict.summary.render("ru") == (
        "Пока нельзя: протокол ещё не подписан от имени этих национальных частей: "
        "Белорусская национальная часть Делового совета ШОС, "
        "Казахстанская национальная часть Делового совета ШОС."
    )
    assert "BY" not in verdict.summary.render("zh")
    assert "KZ" not in verdict.summary.render("zh")


def test_an_impossible_count_names_the_national_part(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    with pytest.raises(InputError) as raised:
        check_quorum(book, {"RU": 4}, 10, names=shipped_reference.part_names())

    assert raised.value.render("ru") == (
        "Российская национальная часть Делового совета ШОС: число присутствующих членов не может"
        " быть равно 4: от каждой национальной части в Правление входят 3 члена (допустимо от 0"
        " до 3)"
    )
    assert "RU=" not in raised.value.render("zh")


def test_a_step_waiting_for_an_event_names_the_event() -> None:
    message = Message(
        "workflow.event_not_recorded",
        {"event": Message("event.received"), "step": "Зарегистрировать обращение"},
    )

    assert message.render("ru") == (
        "Пока нельзя: для шага «Зарегистрировать обращение» сначала нужно зарегистрировать дату"
        " события «Получение обращения или писем»."
    )
    assert "received" not in message.render("zh")


# --- holidays in the reader's language --------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "iso", "ru", "zh"),
    [
        pytest.param(
            "CN",
            "2026-10-01",
            "1 октября 2026\u202fг.: праздничный день (День образования КНР)",
            "2026年10月1日：法定节假日（国庆节）",
            id="China's National Day",
        ),
        pytest.param(
            "UZ",
            "2026-03-21",
            "21 марта 2026\u202fг.: праздничный день (Навруз)",
            "2026年3月21日：法定节假日（纳吾肉孜节）",
            id="Uzbekistan's Nowruz",
        ),
        pytest.param(
            "UZ",
            "2026-03-23",
            "23 марта 2026\u202fг.: праздничный день (Навруз: перенесённый выходной день)",
            "2026年3月23日：法定节假日（纳吾肉孜节补休）",
            id="Uzbekistan's Nowruz observed on Monday",
        ),
    ],
)
def test_a_holiday_of_china_or_uzbekistan_is_named_in_russian_and_chinese(
    state: str, iso: str, ru: str, zh: str
) -> None:
    off = calendar_for(state).day_off(day(iso))

    assert off is not None
    assert off.describe().render("ru") == ru
    assert off.describe().render("zh") == zh


def test_a_transferred_day_off_is_not_called_a_public_holiday() -> None:
    off = calendar_for("CN").day_off(day("2025-02-04"))

    assert off is not None
    assert off.kind == "transfer"
    assert off.describe().render("ru") == (
        "4 февраля 2025\u202fг.: перенесённый выходной день (перенесён с 8 февраля 2025\u202fг.)"
    )
    assert off.describe().render("zh") == "2025年2月4日：调休（由2025年2月8日调来）"
    assert off.describe().render("en") == "2025-02-04: transferred day off (moved from 2025-02-08)"


@pytest.mark.parametrize("state", MEMBERS)
def test_every_holiday_of_a_member_state_has_a_russian_and_a_chinese_name(state: str) -> None:
    calendar = calendar_for(state)
    for year in (2025, 2026, 2027):
        for date in holidays.country_holidays(state, years=year):
            off = calendar.day_off(date)
            if off is None or off.kind == "weekend":
                continue
            for lang in ("ru", "zh"):
                text = off.describe().render(lang)
                assert not LATIN.search(text), f"{state} {date} ({lang}): {text}"


def test_a_refused_consent_names_the_member_states(
    book: Rulebook, shipped_reference: ReferenceData
) -> None:
    members = ["CN", "RU", "KZ", "KG"]
    verdict = check_convening(
        book,
        shipped_reference,
        "cmfa",
        initiators=["CN", "RU"],
        meeting_start=day("2027-03-01"),
        members=members,
        sent=day("2027-01-10"),
        consents={"KZ": False, "KG": True},
    )

    assert verdict.summary.render("ru") == (
        "Отказано: не дало согласия государство: Казахстан; требуется согласие всех других "
        "государств-членов."
    )
    assert "KZ" not in verdict.summary.render("zh")


@pytest.mark.parametrize(
    ("code", "params", "ru"),
    [
        pytest.param(
            "meetings.not_the_chair",
            {"state": "Кыргызстан"},
            "Включать вопросы в повестку дня в ходе заседания может только Председатель "
            "Правления — руководитель национальной части государства Кыргызстан.",
            id="the chair's national part",
        ),
        pytest.param(
            "meetings.chair_without_members",
            {"delegation": "Пакистанская национальная часть Делового совета ШОС"},
            "Руководитель не может присутствовать, если в зале нет ни одного члена его делегации"
            " (Пакистанская национальная часть Делового совета ШОС).",
            id="a head without members",
        ),
        pytest.param(
            "meetings.already_signed",
            {"delegation": "Казахстанская национальная часть Делового совета ШОС"},
            "Протокол уже подписан от имени этой делегации (Казахстанская национальная часть "
            "Делового совета ШОС); повторно он не подписывается.",
            id="minutes signed twice",
        ),
    ],
)
def test_a_name_stands_where_the_nominative_is_right(
    code: str, params: dict[str, str], ru: str
) -> None:
    assert Message(code, params).render("ru") == ru
