"""Reference data for the rules-engine tests, built in code (no database, no data file).

Ten member states, the three seated bodies of regulations.md ("Seats"), one national part
of the Business Council per state, and the last summits: enough for every check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from secretariat.procedure.reference import (
    BodyInfo,
    CalendarOverride,
    ReferenceData,
    StateInfo,
    StatusPeriod,
    Summit,
    summits_in_order,
)
from secretariat.procedure.text import Text

#: The member states, in the order the Secretariat lists them.
MEMBERS: tuple[str, ...] = ("CN", "RU", "KZ", "KG", "TJ", "UZ", "IN", "PK", "IR", "BY")

STATE_NAMES: dict[str, Text] = {
    "CN": Text("China", "Китай", "中国"),
    "RU": Text("Russia", "Россия", "俄罗斯"),
    "KZ": Text("Kazakhstan", "Казахстан", "哈萨克斯坦"),
    "KG": Text("Kyrgyzstan", "Кыргызстан", "吉尔吉斯斯坦"),
    "TJ": Text("Tajikistan", "Таджикистан", "塔吉克斯坦"),
    "UZ": Text("Uzbekistan", "Узбекистан", "乌兹别克斯坦"),
    "IN": Text("India", "Индия", "印度"),
    "PK": Text("Pakistan", "Пакистан", "巴基斯坦"),
    "IR": Text("Iran", "Иран", "伊朗"),
    "BY": Text("Belarus", "Беларусь", "白俄罗斯"),
}


def day(iso: str) -> dt.date:
    """A date from its ISO form, so that case tables read like the regulation's examples."""
    return dt.date.fromisoformat(iso)


def summit(
    number: int | None,
    start: str | None,
    end: str | None,
    host: str,
    chair_after: str | None,
    *,
    held: bool = True,
    confidence: str = "high",
    chair_after_confidence: str | None = None,
    city: str = "",
) -> Summit:
    """A meeting of the Council of Heads of State."""
    return Summit(
        number=number,
        date_start=day(start) if start else None,
        date_end=day(end) if end else None,
        host=host,
        held=held,
        confidence=confidence,
        chair_after=chair_after,
        chair_after_confidence=chair_after_confidence,
        city=city,
    )


#: The last summits: the chair passes at the close of each to the host of the next.
SUMMITS: tuple[Summit, ...] = (
    summit(23, "2023-07-04", "2023-07-04", "IN", "KZ", city="New Delhi (virtual)"),
    summit(24, "2024-07-03", "2024-07-04", "KZ", "CN", city="Astana"),
    summit(25, "2025-08-31", "2025-09-01", "CN", "KG", city="Tianjin"),
    summit(
        26,
        None,
        None,
        "KG",
        "PK",
        held=False,
        confidence="medium",
        chair_after_confidence="low",
        city="Bishkek",
    ),
)


def override(state: str, iso: str, *, working: bool, reason: str) -> CalendarOverride:
    """A correction of the Secretariat's calendar (the same reason in all three languages)."""
    return CalendarOverride(
        state=state, date=day(iso), working=working, reason=Text(reason, reason, reason)
    )


def build_reference(
    *,
    summits: Sequence[Summit] = SUMMITS,
    overrides: Iterable[CalendarOverride] = (),
    seats: dict[str, str] | None = None,
) -> ReferenceData:
    """Reference data with the ten members, the seated bodies and the given summits."""
    seat = {"secretariat": "CN", "bc_secretariat": "RU", "rats": "UZ", **(seats or {})}
    member_since = (StatusPeriod("member", day("2001-06-15"), None),)
    states = {code: StateInfo(code, STATE_NAMES[code], member_since) for code in MEMBERS}
    bodies = {
        "secretariat": BodyInfo(
            "secretariat",
            Text("SCO Secretariat", "Секретариат ШОС", "上合组织秘书处"),
            "secretariat",
            seat_state=seat["secretariat"],
        ),
        "bc_secretariat": BodyInfo(
            "bc_secretariat",
            Text("BC Secretariat", "Секретариат Делового совета", "实业家委员会秘书处"),
            "secretariat",
            parent="bc",
            seat_state=seat["bc_secretariat"],
        ),
        "rats": BodyInfo(
            "rats",
            Text("RATS Executive Committee", "Исполком РАТС", "地区反恐怖机构执委会"),
            "permanent",
            seat_state=seat["rats"],
        ),
    }
    for code in MEMBERS:
        part = f"np_{code.lower()}"
        bodies[part] = BodyInfo(
            part,
            Text(f"National part {code}", f"Национальная часть {code}", f"{code}国家分部"),
            "national_part",
            parent="bc",
            state=code,
        )
    return ReferenceData(states, bodies, summits_in_order(summits), tuple(overrides), "tests")
