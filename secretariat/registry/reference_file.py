"""Read and check the SCO reference data file before anything is written.

Plain Python, no Django: every entry becomes a frozen record (``reference_records``),
and the first problem found raises :class:`ReferenceDataError` naming the entry
(``states[3] (KZ): ...``). The chairmanship terms are derived here from the summits, so the
rule is testable without a database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from secretariat.procedure.chairmanship import chair_terms
from secretariat.procedure.reference import ReferenceData, Summit, summits_in_order
from secretariat.registry.reference_records import (
    BODIES_WITH_SEAT,
    BODY_KINDS,
    CONFIDENCES,
    MEETING_FORMATS,
    REQUIRED_BODIES,
    STATUS_KINDS,
    SUMMIT_BODY,
    BodyRecord,
    DocumentRecord,
    MeetingRecord,
    Names,
    OrganisationRecord,
    OverrideRecord,
    PeriodRecord,
    ProfileRecord,
    ReferenceDataError,
    ReferenceFile,
    SecretaryGeneralRecord,
    Source,
    StateRecord,
    StatusRecord,
    TermRecord,
)


class _Entry:
    """One mapping of the file, with typed getters that name the entry when they fail."""

    def __init__(self, raw: Any, where: str) -> None:
        if not isinstance(raw, Mapping):
            raise ReferenceDataError(where, f"expected a mapping, got {type(raw).__name__}")
        self.raw = raw
        self.where = where

    def fail(self, problem: str) -> ReferenceDataError:
        return ReferenceDataError(self.where, problem)

    def has(self, key: str) -> bool:
        return self.raw.get(key) is not None

    def sub(self, key: str) -> _Entry:
        return _Entry(self.raw.get(key), f"{self.where}: {key}")

    def entries(self, key: str, label: str = "") -> list[_Entry]:
        value = self.raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"'{key}' must be a list")
        return [_Entry(item, f"{self.where}: {label or key}[{i}]") for i, item in enumerate(value)]

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.raw.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(f"'{key}' is missing")
            return ""
        if not isinstance(value, str | int | float):
            raise self.fail(f"'{key}' must be text, got {type(value).__name__}")
        return str(value)

    def code(self, key: str, pattern: str, *, required: bool = True) -> str | None:
        value = self.raw.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise self.fail(f"'{key}' must match {pattern}, got {value!r}")
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise self.fail(f"'{key}' is missing")
            return None
        # PyYAML reads ISO dates as dates; a datetime or a string is a mistake in the file.
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(f"'{key}' must be a date (YYYY-MM-DD), got {value!r}")
        return value

    def required_date(self, key: str) -> dt.date:
        day = self.date(key, required=True)
        if day is None:  # unreachable: date() raises first; this narrows the type
            raise self.fail(f"'{key}' is missing")
        return day

    def number(self, key: str, *, required: bool = False) -> int | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise self.fail(f"'{key}' is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(f"'{key}' must be a positive whole number, got {value!r}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false, got {value!r}")
        return value

    def choice(self, key: str, choices: Sequence[str], default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if value not in choices:
            raise self.fail(f"'{key}' must be one of {', '.join(choices)}, got {value!r}")
        return str(value)

    def confidence(self, key: str = "confidence") -> str:
        return self.choice(key, CONFIDENCES)

    def names(self, key: str, *, required: bool = True) -> Names | None:
        value = self.raw.get(key)
        if value is None and not required:
            return None
        entry = _Entry(value, f"{self.where}: {key}")
        en = entry.text("en", required=True)
        return Names(en=en, ru=entry.text("ru"), zh=entry.text("zh"))

    def notes(self, key: str = "notes") -> Names:
        """Notes as English text, or as a mapping of the languages they are given in (en,
        ru, zh; any of them): none is required, none is copied into another."""
        value = self.raw.get(key)
        if isinstance(value, dict):
            entry = _Entry(value, f"{self.where}: {key}")
            return Names(en=entry.text("en"), ru=entry.text("ru"), zh=entry.text("zh"))
        return Names(en=self.text(key), ru="", zh="")

    def required_names(self, key: str) -> Names:
        names = self.names(key)
        if names is None:  # unreachable: names() raises first; this narrows the type
            raise self.fail(f"'{key}' is missing")
        return names

    def sources(self, key: str = "sources") -> tuple[Source, ...]:
        found = []
        for item in self.entries(key):
            found.append(Source(url=item.text("url", required=True), note=item.text("note")))
        return tuple(found)


STATE_CODE = r"[A-Z]{2}"


def parse_reference(raw: Any) -> ReferenceFile:
    """Check the parsed data file and return its records."""
    top = _Entry(raw, "file")
    states = tuple(_state(e) for e in top.entries("states"))
    _unique((s.code for s in states), "states", "state code")
    _unique((s.alpha3 for s in states), "states", "alpha-3 code")
    known_states = {s.code for s in states}

    bodies = tuple(_body(e, known_states) for e in top.entries("bodies"))
    _check_bodies(bodies, states)

    body_codes = {b.code for b in bodies}
    meetings = tuple(_meeting(e, known_states, body_codes) for e in top.entries("council_meetings"))
    _unique((m.key for m in meetings), "council_meetings", "meeting", show=_show_key)

    periods = tuple(
        PeriodRecord(
            period=e.text("period", required=True),
            state=_known(e, "state", known_states) or "",
            confidence=e.confidence() if e.has("confidence") else "high",
        )
        for e in top.entries("chairmanship_by_period")
    )
    secretaries = tuple(
        _secretary_general(e, known_states) for e in top.entries("secretaries_general")
    )
    _unique((s.number for s in secretaries), "secretaries_general", "number")
    organisations = tuple(_organisation(e) for e in top.entries("international_organisations"))
    _unique((o.abbreviation for o in organisations), "international_organisations", "abbreviation")
    overrides = tuple(_override(e, known_states) for e in top.entries("calendar_overrides"))
    _unique(((o.state, o.date) for o in overrides), "calendar_overrides", "state and date")
    profile = _profile(top)
    terms = chair_terms_from_summits(m for m in meetings if m.body == SUMMIT_BODY)

    return ReferenceFile(
        profile=profile,
        states=states,
        bodies=bodies,
        meetings=meetings,
        periods=periods,
        secretaries_general=secretaries,
        organisations=organisations,
        overrides=overrides,
        terms=terms,
    )


def read_reference_file(path: Path) -> ReferenceFile:
    """Read ``path`` and check it; raise ReferenceDataError on the first problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceDataError(str(path), f"cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ReferenceDataError(str(path), f"is not valid YAML ({exc})") from exc
    return parse_reference(raw)


def chair_terms_from_summits(summits: Iterable[MeetingRecord]) -> tuple[TermRecord, ...]:
    """Derive the chairmanship terms from the summits (CHS meetings).

    The derivation is the rules engine's (``procedure.chairmanship.chair_terms``), so the
    registry and ``secretariat rules chair`` can never disagree; this adds the period
    label and checks that terms do not overlap.
    """
    records = {s.number: s for s in summits if not s.extraordinary and s.number is not None}
    reference = ReferenceData(
        states={},
        bodies={},
        summits=summits_in_order(
            Summit(
                number=s.number,
                date_start=s.date_start,
                date_end=s.date_end or s.date_start,
                host=s.state,
                held=s.held,
                confidence=s.confidence,
                chair_after=s.chair_after,
                chair_after_confidence=s.chair_after_confidence or None,
            )
            for s in records.values()
        ),
    )
    terms = []
    for term in chair_terms(reference):
        opened = records[term.opened_by.number or 0]
        start = term.valid_from
        period = opened.chair_after_period or (f"{start.year}-{start.year + 1}" if start else "")
        terms.append(
            TermRecord(
                state=term.state,
                period=period,
                valid_from=term.valid_from,
                valid_to=term.valid_to,
                confidence=term.confidence,
                opened_by=term.opened_by.number or 0,
                closed_by=term.closed_by.number if term.closed_by else None,
            )
        )
    for earlier, later in itertools.pairwise(terms):
        if earlier.valid_to and later.valid_from and later.valid_from <= earlier.valid_to:
            raise ReferenceDataError(
                f"council_meetings: chs {later.opened_by}",
                f"its chairmanship term starts on {later.valid_from} but the previous one "
                f"ends on {earlier.valid_to}",
            )
    return tuple(terms)


# --- one entry of each section ----------------------------------------------------------


def _state(e: _Entry) -> StateRecord:
    code = e.code("code", STATE_CODE) or ""
    e.where = f"{e.where} ({code})"
    statuses = tuple(_status(s) for s in e.entries("statuses"))
    for earlier, later in itertools.pairwise(statuses):
        if earlier.valid_to is None or later.valid_from <= earlier.valid_to:
            raise e.fail(
                f"statuses overlap or are out of order: {earlier.status} from "
                f"{earlier.valid_from} to {earlier.valid_to or 'open'}, then {later.status} "
                f"from {later.valid_from}"
            )
    return StateRecord(
        code=code,
        alpha3=e.code("alpha3", r"[A-Z]{3}") or "",
        name=e.required_names("name"),
        official_name=e.names("official_name", required=False) or e.required_names("name"),
        statuses=statuses,
        confidence=e.confidence(),
        sources=e.sources(),
        notes=e.notes(),
    )


def _status(e: _Entry) -> StatusRecord:
    valid_from = e.required_date("from")
    valid_to = e.date("to")
    if valid_to is not None and valid_to < valid_from:
        raise e.fail(f"'to' ({valid_to}) is before 'from' ({valid_from})")
    return StatusRecord(
        status=e.choice("status", STATUS_KINDS),
        valid_from=valid_from,
        valid_to=valid_to,
        basis=e.text("basis"),
        confidence=e.confidence(),
        sources=e.sources(),
    )


def _body(e: _Entry, known_states: set[str]) -> BodyRecord:
    code = e.code("code", r"[a-z][a-z0-9_]*") or ""
    e.where = f"{e.where} ({code})"
    seat_state = None
    seat_city = None
    if e.has("seat"):
        seat = e.sub("seat")
        seat_state = _known(seat, "state", known_states)
        seat_city = seat.names("city", required=False)
    return BodyRecord(
        code=code,
        kind=e.choice("kind", BODY_KINDS),
        name=e.required_names("name"),
        abbreviation=e.names("abbreviation", required=False) or Names("", "", ""),
        parent=e.text("parent") or None,
        state=_known(e, "state", known_states, required=False),
        seat_state=seat_state,
        seat_city=seat_city,
        established=e.date("established"),
        description=e.names("description", required=False) or Names("", "", ""),
        confidence=e.confidence(),
        sources=e.sources(),
        notes=e.notes(),
    )


def _check_bodies(bodies: Sequence[BodyRecord], states: Sequence[StateRecord]) -> None:
    _unique((b.code for b in bodies), "bodies", "body code")
    by_code = {b.code: b for b in bodies}
    for i, body in enumerate(bodies):
        where = f"bodies[{i}] ({body.code})"
        if body.parent is not None and body.parent not in by_code:
            raise ReferenceDataError(where, f"parent {body.parent!r} is not a body of the file")
        if body.kind == "national_part" and body.state is None:
            raise ReferenceDataError(where, "a national part needs its 'state'")
    # Walk up from each body: a cycle would make the bodies tree endless.
    for body in bodies:
        seen = {body.code}
        parent = body.parent
        while parent is not None:
            if parent in seen:
                raise ReferenceDataError(f"bodies ({body.code})", "its parents form a cycle")
            seen.add(parent)
            parent = by_code[parent].parent
    members = [s.code for s in states if any(p.status == "member" for p in s.statuses)]
    required = [*REQUIRED_BODIES, *BODIES_WITH_SEAT, *(f"np_{c.lower()}" for c in members)]
    for code in required:
        if code not in by_code:
            raise ReferenceDataError("bodies", f"the required body {code!r} is missing")
    for code in BODIES_WITH_SEAT:
        if by_code[code].seat_state is None:
            raise ReferenceDataError(f"bodies ({code})", "a seat (state and city) is required")


def _meeting(e: _Entry, known_states: set[str], body_codes: set[str]) -> MeetingRecord:
    body = e.text("body", required=True)
    if body not in body_codes:
        raise e.fail(f"body {body!r} is not a body of the file")
    number = e.number("number")
    date_start = e.date("date_start")
    date_end = e.date("date_end") or date_start
    if date_start and date_end and date_end < date_start:
        raise e.fail(f"date_end ({date_end}) is before date_start ({date_start})")
    city = e.names("city", required=False)
    e.where = f"{e.where} ({body} {number or date_start or (city.en if city else '')})"
    chair_after = None
    chair_after_period = ""
    chair_after_confidence = ""
    if e.has("chair_after"):
        if body != SUMMIT_BODY:
            raise e.fail("only summits (body chs) name the chair after them")
        after = e.sub("chair_after")
        chair_after = _known(after, "state", known_states)
        chair_after_period = after.text("period")
        chair_after_confidence = after.confidence() if after.has("confidence") else e.confidence()
    return MeetingRecord(
        body=body,
        number=number,
        date_start=date_start,
        date_end=date_end,
        city=city,
        state=_known(e, "state", known_states, required=False),
        format=e.choice("format", MEETING_FORMATS, default="in_person"),
        held=e.flag("held", True),
        extraordinary=e.flag("extraordinary", False),
        chaired_by=e.text("chaired_by"),
        chair_after=chair_after,
        chair_after_period=chair_after_period,
        chair_after_confidence=chair_after_confidence,
        confidence=e.confidence(),
        notes=e.notes(),
        sources=e.sources(),
    )


def _secretary_general(e: _Entry, known_states: set[str]) -> SecretaryGeneralRecord:
    number = e.number("number", required=True) or 0
    e.where = f"{e.where} (no. {number})"
    term_start = e.required_date("term_start")
    term_end = e.required_date("term_end")
    if term_end < term_start:
        raise e.fail(f"term_end ({term_end}) is before term_start ({term_start})")
    return SecretaryGeneralRecord(
        number=number,
        name=e.required_names("name"),
        nationality=_known(e, "nationality", known_states) or "",
        term_start=term_start,
        term_end=term_end,
        appointed=e.text("appointed"),
        title_note=e.text("title_note"),
        confidence=e.confidence(),
        notes=e.notes(),
        sources=e.sources(),
    )


def _organisation(e: _Entry) -> OrganisationRecord:
    abbreviation = e.text("abbreviation", required=True)
    e.where = f"{e.where} ({abbreviation})"
    documents = []
    for d in e.entries("documents"):
        date = d.date("date")
        date_text = d.text("date_text")
        documents.append(
            DocumentRecord(
                title=d.required_names("title"),
                date=date,
                date_text=date_text,
                place=d.names("place", required=False),
                signatories=d.text("signatories"),
                signed_by_secretariat=d.flag("signed_by_secretariat", True),
                confidence=d.confidence(),
                notes=d.notes(),
                sources=d.sources(),
            )
        )
    return OrganisationRecord(
        abbreviation=abbreviation,
        name=e.required_names("name"),
        confidence=e.confidence(),
        notes=e.notes(),
        sources=e.sources(),
        documents=tuple(documents),
    )


def _override(e: _Entry, known_states: set[str]) -> OverrideRecord:
    day = e.required_date("date")
    return OverrideRecord(
        state=_known(e, "state", known_states) or "",
        date=day,
        working=e.flag("working", False),
        reason=e.required_names("reason"),
        source=e.text("source"),
        official=e.flag("official", False),
    )


def _profile(top: _Entry) -> ProfileRecord:
    meta = top.sub("meta")
    org = meta.sub("organisation")
    languages = top.sub("languages")
    official = [x.text("code", required=True) for x in languages.entries("official")]
    working = [x.text("code", required=True) for x in languages.entries("working")]
    names: dict[str, Names] = {}
    for entry in [*languages.entries("official"), *languages.entries("working")]:
        code = entry.text("code", required=True)
        found = entry.names("names", required=False)
        names[code] = found or Names(entry.text("name") or code, "", "")
    return ProfileRecord(
        name=org.required_names("name"),
        abbreviation=org.names("abbreviation", required=False) or Names("", "", ""),
        founded=org.date("founded"),
        founding_city=org.names("founding_city", required=False),
        charter_signed=org.date("charter_signed"),
        charter_signed_city=org.names("charter_signed_city", required=False),
        charter_in_force=org.date("charter_in_force"),
        predecessor=org.names("predecessor", required=False),
        official_languages=tuple(official),
        working_languages=tuple(working),
        language_names=names,
        languages_summary=languages.names("summary", required=False),
        data_as_of=meta.date("data_as_of"),
        sources_cover_up_to=meta.text("sources_cover_up_to"),
        confidence=org.confidence() if org.has("confidence") else "high",
        sources=meta.sources("general_sources"),
    )


def _known(e: _Entry, key: str, known: set[str], *, required: bool = True) -> str | None:
    value = e.raw.get(key)
    if value is None and not required:
        return None
    if value not in known:
        raise e.fail(f"'{key}' {value!r} is not a state of the file")
    return str(value)


def _unique(
    values: Iterable[Any], section: str, what: str, show: Any = lambda value: repr(value)
) -> None:
    seen: set[Any] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise ReferenceDataError(f"{section}[{i}]", f"the {what} {show(value)} appears twice")
        seen.add(value)


def _show_key(key: tuple[str, int | None, dt.date | None, str]) -> str:
    body, number, day, city = key
    return f"{body} {number}" if number is not None else f"{body} {day or 'undated'} {city}"
