"""Helpers of the plans tests: today and ISO dates (the plans, items and officers they act on
are in tests.factories.plans)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
