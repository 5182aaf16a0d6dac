"""A meeting's agenda and minutes as the Akoma Ntoso shapes, from the meetings app's rows.

The minutes' words (the quorum as counted at the opening, each item's outcome and notes, the
heading) come from ``meetings.minutes_pdf.minutes_data``, the function that drafts the PDF, so
the XML says what the signed PDF says. Who is named (codes), positions and dates come from
the rows, which ``minutes_data`` renders into display text only.
"""

from __future__ import annotations

from typing import cast

from django.utils import translation
from django.utils.translation import gettext as _

from secretariat.accounts.models import Delegation
from secretariat.akn.model import (
    AgendaEntry,
    AgendaText,
    AknWork,
    Attendee,
    Expression,
    Kind,
    MeetingInfo,
    MinutesItem,
    MinutesText,
    Party,
    PartyPosition,
    Position,
    Signature,
    Texts,
)
from secretariat.core.errors import RefusedError, refuse
from secretariat.core.lang import DJANGO_LANGUAGE
from secretariat.meetings.languages import marked
from secretariat.meetings.minutes_pdf import minutes_data, minutes_languages, minutes_ready
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body


def _texts(row: object, field: str) -> dict[str, str]:
    """A trilingual field, each language falling back to English as the pages and PDF do."""
    english = str(getattr(row, f"{field}_en"))
    return {lang: str(getattr(row, f"{field}_{lang}") or english) for lang in LANGS}


def party_of(row: Delegation | Body) -> Party:
    """A delegation or a body, named as the registry names it."""
    return Party(row.code, _texts(row, "name"))


def _expressions() -> tuple[Expression, ...]:
    # The languages of the minutes PDF, so both say the same about which text is authentic.
    return tuple(Expression(x.lang, x.authentic) for x in minutes_languages())


def meeting_info(meeting: Meeting) -> MeetingInfo:
    """The meeting's titles, days and venue (city and host state) in every language."""
    venue: dict[str, str] = {}
    for lang in LANGS:
        state = _texts(meeting.venue_state, "name")[lang] if meeting.venue_state else ""
        venue[lang] = ", ".join(x for x in (marked(meeting, "venue_city", lang), state) if x)
    return MeetingInfo(
        titles=_texts(meeting, "title"),
        date_start=meeting.date_start,
        date_end=meeting.date_end,
        venue=venue,
    )


def _work(meeting: Meeting, kind: Kind, name: str, titles: Texts) -> AknWork:
    return AknWork(
        kind=kind,
        name=name,
        body=party_of(meeting.body),
        date=meeting.date_start,
        # A meeting has no document number; its id tells it from the body's others that day.
        number=str(meeting.pk),
        titles=titles,
        expressions=_expressions(),
    )


def _headed(heading: str, meeting: Meeting, lang: str) -> str:
    title = _texts(meeting, "title")[lang]
    return f"{heading} — {title}"


def agenda_text(meeting: Meeting) -> AgendaText:
    """The meeting's agenda as it stands: every item, numbered, in every language."""
    titles: dict[str, str] = {}
    for lang in LANGS:
        with translation.override(DJANGO_LANGUAGE[lang]):
            titles[lang] = _headed(_("Agenda"), meeting, lang)
    items = tuple(
        AgendaEntry(
            number=item.number, titles={lang: marked(item, "title", lang) for lang in LANGS}
        )
        for item in meeting.agenda_items.order_by("number")
    )
    return AgendaText(
        work=_work(meeting, "doc", "agenda", titles), meeting=meeting_info(meeting), items=items
    )


def _not_ready(meeting: Meeting) -> RefusedError:
    """The refusal ``services.minutes_of`` gives before the meeting is closed."""
    state = workflows(rulebook()).get(meeting.kind).states[meeting.state]
    return refuse("minutes_not_ready", "meetings.minutes_not_drafted", state=state)


def positions_of(item: AgendaItem) -> tuple[PartyPosition, ...]:
    return tuple(
        PartyPosition(party_of(p.delegation), cast(Position, p.position))
        for p in item.positions.select_related("delegation")
    )


def minutes_text(meeting: Meeting) -> MinutesText:
    """The minutes of a closed meeting; ``minutes_not_ready`` before, as for the PDF."""
    if not minutes_ready(meeting):
        raise _not_ready(meeting)
    parts = {str(part["lang"]): part for part in minutes_data(meeting)["parts"]}
    langs = list(parts)
    titles = {lang: _headed(str(parts[lang]["heading"]), meeting, lang) for lang in langs}
    # The PDF's words per item, found by the item's number.
    drafted = {lang: {i["number"]: i for i in parts[lang]["items"]} for lang in langs}
    items = tuple(
        MinutesItem(
            number=item.number,
            titles={lang: marked(item, "title", lang) for lang in LANGS},
            outcome={lang: str(drafted[lang][item.number]["outcome"]) for lang in langs},
            adopted=item.adopted,
            positions=positions_of(item),
            notes={lang: str(drafted[lang][item.number]["note"]) for lang in langs},
        )
        for item in meeting.agenda_items.order_by("number")
    )
    attendance = tuple(
        Attendee(party_of(a.delegation), a.members_present, a.chair_present)
        for a in meeting.attendance.select_related("delegation")
    )
    signatures = tuple(
        Signature(
            party=party_of(s.delegation),
            signer=s.signed_by.get_full_name() or s.signed_by.username,
            # The day as the PDF prints it.
            signed_on=s.signed_at.date(),
            authorised_member=s.as_authorised_member,
        )
        for s in meeting.signatures.select_related("delegation", "signed_by")
    )
    return MinutesText(
        work=_work(meeting, "debate", "minutes", titles),
        meeting=meeting_info(meeting),
        attendance=attendance,
        items=items,
        signatures=signatures,
        quorum={lang: str(parts[lang]["quorum"]) for lang in langs},
    )
