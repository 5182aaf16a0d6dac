"""External relations of the Secretariat: partners and the people and meetings with them
(SEC-EXTERNAL, SEC-PARTNERS), agreements concluded with the member states' consent
(SEC-EXTERNAL), partner states' participation (STRAT-OBSERVERS, STRAT-DIALOGUE), non-governmental
structures (SEC-NGO), workshops and conferences (SEC-EXPERTS), election observer missions
(SEC-MISSIONS) and the Secretary-General's protocol schedule (SEC-PROTOCOL).

Partners are the registry's international organisations and states: a ``Partner`` row points at
one of them and is made the first time something is recorded about it. Every row made by
``secretariat relations demo`` has ``is_demo`` set and its text starts with "Demo: ".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.core.consent import MemberConsent
from secretariat.core.in_languages import script_lang, shown_text, text_columns
from secretariat.core.tokens import SecretToken
from secretariat.core.translated import HTML_LANG
from secretariat.registry.models import (
    Body,
    CouncilMeeting,
    InternationalOrganisation,
    State,
    StatusKind,
)


class Recorded(models.Model):
    """Who recorded a row and when; whether it is demo content."""

    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Made by ``secretariat relations demo``: not a real contact, event or engagement.
    is_demo = models.BooleanField(default=False)

    class Meta:
        abstract = True


class Titled(models.Model):
    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True

    #: The title in the reader's language, or another's as a stand-in.
    title = shown_text("title")


class Partner(models.Model):
    """A partner organisation or a partner state of the registry, as the Secretariat's
    counterpart: exactly one of ``organisation`` and ``state``."""

    organisation = models.OneToOneField(
        InternationalOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relations_partner",
    )
    state = models.OneToOneField(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="relations_partner"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, state__isnull=True)
                    | models.Q(organisation__isnull=True, state__isnull=False)
                ),
                name="relations_partner_is_one_party",
            )
        ]

    def __str__(self) -> str:
        party = self.organisation or self.state
        return party.name_en if party is not None else f"partner {self.pk}"

    @property
    def name(self) -> str:
        party = self.organisation or self.state
        return party.name if party is not None else ""


class Contact(Recorded):
    """A person at a partner the Secretariat deals with."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    #: Their post at the partner ("Director of External Relations").
    role_en, role_ru, role_zh = text_columns(
        en=_("post in English"),
        ru=_("post in Russian"),
        zh=_("post in Chinese"),
        max_length=200,
    )
    role = shown_text("role")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"


class PartnerMeeting(Recorded):
    """A meeting of the Secretariat with a partner: when, where, who, what came of it."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    place_en, place_ru, place_zh = text_columns(
        en=_("place in English"),
        ru=_("place in Russian"),
        zh=_("place in Chinese"),
        max_length=200,
    )
    place = shown_text("place")
    #: Who took part, as written ("Secretary-General; ASEAN Deputy Secretary-General").
    participants = models.TextField()
    summary_en, summary_ru, summary_zh = text_columns(
        en=_("summary in English"),
        ru=_("summary in Russian"),
        zh=_("summary in Chinese"),
        max_length=None,
    )
    summary = shown_text("summary")

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner} {self.date}"

    @property
    def participants_html_lang(self) -> str:
        """The HTML language the participants are written in, as their script tells: the
        page marks them so for a reader of another language."""
        return HTML_LANG[script_lang(self.participants)]


class AgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("memorandum of understanding")
    AGREEMENT = "agreement", _("agreement")
    PROTOCOL = "protocol", _("protocol")
    OTHER = "other", _("other document")


class AgreementStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("awaiting the member states' consent")
    SIGNED = "signed", _("signed")


class Agreement(Recorded, Titled):
    """A document the Secretariat concludes with a partner, with the consent of every member
    state (SEC-EXTERNAL): signed only once each has consented."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(max_length=12, choices=AgreementKind.choices)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.AWAITING_CONSENT
    )
    signed_on = models.DateField(null=True, blank=True)
    signed_place_en, signed_place_ru, signed_place_zh = text_columns(
        en=_("place of signature in English"),
        ru=_("place of signature in Russian"),
        zh=_("place of signature in Chinese"),
        max_length=200,
    )
    signed_place = shown_text("signed_place")
    in_force = models.BooleanField(default=False)
    in_force_from = models.DateField(null=True, blank=True)
    notes_en, notes_ru, notes_zh = text_columns(
        en=_("notes in English"),
        ru=_("notes in Russian"),
        zh=_("notes in Chinese"),
        max_length=None,
    )
    notes = shown_text("notes")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="signed", signed_on__isnull=False)
                | models.Q(status="awaiting_consent", signed_on__isnull=True),
                name="relations_agreement_signed_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(in_force=False) | models.Q(status="signed"),
                name="relations_agreement_in_force_when_signed",
            ),
        ]

    def __str__(self) -> str:
        return self.title_en


