"""The backstop of every write: a value is checked against its column before it is written.

The database is the last judge of what it can hold, and it judges late: PostgreSQL refuses a
too-long string or an out-of-range number with an error that is a 500, and SQLite (which
enforces no lengths and keeps a decimal as a double) stores it, so that every later read of
the row fails. Here every model of the ``secretariat.*`` apps is checked on ``pre_save``
(connected once in ``core.apps``), whichever service, page, API operation or command writes
it, and a value the column cannot hold is refused (``InvalidInputError``) with a stable code
and a sentence in the reader's language naming the field:

- ``field_too_long``: a ``CharField`` longer than its ``max_length`` (in characters, as
  PostgreSQL counts them);
- ``amount_out_of_range``: a decimal that is not finite, or has more digits before the point
  or after it than the column keeps. At most 15 significant digits in all, whatever
  ``max_digits`` says: SQLite keeps a decimal as a double, which holds 15 exactly;
- ``value_out_of_range``: an integer outside the column's range (PostgreSQL's, the same on
  SQLite so that both refuse alike), or a date and time that cannot be written in UTC (the
  first hours of year 1, the last of year 9999);
- ``invalid_character``: text with a NUL character (PostgreSQL cannot hold one) or a lone
  surrogate (no database can encode one).

A signal rather than a model mixin: every model is covered, those of apps written later
included, without touching a model class. ``QuerySet.update`` and ``bulk_create`` send no
signal: a service writing user input that way calls ``check_instance`` (or ``check_value``)
itself. A service may also call ``check_value`` first, to refuse a value with the same code
before it starts working with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone, translation

from secretariat.core.errors import RefusedError, refuse
from secretariat.procedure.text import Text

#: What a double keeps exactly: the most significant digits a decimal may have (SQLite).
DOUBLE_DIGITS = 15
#: The apps whose models are checked (their module names start with this).
CHECKED_PREFIX = "secretariat."
_LANGUAGES = {"en": "en", "ru": "ru", "zh": "zh-hans"}


def field_name(field: models.Field[Any, Any]) -> Text:
    """The field's verbose name in en, ru and zh (as the catalogue translates it)."""
    names = {}
    for lang, code in _LANGUAGES.items():
        with translation.override(code):
            names[lang] = str(field.verbose_name)
    return Text(**names)


def decimal_limits(field: models.DecimalField[Any, Any]) -> tuple[int, int]:
    """The digits a decimal column keeps before the point and after it."""
    places = field.decimal_places or 0
    digits = min(field.max_digits or DOUBLE_DIGITS, DOUBLE_DIGITS)
    return digits - places, places


def decimal_maximum(field: models.DecimalField[Any, Any]) -> Decimal:
    """The largest value the column keeps (9999999999999.99 for 15 digits, 2 places)."""
    whole, places = decimal_limits(field)
    return Decimal(10) ** whole - Decimal(1).scaleb(-places)


def integer_range(field: models.Field[Any, Any]) -> tuple[int, int] | None:
    """The range of an integer column as PostgreSQL holds it (SQLite holds more)."""
    found = BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type())
    return (int(found[0]), int(found[1])) if found else None


def check_value(field: models.Field[Any, Any], value: Any) -> None:
    """Refuse ``value`` if ``field``'s column cannot hold it; None and expressions pass."""
    if value is None or hasattr(value, "resolve_expression"):
        return
    if isinstance(field, models.CharField | models.TextField):
        _check_text(field, value)
    elif isinstance(field, models.DecimalField):
        _check_decimal(field, value)
    elif isinstance(field, models.DateTimeField):
        _check_moment(field, value)
    elif isinstance(field, models.IntegerField | models.AutoField) and not field.is_relation:
        _check_integer(field, value)


def check_instance(instance: models.Model, fields: Iterable[str] | None = None) -> None:
    """Check every concrete field of ``instance`` (or only ``fields``, by name) to be written."""
    wanted = set(fields) if fields is not None else None
    for field in instance._meta.concrete_fields:
        if field.is_relation:
            continue
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        check_value(field, getattr(instance, field.attname))


def before_save(
    sender: type[models.Model],
    instance: models.Model,
    update_fields: Iterable[str] | None = None,
    **_: Any,
) -> None:
    """The ``pre_save`` receiver: check the model's row if it belongs to one of our apps."""
    if not sender.__module__.startswith(CHECKED_PREFIX):
        return
    check_instance(instance, update_fields)


# --- the checks ------------------------------------------------------------------------------


def storable(text: str) -> bool:
    """Whether a database can hold ``text`` at all: no NUL, no unpaired surrogate."""
    return "\x00" not in text and _encodable(text)


def _check_text(field: models.Field[Any, Any], value: Any) -> None:
    text = value if isinstance(value, str) else str(value)
    if not storable(text):
        raise refuse("invalid_character", "columns.invalid_character", field=field_name(field))
    limit = field.max_length if isinstance(field, models.CharField) else None
    if limit is not None and len(text) > limit:
        raise refuse(
            "field_too_long",
            "columns.field_too_long",
            field=field_name(field),
            length=len(text),
            limit=limit,
        )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def amount_out_of_range(field: models.DecimalField[Any, Any]) -> RefusedError:
    """The refusal of a decimal ``field``'s column cannot hold (``amount_out_of_range``), for a
    service that finds it before saving (an amount above ``decimal_maximum``)."""
    whole, places = decimal_limits(field)
    return refuse(
        "amount_out_of_range",
        "columns.amount_out_of_range",
        field=field_name(field),
        whole=whole,
        places=places,
    )


def _check_decimal(field: models.DecimalField[Any, Any], value: Any) -> None:
    whole, places = decimal_limits(field)

    def out_of_range() -> Exception:
        return amount_out_of_range(field)

    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise out_of_range() from None
    if not number.is_finite():
        raise out_of_range()
    before, after = _digits(number)
    if after > places or before > whole:
        raise out_of_range()


def _digits(number: Decimal) -> tuple[int, int]:
    """How many digits a finite decimal has before the point and after it (trailing zeros
    after the point not counted), with no arithmetic that could round or overflow."""
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101  # a finite number's exponent
    significant = list(digits)
    while len(significant) > 1 and significant[-1] == 0 and exponent < 0:
        significant.pop()
        exponent += 1
    if significant == [0]:
        return 0, 0
    return max(len(significant) + exponent, 0), max(-exponent, 0)


def _check_integer(field: models.Field[Any, Any], value: Any) -> None:
    bounds = integer_range(field)
    if bounds is None or isinstance(value, bool):
        return
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return  # not a number at all: Django's own conversion refuses it
    low, high = bounds
    if not low <= number <= high:
        raise refuse(
            "value_out_of_range",
            "columns.value_out_of_range",
            field=field_name(field),
            low=low,
            high=high,
        )


def _check_moment(field: models.Field[Any, Any], value: Any) -> None:
    if not isinstance(value, dt.datetime):
        return
    try:
        aware = value if timezone.is_aware(value) else timezone.make_aware(value)
        aware.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise refuse(
            "value_out_of_range", "columns.date_out_of_range", field=field_name(field)
        ) from None
