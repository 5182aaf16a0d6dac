"""Template filters of the accounts pages."""

from __future__ import annotations

import datetime as dt
import math

from django import template

register = template.Library()


@register.filter
def minutes(value: dt.timedelta | float | None) -> int:
    """A duration (a timedelta, or hours as django-axes settings give it) in whole minutes."""
    if value is None:
        return 0
    if isinstance(value, dt.timedelta):
        return math.ceil(value.total_seconds() / 60)
    return math.ceil(float(value) * 60)
