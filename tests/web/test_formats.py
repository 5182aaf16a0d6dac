"""Money, amounts and days are written as the reader's language writes them (issue 17): grouped
thousands, the language's decimal sign, the headings' style of day, never ISO on a Russian or
Chinese page; and every date field of every form carries its value in ISO, the only value an
<input type="date"> takes."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

import secretariat
from secretariat.core.formats import (
    format_amount,
    format_day,
    format_day_full,
    format_moment,
    format_money,
    format_month,
    format_number,
)

NBSP = "\u00a0"
NNBSP = "\u202f"
DAY = dt.date(2027, 1, 20)


def test_an_amount_in_russian_is_grouped_by_spaces_with_a_decimal_comma_and_the_currency_code():
    assert format_money(Decimal("2250000"), "USD", "ru") == f"2{NBSP}250{NBSP}000,00{NBSP}USD"


def test_an_amount_in_chinese_is_written_as_chinese_financial_texts_write_dollars():
    assert format_money(Decimal("2250000"), "USD", "zh") == "US$2,250,000.00"


def test_an_amount_in_english_is_grouped_by_commas_with_the_currency_code():
    assert format_money(Decimal("2250000.5"), "USD", "en") == f"2,250,000.50{NBSP}USD"


def test_an_amount_follows_the_active_language_when_none_is_given():
    with translation.override("ru"):
        assert format_amount(Decimal("1234567.8")) == f"1{NBSP}234{NBSP}567,80"
    with translation.override("zh-hans"):
        assert format_amount(Decimal("1234567.8")) == "1,234,567.80"


def test_a_number_keeps_its_own_decimals_and_is_grouped():
    assert format_number(Decimal("12500"), "ru") == f"12{NBSP}500"
    assert format_number(Decimal("0.75"), "ru") == "0,75"


def test_an_empty_amount_is_written_as_nothing_and_a_text_as_it_is():
    assert format_money(None, "USD", "ru") == ""
    assert format_amount("—", "ru") == "—"


def test_a_day_is_written_as_the_pages_headings_write_it():
    assert format_day(DAY, "ru") == f"20 января 2027{NNBSP}г."
    assert format_day(DAY, "zh") == "2027年1月20日"
    assert format_day(DAY, "en") == "2027-01-20"


def test_a_moment_is_written_as_its_day_at_the_secretariats_seat():
    # 20:00 in London on 19 January is 04:00 on 20 January in Shanghai.
    moment = dt.datetime(2027, 1, 19, 20, 0, tzinfo=ZoneInfo("Europe/London"))
    assert format_day(moment, "zh") == "2027年1月20日"


def test_a_day_with_its_weekday_and_a_month():
    assert format_day_full(DAY, "ru") == f"среда, 20 января 2027{NNBSP}г."
    assert format_day_full(DAY, "zh") == "2027年1月20日星期三"
    assert format_month(DAY, "zh") == "2027年1月"
    assert format_month(DAY, "ru") == f"январь 2027{NNBSP}г."


def test_a_moment_is_written_to_the_minute_at_the_seat_as_the_language_joins_day_and_time():
    moment = dt.datetime(2027, 1, 20, 6, 30, tzinfo=ZoneInfo("UTC"))  # 14:30 in Shanghai
    assert format_moment(moment, "ru") == f"20 января 2027{NNBSP}г., 14:30"
    assert format_moment(moment, "zh") == "2027年1月20日 14:30"
    assert format_moment(moment, "en") == "2027-01-20 14:30"


def test_every_template_has_the_filters_without_loading_them():
    template = Template('{{ a|money:"USD" }} · {{ a|amount }} · {{ d|day }} · {{ d|month }}')
    with translation.override("ru"):
        text = template.render(Context({"a": Decimal("2250000"), "d": DAY}))
    assert text == (
        f"2{NBSP}250{NBSP}000,00{NBSP}USD · 2{NBSP}250{NBSP}000,00 · "
        f"20 января 2027{NNBSP}г. · январь 2027{NNBSP}г."
    )


def _forms_of_every_app() -> list[type[forms.Form]]:
    found: list[type[forms.Form]] = []
    for module in pkgutil.walk_packages(secretariat.__path__, "secretariat."):
        if not module.name.endswith(".forms"):
            continue
        loaded = importlib.import_module(module.name)
        found += [
            value
            for value in vars(loaded).values()
            if inspect.isclass(value)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == loaded.__name__
        ]
    return found


FORMS = _forms_of_every_app()
DATE_FIELDS = [
    pytest.param(form, name, id=f"{form.__module__}.{form.__name__}.{name}")
    for form in FORMS
    for name, field in form.base_fields.items()
    if isinstance(field, forms.DateField | forms.DateTimeField)
]


def test_the_forms_of_every_app_have_date_fields_to_check():
    assert len(DATE_FIELDS) > 30


@pytest.mark.parametrize("language", ["ru", "zh-hans", "en"])
@pytest.mark.parametrize(("form", "name"), DATE_FIELDS)
def test_every_date_field_of_every_form_is_a_picker_with_its_value_in_iso(
    form: type[forms.Form], name: str, language: str
) -> None:
    field = form.base_fields[name]
    # A form's datetime-local field holds the seat's wall-clock time, naive.
    moment = dt.datetime(2026, 12, 6, 9, 30)  # noqa: DTZ001
    with translation.override(language):
        html = field.widget.render(name, moment)
    if isinstance(field, forms.DateTimeField):
        assert 'type="datetime-local"' in html
        assert 'value="2026-12-06T09:30"' in html
    else:
        assert 'type="date"' in html
        assert 'value="2026-12-06"' in html


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_even_djangos_own_date_input_writes_iso_in_russian_and_chinese(language: str) -> None:
    # settings.FORMAT_MODULE_PATH: ISO comes first in the languages' DATE_INPUT_FORMATS.
    with translation.override(language):
        html = forms.DateInput().render("on", dt.date(2026, 12, 6))
    assert 'value="2026-12-06"' in html


def test_a_russian_reader_may_still_type_a_day_the_russian_way() -> None:
    with translation.override("ru"):
        assert forms.DateField().clean("06.12.2026") == dt.date(2026, 12, 6)
        assert forms.DateField().clean("2026-12-06") == dt.date(2026, 12, 6)
