# mypy: disable-error-code="type-arg"
# ModelAdmin[Model] needs django_stubs_ext.monkeypatch() in the settings to work at run time;
# until then the admin classes stay unparametrised.
"""Admin of the registry.

Most tables are loaded from the reference data file (``secretariat registry load``);
edits made here to those rows are overwritten by the next load, so correct the file.
The calendar overrides are the exception: the Secretariat maintains them here.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from secretariat.registry.models import (
    Body,
    CalendarOverride,
    ChairmanshipTerm,
    CooperationDocument,
    CouncilMeeting,
    InternationalOrganisation,
    OrganisationProfile,
    SecretaryGeneral,
    State,
    StateStatus,
)

LOADED_FROM_FILE = _(
    "Loaded from the reference data file: changes made here are replaced at the next load."
)


class StateStatusInline(admin.TabularInline):
    model = StateStatus
    extra = 0
    fields = ("status", "valid_from", "valid_to", "basis", "confidence")


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("code", "alpha3", "name_en", "name_ru", "name_zh", "confidence")
    list_filter = ("confidence", "statuses__status")
    search_fields = ("code", "alpha3", "name_en", "name_ru", "name_zh", "official_name_en")
    inlines = [StateStatusInline]


@admin.register(StateStatus)
class StateStatusAdmin(admin.ModelAdmin):
    list_display = ("state", "status", "valid_from", "valid_to", "confidence")
    list_filter = ("status", "confidence")
    search_fields = ("state__code", "state__name_en", "basis")
    list_select_related = ("state",)
    date_hierarchy = "valid_from"


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "kind", "parent", "seat_state", "seat_city_en", "position")
    list_filter = ("kind", "seat_state", "confidence")
    search_fields = ("code", "name_en", "name_ru", "name_zh", "abbreviation_en")
    list_select_related = ("parent", "seat_state")


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(admin.ModelAdmin):
    list_display = (
        "body",
        "number",
        "date_start",
        "date_end",
        "city_en",
        "host_state",
        "format",
        "held",
        "chair_after",
        "confidence",
    )
    list_filter = ("body", "held", "format", "extraordinary", "confidence", "host_state")
    search_fields = (
        "city_en",
        "city_ru",
        "city_zh",
        "chaired_by",
        "notes_en",
        "notes_ru",
        "notes_zh",
    )
    list_select_related = ("body", "host_state", "chair_after")
    date_hierarchy = "date_start"


@admin.register(ChairmanshipTerm)
class ChairmanshipTermAdmin(admin.ModelAdmin):
    list_display = ("period", "state", "valid_from", "valid_to", "opened_by", "confidence")
    list_filter = ("state", "confidence")
    search_fields = ("period", "state__code", "state__name_en")
    list_select_related = ("state", "opened_by__body")


@admin.register(SecretaryGeneral)
class SecretaryGeneralAdmin(admin.ModelAdmin):
    list_display = ("number", "name_en", "nationality", "term_start", "term_end", "confidence")
    list_filter = ("nationality", "confidence")
    search_fields = ("name_en", "name_ru", "name_zh")
    list_select_related = ("nationality",)


class CooperationDocumentInline(admin.TabularInline):
    model = CooperationDocument
    extra = 0
    fields = ("title", "date", "date_text", "place", "signatories", "confidence")


@admin.register(InternationalOrganisation)
class InternationalOrganisationAdmin(admin.ModelAdmin):
    list_display = ("abbreviation", "name_en", "confidence")
    list_filter = ("confidence",)
    search_fields = ("abbreviation", "name_en", "name_ru", "name_zh")
    inlines = [CooperationDocumentInline]


@admin.register(CooperationDocument)
class CooperationDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "date", "date_text", "place", "confidence")
    list_filter = ("confidence", "signed_by_secretariat", "organisation")
    search_fields = ("title", "title_ru", "title_zh", "signatories", "organisation__name_en")
    list_select_related = ("organisation",)


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(admin.ModelAdmin):
    list_display = ("name_en", "founded", "charter_in_force", "data_as_of")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """The table the Secretariat edits: days off and working days the holidays package misses."""

    list_display = ("state", "date", "is_working_day", "official", "reason_en", "source")
    list_editable = ("is_working_day",)
    list_filter = ("state", "is_working_day", "official")
    search_fields = ("reason_en", "reason_ru", "reason_zh", "source", "state__code")
    list_select_related = ("state",)
    date_hierarchy = "date"
    autocomplete_fields = ("state",)
    fields = (
        "state",
        "date",
        "is_working_day",
        "official",
        "reason_en",
        "reason_ru",
        "reason_zh",
        "source",
    )
