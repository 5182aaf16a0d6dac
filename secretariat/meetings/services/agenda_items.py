"""The agenda's items while the Secretariat prepares it: added, edited (titles in the three
languages, as in Indico's timetable a start, a duration and speakers, the documents attached
as materials), moved up or down and removed, until the agenda is circulated.

Once circulated (``circulate_agenda``) the agenda is the one the members received: every
change is refused (``agenda_circulated``); the Chair may still add an item in session
(``agenda_item_add_by_chair``, BCB-AGENDA-ADOPT).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from secretariat.accounts.access import visible_q
from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.meetings.models import AgendaCirculation, AgendaItem, Meeting
from secretariat.meetings.services.common import (
    bump,
    check_open,
    check_secretariat,
    lock_meeting,
)
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS, Text

#: Bounds of an item's timetable entry (not procedural: the page's and the API's limits).
MAX_DURATION_MINUTES = 720
MAX_SPEAKERS = 12
MAX_SPEAKER_LENGTH = 200
MAX_MATERIALS = 30

Direction = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class ItemFields:
    """What the Secretariat gives of an item: ``title`` in one to three languages (empty
    where not given), the optional timetable entry and the ids of the documents attached."""

    title: Text
    starts_at: dt.datetime | None = None
    duration_minutes: int | None = None
    speakers: Sequence[str] = ()
    materials: Sequence[int] = field(default_factory=tuple)


def check_items_editable(meeting: Meeting) -> None:
    """The agenda's items change only until it is circulated."""
    circulation = AgendaCirculation.objects.filter(meeting=meeting).first()
    if circulation is not None:
        raise refuse(
            "agenda_circulated",
            "meetings.agenda_items_frozen",
            day=timezone.localdate(circulation.circulated_at),
            status=409,
        )


def _locked_for_edit(meeting: Meeting, by: User, expected_version: int | None) -> Meeting:
    locked = lock_meeting(meeting, expected_version)
    check_open(rulebook(), locked)
    check_secretariat(locked, by)
    check_items_editable(locked)
    return locked


def _own_item(locked: Meeting, item: AgendaItem) -> AgendaItem:
    if item.meeting_id != locked.pk:
        raise refuse(
            "item_of_another_meeting", "meetings.item_of_other_meeting", number=item.number
        )
    # Read afresh under the meeting's lock: another request may have renumbered it.
    return AgendaItem.objects.get(pk=item.pk)


def _clean(locked: Meeting, fields: ItemFields, by: User) -> tuple[ItemFields, list[Any]]:
    """``fields`` checked against their bounds; the documents attached, each one ``by`` sees."""
    title = Text(**{lang: fields.title[lang].strip() for lang in LANGS})
    if not any(title[lang] for lang in LANGS):
        raise refuse("item_title_required", "meetings.item_title_any_language")
    if fields.starts_at is not None:
        day = timezone.localdate(fields.starts_at)
        if not locked.date_start <= day <= locked.date_end:
            raise refuse(
                "item_start_outside_meeting",
                "meetings.item_start_outside_meeting",
                day=day,
                start=locked.date_start,
                end=locked.date_end,
            )
    duration = fields.duration_minutes
    if duration is not None and not 1 <= duration <= MAX_DURATION_MINUTES:
        raise refuse(
            "item_duration", "meetings.item_duration", minutes=duration, most=MAX_DURATION_MINUTES
        )
    speakers = [s.strip() for s in fields.speakers if s.strip()]
    if len(speakers) > MAX_SPEAKERS or any(len(s) > MAX_SPEAKER_LENGTH for s in speakers):
        raise refuse(
            "item_speakers",
            "meetings.item_speakers",
            most=MAX_SPEAKERS,
            length=MAX_SPEAKER_LENGTH,
        )
    wanted = list(dict.fromkeys(int(x) for x in fields.materials))
    if len(wanted) > MAX_MATERIALS:
        raise refuse("too_many_materials", "meetings.too_many_materials", most=MAX_MATERIALS)
    visible = (
        AgendaItem.material_model().objects.filter(visible_q(by)).filter(pk__in=wanted).distinct()
    )
    found = {d.pk: d for d in visible}
    for pk in wanted:
        if pk not in found:
            # Not there, or not for this user to see: the same answer for both.
            raise refuse("unknown_material", "meetings.unknown_material", document=pk)
    cleaned = ItemFields(
        title=title,
        starts_at=fields.starts_at,
        duration_minutes=duration,
        speakers=speakers,
        materials=wanted,
    )
    return cleaned, [found[pk] for pk in wanted]


