"""The regular meeting of the Board of the Business Council (BCB-REGULAR, seed 004 §6).

«Правление … проводит свои заседания один раз в год, которые организуются в стране
проведения заседаний СГГ ШОС или СГП ШОС»: one regular meeting a year (a second one in the
same year is flagged: a further meeting is extraordinary), held in the country hosting the
meeting of the Council of Heads of State (CHS) or of the Council of Heads of Government
(CHG) that year. The hosts come from the reference data (summits, CHG meetings); when the
host of a council that year is not known, the check says it cannot tell, as a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from secretariat.procedure.reference import ReferenceData, Summit
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, Text
from secretariat.procedure.verdicts import Verdict
from secretariat.procedure.workflows import workflows

RULE = "BCB-REGULAR"


def _hosts(meetings: Sequence[Summit], year: int) -> list[str]:
    """The hosts of the (dated) meetings of a council in ``year``."""
    return sorted(
        {m.host for m in meetings if m.host and m.date_start and m.date_start.year == year}
    )


def _name(reference: ReferenceData, code: str) -> Text | str:
    state = reference.states.get(code)
    return state.name if state else code


def check_regular_board_meeting(
    book: Rulebook,
    ref: ReferenceData,
    *,
    year: int,
    other_regular_dates: Sequence[dt.date],
    venue_state: str | None,
) -> Verdict:
    """Whether a regular Board meeting in ``year`` at ``venue_state`` keeps BCB-REGULAR.

    ``other_regular_dates`` are the days of the Board's other regular meetings (those of
    other years are ignored). A second regular meeting in the year is a warning (ok stays
    True); a venue that is neither the CHS's nor the CHG's host that year is not ok; a host
    that the reference data does not know is a warning (cannot tell). Without a venue, only
    the number of meetings is checked.
    """
    per_year = int(book.rule(RULE).param("meetings_per_year"))
    others = sorted(d for d in other_regular_dates if d.year == year)
    warnings: list[Message] = []
    if len(others) >= per_year:
        warnings.append(
            Message(
                "regular.second_in_year",
                {"year": year, "dates": others, "rule": RULE},
            )
        )
    chs = _hosts(ref.summits, year)
    chg = _hosts(ref.government_meetings, year)
    councils = {"chs": Message("regular.chs"), "chg": Message("regular.chg")}
    venue_ok: bool | None = None  # None: not judged, or cannot tell
    summary: Message | None = None
    if venue_state is not None:
        venue = _name(ref, venue_state)
        hosting = [c for c, hosts in (("chs", chs), ("chg", chg)) if venue_state in hosts]
        unknown = [c for c, hosts in (("chs", chs), ("chg", chg)) if not hosts]
        if hosting:
            venue_ok = True
            summary = Message(
                "regular.venue_ok",
                {"venue": venue, "council": councils[hosting[0]], "year": year, "rule": RULE},
            )
        elif unknown:
            for council in unknown:
                warnings.append(
                    Message(
                        "regular.venue_unknown_host",
                        {"venue": venue, "council": councils[council], "year": year, "rule": RULE},
                    )
                )
        else:
            venue_ok = False
            summary = Message(
                "regular.venue_wrong",
                {
                    "venue": venue,
                    "chs": [_name(ref, c) for c in chs],
                    "chg": [_name(ref, c) for c in chg],
                    "year": year,
                    "rule": RULE,
                },
            )
    if summary is None or venue_ok:
        if warnings and warnings[0].code == "regular.second_in_year":
            summary = warnings[0] if summary is None else summary
        elif summary is None:
            summary = Message("regular.one_this_year", {"year": year, "rule": RULE})
    ok = venue_ok is not False
    if not ok:
        outcome = "venue_wrong"
    elif others and len(others) >= per_year:
        outcome = "second_in_year"
    elif venue_state is not None and venue_ok is None:
        outcome = "venue_unknown"
    else:
        outcome = "regular_ok"
    return Verdict(
        check="regular_meeting",
        outcome=outcome,
        ok=ok,
        summary=summary,
        facts={
            "year": year,
            "venue_state": venue_state,
            "other_regular_dates": [d.isoformat() for d in others],
            "meetings_per_year": per_year,
            "chs_hosts": chs,
            "chg_hosts": chg,
            "venue_ok": venue_ok,
        },
        rules=(RULE,),
        warnings=tuple(warnings),
    )


def check_regular_meeting(
    book: Rulebook,
    ref: ReferenceData,
    *,
    body: str,
    year: int,
    other_regular_dates: Sequence[dt.date],
    venue_state: str | None,
) -> Verdict:
    """The check of a regular meeting of ``body`` by its regulation's rule on regular
    meetings, where one says when and where they are held (BCB-REGULAR for the Board); a
    body without such a rule gets an ok verdict citing nothing."""
    plan = workflows(book).year_plans.get(body)
    if plan is None or plan.rule != RULE:
        return Verdict(
            check="regular_meeting",
            outcome="no_rule",
            ok=True,
            summary=Message("regular.no_rule", {"year": year}),
            facts={"body": body, "year": year},
            rules=(),
        )
    return check_regular_board_meeting(
        book, ref, year=year, other_regular_dates=other_regular_dates, venue_state=venue_state
    )
