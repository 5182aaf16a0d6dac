"""Reads for the rules pages: the rulebook, its rules in order.

The reference facts the engine needs (built from the registry) are ``registry.reference``."""

from __future__ import annotations

from secretariat.procedure.rules import Rule, Rulebook, rulebook


def rules_book() -> Rulebook:
    return rulebook()


def rules_in_order(book: Rulebook) -> list[Rule]:
    """Rules grouped by regulation, in the order of the regulation files."""
    order = {code: i for i, code in enumerate(book.regulations)}
    return sorted(book.rules.values(), key=lambda r: (order.get(r.regulation, 99), r.id))
