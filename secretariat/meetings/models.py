"""Meetings of SCO bodies, their initiators and consents, the facts they count from, their
deadlines (derived from the rules, never edited by hand) and the log of their transitions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from secretariat.accounts.models import Delegation
from secretariat.core.lang import current_lang
from secretariat.core.translated import translated
from secretariat.registry.models import Body, State


def _in_language(row: Any, prefix: str) -> str:
    shown = translated(row, prefix, current_lang())
    return shown.text if shown is not None else ""


class Meeting(models.Model):
    """One meeting of a body, moving through the workflow of its procedure."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    #: The procedure code of procedures.yaml and workflows.yaml (bcb-extraordinary, ...).
    kind = models.CharField(max_length=40)
    extraordinary = models.BooleanField(default=False)
    #: A state of the kind's workflow; changed only by services.meeting_transition.
    state = models.CharField(max_length=40)
    title_en = models.CharField(max_length=300)
    title_ru = models.CharField(max_length=300, blank=True)
    title_zh = models.CharField(max_length=300, blank=True)
    #: What the meeting is about, asked when it is planned or initiated: three
    #: extraordinary meetings of a body differ by it. A language left empty is shown as
    #: "translation pending" beside the text given (meetings.subjects.subject_in).
    subject_en = models.CharField(max_length=500, blank=True)
    subject_ru = models.CharField(max_length=500, blank=True)
    subject_zh = models.CharField(max_length=500, blank=True)
    #: The city, in each language (a city of the reference data in its three names:
    #: meetings.languages.venue_text); a language left empty is shown as "translation
    #: pending" beside the text given, and the minutes are not signed while Russian or
    #: Chinese is empty.
    venue_city_en = models.CharField(max_length=200, blank=True)
    venue_city_ru = models.CharField(max_length=200, blank=True)
    venue_city_zh = models.CharField(max_length=200, blank=True)
    venue_state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings_hosted"
    )
    #: The first and last day; "before the meeting" counts from the first, "after" the last.
    date_start = models.DateField()
    date_end = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Raised by every change, so a caller acting on an old view gets "stale_meeting".
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date_start", "pk"]

    def __str__(self) -> str:
        return f"{self.title_en} ({self.date_start})"

    @property
    def title(self) -> str:
        lang = current_lang()
        return str(getattr(self, f"title_{lang}") or self.title_en)

    @property
    def venue_city(self) -> str:
        """The city in the active language, else in the first language given (pages mark
        that with ``{% translated meeting "venue_city" %}``; this is for search and logs)."""
        return _in_language(self, "venue_city")


class Initiative(models.Model):
    """A delegation (member state or national part) named as an initiator of a meeting.

    Named is not joined: the delegation that opens the initiative joins it at once; every
    other one named joins it itself, by one of its own users (nobody joins in another's
    name), with the day it sent its appeal or letter. Only joined initiatives count.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="initiatives")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    #: When and by whom the delegation joined; None while it is only named.
    joined_at = models.DateTimeField(null=True, blank=True)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The day, at the delegation's seat, on which it sent its appeal or letter.
    sent_on = models.DateField(null=True, blank=True)
    #: Withdrawn by the delegation before the appeal was registered, with its reason.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegation"], name="initiative_once")
        ]

    def __str__(self) -> str:
        return f"{self.delegation.code} → {self.meeting_id}"


class ConsentAnswer(models.TextChoices):
    YES = "yes", "yes"
    NO = "no", "no"
    PENDING = "pending", "pending"


class Consent(models.Model):
    """The answer of a member state that did not initiate the meeting (CMFA)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="consents")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        max_length=8, choices=ConsentAnswer.choices, default=ConsentAnswer.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegation"], name="consent_once")
        ]

    def __str__(self) -> str:
        return f"{self.delegation.code}: {self.answer}"


