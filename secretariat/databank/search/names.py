"""Names in three languages, so that a name typed in one finds the texts written in another.

The registry holds the Organisation's names in English, Russian and Chinese: member states and
partners, bodies and their abbreviations, partner organisations, the cities of the councils'
meetings. A query word that is one of these names in its language (Душанбе, Kazakhstan,
上合组织, CSTO) is also looked for as the same name in the other two (Dushanbe, 杜尚别), so a
Chinese reader finds a Russian-only text on Душанбе. Only names that are one word in the
query's language become keys; their other forms may be several words (新德里 → New Delhi,
found as a phrase).

No Django here: :func:`gazetteer` takes the names; the service gives it the registry's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from secretariat.databank.search import analysis


@dataclass(frozen=True)
class Gazetteer:
    #: A query term -> the same name's other forms, each as a tuple of index terms.
    alternatives: Mapping[str, tuple[tuple[str, ...], ...]]

    def expand(self, parsed: analysis.ParsedQuery) -> analysis.ParsedQuery:
        """``parsed`` with each word that is a name also looking for its other forms."""
        if not self.alternatives:
            return parsed
        words = tuple(
            replace(w, alternatives=self.alternatives.get(w.term, ())) for w in parsed.words
        )
        return analysis.ParsedQuery(words, parsed.phrases)


def gazetteer(names: Iterable[Mapping[str, str]]) -> Gazetteer:
    """The gazetteer of ``names``: each a mapping of language (en, ru, zh) to the name."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for name in names:
        forms = {analysis.query_terms(text) for text in name.values() if text and text.strip()}
        forms.discard(())
        for form in forms:
            if len(form) == 1:
                others = forms - {form}
                if others:
                    found.setdefault(form[0], set()).update(others)
    return Gazetteer({term: tuple(sorted(alts)) for term, alts in sorted(found.items())})
