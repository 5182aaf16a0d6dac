"""The registry's tables as the rules engine's ``ReferenceData`` (same shape as the data file)."""

from __future__ import annotations

from secretariat.procedure.reference import (
    BodyInfo,
    ReferenceData,
    StateInfo,
    StatusPeriod,
    Summit,
    summits_in_order,
)
from secretariat.procedure.reference import (
    CalendarOverride as CoreOverride,
)
from secretariat.procedure.text import Text
from secretariat.registry import models


def _text(obj: object, prefix: str = "name") -> Text:
    en = getattr(obj, f"{prefix}_en")
    return Text(en=en, ru=getattr(obj, f"{prefix}_ru") or en, zh=getattr(obj, f"{prefix}_zh") or en)


def reference_from_registry() -> ReferenceData:
    """Read states, bodies, summits and calendar overrides from the database."""
    statuses: dict[int, list[StatusPeriod]] = {}
    for s in models.StateStatus.objects.order_by("valid_from"):
        statuses.setdefault(s.state_id, []).append(StatusPeriod(s.status, s.valid_from, s.valid_to))
    states = {
        st.code: StateInfo(st.code, _text(st), tuple(statuses.get(st.pk, ())))
        for st in models.State.objects.all()
    }
    bodies = {
        b.code: BodyInfo(
            code=b.code,
            name=_text(b),
            kind=b.kind,
            parent=b.parent.code if b.parent else None,
            state=b.state.code if b.state else None,
            seat_state=b.seat_state.code if b.seat_state else None,
        )
        for b in models.Body.objects.select_related("parent", "state", "seat_state")
    }
    summits = summits_in_order(
        Summit(
            number=m.number,
            date_start=m.date_start,
            date_end=m.date_end or m.date_start,
            host=m.host_state.code if m.host_state else None,
            held=m.held,
            confidence=m.confidence,
            chair_after=m.chair_after.code if m.chair_after else None,
            chair_after_confidence=m.chair_after_confidence or None,
            city=m.city_en,
        )
        for m in models.CouncilMeeting.objects.filter(
            body__code="chs", extraordinary=False
        ).select_related("host_state", "chair_after")
    )
    overrides = tuple(
        CoreOverride(
            state=o.state.code,
            date=o.date,
            working=o.is_working_day,
            reason=_text(o, "reason"),
            source=o.source,
        )
        for o in models.CalendarOverride.objects.select_related("state")
    )
    return ReferenceData(states, bodies, summits, overrides, origin="registry")
