"""Objects by code or id, with one not-found answer: 404, code ``not_found``, a sentence
naming what was asked for."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.functional import Promise

from secretariat.core.columns import storable
from secretariat.core.errors import NotFoundError

M = TypeVar("M", bound=models.Model)


def found_or_404(
    query: models.QuerySet[M] | type[M], message: str | Promise, /, **filters: Any
) -> M:
    """The one object of ``query`` matching ``filters``; else ``NotFoundError(message)``
    (404, ``not_found``), the message filled with the filters' values."""
    manager = query._default_manager.all() if isinstance(query, type) else query
    # Text no column can hold (a NUL, from ``%00`` in a URL) matches no row; PostgreSQL
    # would refuse the query itself with an error (a 500).
    matchable = all(storable(v) for v in filters.values() if isinstance(v, str))
    found = manager.filter(**filters).first() if matchable else None
    if found is None:
        error = NotFoundError(message, code="not_found")
        # Set apart from the constructor: a filter named ``code`` (by_code) is a parameter of
        # the sentence, not the error's code.
        error.params = dict(filters)
        raise error
    return found


def by_code(query: models.QuerySet[M] | type[M], code: str, message: str | Promise) -> M:
    """The object whose ``code`` is ``code`` (a body, a state, a delegation); else 404
    ``not_found`` with ``message`` (which may use ``%(code)s``)."""
    return found_or_404(query, message, code=code)
