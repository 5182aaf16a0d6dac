"""Template helpers of the registry pages: badges that keep unsure facts from looking settled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

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
