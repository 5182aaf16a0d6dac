"""Money, amounts and days in the reader's language, for every template (a builtin library,
settings.TEMPLATES): ``{{ amount|money:currency }}``, ``{{ total|amount }}``, ``{{ d|day }}``,
``{{ d|day_full }}``, ``{{ d|month }}``, ``{{ t|moment }}``, ``{{ rule_id|citation }}``, and
``{{ path|here }}`` for a stored page address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from secretariat.core import formats
from secretariat.core.lang import current_lang, path_in_language
from secretariat.procedure.rules import rulebook

register = template.Library()


@register.filter
def money(value: Any, currency: str) -> str:
    """«2 250 000,00 USD», «US$2,250,000.00»."""
    return formats.format_money(value, currency)


@register.filter
def amount(value: Any) -> str:
    """An amount whose currency the table's heading names: «2 250 000,00»."""
    return formats.format_amount(value)


@register.filter
def number(value: Any) -> str:
    """A number grouped in thousands: «12 500»."""
    return formats.format_number(value)


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """«20 января 2027 г.», «2027年1月20日», 2027-01-20."""
    return formats.format_day(value)


@register.filter
def day_full(value: dt.date | dt.datetime | None) -> str:
    """«среда, 20 января 2027 г.», «2027年1月20日星期三»."""
    return formats.format_day_full(value)


@register.filter
def month(value: dt.date | dt.datetime | None) -> str:
    """«январь 2027 г.», «2027年1月»."""
    return formats.format_month(value)


@register.filter
def moment(value: dt.datetime | None) -> str:
    """«20 января 2027 г., 14:30», «2027年1月20日 14:30»."""
    return formats.format_moment(value)


@register.filter
def here(url: str) -> str:
    """A page's stored address (a search result, a message's link) under the reader's
    language prefix, so following it does not switch the reader to another language."""
    return path_in_language(str(url or ""), current_lang()) if url else ""


@register.filter
def citation(rule_id: str) -> str:
    """A rule as a sentence cites it, by its source's title and paragraph in the page's
    language («Регламент Правления Делового совета ШОС, п. 7»); its id stays the link's target."""
    try:
        rule = rulebook().rule(rule_id)
    except KeyError:
        return rule_id
    return rule.citation(current_lang())
