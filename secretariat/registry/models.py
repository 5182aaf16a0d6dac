"""The registry's tables. Every fact keeps its confidence and its sources.

Names are stored once per language (``name_en``, ``name_ru``, ``name_zh``); the
``name`` property picks the active language. Facts of low confidence, or dated in the
future, are marked so and are never shown as settled (see ``Fact.is_settled``).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.lang import current_lang


class Confidence(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class Trilingual(models.Model):
    """A row named in English, Russian and Chinese."""

    #: English name.
    name_en = models.CharField(max_length=300)
    #: Russian name.
    name_ru = models.CharField(max_length=300, blank=True)
    #: Chinese name (simplified).
    name_zh = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        """The name in the active language, falling back to English."""
        return getattr(self, f"name_{current_lang()}") or self.name_en


class Fact(models.Model):
    """A fact taken from public sources, with how sure we are of it."""

    #: high = two or more independent sources, or one official text; see the data file.
    confidence = models.CharField(max_length=6, choices=Confidence.choices, default=Confidence.HIGH)
    #: A list of {"url": ..., "note": ...} taken from the reference data.
    sources = models.JSONField(default=list, blank=True)
    #: What the sources add or leave open, in each language (the data file gives English, or
    #: all three); a page shows the reader's, or another marked "translation pending".
    notes_en = models.TextField(blank=True)
    notes_ru = models.TextField(blank=True)
    notes_zh = models.TextField(blank=True)

    #: Columns kept as the sources give them, in English (the notes of the sources, a
    #: status's basis, the signatories): a history page marks their values as English.
    given_in_english = ("sources", "basis", "signatories", "partner_as_given", "date_text")

    class Meta:
        abstract = True

    def fact_date(self) -> dt.date | None:
        """The date that makes this fact past or future; None when undated."""
        return None

    @property
    def is_future(self) -> bool:
        day = self.fact_date()
        return day is not None and day > timezone.localdate()

    @property
    def is_settled(self) -> bool:
        """A fact is settled when it is of high or medium confidence and not in the future."""
        return self.confidence != Confidence.LOW and not self.is_future

    @property
    def is_unconfirmed(self) -> bool:
        """Low confidence: one weak or unofficial source, or inferred."""
        return self.confidence == Confidence.LOW

    @property
    def is_planned(self) -> bool:
        """Dated in the future (meetings also when not yet held)."""
        return self.is_future


class OrganisationProfile(Trilingual, Fact):
    """The Organisation itself: one row, the facts shown on the home page."""

    abbreviation_en = models.CharField(max_length=20, blank=True)
    abbreviation_ru = models.CharField(max_length=20, blank=True)
    abbreviation_zh = models.CharField(max_length=20, blank=True)
    #: Day of the Declaration on the Establishment of the SCO.
    founded = models.DateField(null=True, blank=True)
    founding_city_en = models.CharField(max_length=100, blank=True)
    founding_city_ru = models.CharField(max_length=100, blank=True)
    founding_city_zh = models.CharField(max_length=100, blank=True)
    charter_signed = models.DateField(null=True, blank=True)
    charter_signed_city_en = models.CharField(max_length=100, blank=True)
    charter_signed_city_ru = models.CharField(max_length=100, blank=True)
    charter_signed_city_zh = models.CharField(max_length=100, blank=True)
    charter_in_force = models.DateField(null=True, blank=True)
    predecessor_en = models.CharField(max_length=300, blank=True)
    predecessor_ru = models.CharField(max_length=300, blank=True)
    predecessor_zh = models.CharField(max_length=300, blank=True)
    #: Language codes (ru, zh) of the official languages, in the Charter's order.
    official_languages = models.JSONField(default=list, blank=True)
    #: Language codes of the working languages.
    working_languages = models.JSONField(default=list, blank=True)
    #: {"ru": {"en": "Russian", "ru": "русский", "zh": "俄语"}, ...}: names of those languages.
    language_names = models.JSONField(default=dict, blank=True)
    languages_summary_en = models.TextField(blank=True)
    languages_summary_ru = models.TextField(blank=True)
    languages_summary_zh = models.TextField(blank=True)
    #: The last day the sources were searched; later events are not recorded.
    data_as_of = models.DateField(null=True, blank=True)
    #: How far the sources reach, in the words of the reference data.
    sources_cover_up_to = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "organisation profile"

    @property
    def abbreviation(self) -> str:
        return getattr(self, f"abbreviation_{current_lang()}") or self.abbreviation_en

    @property
    def founding_city(self) -> str:
        return getattr(self, f"founding_city_{current_lang()}") or self.founding_city_en

    @property
    def charter_signed_city(self) -> str:
        return getattr(self, f"charter_signed_city_{current_lang()}") or self.charter_signed_city_en

    @property
    def predecessor(self) -> str:
        return getattr(self, f"predecessor_{current_lang()}") or self.predecessor_en

    @property
    def languages_summary(self) -> str:
        return getattr(self, f"languages_summary_{current_lang()}") or self.languages_summary_en

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in the active language."""
        names = self.language_names.get(code) or {}
        return str(names.get(current_lang()) or names.get("en") or code)

    @property
    def official_language_names(self) -> list[str]:
        return [self.language_name(code) for code in self.official_languages]

    @property
    def working_language_names(self) -> list[str]:
        return [self.language_name(code) for code in self.working_languages]