class ConsentDecision(models.TextChoices):
    GIVEN = "given", _("given")
    WITHHELD = "withheld", _("withheld")


class Consent(MemberConsent):
    """One member state's consent to an agreement, given or withheld, by whom and when.

    Given by a user of the state's own delegation (``decided_by``), or received by the
    Secretariat in a note verbale and registered by a Secretariat officer (``registered_by``,
    with the note's reference and date). A row exists once the state answered.
    """

    answer_field = "decision"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="consents")
    decision = models.CharField(max_length=8, choices=ConsentDecision.choices)
    #: Who decided for the state, as written (a user's name, or "note verbale No. 12").
    decided_by_name = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    #: The note verbale that conveyed the answer ("No. 12/3-456"), when registered from one.
    note_reference = models.CharField(max_length=200, blank=True)
    #: The date the note verbale bears.
    note_dated = models.DateField(null=True, blank=True)
    #: The Secretariat officer who registered the answer from the note.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["state__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "state"], name="relations_one_consent"),
            models.CheckConstraint(
                condition=models.Q(note_reference="", note_dated__isnull=True)
                | (~models.Q(note_reference="") & models.Q(note_dated__isnull=False)),
                name="relations_consent_note_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.state_id} {self.decision}"


class ParticipationKind(models.TextChoices):
    OBSERVER = "observer", _("observer")
    DIALOGUE_PARTNER = "dialogue_partner", _("dialogue partner")
    GUEST = "guest", _("guest")


class EventLevel(models.TextChoices):
    """What kind of SCO meeting a partner state takes part in (STRAT-OBSERVERS, STRAT-DIALOGUE)."""

    CHS = "chs", _("meeting of the Council of Heads of State")
    CHG = "chg", _("meeting of the Council of Heads of Government")
    HEADS_OF_MINISTRIES = "heads_of_ministries", _("meeting of heads of ministries and agencies")
    MINISTERIAL = "ministerial", _("ministerial meeting")
    EXPERT = "expert", _("expert meeting")
    OTHER = "other", _("other event")


class Participation(Recorded):
    """A partner state's part in an SCO meeting or event: as observer, dialogue partner or guest."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="participations")
    kind = models.CharField(max_length=16, choices=ParticipationKind.choices)
    level = models.CharField(max_length=20, choices=EventLevel.choices)
    #: The meeting or event, as named ("Council of Heads of State, Tianjin").
    event_name_en, event_name_ru, event_name_zh = text_columns(
        en=_("meeting or event in English"),
        ru=_("meeting or event in Russian"),
        zh=_("meeting or event in Chinese"),
        max_length=300,
    )
    event_name = shown_text("event_name")
    date = models.DateField()
    council_meeting = models.ForeignKey(
        CouncilMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        "relations.Event",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    #: The state's status in the SCO on the day, from the registry.
    status_on_date = models.CharField(max_length=20, blank=True)
    notes_en, notes_ru, notes_zh = text_columns(
        en=_("notes in English"),
        ru=_("notes in Russian"),
        zh=_("notes in Chinese"),
        max_length=None,
    )
    notes = shown_text("notes")

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.state_id} {self.kind} {self.event_name}"

    @property
    def status_on_date_name(self) -> str:
        """The state's status on the day, named in the reader's language (never its code)."""
        return (
            str(dict(StatusKind.choices).get(self.status_on_date, ""))
            if self.status_on_date
            else ""
        )


class NgoKind(models.TextChoices):
    SCO_STRUCTURE = "sco_structure", _("non-governmental structure of the SCO")
    BUSINESS = "business", _("business association")
    RESEARCH = "research", _("research or expert centre")
    PUBLIC = "public", _("public organisation or foundation")
    MEDIA = "media", _("media")
    OTHER = "other", _("other")


class NgoInteraction(Recorded):
    """The Secretariat's interaction with a non-governmental structure (SEC-NGO)."""

    organisation_name_en, organisation_name_ru, organisation_name_zh = text_columns(
        en=_("organisation in English"),
        ru=_("organisation in Russian"),
        zh=_("organisation in Chinese"),
        max_length=300,
    )
    organisation_name = shown_text("organisation_name")
    kind = models.CharField(max_length=16, choices=NgoKind.choices)
    #: The registry's body when it is one of the SCO's non-governmental structures.
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    subject_en, subject_ru, subject_zh = text_columns(
        en=_("subject in English"),
        ru=_("subject in Russian"),
        zh=_("subject in Chinese"),
        max_length=500,
    )
    subject = shown_text("subject")
    outcome_en, outcome_ru, outcome_zh = text_columns(
        en=_("outcome in English"),
        ru=_("outcome in Russian"),
        zh=_("outcome in Chinese"),
        max_length=None,
    )
    outcome = shown_text("outcome")

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_name} {self.date}"


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("workshop")
    CONFERENCE = "conference", _("conference")
    SYMPOSIUM = "symposium", _("symposium")


