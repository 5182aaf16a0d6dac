"""The national parts' replies to an extraordinary Board meeting (BCB-EXTRA-REPLY-10D, -RELAY-3D).

Pure: no Django. Once informed (BCB-EXTRA-INFORM-5D), each national part's secretariat
answers within the reply rule's days: it agrees, objects, or only comments. The collection
closes (the ``collect_replies`` step, guard ``replies_in``) when every part has replied or
the reply deadline has passed; a reply after the deadline is still recorded, as late. The
replies are then brought to the Board members (``relay``). The rules cited are the steps'
own (workflows.yaml), so no rule id is written here.

Facts ``replies_in`` reads: ``unreplied`` (states whose national part has not replied),
``reply_due`` (the reply deadline's day) and ``today`` (the day at the seat).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import Message, Text
from secretariat.procedure.verdicts import InputError, Verdict

#: The step that closes the collection of replies, and the one that relays them.
COLLECT = "collect_replies"
RELAY = "relay"
#: The guard of COLLECT.
GUARD = "replies_in"
#: The procedure's event that is the day of the last reply: derived from the replies, never
#: typed by hand (the relay rule counts from it).
LAST_REPLY = "last_reply"
#: Events kept by the services from recorded rows, not entered by hand.
DERIVED_EVENTS = frozenset({LAST_REPLY})
#: The longest text of a reply, in characters.
TEXT_MAX = 4000

FACTS = frozenset({"unreplied", "reply_due", "today"})


class Answer(StrEnum):
    AGREE = "agree"
    OBJECT = "object"
    COMMENTS = "comments"


def parse_answer(value: str) -> Answer:
    try:
        return Answer(value)
    except ValueError:
        raise InputError(
            "unknown_answer",
            Message("replies.unknown_answer", {"value": value, "valid": [a.value for a in Answer]}),
        ) from None


def part_names(reference: ReferenceData, states: Sequence[str]) -> list[Text | str]:
    """The national parts of ``states``, by name (the state's code when the registry has none)."""
    by_state = {b.state: b.name for b in reference.national_parts() if b.state}
    return [by_state.get(s, s) for s in states]


def is_late(sent_on: dt.date, due: dt.date | None) -> bool:
    """A reply sent after the deadline's day is late (recorded, never refused)."""
    return due is not None and sent_on > due


def guard_replies_in(
    book: Rulebook, reference: ReferenceData, body: str, facts: Mapping[str, Any]
) -> Verdict:
    """Every national part replied, or the reply deadline has passed (missing replies are then
    a warning); otherwise the collection stays open, naming the parts still awaited."""
    for name in ("unreplied", "reply_due", "today"):
        if facts.get(name) is None:
            raise InputError(
                "missing_fact",
                Message("error.workflow_missing_fact", {"fact": name, "guard": GUARD}),
            )
    unreplied = sorted(facts["unreplied"])
    due: dt.date = facts["reply_due"]
    today: dt.date = facts["today"]
    names = part_names(reference, unreplied)
    out = {"unreplied": unreplied, "reply_due": due.isoformat(), "today": today.isoformat()}
    if not unreplied:
        return Verdict(
            check="replies",
            outcome="all_replied",
            ok=True,
            summary=Message("replies.all_replied", {}),
            facts=out,
            rules=(),
        )
    if today > due:
        missing = Message("replies.missing", {"parts": names, "due": due})
        return Verdict(
            check="replies",
            outcome="deadline_passed",
            ok=True,
            summary=missing,
            facts=out,
            rules=(),
            warnings=(missing,),
        )
    return Verdict(
        check="replies",
        outcome="replies_pending",
        ok=False,
        summary=Message("replies.pending", {"parts": names, "due": due}),
        facts=out,
        # The step's own rule (the reply deadline) is cited.
        rules=(),
    )