class MeetingEvent(models.Model):
    """A dated fact a deadline counts from (received, informed, last_reply); recorded once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    #: An event of the procedure in procedures.yaml.
    event = models.CharField(max_length=40)
    date = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "event"], name="meeting_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.date}"


class Deadline(models.Model):
    """A step's latest day, derived from the rule and its anchor (services.deadlines_sync).

    ``due`` is recomputed whenever the meeting's dates or events change; never edit it.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deadlines")
    rule_id = models.CharField(max_length=40)
    #: What the date counts from: meeting_start, meeting_end, an event or another rule's id.
    anchor = models.CharField(max_length=40)
    anchor_date = models.DateField()
    due = models.DateField()
    #: Who acts: a code of actors.yaml.
    actor = models.CharField(max_length=40)
    done_at = models.DateTimeField(null=True, blank=True)
    #: The day the step was taken, at the seat of the actor (or the day of the fact the rule
    #: names: the appeal's sending day...), and whether it was after ``due``.
    done_on = models.DateField(null=True, blank=True)
    late = models.BooleanField(default=False)
    #: The timing verdict rendered in en, ru and zh (procedure.timing.check_timing).
    timing = models.JSONField(default=dict, blank=True)
    #: Warnings as message codes and parameters: [{"code": ..., "params": {...}}].
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["due", "rule_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "rule_id"], name="deadline_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.due}"


class MeetingTransition(models.Model):
    """One step of a meeting's workflow, with the verdict that allowed it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=40)
    to_state = models.CharField(max_length=40)
    event = models.CharField(max_length=40)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The verdict rendered in en, ru and zh: {"en": {...}, "ru": {...}, "zh": {...}}.
    verdict = models.JSONField(default=dict)
    #: Why the step was taken, where it ends or stops the meeting (refuse, cancel, decline),
    #: as the acting user wrote it.
    reason = models.TextField(blank=True, max_length=2000)
    #: The day of the step at the acting seat.
    on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state} ({self.event})"


# --- the meeting's content: proposals, agenda, attendance, positions, signatures ---------------
#
# These rows are the facts the workflow's guards read (quorate, no_objection,
# minutes_signed_by_every_part); services.meeting_transition builds the guards' facts from
# them and ignores what a caller says. Confidential rows carry the fields of
# accounts.access.visible_q (owner_delegation, is_public, circulated_to_members,
# circulated_to), so every read for a user filters them the same way.


class AgendaProposal(models.Model):
    """A proposal for the agenda with its materials, sent by a national part or member state.

    Private to its delegation (and the Secretariat that receives it) until the agenda is
    circulated (services.agenda_circulate).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    #: The delegation that proposes, and owns the proposal until it is circulated.
    owner_delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="agenda_proposals"
    )
    #: The item proposed, in one to three languages (as the proposing delegation gave it);
    #: the agenda item made from it takes all three.
    title_en = models.CharField(max_length=300, blank=True)
    title_ru = models.CharField(max_length=300, blank=True)
    title_zh = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    #: The materials sent with it, as a list of titles or references (files come later).
    materials = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_public = models.BooleanField(default=False)
    circulated_to_members = models.BooleanField(default=False)
    #: Delegations it was sent to by name (the Secretariat that receives it).
    circulated_to = models.ManyToManyField(Delegation, blank=True, related_name="+")
    #: Proposed after the agenda went out, for an additional item the Chair may add in session
    #: (BCB-AGENDA-ADOPT); seen by every member at once.
    additional = models.BooleanField(default=False)

    class Meta:
        ordering = ["submitted_at", "pk"]
        # A delegation proposes an item once: no two of its proposals share a title in a
        # language (an empty language is no title).
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "owner_delegation", f"title_{lang}"],
                condition=~models.Q(**{f"title_{lang}": ""}),
                name=f"proposal_once_{lang}",
            )
            for lang in ("en", "ru", "zh")
        ]

    def __str__(self) -> str:
        return f"{self.owner_delegation.code}: {self.title}"

    @property
    def title(self) -> str:
        """The title in the active language, else in the first language given (pages mark
        that with ``{% translated %}``; this is for logs and the admin)."""
        return _in_language(self, "title")


