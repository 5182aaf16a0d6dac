# mypy: disable-error-code="type-arg"
# ModelAdmin[Model] needs django_stubs_ext.monkeypatch() at run time (see accounts/admin.py).
"""Meetings in the admin: read-mostly, since every change must go through services.py."""

from __future__ import annotations

from django.contrib import admin

from secretariat.meetings.models import (
    AgendaItem,
    AgendaProposal,
    Attendance,
    Consent,
    Deadline,
    Initiative,
    Meeting,
    MeetingEvent,
    MeetingTransition,
    MinutesSignature,
    Position,
)


class InitiativeInline(admin.TabularInline):
    model = Initiative
    extra = 0
    can_delete = False


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False


class EventInline(admin.TabularInline):
    model = MeetingEvent
    extra = 0
    can_delete = False


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0
    can_delete = False
    # Deadlines are derived from the rules; editing one by hand would desynchronise it.
    readonly_fields = ("rule_id", "anchor", "anchor_date", "due", "actor", "done_at", "warnings")


class TransitionInline(admin.TabularInline):
    model = MeetingTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_state", "to_state", "event", "at", "by", "verdict")


class ProposalInline(admin.TabularInline):
    model = AgendaProposal
    extra = 0
    can_delete = False
    fields = ("owner_delegation", "title", "submitted_at", "submitted_by", "circulated_to_members")
    readonly_fields = fields


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    can_delete = False
    fields = ("number", "title_en", "from_proposal", "added_by_chair", "decided_at", "adopted")
    # Decisions come from the positions recorded (services.item_decide), never from a form.
    readonly_fields = fields


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    can_delete = False
    # The guards read these rows; they change only through services.attendance_record.
    readonly_fields = (
        "delegation",
        "members_present",
        "chair_present",
        "recorded_at",
        "recorded_by",
    )


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    can_delete = False
    readonly_fields = ("item", "delegation", "position", "recorded_at", "recorded_by")


class SignatureInline(admin.TabularInline):
    model = MinutesSignature
    extra = 0
    can_delete = False
    readonly_fields = ("delegation", "signed_by", "signed_at", "as_authorised_member")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title_en", "body", "kind", "state", "date_start", "date_end")
    list_filter = ("kind", "state", "body")
    search_fields = ("title_en", "title_ru", "title_zh", "venue_city")
    # The state and version change only through services.meeting_transition.
    readonly_fields = ("state", "version", "created_at", "created_by")
    inlines = [
        InitiativeInline,
        ConsentInline,
        EventInline,
        DeadlineInline,
        TransitionInline,
        ProposalInline,
        AgendaItemInline,
        AttendanceInline,
        PositionInline,
        SignatureInline,
    ]
