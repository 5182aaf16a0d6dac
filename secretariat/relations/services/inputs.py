"""What the relations services share: the checks of the values a caller gives (text required,
a known choice, a title in three languages) and whether a state is a member on a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from secretariat.core.errors import refuse
from secretariat.core.in_languages import texts_columns
from secretariat.registry.models import State
from secretariat.registry.selectors import member_states_on


def clean(value: str | None) -> str:
    """The text given, without surrounding blanks ('' for None)."""
    return (value or "").strip()


def required(value: str | None, what: str, rules: Sequence[str]) -> str:
    """The text given; refused as ``field_required`` (``relations.required.<what>``) if blank."""
    text = clean(value)
    if not text:
        raise refuse("field_required", f"relations.required.{what}", rules)
    return text


def choice(value: str, choices: Sequence[str], what: str, rules: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``; refused as ``unknown_<what>`` otherwise."""
    if value not in choices:
        raise refuse(
            f"unknown_{what}", f"relations.unknown.{what}", rules, value=value, known=list(choices)
        )
    return value


def titles(title: Mapping[str, str], rules: Sequence[str]) -> dict[str, str]:
    """The title_en/ru/zh fields of a title given by language; one language is required,
    any of them."""
    return texts(title, "title", rules, needed=True)


def texts(
    value: str | Mapping[str, str] | None,
    what: str,
    rules: Sequence[str],
    *,
    needed: bool = False,
) -> dict[str, str]:
    """The ``{what}_en/_ru/_zh`` columns of a text given by language, or as one text (filed
    under its script's language); when ``needed``, refused as ``field_required``
    (``relations.required.<what>``) unless one language holds it."""
    columns = texts_columns(what, value)
    if needed and not any(columns.values()):
        raise refuse("field_required", f"relations.required.{what}", rules)
    return columns


def is_member_state(state: State, day: dt.date) -> bool:
    """Whether ``state`` is a member state on ``day`` (the registry's statuses)."""
    return member_states_on(day).filter(pk=state.pk).exists()