class AgendaItem(models.Model):
    """An item of the meeting's agenda, and whether the decision on it was adopted."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveIntegerField()
    #: The title in one to three languages (an item proposed in Chinese has its Chinese
    #: title; the others are pending until translated).
    title_en = models.CharField(max_length=300, blank=True)
    title_ru = models.CharField(max_length=300, blank=True)
    title_zh = models.CharField(max_length=300, blank=True)
    from_proposal = models.ForeignKey(
        AgendaProposal, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    #: Added in session by the Chair on members' proposal (BCB-AGENDA-ADOPT).
    added_by_chair = models.BooleanField(default=False)
    #: The delegation that asked the Chair for the item, if any.
    proposed_by = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: When the decision on the item was taken; positions are frozen from then on.
    decided_at = models.DateTimeField(null=True, blank=True)
    #: Whether the decision on the item was adopted (by consensus, BCB-CONSENSUS).
    adopted = models.BooleanField(default=False)
    #: The verdict of the decision rendered in en, ru and zh.
    decision = models.JSONField(default=dict, blank=True)
    #: The Secretariat's delegation that prepared the agenda.
    owner_delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_public = models.BooleanField(default=False)
    circulated_to_members = models.BooleanField(default=False)
    circulated_to = models.ManyToManyField(Delegation, blank=True, related_name="+")
    #: As in Indico's timetable: when the item starts, for how long (minutes) and who speaks
    #: (a short list of names); bounds in services.agenda (ITEM_LIMITS).
    starts_at = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    speakers = models.JSONField(default=list, blank=True)
    #: Documents of the documents app attached to the item as its materials. Named by string:
    #: documents sits above meetings (import-linter), so no Python import of it here; each
    #: reader sees only the documents they may see (accounts.access.visible_q).
    materials = models.ManyToManyField(
        "documents.Document", blank=True, related_name="agenda_materials_of"
    )

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title_en or self.title_ru or self.title_zh}"

    @property
    def title(self) -> str:
        """The title in the active language, else in the first language given (pages mark
        that with ``{% translated %}``)."""
        return _in_language(self, "title")

    @staticmethod
    def material_model() -> Any:
        """The documents app's Document, reached through ``materials``: meetings sits below
        documents (import-linter), so it names the model only by string."""
        return AgendaItem._meta.get_field("materials").related_model


class AgendaCirculation(models.Model):
    """The agenda sent to the members, and the CNC's consent where SEC-CIRCULATE-CNC asks it."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="circulation")
    circulated_at = models.DateTimeField()
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Whether the CNC consented; None where no rule asks for its consent (the Board).
    cnc_consent = models.BooleanField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.circulated_at:%Y-%m-%d}"


class Attendance(models.Model):
    """How many Board members of one national part are in the room, and whether its chair is."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    #: 0..members_per_part of BCB-COMPOSITION (checked by the rules engine).
    members_present = models.PositiveSmallIntegerField()
    #: Whether the head of the national part is present (BCB-MINUTES-SIGN).
    chair_present = models.BooleanField(default=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "delegation__code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegation"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.delegation.code}: {self.members_present}"


class PositionChoice(models.TextChoices):
    SUPPORT = "support", "support"
    OBJECT = "object", "object"
    ABSTAIN = "abstain", "abstain"
    ABSENT = "absent", "absent"


class Position(models.Model):
    """A national part's position on an agenda item; it may change until the item is decided."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="positions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="positions")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(max_length=8, choices=PositionChoice.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item", "delegation__code"]
        constraints = [models.UniqueConstraint(fields=["item", "delegation"], name="position_once")]

    def __str__(self) -> str:
        return f"{self.delegation.code}: {self.position}"


class ItemObjection(models.Model):
    """A decision on an item not taken because a member objected (BCB-CONSENSUS,
    STRAT-CONSENSUS): recorded on the item with the verdict; positions may still change and
    the item be decided again."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="objections")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="objections")
    #: The states that objected, as codes (the verdict names them).
    objecting = models.JSONField(default=list)
    #: The consensus verdict rendered in en, ru and zh.
    verdict = models.JSONField(default=dict)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.objecting}"


class MinutesSignature(models.Model):
    """The signature of the minutes for one national part (BCB-MINUTES-SIGN)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="signatures")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    #: Signed by an authorised Board member because the head of the part was absent.
    as_authorised_member = models.BooleanField(default=False)
    #: SHA-256 of the exact PDF the signatory reviewed and signed (MinutesText.pdf_sha256:
    #: every part signs the same text, frozen when the meeting concluded).
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["meeting", "delegation__code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegation"], name="minutes_signed_once")
        ]

    def __str__(self) -> str:
        return f"{self.delegation.code}: {self.signed_by_id}"