class Event(Recorded, Titled):
    """A workshop, conference or symposium the Secretariat organises (SEC-EXPERTS)."""

    kind = models.CharField(max_length=12, choices=EventKind.choices)
    date_start = models.DateField()
    date_end = models.DateField()
    place_en, place_ru, place_zh = text_columns(
        en=_("place in English"),
        ru=_("place in Russian"),
        zh=_("place in Chinese"),
        max_length=200,
    )
    place = shown_text("place")
    organisers_en, organisers_ru, organisers_zh = text_columns(
        en=_("organisers in English"),
        ru=_("organisers in Russian"),
        zh=_("organisers in Chinese"),
        max_length=500,
    )
    organisers = shown_text("organisers")
    participants_count = models.PositiveIntegerField(null=True, blank=True)
    outcome_en, outcome_ru, outcome_zh = text_columns(
        en=_("outcome in English"),
        ru=_("outcome in Russian"),
        zh=_("outcome in Chinese"),
        max_length=None,
    )
    outcome = shown_text("outcome")

    class Meta:
        ordering = ["-date_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_end__gte=models.F("date_start")),
                name="relations_event_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title_en


class ElectionKind(models.TextChoices):
    PRESIDENTIAL = "presidential", _("presidential election")
    PARLIAMENTARY = "parliamentary", _("parliamentary election")
    REFERENDUM = "referendum", _("referendum")


class Mission(Recorded):
    """An SCO observer mission to an election or a referendum (SEC-MISSIONS)."""

    kind = models.CharField(max_length=14, choices=ElectionKind.choices)
    country = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    election_date = models.DateField()
    date_start = models.DateField()
    date_end = models.DateField()
    report_text_en, report_text_ru, report_text_zh = text_columns(
        en=_("report in English"),
        ru=_("report in Russian"),
        zh=_("report in Chinese"),
        max_length=None,
    )
    report_text = shown_text("report_text")
    report_file = models.FileField(upload_to="relations/missions/%Y/", blank=True)
    report_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-election_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_end__gte=models.F("date_start")),
                name="relations_mission_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(report_date__isnull=True)
                | models.Q(report_date__gte=models.F("election_date")),
                name="relations_mission_report_after_election",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.country_id} {self.election_date}"

    @property
    def head(self) -> MissionMember | None:
        for member in self.members.all():
            if member.is_head:
                return member
        return None


class MissionMember(models.Model):
    """A member of a mission: a user of a member state's delegation, or a name as written."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    #: The member state the member comes from, when known.
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_head = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_head", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission"],
                condition=models.Q(is_head=True),
                name="relations_mission_one_head",
            )
        ]

    def __str__(self) -> str:
        return self.name


class EngagementKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    VISIT = "visit", _("visit")
    TALKS = "talks", _("talks")
    CEREMONY = "ceremony", _("ceremony")
    RECEPTION = "reception", _("reception")
    CALL = "call", _("call or videoconference")
    OTHER = "other", _("other")


class Engagement(Recorded):
    """An entry of the Secretary-General's schedule of meetings and visits (SEC-PROTOCOL)."""

    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    counterpart_en, counterpart_ru, counterpart_zh = text_columns(
        en=_("with whom in English"),
        ru=_("with whom in Russian"),
        zh=_("with whom in Chinese"),
        max_length=300,
    )
    counterpart = shown_text("counterpart")
    place_en, place_ru, place_zh = text_columns(
        en=_("place in English"),
        ru=_("place in Russian"),
        zh=_("place in Chinese"),
        max_length=200,
    )
    place = shown_text("place")
    kind = models.CharField(max_length=10, choices=EngagementKind.choices)
    notes_en, notes_ru, notes_zh = text_columns(
        en=_("notes in English"),
        ru=_("notes in Russian"),
        zh=_("notes in Chinese"),
        max_length=None,
    )
    notes = shown_text("notes")
    #: Raised by every change, so a calendar client updates the event (RFC 5545 SEQUENCE).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="relations_engagement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.counterpart}"


class ProtocolFeedToken(SecretToken):
    """The secret of a user's private address of the schedule's iCalendar feed, for calendar
    clients that cannot log in. Only its SHA-256 digest is stored (``core.tokens``); the feed
    answers only while the user is active and still has ``protocol.view``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="protocol_feed_tokens"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked__isnull=True),
                name="relations_protocol_feed_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.prefix}…"
