"""Reference facts the rules need: member states, bodies and their seats, summits.

Read from the shipped data file (``secretariat/reference_data/sco.yaml``) by
``load_reference_file``; the registry app builds the same object from its tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from secretariat.procedure.text import Text
from secretariat.reference_data import REFERENCE_FILE

CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}


def weakest(*levels: str | None) -> str:
    """The lowest of several confidence levels (missing counts as high)."""
    present = [lvl for lvl in levels if lvl]
    return min(present, key=lambda lvl: CONFIDENCE_ORDER.get(lvl, 0)) if present else "high"


@dataclass(frozen=True, slots=True)
class StatusPeriod:
    status: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def covers(self, day: dt.date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


@dataclass(frozen=True, slots=True)
class StateInfo:
    code: str
    name: Text
    statuses: tuple[StatusPeriod, ...] = ()

    def status_on(self, day: dt.date) -> str | None:
        for period in self.statuses:
            if period.covers(day):
                return period.status
        return None


@dataclass(frozen=True, slots=True)
class BodyInfo:
    code: str
    name: Text
    kind: str
    parent: str | None = None
    state: str | None = None
    seat_state: str | None = None


@dataclass(frozen=True, slots=True)
class Summit:
    """A meeting of the Council of Heads of State (held or planned)."""

    number: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    host: str | None
    held: bool
    confidence: str
    chair_after: str | None
    chair_after_confidence: str | None
    city: str = ""


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    state: str
    date: dt.date
    working: bool
    reason: Text
    source: str = ""
    #: The day comes from the state's official calendar for its year (a published decree):
    #: a year holding such a day is official, no longer an estimate (calendars.py).
    official: bool = False


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """The facts the engine reads; built from the data file or from the registry."""

    states: Mapping[str, StateInfo]
    bodies: Mapping[str, BodyInfo]
    summits: Sequence[Summit]
    overrides: Sequence[CalendarOverride] = field(default_factory=tuple)
    #: Where the facts came from, for the output of the command line.
    origin: str = "file"
    #: Values derived from these facts (chairmanship terms, ...), computed once.
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: Meetings of the Council of Heads of Government (CHG), held or planned, in order.
    government_meetings: Sequence[Summit] = field(default_factory=tuple)

    def members_on(self, day: dt.date) -> list[str]:
        return sorted(c for c, s in self.states.items() if s.status_on(day) == "member")

    def national_parts(self) -> list[BodyInfo]:
        return [b for b in self.bodies.values() if b.kind == "national_part"]

    def seat_of(self, body_code: str) -> str | None:
        body = self.bodies.get(body_code)
        return body.seat_state if body else None

    def overrides_for(self, state: str) -> list[CalendarOverride]:
        return [o for o in self.overrides if o.state == state]

    def state_names(self) -> dict[str, Text]:
        """Each state's name, by code."""
        return {code: s.name for code, s in self.states.items()}

    def part_names(self) -> dict[str, Text]:
        """Each national part of the Business Council's name, by its state's code."""
        return {b.state: b.name for b in self.national_parts() if b.state}

    def official_years(self, state: str) -> frozenset[int]:
        """The years of ``state`` whose official calendar the override table holds."""
        return frozenset(o.date.year for o in self.overrides if o.state == state and o.official)


def _text(value: Any, fallback: str) -> Text:
    value = value or {}
    en = str(value.get("en") or fallback)
    return Text(en=en, ru=str(value.get("ru") or en), zh=str(value.get("zh") or en))


def _state_of(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return value.get("state")
    return value if isinstance(value, str) else None


def reference_from_mapping(raw: Mapping[str, Any], origin: str = "file") -> ReferenceData:
    """Build reference data from the parsed data file."""
    states = {
        s["code"]: StateInfo(
            code=s["code"],
            name=_text(s.get("name"), s["code"]),
            statuses=tuple(
                StatusPeriod(p["status"], p.get("from"), p.get("to"))
                for p in s.get("statuses") or ()
            ),
        )
        for s in raw.get("states") or ()
    }
    bodies = {
        b["code"]: BodyInfo(
            code=b["code"],
            name=_text(b.get("name"), b["code"]),
            kind=b.get("kind", ""),
            parent=b.get("parent"),
            state=b.get("state"),
            seat_state=_state_of(b.get("seat")),
        )
        for b in raw.get("bodies") or ()
    }
    summits = summits_in_order(
        Summit(
            number=m.get("number"),
            date_start=m.get("date_start"),
            date_end=m.get("date_end") or m.get("date_start"),
            host=m.get("state"),
            held=bool(m.get("held", True)),
            confidence=m.get("confidence") or "high",
            chair_after=_state_of(m.get("chair_after")),
            chair_after_confidence=(m.get("chair_after") or {}).get("confidence")
            if isinstance(m.get("chair_after"), Mapping)
            else None,
            city=str((m.get("city") or {}).get("en", "")),
        )
        for m in raw.get("council_meetings") or ()
        if m.get("body") == "chs" and not m.get("extraordinary")
    )
    government_meetings = summits_in_order(
        _council_meeting(m) for m in raw.get("council_meetings") or () if m.get("body") == "chg"
    )
    overrides = tuple(
        CalendarOverride(
            state=o["state"],
            date=o["date"],
            working=bool(o["working"]),
            reason=_text(o.get("reason"), "override"),
            source=str(o.get("source") or ""),
            official=bool(o.get("official", False)),
        )
        for o in raw.get("calendar_overrides") or ()
    )
    return ReferenceData(
        states, bodies, summits, overrides, origin, government_meetings=government_meetings
    )


def _council_meeting(m: Mapping[str, Any]) -> Summit:
    """A CHG meeting of the data file, in the shape of a summit (no chair passes at it)."""
    return Summit(
        number=m.get("number"),
        date_start=m.get("date_start"),
        date_end=m.get("date_end") or m.get("date_start"),
        host=m.get("state"),
        held=bool(m.get("held", True)),
        confidence=m.get("confidence") or "high",
        chair_after=None,
        chair_after_confidence=None,
        city=str((m.get("city") or {}).get("en", "")),
    )


def summits_in_order(summits: Iterable[Summit]) -> tuple[Summit, ...]:
    """Summits by number; planned ones without a number or date go last."""

    def key(s: Summit) -> tuple[int, dt.date]:
        return (s.number if s.number is not None else 10**6, s.date_start or dt.date.max)

    return tuple(sorted(summits, key=key))


def load_reference_file(path: Path = REFERENCE_FILE) -> ReferenceData:
    """The reference data shipped with the project."""
    return _load(path)


@cache
def _load(path: Path) -> ReferenceData:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return reference_from_mapping(raw, origin="file")
