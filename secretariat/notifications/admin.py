# mypy: disable-error-code="type-arg"
# ModelAdmin[Model] needs django_stubs_ext.monkeypatch() at run time, which settings do not call.
"""Admin of reminders (uncertain ones first, to be settled by a person), inbox messages and
calendar feed tokens (seen and revoked here, made only by their owner)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.notifications.models import (
    Digest,
    FeedToken,
    InboxMessage,
    Reminder,
    ReminderState,
    SentEmail,
)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = (
        "state_shown",
        "due_at",
        "recipient",
        "subject_code",
        "model_label",
        "object_id",
        "rule_id",
        "deadline",
        "lead_days",
        "attempts",
        "sent_at",
    )
    list_filter = ("state", "subject_code", "rule_id")
    search_fields = ("key", "recipient__username", "message_id")
    readonly_fields = (
        "key",
        "state",
        "attempts",
        "claimed_by",
        "claimed_at",
        "sent_at",
        "last_error",
        "message_id",
    )
    actions = ("settle_as_sent", "settle_by_resending")
    # Uncertain reminders need a person: list them first.
    ordering = (
        Case(
            When(state=ReminderState.UNCERTAIN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        "-due_at",
    )

    @admin.display(description=_("state"), ordering="state")
    def state_shown(self, obj: Reminder) -> str:
        if obj.state == ReminderState.UNCERTAIN:
            return f"⚠ {obj.get_state_display()}".upper()
        return str(obj.get_state_display())

    @admin.action(description=_("Settle uncertain reminders as sent (the mail log shows them)"))
    def settle_as_sent(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> None:
        count = 0
        for row in queryset.filter(state=ReminderState.UNCERTAIN):
            row.state = ReminderState.SENT
            row.sent_at = timezone.now()
            row.save(update_fields=["state", "sent_at"])
            count += 1
        self.message_user(request, _("%(n)d reminders settled as sent.") % {"n": count})

    @admin.action(description=_("Resend uncertain reminders (the mail log does not show them)"))
    def settle_by_resending(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> None:
        count = 0
        for row in queryset.filter(state=ReminderState.UNCERTAIN):
            row.state = ReminderState.PENDING
            row.due_at = timezone.now()
            row.claimed_by = ""
            row.claimed_at = None
            row.save(update_fields=["state", "due_at", "claimed_by", "claimed_at"])
            count += 1
        self.message_user(
            request, _("%(n)d reminders will be sent again.") % {"n": count}, messages.WARNING
        )


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created", "user", "subject", "read_at")
    list_filter = ("read_at",)
    search_fields = ("subject", "user__username")
    readonly_fields = ("reminder",)


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "scope", "delegation", "prefix", "created", "last_used", "revoked")
    list_filter = ("scope", ("revoked", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "prefix")
    # The digest is of no use to a person, and the secret itself is never stored.
    exclude = ("digest",)
    readonly_fields = ("user", "scope", "delegation", "prefix", "created", "last_used", "revoked")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is made by its owner, who alone sees the URL once

    @admin.action(description=_("Revoke the selected calendar feed tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[FeedToken]) -> None:
        count = 0
        for row in queryset.filter(revoked__isnull=True):
            row.revoked = timezone.now()
            row.save(update_fields=["revoked"])
            count += 1
        self.message_user(request, _("%(n)d calendar feed tokens revoked.") % {"n": count})


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("day", "user", "state", "attempts", "sent_at", "message_id")
    list_filter = ("state", "day")
    search_fields = ("key", "user__username", "message_id")
    readonly_fields = (
        "user",
        "day",
        "key",
        "due_at",
        "state",
        "attempts",
        "claimed_by",
        "claimed_at",
        "sent_at",
        "last_error",
        "message_id",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written by the worker at the digest hour


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "address", "kind", "subject", "state", "message_id")
    list_filter = ("state", "kind")
    search_fields = ("address", "recipient__username", "message_id", "subject")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a log: written by the worker only

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
