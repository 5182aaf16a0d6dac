"""Meetings of SCO bodies, their initiators and consents, the facts they count from, their
deadlines (derived from the rules, never edited by hand) and the log of their transitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

from secretariat.accounts.models import Delegation
from secretariat.procedure.text import parse_lang
from secretariat.registry.models import Body, State


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
    venue_city = models.CharField(max_length=200, blank=True)
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
        lang = parse_lang(get_language() or "en")
        return str(getattr(self, f"title_{lang}") or self.title_en)


class Initiative(models.Model):
    """A delegation (member state or national part) that took the initiative of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="initiatives")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")

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

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state} ({self.event})"
