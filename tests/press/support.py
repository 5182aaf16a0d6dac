"""Helpers of the press tests: today (the items, requests and users are in
tests.factories.press)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
