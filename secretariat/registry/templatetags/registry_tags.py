"""Template helpers of the registry pages: badges that keep unsure facts from looking settled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from secretariat.core.lang import current_lang
from secretariat.core.translated import InLanguage, translated
from secretariat.registry.models import Confidence, CouncilMeeting, Fact

register = template.Library()


@register.inclusion_tag("registry/_badges.html")
def fact_badges(fact: Fact) -> dict[str, Any]:
    """Badges for a fact: planned (not held or in the future), unconfirmed, medium confidence."""
    return {
        "planned": fact.is_planned,
        "unconfirmed": fact.confidence == Confidence.LOW,
        "medium": fact.confidence == Confidence.MEDIUM,
    }


@register.inclusion_tag("registry/_badges.html")
def confidence_badges(confidence: str) -> dict[str, Any]:
    """Badges for a confidence level given on its own (e.g. the chair after a summit)."""
    return {
        "planned": False,
        "unconfirmed": confidence == Confidence.LOW,
        "medium": confidence == Confidence.MEDIUM,
    }


@register.inclusion_tag("registry/_sources.html")
def sources_list(sources: list[dict[str, str]]) -> dict[str, Any]:
    """A folded list of the sources of a fact."""
    return {"sources": [s for s in sources or [] if s.get("url")]}


@register.filter
def iso(day: dt.date | None) -> str:
    """A date as YYYY-MM-DD, or a dash when unknown."""
    return day.isoformat() if day else "—"


@register.filter
def meeting_dates(meeting: CouncilMeeting) -> str:
    """The days of a meeting: one day, a span, or 'date not fixed'."""
    if meeting.date_start is None:
        return str(_("date not fixed"))
    if meeting.date_end is None or meeting.date_end == meeting.date_start:
        return meeting.date_start.isoformat()
    return f"{meeting.date_start.isoformat()} – {meeting.date_end.isoformat()}"


def in_language_html(shown: InLanguage | None) -> str:
    """The site's partial for a text in the reader's language or marked pending (the same
    one ``{% translated %}`` renders; named, not imported: the web app sits above)."""
    if shown is None:
        return ""
    return render_to_string("web/_in_language.html", {"shown": shown})


@register.simple_tag
def note(row: Any, prefix: str = "notes") -> str:
    """A fact's note (``{prefix}_en/_ru/_zh``) in the reader's language, or another one
    marked "translation pending"; "" when it has none."""
    return in_language_html(translated(row, prefix, current_lang()))


@register.filter
def in_english(text: str) -> str:
    """A text the sources give in English only (a status's basis, a Secretary-General's
    title note): as it is for an English reader, marked "translation pending" otherwise."""
    if not text:
        return ""
    lang = current_lang()
    return in_language_html(InLanguage(text, "en", lang != "en"))
