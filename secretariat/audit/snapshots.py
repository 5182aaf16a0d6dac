"""An object's fields as JSON for the audit log (``before`` and ``after``), secrets redacted."""

from __future__ import annotations

import base64
import datetime as dt
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.duration import duration_iso_string
from django.utils.functional import Promise

#: Fields whose values never reach the log, whatever the model.
SECRET_FIELDS = frozenset({"password", "digest", "key", "bin_key", "token", "secret"})
REDACTED = "[redacted]"
#: Shown after an update that changed a secret, so the change is visible but not the value.
REDACTED_CHANGED = "[redacted, changed]"

Snapshot = dict[str, Any]


def jsonable(value: Any) -> Any:
    """``value`` as JSON-native data, in a form that reads back from the database unchanged."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal | uuid.UUID | Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=repr)
    return str(value)


def snapshot(instance: models.Model) -> Snapshot:
    """Every concrete field of ``instance`` (foreign keys as ids; many-to-many left out)."""
    return {f.name: jsonable(f.value_from_object(instance)) for f in instance._meta.concrete_fields}


def redacted(
    before: Snapshot | None, after: Snapshot | None
) -> tuple[Snapshot | None, Snapshot | None]:
    """``before`` and ``after`` with secret fields replaced; a changed secret says so."""
    clean_before = _redact(before)
    clean_after = _redact(after)
    if before is not None and after is not None and clean_after is not None:
        for name in SECRET_FIELDS & set(after):
            if name in before and before[name] != after[name]:
                clean_after[name] = REDACTED_CHANGED
    return clean_before, clean_after


def _redact(values: Snapshot | None) -> Snapshot | None:
    if values is None:
        return None
    return {k: (REDACTED if k in SECRET_FIELDS else v) for k, v in values.items()}
