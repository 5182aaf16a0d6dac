"""Reads for the rules pages: the rulebook, and the reference facts the engine needs."""

from __future__ import annotations

import threading

from secretariat.procedure.reference import ReferenceData, load_reference_file
from secretariat.procedure.rules import Rule, Rulebook, rulebook
from secretariat.registry.models import State
from secretariat.registry.reference import reference_from_registry
from secretariat.registry.selectors import registry_generation


def rules_book() -> Rulebook:
    return rulebook()


def rules_in_order(book: Rulebook) -> list[Rule]:
    """Rules grouped by regulation, in the order of the regulation files."""
    order = {code: i for i, code in enumerate(book.regulations)}
    return sorted(book.rules.values(), key=lambda r: (order.get(r.regulation, 99), r.id))


#: The reference data built last in this process, with the registry generation it was
#: built at: (token, data). Replaced whole, so threads never see half of it.
_built: tuple[str, ReferenceData] | None = None
_building = threading.Lock()


def reference() -> ReferenceData:
    """The registry's facts when it is loaded (it may have been corrected), else the file.

    Built once per process and kept while the registry's generation token is unchanged,
    so a call costs one query. Every write to the registry gives it a new token
    (``registry.services.registry_changed``), in whatever process it happens; the token is
    read before the data, so facts read after a change are never kept under the token
    from before it.
    """
    global _built
    token = registry_generation()
    built = _built
    if token is not None and built is not None and built[0] == token:
        return built[1]
    with _building:
        built = _built  # another thread may have built it meanwhile
        if token is not None and built is not None and built[0] == token:
            return built[1]
        data = reference_from_registry() if State.objects.exists() else load_reference_file()
        if token is not None:
            _built = (token, data)
        return data


def reference_forget() -> None:
    """Drop this process's reference data (the next call builds it again)."""
    global _built
    _built = None
