"""The registry's tables as the rules engine's ``ReferenceData`` (same shape as the data file).

``reference()`` is what every app asks the engine with: the registry's facts when it is loaded,
else the shipped file, kept per process for one registry generation.
"""

from __future__ import annotations

import threading

from secretariat.procedure.reference import (
    BodyInfo,
    ReferenceData,
    StateInfo,
    StatusPeriod,
    Summit,
    load_reference_file,
    summits_in_order,
)
from secretariat.procedure.reference import (
    CalendarOverride as CoreOverride,
)
from secretariat.procedure.text import Text
from secretariat.registry import models
from secretariat.registry.selectors import registry_generation


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
            official=o.official,
        )
        for o in models.CalendarOverride.objects.select_related("state")
    )
    government_meetings = summits_in_order(
        Summit(
            number=m.number,
            date_start=m.date_start,
            date_end=m.date_end or m.date_start,
            host=m.host_state.code if m.host_state else None,
            held=m.held,
            confidence=m.confidence,
            chair_after=None,
            chair_after_confidence=None,
            city=m.city_en,
        )
        for m in models.CouncilMeeting.objects.filter(
            body__code="chg", extraordinary=False
        ).select_related("host_state")
    )
    return ReferenceData(
        states,
        bodies,
        summits,
        overrides,
        origin="registry",
        government_meetings=government_meetings,
    )


#: The reference data built last in this process, with the registry generation it was
#: built at: (token, data). Replaced whole, so threads never see half of it.
_built: tuple[str, ReferenceData] | None = None
_building = threading.Lock()


def reference() -> ReferenceData:
    """The registry's facts when it is loaded (it may have been corrected), else the file.

    Built once per process and kept while the registry's generation token is unchanged,
    so a call costs one query. Every write to the registry gives it a new token
    (``registry.services.registry_changed``), in whatever process it happens; the token is
    read before the data, so facts read after a change are never kept under the token
    from before it.
    """
    global _built
    token = registry_generation()
    built = _built
    if token is not None and built is not None and built[0] == token:
        return built[1]
    with _building:
        built = _built  # another thread may have built it meanwhile
        if token is not None and built is not None and built[0] == token:
            return built[1]
        data = reference_from_registry() if models.State.objects.exists() else load_reference_file()
        if token is not None:
            _built = (token, data)
        return data


def reference_forget() -> None:
    """Drop this process's reference data (the next call builds it again)."""
    global _built
    _built = None
