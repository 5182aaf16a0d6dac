"""Optimistic locking, the same in every app.

A versioned row (a meeting, a document, a decision, a plan) carries ``version``. A write
locks the row (``select_for_update``), refuses with ``stale`` when the caller acted on an older
version, changes it and raises the version. Two writes from the same view give one success
and one 409.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar, cast

from django.db import models

from secretariat.core.errors import stale


class Versioned(Protocol):
    # A read-only member: a model's ``pk`` is typed ``int`` (or ``str``), which a writable
    # ``object`` attribute would not accept.
    @property
    def pk(self) -> object: ...

    version: int

    def save(self) -> None: ...


M = TypeVar("M", bound=models.Model)


def lock(
    instance: M,
    *,
    related: Sequence[str] = (),
) -> M:
    """``instance``'s row, locked for the rest of the transaction, read afresh."""
    # The model through ``_meta``, not ``type()``: a request's user is a lazy proxy.
    model = cast(type[M], instance._meta.model)
    query = model._default_manager.select_for_update()
    if related:
        query = query.select_related(*related)
    return query.get(pk=instance.pk)


def lock_version(
    instance: M,
    expected_version: int | None,
    *,
    code: str,
    message: str,
    related: Sequence[str] = (),
) -> M:
    """``instance``'s row, locked and read afresh; refused as ``stale(code, message)`` when
    ``expected_version`` is given and is no longer the row's version."""
    locked = lock(instance, related=related)
    current = int(locked.version)  # type: ignore[attr-defined]  # versioned models only
    if expected_version is not None and current != expected_version:
        raise stale(code, message, current=current, expected=expected_version)
    return locked


def bump(locked: Versioned, source: Versioned | None = None, *, fields: Sequence[str] = ()) -> None:
    """Save ``locked`` with its version raised by one. The caller's own object ``source``
    follows: its version (and each of ``fields``) is copied from the saved row, so it can pass
    its version to the next call."""
    locked.version += 1
    locked.save()
    if source is not None and source is not locked:
        source.version = locked.version
        for name in fields:
            setattr(source, name, getattr(locked, name))
