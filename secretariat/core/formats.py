"""Numbers, money and dates as the reader's language writes them (Babel's CLDR data).

Django's own localisation groups no thousands unless ``USE_THOUSAND_SEPARATOR`` is on, and on
it would group every integer a template prints (years, numbers in addresses); so amounts go
through these functions, and the site's templates reach them through the ``money``,
``amount``, ``day``, ``day_full`` and ``month`` filters (``web/templatetags/formats.py``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import timezone

from secretariat.core.lang import current_lang, lang_or
from secretariat.procedure import formatting
from secretariat.procedure.text import Lang

#: Days and money are decided in one place, the procedure core's ``formatting``, which the
#: engine's sentences use too; these names stay for the pages' callers.
BABEL_LOCALE = formatting.BABEL_LOCALE
MONEY_PATTERN = formatting.MONEY_PATTERN

#: An amount without its currency (a table whose heading names it): grouped, two decimals.
AMOUNT_PATTERN = "#,##0.00"


def _lang(lang: Lang | str | None) -> Lang:
    return current_lang() if lang is None else lang_or(str(lang))


def _locale(lang: Lang | str | None) -> str:
    return BABEL_LOCALE[_lang(lang)]


def _decimal(value: Any) -> Decimal | None:
    return formatting.to_decimal(value)


def format_money(value: Any, currency: str, lang: Lang | str | None = None) -> str:
    """``value`` in ``currency`` as ``lang`` (default: the active language) writes money:
    «2 250 000,00 USD», «US$2,250,000.00», "2,250,000.00 USD"."""
    if value is None or value == "":
        return ""
    number = _decimal(value)
    if number is None:
        return str(value)
    return formatting.money_in(number, currency, _lang(lang))


def format_amount(value: Any, lang: Lang | str | None = None, *, decimals: int = 2) -> str:
    """``value`` grouped in thousands with ``decimals`` places: «2 250 000,00», "2,250,000.00"."""
    if value is None or value == "":
        return ""
    number = _decimal(value)
    if number is None:
        return str(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(number, format=pattern, locale=_locale(lang))


def format_number(value: Any, lang: Lang | str | None = None) -> str:
    """``value`` grouped in thousands, with the decimals it has: «12 500», «0,75»."""
    if value is None or value == "":
        return ""
    number = _decimal(value)
    if number is None:
        return str(value)
    return babel_numbers.format_decimal(number, locale=_locale(lang))


def _day_of(value: dt.date | dt.datetime) -> dt.date:
    """A datetime's day at the Secretariat's seat (TIME_ZONE), a date as it is."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def format_day(value: dt.date | dt.datetime | None, lang: Lang | str | None = None) -> str:
    """A day as a table or a sentence shows it, in the style of the pages' headings: Russian
    «20 января 2027 г.», Chinese «2027年1月20日». English keeps ISO 2027-01-20, the working
    language's compact form the tables have always used."""
    if value is None or value == "":
        return ""
    return formatting.day_in(_day_of(value), _lang(lang))


def format_day_full(value: dt.date | dt.datetime | None, lang: Lang | str | None = None) -> str:
    """A day with its weekday: «понедельник, 7 декабря 2026 г.», «2026年12月7日星期一»."""
    if value is None or value == "":
        return ""
    return babel_dates.format_date(_day_of(value), "full", locale=_locale(lang))


def format_month(value: dt.date | dt.datetime | None, lang: Lang | str | None = None) -> str:
    """A month of a year: «январь 2027 г.», «2027年1月», "January 2027"."""
    if value is None or value == "":
        return ""
    return babel_dates.format_skeleton("yMMMM", _day_of(value), locale=_locale(lang))


def format_moment(value: dt.datetime | None, lang: Lang | str | None = None) -> str:
    """A moment at the Secretariat's seat, to the minute: «20 января 2027 г., 14:30»,
    «2027年1月20日 14:30»; English keeps ISO, 2027-01-20 14:30, as format_day does."""
    if value is None or value == "":
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    code = _lang(lang)
    if code == "en":
        return local.strftime("%Y-%m-%d %H:%M")
    locale = BABEL_LOCALE[code]
    day = babel_dates.format_date(local.date(), "long", locale=locale)
    time = babel_dates.format_time(local.time(), "HH:mm", locale=locale)
    # CLDR's own way of joining a day and a time ("{1}, {0}" in Russian, "{1} {0}" in Chinese).
    return str(babel_dates.get_datetime_format("long", locale=locale)).format(time, day)
