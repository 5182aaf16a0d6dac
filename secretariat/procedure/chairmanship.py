"""Who chairs the SCO on a day, from the summits (CNC-CHAIR, BCB-CHAIR).

The chairmanship passes at the close of each summit to the state hosting the next
one, which chairs until the close of the summit it hosts.

Reading of CNC-CHAIR and BCB-CHAIR on a summit's own days (seeds 001 ¶3, 004 §3): the
host state of a summit presides over it, and the handover happens at the END of the
summit's last day. So on every day of a summit, its last day included, the host still
chairs; the next chair's term starts the day after. On a one-day summit the host
therefore chairs its own summit day (it never did under the earlier reading, where the
new chair held the summit's last day). The founding summit had no chair before it: on its
days its host presides too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from secretariat.procedure.reference import ReferenceData, Summit, weakest
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, Text
from secretariat.procedure.verdicts import InputError, Verdict

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ChairTerm:
    state: str
    #: First day of the term (the opening summit's last day); None for a term only
    #: announced by a summit that has not yet taken place.
    valid_from: dt.date | None
    #: Last day of the term; None while the closing summit has no date.
    valid_to: dt.date | None
    opened_by: Summit
    closed_by: Summit | None
    #: How sure the sources are of who chairs: the opening summit and its chair_after.
    confidence: str

    @property
    def announced_only(self) -> bool:
        return self.valid_from is None


def chair_terms(reference: ReferenceData) -> list[ChairTerm]:
    """Every chairmanship term, in order, derived from the summits (computed once per data).

    Terms opened by a summit that has not yet taken place (announced chairs) come last,
    without a first day.
    """
    terms: list[ChairTerm] | None = reference.derived.get("chair_terms")
    if terms is None:
        terms = reference.derived["chair_terms"] = _derive_terms(reference)
    return terms


def _derive_terms(reference: ReferenceData) -> list[ChairTerm]:
    summits = list(reference.summits)
    terms = []
    for i, summit in enumerate(summits):
        following = summits[i + 1] if i + 1 < len(summits) else None
        state = summit.chair_after or (following.host if following else None)
        if state is None:
            continue
        # The host presides through its summit's last day; the new chair starts the day
        # after, and holds the whole of the summit it hosts (see the module's docstring).
        opened = summit.date_end + ONE_DAY if summit.held and summit.date_end else None
        closes = following.date_end if following and following.held else None
        terms.append(
            ChairTerm(
                state=state,
                valid_from=opened,
                valid_to=closes if closes and opened else None,
                opened_by=summit,
                closed_by=following,
                confidence=weakest(summit.confidence, summit.chair_after_confidence),
            )
        )
    return terms


def term_on(reference: ReferenceData, day: dt.date) -> ChairTerm:
    """The chairmanship term covering ``day`` (announced terms never cover a day)."""
    started = [t for t in chair_terms(reference) if t.valid_from is not None]
    first = started[0].valid_from if started else None
    if first is None or day < first:
        closed = started[0].opened_by.date_end if started else None
        raise InputError(
            "date_before_first_summit",
            Message("error.before_first_summit", {"first": closed if closed else "?"}),
        )
    return [t for t in started if t.valid_from is not None and t.valid_from <= day][-1]


def chairs_from(reference: ReferenceData, term: ChairTerm) -> list[tuple[str, str]]:
    """The chairs from ``term`` on, as (state, confidence): held terms, then announced ones."""
    terms = chair_terms(reference)
    return [(t.state, t.confidence) for t in terms[terms.index(term) :]]


def _summit_on(reference: ReferenceData, day: dt.date) -> Summit | None:
    """The held summit whose days include ``day``, if any."""
    for summit in reference.summits:
        start = summit.date_start
        if summit.held and start and start <= day <= (summit.date_end or start):
            return summit
    return None


def _founding_term(reference: ReferenceData, day: dt.date) -> ChairTerm | None:
    """On the days of the founding summit (no chair before it), its host presides."""
    first = reference.summits[0] if reference.summits else None
    if first is None or not first.held or first.host is None or first.date_start is None:
        return None
    end = first.date_end or first.date_start
    if not first.date_start <= day <= end:
        return None
    return ChairTerm(
        state=first.host,
        valid_from=first.date_start,
        valid_to=end,
        opened_by=first,
        closed_by=first,
        confidence=first.confidence,
    )


def _name(reference: ReferenceData, code: str) -> Text | str:
    state = reference.states.get(code)
    return state.name if state else code


def check_chair(book: Rulebook, reference: ReferenceData, body: str, day: dt.date) -> Verdict:
    """Who chairs the CNC or the BCB on ``day`` (and, for the BCB, the deputy)."""
    if body not in {"cnc", "bcb"}:
        raise InputError("unknown_body", Message("error.chair_body", {"body": body}))
    rule_id = "CNC-CHAIR" if body == "cnc" else "BCB-CHAIR"
    warnings: list[Message] = []
    try:
        term = term_on(reference, day)
    except InputError:
        founding = _founding_term(reference, day)
        if founding is None:
            raise
        term = founding
    summit = _summit_on(reference, day)
    if summit is not None and summit.host == term.state:
        warnings.append(
            Message(
                "chair.host_presides",
                {"state": _name(reference, term.state), "rules": ["CNC-CHAIR", "BCB-CHAIR"]},
            )
        )
    state_name = _name(reference, term.state)
    force = book.rule(rule_id).force_warning(day)
    if force is not None:
        warnings.append(force)
    if term.confidence == "low":
        warnings.append(Message("chair.low_confidence", {"state": state_name}))
    if term.valid_to is None:
        warnings.append(
            Message("chair.term_end_unknown", {"state": state_name, "since": term.valid_from})
        )
    facts: dict[str, object] = {
        "chair_state": term.state,
        "term_from": term.valid_from.isoformat() if term.valid_from else None,
        "term_to": term.valid_to.isoformat() if term.valid_to else None,
        "opened_by_summit": term.opened_by.number,
        "summit_day": summit.number if summit is not None else None,
        "confidence": term.confidence,
    }
    deputy: str | None = None
    if body == "bcb":
        offset = int(book.rule("BCB-CHAIR").param("deputy_terms_ahead"))
        terms = chair_terms(reference)
        sequence = (
            chairs_from(reference, term)
            if term in terms
            else [(term.state, term.confidence), *((t.state, t.confidence) for t in terms)]
        )
        deputy, deputy_confidence = sequence[offset] if offset < len(sequence) else (None, "")
        facts["deputy_state"] = deputy
        facts["deputy_confidence"] = deputy_confidence if deputy else None
        if deputy and deputy_confidence == "low":
            warnings.append(
                Message("chair.deputy_low_confidence", {"state": _name(reference, deputy)})
            )
        if deputy is None:
            warnings.append(Message("chair.deputy_unknown", {}))
    summary = Message(
        f"chair.{body}",
        {
            "state": state_name,
            "code": term.state,
            "since": facts["term_from"],
            "deputy": _name(reference, deputy) if deputy else "—",
        },
    )
    return Verdict(
        check="chair",
        outcome="chair_known",
        ok=True,
        summary=summary,
        facts=facts,
        rules=(rule_id,),
        warnings=tuple(warnings),
    )