class MinutesText(models.Model):
    """The minutes as they stood when the meeting concluded: the PDF every part signs.

    Rendered once (minutes_pdf.minutes_freeze) and kept byte for byte, so every signatory
    reviews and signs the same text, whose SHA-256 each signature pins.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes_text")
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    frozen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.pdf_sha256[:12]}"


class DistributionMethod(models.TextChoices):
    #: Handed to the members right after the meeting (BCB-MINUTES-DISTRIBUTE-5WD).
    HANDED = "handed", "handed"
    #: Sent by the Secretariat afterwards.
    SENT = "sent", "sent"


class MinutesDistribution(models.Model):
    """The minutes as they reached one recipient: how, on what day, and which text.

    One row per recipient (a national part for the Board, a member state otherwise); the
    ``distribute_minutes`` step waits until every recipient has one.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="distribution")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=8, choices=DistributionMethod.choices)
    #: The day the minutes were handed over or sent.
    sent_on = models.DateField()
    #: Whether that day is after the rule's latest day (recorded, never refused: the minutes
    #: must still go out).
    late = models.BooleanField(default=False)
    #: SHA-256 of the minutes PDF as distributed (minutes.minutes_pdf renders it again).
    pdf_sha256 = models.CharField(max_length=64)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "delegation__code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegation"], name="minutes_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.delegation.code}: {self.sent_on}"


class Invitation(models.Model):
    """A person invited to a meeting beside its members (BCB-PARTICIPANTS).

    Every invitation passed ``procedure.participation.check_invitee``; ``ground`` and
    ``rules`` say on what ground and under which rules: a partner state's representative
    (STRAT-OBSERVERS, STRAT-DIALOGUE), a delegation taking part by right (the SCO Secretariat
    on the Board), another delegation invited, or a guest in a personal capacity. For the
    Board the list is agreed with the Chair or the Deputy Chair (``agreed_by``), except for
    those taking part by right (``agreed_as`` "by_right").
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=200)
    #: Position and organisation, as it will appear in the list.
    capacity = models.CharField(max_length=300, blank=True)
    #: The delegation the person represents, if any (a partner, the SCO Secretariat...).
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Whether the list must be agreed (the Board) and, once it is, by whom and when.
    needs_agreement = models.BooleanField(default=False)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: "chair" or "deputy": in which capacity the agreeing user acted; "by_right" when no
    #: agreement was needed because the delegation takes part by right.
    agreed_as = models.CharField(max_length=8, blank=True)
    #: On what ground the person is invited (procedure.participation.GROUNDS): partner,
    #: by_right, invited, guest.
    ground = models.CharField(max_length=10, blank=True)
    #: The rules the invitation was checked against (ids), as cited on the page.
    rules = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["meeting", "proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name", "capacity"], name="invited_once")
        ]

    def __str__(self) -> str:
        return self.name


class PartReply(models.Model):
    """A national part's reply to an extraordinary Board meeting it was informed of
    (BCB-EXTRA-REPLY-10D): agree, object or comments only, with a text as written.

    Sent by a user of that part (its secretariat or its chair) and amended until the
    collection is closed; ``late`` when sent after the reply deadline (recorded, never
    refused). Seen by the BC Secretariat and the replying part, by every national part once
    relayed to the Board members (``relayed_at``, BCB-EXTRA-RELAY-3D).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="part_replies")
    #: The national part that replies (the sender's own delegation).
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")
    #: agree / object / comments (procedure.replies.Answer).
    answer = models.CharField(max_length=10)
    #: As written, in ``language`` (at most procedure.replies.TEXT_MAX characters).
    text = models.TextField()
    #: The language the text is written in: en, ru or zh.
    language = models.CharField(max_length=2)
    #: The day the reply (as it stands) was sent, at the part's seat.
    sent_on = models.DateField()
    #: The reply deadline's day when it was sent, and whether it was sent after it.
    due = models.DateField(null=True, blank=True)
    late = models.BooleanField(default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    #: When it was last amended (None if never).
    amended_at = models.DateTimeField(null=True, blank=True)
    #: When it was brought to the Board members (the ``relay`` step).
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "delegation__code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegation"], name="part_reply_once")
        ]

    def __str__(self) -> str:
        return f"{self.delegation.code}: {self.answer}"
