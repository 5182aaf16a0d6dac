"""The SCO reference data file, as frozen records: what ``reference_file`` reads and checks,
and what ``services.registry_load`` writes to the registry's tables.

Plain Python, no Django. The names of the file's closed vocabularies (status kinds, body
kinds, meeting formats) and the bodies the engine relies on are here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

CONFIDENCES = ("high", "medium", "low")
STATUS_KINDS = ("member", "observer", "dialogue_partner", "partner")
BODY_KINDS = (
    "council",
    "meeting",
    "permanent",
    "non_governmental",
    "board",
    "secretariat",
    "national_part",
)
MEETING_FORMATS = ("in_person", "videoconference", "virtual", "hybrid", "planned")
#: Bodies the rules engine and the pages rely on; national parts are checked per member state.
REQUIRED_BODIES = ("chs", "chg", "cmfa", "cnc", "min", "secretariat", "rats", "bc", "bcb")
#: Bodies whose seat gives the calendar of a procedure (see regulations.md).
BODIES_WITH_SEAT = ("secretariat", "bc_secretariat", "rats")
SUMMIT_BODY = "chs"
ONE_DAY = dt.timedelta(days=1)


class ReferenceDataError(ValueError):
    """The data file is malformed; the message names the entry and the problem."""

    code = "invalid_reference_data"

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Names:
    en: str
    ru: str
    zh: str


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    note: str

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "note": self.note}


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    name: Names
    abbreviation: Names
    founded: dt.date | None
    founding_city: Names | None
    charter_signed: dt.date | None
    charter_signed_city: Names | None
    charter_in_force: dt.date | None
    predecessor: Names | None
    official_languages: tuple[str, ...]
    working_languages: tuple[str, ...]
    language_names: Mapping[str, Names]
    languages_summary: Names | None
    data_as_of: dt.date | None
    sources_cover_up_to: str
    confidence: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class StatusRecord:
    status: str
    valid_from: dt.date
    valid_to: dt.date | None
    basis: str
    confidence: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class StateRecord:
    code: str
    alpha3: str
    name: Names
    official_name: Names
    statuses: tuple[StatusRecord, ...]
    confidence: str
    sources: tuple[Source, ...]
    notes: Names


@dataclass(frozen=True, slots=True)
class BodyRecord:
    code: str
    kind: str
    name: Names
    abbreviation: Names
    parent: str | None
    state: str | None
    seat_state: str | None
    seat_city: Names | None
    established: dt.date | None
    description: Names
    confidence: str
    sources: tuple[Source, ...]
    notes: Names


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    body: str
    number: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    city: Names | None
    state: str | None
    format: str
    held: bool
    extraordinary: bool
    chaired_by: str
    chair_after: str | None
    chair_after_period: str
    chair_after_confidence: str
    confidence: str
    notes: Names
    sources: tuple[Source, ...]

    @property
    def key(self) -> tuple[str, int | None, dt.date | None, str]:
        """Natural key: (body, number), or (body, date_start, city) for unnumbered meetings."""
        if self.number is not None:
            return (self.body, self.number, None, "")
        return (self.body, None, self.date_start, self.city.en if self.city else "")

    def describe(self) -> str:
        if self.number is not None:
            return f"{self.body} {self.number}"
        city = self.city.en if self.city else "no city"
        return f"{self.body} {self.date_start or 'undated'} {city}"


@dataclass(frozen=True, slots=True)
class PeriodRecord:
    period: str
    state: str
    confidence: str


@dataclass(frozen=True, slots=True)
class SecretaryGeneralRecord:
    number: int
    name: Names
    nationality: str
    term_start: dt.date
    term_end: dt.date
    appointed: str
    title_note: str
    confidence: str
    notes: Names
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    title: Names
    date: dt.date | None
    date_text: str
    place: Names | None
    signatories: str
    signed_by_secretariat: bool
    confidence: str
    notes: Names
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    abbreviation: str
    name: Names
    confidence: str
    notes: Names
    sources: tuple[Source, ...]
    documents: tuple[DocumentRecord, ...]


@dataclass(frozen=True, slots=True)
class OverrideRecord:
    state: str
    date: dt.date
    working: bool
    reason: Names
    source: str
    #: From the state's official calendar of that year (the year is then official).
    official: bool = False


@dataclass(frozen=True, slots=True)
class TermRecord:
    """A chairmanship term derived from two consecutive summits."""

    state: str
    period: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    confidence: str
    #: Natural keys of the summits that open and close the term.
    opened_by: int
    closed_by: int | None


@dataclass(frozen=True, slots=True)
class ReferenceFile:
    profile: ProfileRecord
    states: tuple[StateRecord, ...]
    bodies: tuple[BodyRecord, ...]
    meetings: tuple[MeetingRecord, ...]
    periods: tuple[PeriodRecord, ...]
    secretaries_general: tuple[SecretaryGeneralRecord, ...]
    organisations: tuple[OrganisationRecord, ...]
    overrides: tuple[OverrideRecord, ...]
    #: Chairmanship terms derived from the summits.
    terms: tuple[TermRecord, ...]
