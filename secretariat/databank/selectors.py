"""Reads of the databank: the passage a rule comes from."""

from __future__ import annotations

from secretariat.databank.models import Passage
from secretariat.procedure.rules import Rule, Source


def passage_of(rule: Rule) -> Passage | None:
    """Return the public passage a rule's main source cites, if the databank holds it."""
    return passage_cited(rule.source)


def passage_cited(cited: Source) -> Passage | None:
    """Return the public passage a citation (seed file and label) points at, if imported."""
    if not cited.paragraph:
        return None
    return (
        Passage.objects.select_related("source")
        .filter(
            source__code=cited.file.removesuffix(".txt"),
            source__is_public=True,
            label=cited.paragraph,
        )
        .order_by("number")
        .first()
    )
