"""Schemas every router shares."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BaseModel, BeforeValidator, create_model
from pydantic_core import PydanticCustomError

from secretariat.core.columns import decimal_limits

S = TypeVar("S", bound=Schema)

#: Paging of a list in a query: how many (1 to 200), after how many (0 up to a billion).
Limit = Annotated[int, Field(ge=1, le=200)]
Offset = Annotated[int, Field(ge=0, le=1_000_000_000)]


class ErrorOut(Schema):
    """A refusal, as ``api.secretariat_error`` writes it."""

    code: str = Field(description="Stable: a program may rely on it.")
    message: str = Field(description="In the caller's language.")
    rules: list[str] = Field(
        default_factory=list, description="The ids of the rules the refusal cites, if any."
    )


class FieldErrorOut(Schema):
    field: str = Field(description="The field at fault: a name, or a dotted path into the body.")
    message: str = Field(description="What is wrong with it, in the caller's language.")


class ValidationErrorOut(Schema):
    """Input that does not validate (422), as ``api.validation.invalid_input`` writes it."""

    code: str = Field(description="Always `invalid_input`.")
    message: str = Field(description="In the caller's language.")
    errors: list[FieldErrorOut] = Field(default_factory=list)


def _column(model: type[Any], name: str) -> Any:
    """The column ``name`` of ``model``, or, for a text kept in three languages
    (``place_en/_ru/_zh``, core.translated), its English column, whose limit the three share."""
    for candidate in (name, f"{name}_en"):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def columns(
    model: type[Any], *, enforce: bool = True, **renamed: str
) -> Callable[[type[S]], type[S]]:
    """Give an input schema the limits of the model columns its fields write.

    ``@columns(Agreement)`` on ``class AgreementIn(Schema)``: each field named like a column
    of ``Agreement`` (or mapped to one: ``columns(Task, text="description")``) gets the
    column's ``max_length``, or for a decimal its ``max_digits``/``decimal_places``, so input
    longer than the column is refused at the door (422) and the OpenAPI document says
    ``maxLength``. The schema keeps its name.

    ``enforce=False``: the document says each text column's ``maxLength``, but the schema
    lets the text through to the services, which refuse it with their own catalogued refusal
    (400, the sentence the pages show), as the budget's and the press's do.
    """

    def decorate(schema: type[S]) -> type[S]:
        limited: dict[str, Any] = {}
        for name, info in schema.model_fields.items():
            column = _column(model, renamed.get(name, name))
            if column is None:
                continue
            limits: dict[str, Any] = dict(_limits_of(column))
            if not enforce:
                length = limits.get("max_length")
                limits = {"json_schema_extra": {"maxLength": length}} if length else {}
            if not limits:
                continue
            options: dict[str, Any] = {"description": info.description, **limits}
            if info.is_required():
                options["default"] = ...
            elif info.default_factory is not None:
                options["default_factory"] = info.default_factory
            else:
                options["default"] = info.default
            field: Any = Field(**options)
            limited[name] = (info.annotation, field)
        if not limited:
            return schema
        made = create_model(
            schema.__name__, __base__=schema, __module__=schema.__module__, **limited
        )
        made.__qualname__ = schema.__qualname__
        made.__doc__ = schema.__doc__
        return made

    return decorate


def _limits_of(column: Any) -> dict[str, int]:
    if isinstance(column, models.DecimalField):
        # The digits the column really keeps (core.columns: at most 15 on SQLite's doubles),
        # the one rule the check before every write applies too.
        whole, places = decimal_limits(column)
        return {"max_digits": whole + places, "decimal_places": places}
    if isinstance(column, models.CharField | models.TextField) and column.max_length:
        return {"max_length": column.max_length}
    return {}


def _iso_day(value: Any) -> Any:
    """A day as ISO 8601 text (2026-12-06) or a date, not a number of seconds since 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise PydanticCustomError(
        "date_parsing", "Input should be a valid date in the format YYYY-MM-DD"
    )


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A day in the API: pydantic alone would also read ``0`` as 1 January 1970.
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


def refuse_nul(values: dict[str, Any]) -> None:
    """Refuse (422) any text with a NUL character among an operation's parsed inputs.

    PostgreSQL cannot store NUL in text (psycopg raises, a 500); Django's forms refuse it
    (``ProhibitNullCharactersValidator``), and so does the API, before the operation runs.
    """
    found = [name for name, value in values.items() if _has_nul(value)]
    if found:
        raise NinjaValidationError(
            [{"loc": ("input", name), "type": "string_nul", "msg": "NUL"} for name in found]
        )


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return any(_has_nul(v) for v in value)
    return False
