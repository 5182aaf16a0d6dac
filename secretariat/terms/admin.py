# mypy: disable-error-code="type-arg"
# ModelAdmin[Model] needs django_stubs_ext.monkeypatch() in the settings to work at run time;
# until then the admin classes stay unparametrised.
"""The term base in the Django admin, to look things up only: edits go through the pages
under /terms/, whose services check the terms, version the concept and tell
``terms.lookup`` that the base changed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from secretariat.terms.models import Concept, Source, Term


class ReadOnly:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class TermInline(ReadOnly, admin.TabularInline):
    model = Term
    extra = 0
    fields = ("lang", "text", "preferred", "position", "source", "source_ref")


@admin.register(Concept)
class ConceptAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("key", "domain", "enforce", "version", "updated_at")
    list_filter = ("domain", "enforce")
    search_fields = ("key", "terms__text")
    inlines = (TermInline,)


@admin.register(Source)
class SourceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("key", "title_en", "location")
