# mypy: disable-error-code="type-arg"
# ModelAdmin[Model] needs django_stubs_ext.monkeypatch() in the settings to work at run time;
# until then the admin classes stay unparametrised, as in the registry's admin.
"""Admin of the databank: read what was imported; re-import a file to change its passages."""

from __future__ import annotations

from django.contrib import admin

from secretariat.databank.models import Passage, Source


class PassageInline(admin.TabularInline):
    model = Passage
    extra = 0
    fields = ("number", "label", "heading", "language", "text")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "language", "kind", "size", "imported_at", "is_public")
    list_filter = ("kind", "language", "is_public")
    search_fields = ("code", "title")
    inlines = [PassageInline]