class State(Trilingual, Fact):
    """A state: a member, a partner, or one that once held a status."""

    #: ISO 3166-1 alpha-2 code, the key used everywhere (CN, RU, KZ, ...).
    code = models.CharField(max_length=2, unique=True)
    #: ISO 3166-1 alpha-3 code.
    alpha3 = models.CharField(max_length=3, unique=True)
    official_name_en = models.CharField(max_length=300, blank=True)
    official_name_ru = models.CharField(max_length=300, blank=True)
    official_name_zh = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name_en"]

    @property
    def official_name(self) -> str:
        return (
            getattr(self, f"official_name_{current_lang()}") or self.official_name_en or self.name
        )

    def status_on(self, day: dt.date) -> StateStatus | None:
        """The status held on ``day`` (reads prefetched ``statuses`` when there are any)."""
        for status in self.statuses.all():
            if status.covers(day):
                return status
        return None


class StatusKind(models.TextChoices):
    MEMBER = "member", _("member state")
    OBSERVER = "observer", _("observer state")
    DIALOGUE_PARTNER = "dialogue_partner", _("dialogue partner")
    PARTNER = "partner", _("SCO partner")


class StateStatus(Fact):
    """One period of a state's status in the SCO."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=20, choices=StatusKind.choices)
    #: First day of the status.
    valid_from = models.DateField(null=True, blank=True)
    #: Last day of the status; empty while it holds.
    valid_to = models.DateField(null=True, blank=True)
    #: The decision or event that granted it, as the sources word it.
    basis = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["state__name_en", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="status_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.state_id} {self.status} {self.valid_from or ''}..{self.valid_to or ''}"

    def fact_date(self) -> dt.date | None:
        return self.valid_from

    def covers(self, day: dt.date) -> bool:
        """True when the status holds on ``day``."""
        if self.valid_from is None or day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("council")
    MEETING = "meeting", _("meeting of heads of ministries")
    PERMANENT = "permanent", _("permanent body")
    NON_GOVERNMENTAL = "non_governmental", _("non-governmental structure")
    BOARD = "board", _("board")
    SECRETARIAT = "secretariat", _("secretariat")
    NATIONAL_PART = "national_part", _("national part")


class Body(Trilingual, Fact):
    """A body of the SCO or of a structure attached to it."""

    #: Stable code used by the rules engine: chs, chg, cmfa, cnc, min, secretariat, rats, bc,
    #: bcb, bc_secretariat, np_cn (national parts), ...
    code = models.SlugField(max_length=40, unique=True)
    abbreviation_en = models.CharField(max_length=20, blank=True)
    abbreviation_ru = models.CharField(max_length=20, blank=True)
    abbreviation_zh = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=20, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    #: For a national part of the Business Council: its state.
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="bodies"
    )
    #: The state whose calendar counts the body's working days.
    seat_state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="seated_bodies"
    )
    seat_city_en = models.CharField(max_length=100, blank=True)
    seat_city_ru = models.CharField(max_length=100, blank=True)
    seat_city_zh = models.CharField(max_length=100, blank=True)
    established = models.DateField(null=True, blank=True)
    description_en = models.TextField(blank=True)
    description_ru = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    #: Display order on the bodies page.
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name_plural = "bodies"

    @property
    def abbreviation(self) -> str:
        return getattr(self, f"abbreviation_{current_lang()}") or self.abbreviation_en

    @property
    def seat_city(self) -> str:
        return getattr(self, f"seat_city_{current_lang()}") or self.seat_city_en

    @property
    def description(self) -> str:
        return getattr(self, f"description_{current_lang()}") or self.description_en


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    VIDEOCONFERENCE = "videoconference", _("videoconference")
    VIRTUAL = "virtual", _("virtual")
    HYBRID = "hybrid", _("hybrid")
    PLANNED = "planned", _("planned")


class CouncilMeeting(Fact):
    """A held or planned meeting of a council: a summit (CHS), a CHG or a CMFA meeting."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="council_meetings")
    #: The official number (25 = Tianjin 2025); empty for meetings without one.
    number = models.PositiveIntegerField(null=True, blank=True)
    #: First day; empty when a planned meeting has no date yet.
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    city_en = models.CharField(max_length=200, blank=True)
    city_ru = models.CharField(max_length=200, blank=True)
    city_zh = models.CharField(max_length=200, blank=True)
    host_state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_meetings"
    )
    format = models.CharField(max_length=20, choices=MeetingFormat.choices, blank=True)
    chaired_by = models.CharField(max_length=300, blank=True)
    #: True once the sources confirm it took place.
    held = models.BooleanField(default=True)
    extraordinary = models.BooleanField(default=False)
    #: The state that chairs the SCO from the end of this summit (CHS only).
    chair_after = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chair_after_confidence = models.CharField(max_length=6, choices=Confidence.choices, blank=True)

    class Meta:
        ordering = ["body__position", "date_start", "number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_end__isnull=True)
                | models.Q(date_start__isnull=True)
                | models.Q(date_end__gte=models.F("date_start")),
                name="council_meeting_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=models.Q(number__isnull=False),
                name="council_meeting_number_unique",
            ),
        ]

    def __str__(self) -> str:
        number = self.number or ""
        return f"{self.body.code} {number} {self.city_en} {self.date_start or ''}".strip()

    @property
    def city(self) -> str:
        return getattr(self, f"city_{current_lang()}") or self.city_en

    def fact_date(self) -> dt.date | None:
        return self.date_start

    @property
    def is_settled(self) -> bool:
        return self.held and self.date_start is not None and super().is_settled

    @property
    def is_planned(self) -> bool:
        """Not yet held, or dated in the future."""
        return not self.held or self.is_future