def _write(item: AgendaItem, fields: ItemFields, documents: Iterable[Any]) -> None:
    for lang in LANGS:
        setattr(item, f"title_{lang}", fields.title[lang])
    item.starts_at = fields.starts_at
    item.duration_minutes = fields.duration_minutes
    item.speakers = list(fields.speakers)
    item.save()
    item.materials.set(list(documents))


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, by: User, fields: ItemFields, expected_version: int | None = None
) -> AgendaItem:
    """Add an item at the end of the agenda being prepared (the Secretariat's own, beside
    the items prepared from the members' proposals)."""
    locked = _locked_for_edit(meeting, by, expected_version)
    cleaned, documents = _clean(locked, fields, by)
    last = locked.agenda_items.aggregate(n=Max("number"))["n"] or 0
    item = AgendaItem(meeting=locked, number=last + 1, owner_delegation=by.delegation)
    _write(item, cleaned, documents)
    bump(locked, meeting)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    meeting: Meeting,
    item: AgendaItem,
    by: User,
    fields: ItemFields,
    expected_version: int | None = None,
) -> AgendaItem:
    """Replace an item's titles, timetable entry, speakers and materials."""
    locked = _locked_for_edit(meeting, by, expected_version)
    row = _own_item(locked, item)
    cleaned, documents = _clean(locked, fields, by)
    _write(row, cleaned, documents)
    bump(locked, meeting)
    return row


@transaction.atomic
def agenda_item_move(
    *,
    meeting: Meeting,
    item: AgendaItem,
    by: User,
    direction: Direction,
    expected_version: int | None = None,
) -> AgendaItem:
    """Swap an item with the one before (``up``) or after it (``down``).

    Both numbers change in this transaction; the item passes through 0 (no item has it) so
    the unique (meeting, number) constraint holds at every write.
    """
    if direction not in ("up", "down"):
        raise refuse("unknown_direction", "meetings.unknown_direction", direction=direction)
    locked = _locked_for_edit(meeting, by, expected_version)
    row = _own_item(locked, item)
    others = locked.agenda_items.exclude(pk=row.pk)
    if direction == "up":
        neighbour = others.filter(number__lt=row.number).order_by("-number").first()
    else:
        neighbour = others.filter(number__gt=row.number).order_by("number").first()
    if neighbour is None:
        raise refuse(
            "item_at_the_edge",
            "meetings.item_first" if direction == "up" else "meetings.item_last",
            number=row.number,
        )
    mine, theirs = row.number, neighbour.number
    row.number = 0
    row.save(update_fields=["number"])
    neighbour.number = mine
    neighbour.save(update_fields=["number"])
    row.number = theirs
    row.save(update_fields=["number"])
    bump(locked, meeting)
    return row


@transaction.atomic
def agenda_item_delete(
    *, meeting: Meeting, item: AgendaItem, by: User, expected_version: int | None = None
) -> int:
    """Remove an item; the items after it move up one number. Returns the number removed.

    The proposal it was prepared from stays (its delegation's, as received); preparing the
    agenda again would take it back in.
    """
    locked = _locked_for_edit(meeting, by, expected_version)
    row = _own_item(locked, item)
    number = row.number
    row.delete()
    # In ascending order, each number freed before the next item takes it.
    for later in locked.agenda_items.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])
    bump(locked, meeting)
    return number
