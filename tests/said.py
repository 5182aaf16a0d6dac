"""How a day reads in a sentence of each language, written out by hand for the tests (not
through Babel, so a test that uses it checks the code's formatting rather than repeating it):
Russian «6 декабря 2026 г.» (a narrow no-break space before «г.», as CLDR writes it), Chinese
«2026年12月6日», English ISO 2026-12-06 (the house style of the working language)."""

from __future__ import annotations

import datetime as dt
import re

RU_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def day_said(iso: str | dt.date, lang: str) -> str:
    """``iso`` as a sentence in ``lang`` writes the day."""
    day = iso if isinstance(iso, dt.date) else dt.date.fromisoformat(iso)
    if lang == "ru":
        return f"{day.day} {RU_MONTHS[day.month - 1]} {day.year}\u202fг."
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


#: What a rule id looks like («BCB-EXTRA-NOTICE-30D», «SEC-CONSULT»): a sentence never shows one.
RULE_ID = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")


def rule_said(rule_id: str, lang: str) -> str:
    """A rule as a sentence cites it in ``lang``: its source's title and paragraph."""
    from secretariat.procedure.rules import rulebook

    return rulebook().rule(rule_id).citation(lang)  # type: ignore[arg-type]