class ChairmanshipTerm(Fact):
    """A state's chairmanship of the SCO, from the close of one summit to the close of the next."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="chairmanships")
    #: The summit at whose close the term began.
    opened_by = models.ForeignKey(
        CouncilMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The summit at whose close the term ends (hosted by the chairing state).
    closed_by = models.ForeignKey(
        CouncilMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: First day of the term; empty when not known.
    valid_from = models.DateField(null=True, blank=True)
    #: Last day of the term; empty while the closing summit has no date.
    valid_to = models.DateField(null=True, blank=True)
    #: The period as the sources give it, e.g. "2025-2026".
    period = models.CharField(max_length=20)

    class Meta:
        ordering = ["valid_from", "period"]

    def __str__(self) -> str:
        return f"{self.period} {self.state_id}"

    def fact_date(self) -> dt.date | None:
        return self.valid_from

    @property
    def is_open(self) -> bool:
        """The closing summit has no date yet, so the last day is not known."""
        return self.valid_to is None

    def covers(self, day: dt.date) -> bool:
        """True when the term includes ``day``."""
        if self.valid_from is None or day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


class SecretaryGeneral(Trilingual, Fact):
    """A Secretary-General (until the post was renamed: Executive Secretary)."""

    number = models.PositiveIntegerField(unique=True)
    nationality = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    term_start = models.DateField()
    term_end = models.DateField()
    appointed = models.CharField(max_length=300, blank=True)
    title_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "Secretary-General"

    def fact_date(self) -> dt.date | None:
        return self.term_start


class InternationalOrganisation(Trilingual, Fact):
    """An international organisation (or other partner) the Secretariat works with."""

    #: The key of the organisation in the data file (ASEAN, CSTO, UN, ...).
    abbreviation = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["abbreviation"],
                condition=~models.Q(abbreviation=""),
                name="organisation_abbreviation_unique",
            )
        ]

    @property
    def shown_abbreviation(self) -> str:
        """The abbreviation a page shows next to the name: none when the key only spells the
        English name in capitals (ROSCONGRESS for the Roscongress Foundation), which would
        put an English word before a Russian or Chinese reader and tell them nothing."""
        words = self.name_en.upper().split()
        return "" if self.abbreviation in words[:1] else self.abbreviation


class CooperationDocument(Fact):
    """A document signed between the SCO (Secretariat) and a partner organisation."""

    organisation = models.ForeignKey(
        InternationalOrganisation, on_delete=models.CASCADE, related_name="documents"
    )
    #: Title in English; ``title_ru`` and ``title_zh`` are the project's translations.
    title = models.CharField(max_length=500)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    #: The date when known to the day; see ``date_text`` otherwise.
    date = models.DateField(null=True, blank=True)
    #: The date as the sources give it when not known to the day ("2008", "Sep 2022").
    date_text = models.CharField(max_length=100, blank=True)
    place = models.CharField(max_length=200, blank=True)
    place_ru = models.CharField(max_length=200, blank=True)
    place_zh = models.CharField(max_length=200, blank=True)
    signatories = models.CharField(max_length=500, blank=True)
    #: False for texts the Secretariat did not sign (RATS protocols, UN resolutions, a status).
    signed_by_secretariat = models.BooleanField(default=True)

    class Meta:
        ordering = ["date", "date_text"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date or self.date_text})"

    def fact_date(self) -> dt.date | None:
        return self.date

    @property
    def display_title(self) -> str:
        """The title in the active language."""
        lang = current_lang()
        return getattr(self, "title" if lang == "en" else f"title_{lang}") or self.title

    @property
    def display_place(self) -> str:
        """The place in the active language."""
        lang = current_lang()
        return getattr(self, "place" if lang == "en" else f"place_{lang}") or self.place


class CalendarOverride(models.Model):
    """A correction to a state's working-day calendar that the Secretariat maintains.

    The ``holidays`` package estimates future years; a decree moving a day off or a
    working Saturday is entered here and wins over the package. A row marked ``official``
    comes from the state's published calendar for its year: a year holding one is official,
    no longer an estimate (the engine's ``calendars``). A year's official calendar is
    entered whole: each working Saturday/Sunday and each extra day off, all marked official
    (a year without transfers: one of its public holidays, as a day off, marked official).
    """

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="calendar_overrides")
    date = models.DateField()
    is_working_day = models.BooleanField()
    reason_en = models.CharField(max_length=300)
    reason_ru = models.CharField(max_length=300, blank=True)
    reason_zh = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=500, blank=True)
    #: From the state's official (published) calendar of that year: the year is official.
    official = models.BooleanField(default=False)

    class Meta:
        ordering = ["state__code", "date"]
        constraints = [
            models.UniqueConstraint(fields=["state", "date"], name="one_override_per_day")
        ]

    def __str__(self) -> str:
        kind = "working day" if self.is_working_day else "day off"
        return f"{self.state.code} {self.date}: {kind} ({self.reason_en})"


#: The primary key of the one RegistryGeneration row.
GENERATION_PK = 1


class RegistryGeneration(models.Model):
    """One row (pk=1) whose token changes with every write to the registry's tables.

    A process that keeps the registry's facts in memory (``registry.reference.reference``)
    reads the token first, in one query, and rebuilds them only when it has changed: a
    calendar override saved in the admin, or the reference data loaded again, in whatever
    process, is seen by every other one on its next call. Changed by ``services.
    registry_changed`` (connected to every registry model's saves and deletions), always
    with ``QuerySet.update()``, so it is bookkeeping, not an audited record.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=GENERATION_PK)
    #: Random, so a rolled-back change or an emptied table can never bring an old one back.
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=GENERATION_PK), name="registry_one_generation"
            )
        ]

    def __str__(self) -> str:
        return f"registry generation {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
