"""The languages of a meeting's content still empty, filled in by the Secretariat at any
time: the venue and the agenda items' titles.

Filling an empty language is a translation, not a change of the agenda: it is allowed after
the agenda was circulated and after the meeting concluded, so the minutes can be completed
in Russian and Chinese and then signed. A language already given is kept as it is; once
circulated, a different text for it is refused (``translation_only_adds``). The minutes'
frozen text is made again with the new texts; once a part has signed, the texts stay as
signed (``texts_signed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.core.translated import texts_of
from secretariat.meetings.languages import LANGUAGE_IN, cleaned, missing_authentic
from secretariat.meetings.minutes_pdf import minutes_freeze, minutes_ready
from secretariat.meetings.models import AgendaCirculation, AgendaItem, Meeting, MinutesText
from secretariat.meetings.services.common import bump, check_open, check_secretariat, lock_meeting
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS, Text


@dataclass(frozen=True, slots=True)
class Filled:
    """How many language versions were filled, and what the minutes still lack."""

    filled: int
    still_missing: int


def _fill(row: object, prefix: str, given: Text, circulated: AgendaCirculation | None) -> int:
    """Set ``row``'s empty languages of ``prefix`` from ``given``; the number set."""
    stored = texts_of(row, prefix)
    count = 0
    for lang in LANGS:
        new = given[lang]
        if not new or new == stored[lang]:
            continue
        if stored[lang] and circulated is not None:
            raise refuse(
                "translation_only_adds",
                "meetings.translation_only_adds",
                day=timezone.localdate(circulated.circulated_at),
                language=LANGUAGE_IN[lang],
                status=409,
            )
        setattr(row, f"{prefix}_{lang}", new)
        count += 1
    return count


@transaction.atomic
def content_translations_add(
    *,
    meeting: Meeting,
    by: User,
    venue: Text | None = None,
    items: Mapping[int, Text] | None = None,
    expected_version: int | None = None,
) -> Filled:
    """Fill the empty languages of the venue and of the items numbered in ``items``."""
    locked = lock_meeting(meeting, expected_version)
    if not minutes_ready(locked):
        check_open(rulebook(), locked)
    check_secretariat(locked, by)
    if locked.signatures.exists():
        # The parts sign one text: once one has, the texts stay as signed.
        raise refuse("texts_signed", "meetings.texts_signed", status=409)
    circulated = AgendaCirculation.objects.filter(meeting=locked).first()
    filled = 0
    if venue is not None and (added := _fill(locked, "venue_city", cleaned(venue), circulated)):
        locked.save(update_fields=[f"venue_city_{lang}" for lang in LANGS])
        filled += added
    for number, title in (items or {}).items():
        item = AgendaItem.objects.filter(meeting=locked, number=number).first()
        if item is None:
            raise refuse("unknown_item", "meetings.unknown_item", number=number, status=404)
        added = _fill(item, "title", cleaned(title), circulated)
        if added:
            item.save(update_fields=[f"title_{lang}" for lang in LANGS])
        filled += added
    missing = missing_authentic(locked)
    if filled and minutes_ready(locked):
        # Nobody signed yet: the text to sign is made again, with the languages filled.
        MinutesText.objects.filter(meeting=locked).delete()
        if not missing:
            minutes_freeze(locked)
    if filled:
        bump(locked, meeting)
    return Filled(filled, sum(m.venue + len(m.items) for m in missing))
