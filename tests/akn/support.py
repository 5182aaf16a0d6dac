"""Content of every kind, in the three languages, built by hand as another app would."""

from __future__ import annotations

import datetime as dt
from functools import cache

from lxml import etree  # type: ignore[import-untyped]

from secretariat.akn.export import NS
from secretariat.akn.model import (
    AgendaEntry,
    AgendaText,
    AknWork,
    Attendee,
    Content,
    MeetingInfo,
    MinutesItem,
    MinutesText,
    Party,
    PartyPosition,
    Signature,
    StatementText,
)

CNC = Party(
    "cnc",
    {
        "en": "Council of National Coordinators",
        "ru": "Совет национальных координаторов",
        "zh": "国家协调员理事会",
    },
)
KZ = Party("kz", {"en": "Kazakhstan", "ru": "Казахстан", "zh": "哈萨克斯坦"})
CN = Party("cn", {"en": "China", "ru": "Китай", "zh": "中国"})
MEETING = MeetingInfo(
    titles={
        "en": "Meeting of the Council of National Coordinators",
        "ru": "Заседание Совета национальных координаторов",
        "zh": "国家协调员理事会会议",
    },
    date_start=dt.date(2026, 6, 30),
    date_end=dt.date(2026, 7, 1),
    venue={"en": "Astana, Kazakhstan", "ru": "Астана, Казахстан", "zh": "哈萨克斯坦阿斯塔纳"},
)


def work(kind: str, name: str, number: str = "3") -> AknWork:
    return AknWork(
        kind=kind,  # type: ignore[arg-type]  # the tests also pass kinds that are refused
        name=name,
        body=CNC,
        date=dt.date(2026, 6, 30),
        number=number,
        titles={"en": f"The {name}", "ru": f"{name} (ru)", "zh": f"{name}（中文）"},
    )


def statement() -> StatementText:
    return StatementText(
        work=work("statement", "decision"),
        preamble={
            "en": "The Council of National Coordinators,",
            "ru": "Совет национальных координаторов,",
            "zh": "国家协调员理事会，",
        },
        paragraphs=(
            {"en": "Approves the plan.", "ru": "Утверждает план.", "zh": "批准计划。"},
            {
                "en": "Instructs the Secretariat.\n\nReports in a year.",
                "ru": "Поручает Секретариату.\n\nДокладывает через год.",
                "zh": "责成秘书处。\n\n一年后报告。",
            },
        ),
        meeting=MEETING,
        positions=(PartyPosition(CN, "support"), PartyPosition(KZ, "abstain")),
    )


def agenda() -> AgendaText:
    return AgendaText(
        work=work("doc", "agenda", number="17"),
        meeting=MEETING,
        items=(
            AgendaEntry(1, {"en": "The plan", "ru": "План", "zh": "计划"}),
            AgendaEntry(2, {"en": "Any other business", "ru": "Разное", "zh": "其他事项"}),
        ),
    )


def minutes() -> MinutesText:
    return MinutesText(
        work=work("debate", "minutes", number="17"),
        meeting=MEETING,
        attendance=(Attendee(CN, 3, True), Attendee(KZ, 2, False)),
        items=(
            MinutesItem(
                number=1,
                titles={"en": "The plan", "ru": "План", "zh": "计划"},
                outcome={"en": "Adopted.", "ru": "Принято.", "zh": "通过。"},
                adopted=True,
                positions=(PartyPosition(CN, "support"), PartyPosition(KZ, "object")),
                notes={"en": "proposed by China", "ru": "предложен Китаем", "zh": "中国提议"},
            ),
        ),
        signatures=(
            Signature(CN, "Li Wei", dt.date(2026, 7, 1)),
            Signature(KZ, "Асель Нурланова", dt.date(2026, 7, 2), authorised_member=True),
        ),
        quorum={"en": "Quorate.", "ru": "Кворум есть.", "zh": "达到法定人数。"},
    )


@cache
def every_kind() -> list[Content]:
    """One text of each kind (frozen, so shared): made once, as tests/akn parametrizes with
    them at collection."""
    return [statement(), agenda(), minutes()]


def parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def value(root: etree._Element, path: str, attribute: str = "value") -> str:
    """An attribute of the one element at ``path`` (steps of AKN element names)."""
    found = root.xpath(path, namespaces={"a": NS})
    assert len(found) == 1, (path, found)
    return str(found[0].get(attribute))
