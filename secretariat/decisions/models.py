"""Decisions adopted by SCO bodies, as taken from the consensus recorded at their meetings, and
their fulfilment (SEC-OVERSIGHT): implementation tasks, who answers for each, progress reports.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.core.in_languages import shown_text, text_columns
from secretariat.documents.models import Document
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.registry.models import Body, State


class Decision(models.Model):
    """A numbered, dated decision of a body, with every member's position when it was taken."""

    #: "<BODY>-<year>-<n>", numbered per body and year in the order recorded (CNC-2026-3).
    number = models.CharField(max_length=40, unique=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="decision_record"
    )
    #: The document adopted by the decision, if one was.
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    #: The title in the languages given (at least one).
    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    adopted_on = models.DateField()
    #: Codes of the Strategy's areas of cooperation (STRAT-AREAS).
    areas = models.JSONField(default=list, blank=True)
    #: Every member's position: {state code: "for" | "abstain" | "absent" | ...}.
    positions = models.JSONField(default=dict)
    #: The consensus verdict as recorded at the meeting, in en/ru/zh.
    consensus = models.JSONField(default=dict)
    is_public = models.BooleanField(default=False)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Raised by every change to the decision or its tasks.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-adopted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    #: The title in the reader's language, or another's as a stand-in (pages mark it with
    #: ``{% translated row "title" %}``).
    title = shown_text("title")


class Responsible(models.TextChoices):
    BODY = "body", _("a body of the Organisation")
    MEMBER_STATE = "member_state", _("a member state")
    SECRETARIAT = "secretariat", _("the Secretariat")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Task(models.Model):
    """A part of a decision's fulfilment: what, by whom, by when, and how far it has got."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="tasks")
    #: The title in the languages given (at least one).
    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    responsible = models.CharField(max_length=14, choices=Responsible.choices)
    responsible_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    responsible_state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    #: 0-100, from the latest report (100 when done).
    percent = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="task_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(responsible="body", responsible_body__isnull=False)
                    | models.Q(responsible="member_state", responsible_state__isnull=False)
                    | models.Q(responsible="secretariat")
                ),
                name="task_responsible_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.title}"

    #: The title in the reader's language, or another's as a stand-in (pages mark it with
    #: ``{% translated row "title" %}``).
    title = shown_text("title")


class ProgressReport(models.Model):
    """A dated report on a task: how far it has got and what was done."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField()
    percent = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=TaskStatus.choices)
    #: What was done, in the language(s) the reporter wrote it in.
    text_en, text_ru, text_zh = text_columns(
        en=_("report in English"),
        ru=_("report in Russian"),
        zh=_("report in Chinese"),
        max_length=None,
    )
    text = shown_text("text")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["task", "reported_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="report_percent_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.reported_on} {self.percent}%"
