"""Days and money as each language writes them: the one place that decides (Babel's CLDR data).

The engine's sentences (``text.Message``) and the site's pages (``core.formats`` and the
template filters built on it) both format through these functions, so a day reads the same in
a heading, a table and a sentence. Pure: no Django, no time zone (a caller with a moment turns
it into the seat's day first).

Machine output (the API's JSON, the CLI's ``--json``, iCalendar, Akoma Ntoso) keeps ISO dates
and plain decimals and never comes here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers

if TYPE_CHECKING:
    # Only a type: text.py renders its parameters through this module.
    from secretariat.procedure.text import Lang

#: The engine's language -> Babel's locale. Simplified Chinese as written in China.
BABEL_LOCALE: dict[Lang, str] = {"en": "en", "ru": "ru", "zh": "zh_Hans_CN"}

#: How an amount names its currency, per language. English and Russian put the ISO code after
#: the amount ("2 250 000,00 USD"): the member states' currencies share symbols ("$", "¥", "₽"
#: is read differently in each), and the Secretariat's budget documents write the code. Chinese
#: keeps CLDR's own pattern ("US$2,250,000.00"), the form Chinese financial texts use.
MONEY_PATTERN: dict[Lang, str | None] = {
    "en": "#,##0.00\u00a0¤¤",
    "ru": "#,##0.00\u00a0¤¤",
    "zh": None,
}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in a currency, as a sentence's parameter: written per the reader's language."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:.2f} {self.currency}"


def to_decimal(value: Any) -> Decimal | None:
    """``value`` as a Decimal, or None when it is not a number."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def day_in(day: dt.date, lang: Lang) -> str:
    """A day as a table or a sentence shows it, in the style of the pages' headings: Russian
    «20 января 2027 г.», Chinese «2027年1月20日». English keeps ISO 2027-01-20, the working
    language's compact form the tables have always used."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if lang == "en":
        return day.isoformat()
    return str(babel_dates.format_date(day, "long", locale=BABEL_LOCALE[lang]))


def money_in(value: Any, currency: str, lang: Lang) -> str:
    """``value`` in ``currency`` as ``lang`` writes money: «2 250 000,00 USD»,
    «US$2,250,000.00», "2,250,000.00 USD"."""
    number = to_decimal(value)
    if number is None:
        return str(value)
    return str(
        babel_numbers.format_currency(
            number, currency, format=MONEY_PATTERN[lang], locale=BABEL_LOCALE[lang]
        )
    )
