"""Names in three languages, so that a name typed in one finds the texts written in another.

The registry holds the Organisation's names in English, Russian and Chinese: member states and
partners, bodies and their abbreviations, partner organisations, the cities of the councils'
meetings. A query's words that are one of these names in its language (Душанбе, New Delhi,
上合组织, CSTO) also look for the same name in the other two (Dushanbe, 杜尚别), so a Chinese
reader finds a Russian-only text on Душанбе. The names are concepts of :mod:`.across`, as the
term base's terms are.

No Django here: :func:`gazetteer` takes the names; the service gives it the registry's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from secretariat.databank.search import across


def gazetteer(names: Iterable[Mapping[str, str]]) -> across.Thesaurus:
    """The gazetteer of ``names``: each a mapping of language (en, ru, zh) to the name."""
    return across.thesaurus(across.names_as_concepts(names))
