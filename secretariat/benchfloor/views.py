"""Floor endpoints: what the stack costs with (almost) nothing on top of it.

No permission check, no rules engine, no template: never mount them in production
(config/urls.py mounts them only for bench/meetings.py).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse

from secretariat.meetings.models import AgendaItem, Meeting

#: The bare floor's answer: small and constant.
BARE = {"ok": True, "floor": "json"}

MEETING_FIELDS = ("id", "body__code", "kind", "state", "title_en", "date_start", "date_end")


def bare_json(request: HttpRequest) -> JsonResponse:
    """A constant small JSON answer: the stack (middleware, URL resolution, JSON) alone."""
    return JsonResponse(BARE)


def meeting_floor(request: HttpRequest, meeting_id: int) -> JsonResponse:
    """The meeting, its agenda items and their positions, in two queries."""
    meeting: dict[str, Any] | None = (
        Meeting.objects.filter(pk=meeting_id).values(*MEETING_FIELDS).first()
    )
    if meeting is None:
        raise Http404("There is no such meeting.")
    # One LEFT JOIN: an item without positions still comes back once, with None.
    rows = (
        AgendaItem.objects.filter(meeting_id=meeting_id)
        .order_by("number", "positions__delegation__code")
        .values_list(
            "number", "title_en", "adopted", "positions__delegation__code", "positions__position"
        )
    )
    items: dict[int, dict[str, Any]] = {}
    for number, title, adopted, delegation, position in rows:
        item = items.setdefault(
            number, {"number": number, "title": title, "adopted": adopted, "positions": {}}
        )
        if delegation is not None:
            item["positions"][delegation] = position
    return JsonResponse({**meeting, "items": list(items.values())})
