"""Workshops, conferences and symposia the Secretariat organises (SEC-EXPERTS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.core.locking import lock
from secretariat.relations.models import Event, EventKind
from secretariat.relations.services.inputs import choice, texts, titles


@transaction.atomic
def event_save(
    *,
    event: Event | None = None,
    kind: str,
    title: Mapping[str, str],
    date_start: dt.date,
    date_end: dt.date,
    place: str | Mapping[str, str],
    organisers: str | Mapping[str, str],
    participants_count: int | None = None,
    outcome: str | Mapping[str, str] = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Event:
    """Create an event, or change one (``event``): a workshop, a conference or a symposium."""
    cited = ("SEC-EXPERTS",)
    choice(kind, EventKind.values, "event_kind", cited)
    if date_end < date_start:
        raise refuse(
            "end_before_start", "relations.end_before_start", cited, start=date_start, end=date_end
        )
    if participants_count is not None and participants_count < 0:
        raise refuse("negative_count", "relations.negative_count", cited, value=participants_count)
    values = {
        "kind": kind,
        **titles(title, cited),
        "date_start": date_start,
        "date_end": date_end,
        **texts(place, "place", cited, needed=True),
        **texts(organisers, "organisers", cited, needed=True),
        "participants_count": participants_count,
        **texts(outcome, "outcome", cited),
    }
    if event is None:
        return Event.objects.create(
            **values, created_at=timezone.now(), created_by=by, is_demo=is_demo
        )
    locked = lock(event)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    event.refresh_from_db()
    return locked
