"""What the meeting page and the API show of an agenda item's timetable entry and materials,
and of the minutes the parts sign (assembled into ``presenters.ItemShown`` and
``ContentShown``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from secretariat.accounts.access import visible_q
from secretariat.accounts.models import User
from secretariat.core.translated import in_language, texts_of
from secretariat.meetings.models import AgendaItem, Meeting, MinutesText
from secretariat.procedure.text import Lang


@dataclass(frozen=True, slots=True)
class MaterialShown:
    """A document attached to an item, shown only to a reader who may see it."""

    id: int
    title: str


#: Where the documents a reader may see are put on each item (``materials_visible``).
VISIBLE_MATERIALS = "visible_materials"


def materials_visible(user: User | None) -> Prefetch[Any]:
    """Prefetch each item's materials ``user`` may see (the documents app's own rule,
    ``visible_q`` on the document's fields) onto ``item.visible_materials``."""
    document = AgendaItem.material_model()
    visible = document.objects.filter(visible_q(user)).values("pk")
    return Prefetch(
        "materials",
        queryset=document.objects.filter(pk__in=visible).order_by("pk"),
        to_attr=VISIBLE_MATERIALS,
    )


def proposal_title(proposal: Any, lang: Lang) -> dict[str, Any]:
    """A proposal's title for a reader of ``lang`` (another language's, marked pending,
    where its own is empty), and its titles as stored (``presenters.ProposalShown``)."""
    titles = texts_of(proposal, "title")
    shown = in_language(titles, lang)
    return {
        "title": shown.text if shown else "",
        "titles": titles.as_dict(),
        "title_lang": shown.html_lang if shown else "",
        "title_pending": bool(shown and shown.pending),
    }


def item_timetable(item: AgendaItem, lang: Lang) -> dict[str, Any]:
    """The item's title for a reader of ``lang`` (another language's, marked pending, where
    its own is empty), its titles as stored, timetable entry and visible materials."""
    titles = texts_of(item, "title")
    shown = in_language(titles, lang)
    documents = getattr(item, VISIBLE_MATERIALS, [])
    return {
        "title": shown.text if shown else "",
        "titles": titles.as_dict(),
        "title_lang": shown.html_lang if shown else "",
        "title_pending": bool(shown and shown.pending),
        "starts_at": item.starts_at,
        "duration_minutes": item.duration_minutes,
        "speakers": [str(s) for s in item.speakers],
        "materials": [MaterialShown(d.pk, str(d.title)) for d in documents],
    }


def minutes_to_sign_sha256(meeting: Meeting) -> str:
    """SHA-256 of the minutes the parts sign, once frozen (the meeting concluded)."""
    found = MinutesText.objects.filter(meeting=meeting).values_list("pdf_sha256", flat=True)
    return found.first() or ""
