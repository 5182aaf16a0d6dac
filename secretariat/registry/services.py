"""Writes of the registry: load the SCO reference data file into the tables.

The file is read and checked in full before the first write, and everything is written
in one transaction, so a bad file or a failure half-way leaves the tables as they were.
Loading is idempotent: rows are found by their natural keys and updated in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from secretariat.audit.services import audit_record
from secretariat.reference_data import REFERENCE_FILE
from secretariat.registry.models import (
    GENERATION_PK,
    Body,
    CalendarOverride,
    ChairmanshipTerm,
    CooperationDocument,
    CouncilMeeting,
    InternationalOrganisation,
    OrganisationProfile,
    RegistryGeneration,
    SecretaryGeneral,
    State,
    StateStatus,
)
from secretariat.registry.reference_file import read_reference_file
from secretariat.registry.reference_records import (
    SUMMIT_BODY,
    BodyRecord,
    MeetingRecord,
    Names,
    OrganisationRecord,
    OverrideRecord,
    ProfileRecord,
    ReferenceDataError,
    SecretaryGeneralRecord,
    Source,
    StateRecord,
    TermRecord,
)

__all__ = ["LoadReport", "ReferenceDataError", "reference_load", "registry_changed"]

#: (body, number) or (body, date_start, city): see MeetingRecord.key.
MeetingKey = tuple[str, int | None, dt.date | None, str]


@dataclass(frozen=True, slots=True)
class LoadReport:
    """How many rows of each kind the file holds after a load."""

    path: Path
    states: int
    statuses: int
    bodies: int
    council_meetings: int
    chairmanship_terms: int
    secretaries_general: int
    organisations: int
    documents: int
    calendar_overrides: int

    def summary(self) -> str:
        """One line for the command line and the logs."""
        return (
            f"Loaded {self.path.name}: {self.states} states ({self.statuses} status periods), "
            f"{self.bodies} bodies, {self.council_meetings} council meetings, "
            f"{self.chairmanship_terms} chairmanship terms, "
            f"{self.secretaries_general} Secretaries-General, "
            f"{self.organisations} organisations ({self.documents} documents), "
            f"{self.calendar_overrides} calendar overrides."
        )


def reference_load(*, path: Path | None = None) -> LoadReport:
    """Load the reference data file (the shipped one by default) into the registry."""
    source = Path(path) if path is not None else REFERENCE_FILE
    data = read_reference_file(source)
    with transaction.atomic():
        _profile_save(data.profile)
        states = _states_save(data.states)
        _bodies_save(data.bodies, states)
        meetings = _meetings_save(data.meetings, states)
        _terms_save(data.terms, meetings, states)
        _secretaries_general_save(data.secretaries_general, states)
        documents = _organisations_save(data.organisations)
        _overrides_save(data.overrides, states)
        # Every save above has said so already (signals.py); this covers a load that
        # changed rows without signals, should it ever bulk-write.
        registry_changed()
        # Each row written above has its own entry; this one says which file it all came from.
        audit_record(
            action="registry.load",
            model="registry.state",
            object_repr=source.name,
            after={
                "file": source.name,
                "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                "states": len(data.states),
                "council_meetings": len(data.meetings),
            },
        )
    return LoadReport(
        path=source,
        states=len(data.states),
        statuses=sum(len(s.statuses) for s in data.states),
        bodies=len(data.bodies),
        council_meetings=len(data.meetings),
        chairmanship_terms=len(data.terms),
        secretaries_general=len(data.secretaries_general),
        organisations=len(data.organisations),
        documents=documents,
        calendar_overrides=len(data.overrides),
    )


def registry_changed() -> None:
    """Give the registry a new generation token, in the caller's transaction.

    Processes that keep the registry's facts in memory (``registry.reference.reference``)
    compare the token on every call and rebuild them when it differs. Called for every save
    and deletion of a registry row (``registry.signals``); a write that sends no signal
    (``QuerySet.update``, ``bulk_create``, raw SQL) must call it itself.
    """
    token = secrets.token_hex(16)
    now = timezone.now()
    if RegistryGeneration.objects.filter(pk=GENERATION_PK).update(token=token, changed_at=now):
        return
    # No row yet (a database emptied by a test's flush): create it. Of two writers, one
    # inserts; the other's insert does nothing, and the token is new either way.
    RegistryGeneration.objects.bulk_create(
        [RegistryGeneration(pk=GENERATION_PK, token=token, changed_at=now)],
        ignore_conflicts=True,
    )


# --- one section each -------------------------------------------------------------------


def _profile_save(record: ProfileRecord) -> None:
    # One row: the Organisation itself.
    profile = OrganisationProfile.objects.order_by("pk").first() or OrganisationProfile()
    fields: dict[str, Any] = {
        **_names("name", record.name),
        **_names("abbreviation", record.abbreviation),
        **_names("founding_city", record.founding_city),
        **_names("charter_signed_city", record.charter_signed_city),
        **_names("predecessor", record.predecessor),
        **_names("languages_summary", record.languages_summary),
        "founded": record.founded,
        "charter_signed": record.charter_signed,
        "charter_in_force": record.charter_in_force,
        "official_languages": list(record.official_languages),
        "working_languages": list(record.working_languages),
        "language_names": {
            code: {"en": n.en, "ru": n.ru, "zh": n.zh} for code, n in record.language_names.items()
        },
        "data_as_of": record.data_as_of,
        "sources_cover_up_to": record.sources_cover_up_to,
        "confidence": record.confidence,
        "sources": _sources(record.sources),
    }
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()


def _states_save(records: tuple[StateRecord, ...]) -> dict[str, State]:
    states = {}
    for record in records:
        state, _ = State.objects.update_or_create(
            code=record.code,
            defaults={
                "alpha3": record.alpha3,
                **_names("name", record.name),
                **_names("official_name", record.official_name),
                "confidence": record.confidence,
                "sources": _sources(record.sources),
                **_names("notes", record.notes),
            },
        )
        kept = []
        for period in record.statuses:
            status, _ = StateStatus.objects.update_or_create(
                state=state,
                status=period.status,
                valid_from=period.valid_from,
                defaults={
                    "valid_to": period.valid_to,
                    "basis": period.basis,
                    "confidence": period.confidence,
                    "sources": _sources(period.sources),
                },
            )
            kept.append(status.pk)
        # The file holds the full history: a period it no longer lists was corrected away.
        state.statuses.exclude(pk__in=kept).delete()
        states[record.code] = state
    return states


def _bodies_save(records: tuple[BodyRecord, ...], states: dict[str, State]) -> None:
    bodies = {}
    for position, record in enumerate(records):
        body, _ = Body.objects.update_or_create(
            code=record.code,
            defaults={
                "kind": record.kind,
                **_names("name", record.name),
                **_names("abbreviation", record.abbreviation),
                **_names("description", record.description),
                **_names("seat_city", record.seat_city),
                "state": states[record.state] if record.state else None,
                "seat_state": states[record.seat_state] if record.seat_state else None,
                "established": record.established,
                "confidence": record.confidence,
                "sources": _sources(record.sources),
                **_names("notes", record.notes),
                "position": position,
            },
        )
        bodies[record.code] = body
    # Parents second: a body may be listed before its parent.
    for record in records:
        body = bodies[record.code]
        parent = bodies[record.parent] if record.parent else None
        if body.parent_id != (parent.pk if parent else None):
            body.parent = parent
            body.save(update_fields=["parent"])


def _meetings_save(
    records: tuple[MeetingRecord, ...], states: dict[str, State]
) -> dict[MeetingKey, CouncilMeeting]:
    bodies = {b.code: b for b in Body.objects.all()}
    meetings = {}
    for record in records:
        lookup: dict[str, Any] = {"body": bodies[record.body], "number": record.number}
        if record.number is None:
            lookup |= {"date_start": record.date_start, "city_en": _en(record.city)}
        defaults: dict[str, Any] = {
            "date_start": record.date_start,
            "date_end": record.date_end,
            **_names("city", record.city),
            "host_state": states[record.state] if record.state else None,
            "format": record.format,
            "held": record.held,
            "extraordinary": record.extraordinary,
            "chaired_by": record.chaired_by,
            "chair_after": states[record.chair_after] if record.chair_after else None,
            "chair_after_confidence": record.chair_after_confidence,
            "confidence": record.confidence,
            **_names("notes", record.notes),
            "sources": _sources(record.sources),
        }
        meeting, _ = CouncilMeeting.objects.update_or_create(**lookup, defaults=defaults)
        meetings[record.key] = meeting
    return meetings


def _terms_save(
    records: tuple[TermRecord, ...],
    meetings: dict[MeetingKey, CouncilMeeting],
    states: dict[str, State],
) -> None:
    summits = {key[1]: m for key, m in meetings.items() if key[0] == SUMMIT_BODY and key[1]}
    kept = []
    for record in records:
        opened_by = summits[record.opened_by]
        closed_by = summits[record.closed_by] if record.closed_by else None
        term, _ = ChairmanshipTerm.objects.update_or_create(
            opened_by=opened_by,
            defaults={
                "state": states[record.state],
                "closed_by": closed_by,
                "valid_from": record.valid_from,
                "valid_to": record.valid_to,
                "period": record.period,
                "confidence": record.confidence,
                "sources": opened_by.sources,
                **_names("notes", _derived(record.opened_by, record.closed_by)),
            },
        )
        kept.append(term.pk)
    # Terms are derived data: whatever the summits no longer support goes.
    ChairmanshipTerm.objects.exclude(pk__in=kept).delete()


def _secretaries_general_save(
    records: tuple[SecretaryGeneralRecord, ...], states: dict[str, State]
) -> None:
    for record in records:
        SecretaryGeneral.objects.update_or_create(
            number=record.number,
            defaults={
                **_names("name", record.name),
                "nationality": states[record.nationality],
                "term_start": record.term_start,
                "term_end": record.term_end,
                "appointed": record.appointed,
                "title_note": record.title_note,
                "confidence": record.confidence,
                **_names("notes", record.notes),
                "sources": _sources(record.sources),
            },
        )


def _organisations_save(records: tuple[OrganisationRecord, ...]) -> int:
    count = 0
    for record in records:
        organisation, _ = InternationalOrganisation.objects.update_or_create(
            abbreviation=record.abbreviation,
            defaults={
                **_names("name", record.name),
                "confidence": record.confidence,
                **_names("notes", record.notes),
                "sources": _sources(record.sources),
            },
        )
        kept = []
        for doc in record.documents:
            document, _ = CooperationDocument.objects.update_or_create(
                organisation=organisation,
                title=doc.title.en,
                date=doc.date,
                date_text=doc.date_text,
                defaults={
                    "title_ru": doc.title.ru,
                    "title_zh": doc.title.zh,
                    "place": _en(doc.place),
                    "place_ru": doc.place.ru if doc.place else "",
                    "place_zh": doc.place.zh if doc.place else "",
                    "signatories": doc.signatories,
                    "signed_by_secretariat": doc.signed_by_secretariat,
                    "confidence": doc.confidence,
                    **_names("notes", doc.notes),
                    "sources": _sources(doc.sources),
                },
            )
            kept.append(document.pk)
        organisation.documents.exclude(pk__in=kept).delete()
        count += len(kept)
    return count


def _overrides_save(records: tuple[OverrideRecord, ...], states: dict[str, State]) -> None:
    # Overrides entered in the admin stay: the file only adds or corrects its own days.
    for record in records:
        CalendarOverride.objects.update_or_create(
            state=states[record.state],
            date=record.date,
            defaults={
                "is_working_day": record.working,
                "reason_en": record.reason.en,
                "reason_ru": record.reason.ru,
                "reason_zh": record.reason.zh,
                "source": record.source,
                "official": record.official,
            },
        )


def _names(prefix: str, names: Names | None) -> dict[str, str]:
    """``name_en``, ``name_ru``, ``name_zh`` fields from a trilingual value."""
    if names is None:
        return {f"{prefix}_en": "", f"{prefix}_ru": "", f"{prefix}_zh": ""}
    return {f"{prefix}_en": names.en, f"{prefix}_ru": names.ru, f"{prefix}_zh": names.zh}


def _derived(opened_by: int, closed_by: int | None) -> Names:
    """The note of a chairmanship term: the summits it is derived from (by their numbers)."""
    if closed_by:
        return Names(
            en=f"Derived from summit {opened_by} and summit {closed_by}.",
            ru=f"Определено по саммитам № {opened_by} и № {closed_by}.",
            zh=f"根据第{opened_by}次和第{closed_by}次峰会推定。",
        )
    return Names(
        en=f"Derived from summit {opened_by}.",
        ru=f"Определено по саммиту № {opened_by}.",
        zh=f"根据第{opened_by}次峰会推定。",
    )


def _en(names: Names | None) -> str:
    return names.en if names else ""


def _sources(sources: tuple[Source, ...]) -> list[dict[str, str]]:
    return [s.as_dict() for s in sources]
