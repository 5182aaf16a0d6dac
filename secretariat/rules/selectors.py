"""Reads for the rules pages: the rulebook, and the reference facts the engine needs."""

from __future__ import annotations

from django.utils.translation import get_language

from secretariat.procedure.reference import ReferenceData, load_reference_file
from secretariat.procedure.rules import Rule, Rulebook, rulebook
from secretariat.procedure.text import Lang, parse_lang
from secretariat.registry.models import State
from secretariat.registry.reference import reference_from_registry


def current_lang() -> Lang:
    """The engine's language code for the active Django language."""
    return parse_lang(get_language() or "en")


def rules_book() -> Rulebook:
    return rulebook()


def rules_in_order(book: Rulebook) -> list[Rule]:
    """Rules grouped by regulation, in the order of the regulation files."""
    order = {code: i for i, code in enumerate(book.regulations)}
    return sorted(book.rules.values(), key=lambda r: (order.get(r.regulation, 99), r.id))


def reference() -> ReferenceData:
    """The registry's facts when it is loaded (it may have been corrected), else the file."""
    if State.objects.exists():
        return reference_from_registry()
    return load_reference_file()
