"""Plans of the Organisation and of its bodies, their items, and what of them was done.

- the general plan of the Organisation's activities for the following six months, drawn up
  by the Secretariat together with RATS (SEC-PLAN-6M);
- the draft work plans of SCO bodies, submitted to the Council of National Coordinators for
  approval (SEC-WORKPLANS);
- the work plan of the Board of the Business Council until its next meeting, approved at a
  meeting of the Board (BCB-BUSINESS).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.core.lang import current_lang
from secretariat.core.translated import translated
from secretariat.decisions.models import Decision
from secretariat.meetings.models import Meeting
from secretariat.procedure.planning import plan_kind
from secretariat.procedure.rules import rulebook
from secretariat.registry.models import Body


class PlanKind(models.TextChoices):
    GENERAL = "general", _("general plan of the Organisation's activities")
    BODY = "body", _("work plan of a body")
    BOARD = "board", _("work plan of the Board of the Business Council")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    RETURNED = "returned", _("returned with remarks")
    APPROVED = "approved", _("approved")


class Plan(models.Model):
    """A plan for a period: of the Organisation, of one body, or of the Board."""

    kind = models.CharField(max_length=10, choices=PlanKind.choices)
    #: Whose plan: the Secretariat for the general plan, the body, or the Board (bcb).
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="plans")
    #: The title in the languages given (at least one); shown with ``{% translated %}``.
    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    #: First and last day covered, both included.
    start = models.DateField()
    end = models.DateField()
    state = models.CharField(max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    #: General plan: the day RATS took part in drawing it up, and how (SEC-PLAN-6M).
    rats_participated_on = models.DateField(null=True, blank=True)
    rats_participation_en = models.TextField(blank=True)
    rats_participation_ru = models.TextField(blank=True)
    rats_participation_zh = models.TextField(blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    #: The meeting that approved the plan: the CNC's for a body's work plan, the Board's for
    #: its own (BCB-BUSINESS); the approving decision, when one was recorded.
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="plans_approved"
    )
    approved_by_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="plans_approved"
    )
    #: Board's work plan: the next meeting of the Board, at which the plan ends.
    next_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="plans_ending"
    )
    #: The CNC's remarks when it returned the plan (SEC-WORKPLANS).
    remarks_en = models.TextField(blank=True)
    remarks_ru = models.TextField(blank=True)
    remarks_zh = models.TextField(blank=True)
    returned_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Raised by every change to the plan or its items.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="plan_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start} – {self.end})"

    @property
    def title(self) -> str:
        """The title in the reader's language, or another language's as a stand-in (plain
        text: pages mark the stand-in with ``{% translated row "title" %}``)."""
        return str(translated(self, "title", current_lang()) or "")

    @property
    def rule_id(self) -> str:
        """The rule the plan's kind comes from (workflows.yaml: plans)."""
        return plan_kind(rulebook(), self.kind).rule


class PlanDay(models.Model):
    """One day a plan covers, one row each: the unique constraint lets no two plans of the
    same lane (kind and body) cover the same day, even when two are saved at once, on SQLite
    and on PostgreSQL alike. Derived from the plan's period and written with it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="days")
    kind = models.CharField(max_length=10, choices=PlanKind.choices)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "body", "day"], name="plan_day_once_per_lane")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.body_id}:{self.day}"


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    CARRIED_OVER = "carried_over", _("carried over")


class PlanItem(models.Model):
    """One thing a plan plans: what, who answers for it, when, and what it is linked to."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    #: What is planned, in the languages given (at least one).
    title_en = models.CharField(max_length=500, blank=True)
    title_ru = models.CharField(max_length=500, blank=True)
    title_zh = models.CharField(max_length=500, blank=True)
    #: The body responsible for carrying it out.
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="plan_items")
    #: The planned day, or the first day of the planned month when ``month_only``.
    planned_on = models.DateField()
    month_only = models.BooleanField(default=False)
    #: Codes of the Strategy's areas of cooperation (STRAT-AREAS).
    areas = models.JSONField(default=list, blank=True)
    meetings = models.ManyToManyField(Meeting, blank=True, related_name="plan_items")
    decisions = models.ManyToManyField(Decision, blank=True, related_name="plan_items")
    status = models.CharField(max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    done_on = models.DateField(null=True, blank=True)
    #: What did it: the meeting or the decision.
    done_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items_done"
    )
    done_by_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items_done"
    )
    #: Carried over: why, and the item that continues it in a later plan, if one does.
    carried_note_en = models.TextField(blank=True)
    carried_note_ru = models.TextField(blank=True)
    carried_note_zh = models.TextField(blank=True)
    carried_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_from"
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "planned_on", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="plan_item_done_dated",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.title}"

    @property
    def title(self) -> str:
        """The title in the reader's language, or another language's as a stand-in (plain
        text: pages mark the stand-in with ``{% translated row "title" %}``)."""
        return str(translated(self, "title", current_lang()) or "")
