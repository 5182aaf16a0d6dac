"""The national parts' replies as read: the guard's facts, who sees which reply, who may reply
now, and what the meeting page and the API show of them. Reads only (no service here).

The replies belong to the step of the workflow that closes their collection
(``procedure.replies.COLLECT``); its rules give the reply deadline (a Deadline row of the
meeting), and its sources the states in which parts reply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.core.lang import names_of
from secretariat.meetings.models import Meeting, PartReply
from secretariat.procedure.conduct import conduct_of
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.replies import COLLECT, RELAY, Answer
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS, Lang, Message
from secretariat.procedure.timing import day_at
from secretariat.procedure.workflows import Transition, workflows
from secretariat.registry.reference import reference

#: The action of roles.yaml that lets a national part's secretariat or chair reply.
REPLY_ACTION = "meetings.reply"


def seat_day(delegation: Delegation | None = None) -> dt.date:
    """Today at the seat of ``delegation`` (a national part: its own state's day; the BC
    Secretariat: Moscow), the day a reply is dated and deadlines are judged.

    Without a delegation, the BC Secretariat's seat (the actor of the collection).
    """
    if delegation is not None and delegation.state is not None:
        return day_at(delegation.state.code, timezone.now())
    return day_at(reference().seat_of("bc_secretariat"), timezone.now())


def step_of(meeting: Meeting, event: str) -> Transition | None:
    """The workflow step ``event`` of the meeting's procedure, if it has one."""
    for transition in workflows(rulebook()).get(meeting.kind).transitions:
        if transition.event == event:
            return transition
    return None


def collects_replies(meeting: Meeting) -> bool:
    """Whether the meeting's procedure asks the national parts for replies."""
    return step_of(meeting, COLLECT) is not None


def board_parts(ref: ReferenceData) -> list[str]:
    """The states with a national part on the Board, per the registry."""
    return sorted(b.state for b in ref.national_parts() if b.state)


def reply_rules(meeting: Meeting) -> tuple[str, ...]:
    step = step_of(meeting, COLLECT)
    return step.rules if step is not None else ()


def relay_rules(meeting: Meeting) -> tuple[str, ...]:
    step = step_of(meeting, RELAY)
    return step.rules if step is not None else ()


def reply_due(meeting: Meeting) -> dt.date | None:
    """The reply deadline's day (the Deadline row of the collection's rule), if derived."""
    row = meeting.deadlines.filter(rule_id__in=reply_rules(meeting)).order_by("due").first()
    return row.due if row is not None else None


def replied_states(meeting: Meeting) -> set[str]:
    return {
        r.delegation.state.code
        for r in meeting.part_replies.select_related("delegation__state")
        if r.delegation.state is not None
    }


def reply_facts(meeting: Meeting, parts: list[str]) -> dict[str, Any]:
    """What the guard ``replies_in`` reads, from the meeting's rows: the parts that have not
    replied, the reply deadline and the day at the BC Secretariat's seat."""
    return {
        "unreplied": sorted(set(parts) - replied_states(meeting)),
        "reply_due": reply_due(meeting),
        "today": seat_day(),
    }


def is_secretariat(meeting: Meeting, user: User) -> bool:
    """Whether ``user`` acts for the Secretariat serving the meeting (the BC Secretariat)."""
    delegation = user.delegation
    secretariat = conduct_of(rulebook(), meeting.kind).secretariat
    return user.is_active and delegation is not None and delegation.kind == secretariat


def replying_part(user: User | None, ref: ReferenceData) -> Delegation | None:
    """The national part ``user`` may reply for: its own, with meetings.reply; else None."""
    if user is None or not user.is_active or not user.can(REPLY_ACTION):
        return None
    delegation = user.delegation
    if (
        delegation is None
        or delegation.kind != DelegationKind.NATIONAL_PART
        or delegation.state is None
        or delegation.state.code not in board_parts(ref)
    ):
        return None
    return delegation


def replies_open(meeting: Meeting) -> bool:
    """Whether the collection is open: the meeting is where the closing step starts."""
    step = step_of(meeting, COLLECT)
    return step is not None and meeting.state in step.sources


def replies_visible(meeting: Meeting, user: User | None) -> QuerySet[PartReply]:
    """The replies ``user`` may read: all for the BC Secretariat (and whoever sees every
    confidential item); its own for a national part, every one once relayed."""
    rows = meeting.part_replies.select_related("delegation__state", "sent_by")
    if user is None or not user.is_active:
        return rows.none()
    if user.can("confidential.all") or is_secretariat(meeting, user):
        return rows
    delegation = user.delegation
    if delegation is None or delegation.kind != DelegationKind.NATIONAL_PART:
        return rows.none()
    if relayed(meeting):
        return rows
    return rows.filter(delegation=delegation)


def relayed(meeting: Meeting) -> bool:
    return meeting.part_replies.filter(relayed_at__isnull=False).exists()


def answer_label(answer: str) -> Message:
    return Message(f"replies.answer_{Answer(answer).value}", {})


def timing(reply: PartReply, rules: tuple[str, ...]) -> Message:
    """On time or late, citing the reply rule with the deadline and the day sent."""
    params = {"sent": reply.sent_on, "due": reply.due or "—", "rule": ", ".join(rules)}
    return Message("replies.late" if reply.late else "replies.on_time", params)


@dataclass(frozen=True, slots=True)
class ReplyShown:
    delegation: str
    part_name: str
    answer: str
    answer_label: str
    #: As written, in ``language``.
    text: str
    language: str
    sent_on: dt.date
    due: dt.date | None
    late: bool
    timing: str
    amended: bool
    relayed: bool


@dataclass(slots=True)
class RepliesPage:
    """What the page shows of the replies to a reader."""

    rows: list[ReplyShown] = field(default_factory=list)
    rules: tuple[str, ...] = ()
    relay_rules: tuple[str, ...] = ()
    due: dt.date | None = None
    is_open: bool = False
    #: The reader may reply (or amend the reply) now, for this part.
    can_reply: bool = False
    part_name: str = ""
    #: The reader's part's reply, if any (the form starts from it).
    own: PartReply | None = None
    #: Parts that have not replied, by name (shown to the BC Secretariat).
    unreplied: list[str] = field(default_factory=list)
    is_secretariat: bool = False
    relayed: bool = False


def reply_row(reply: PartReply, lang: Lang, rules: tuple[str, ...]) -> ReplyShown:
    return ReplyShown(
        delegation=reply.delegation.code,
        part_name=names_of(reply.delegation)[lang],
        answer=reply.answer,
        answer_label=answer_label(reply.answer).render(lang),
        text=reply.text,
        language=reply.language,
        sent_on=reply.sent_on,
        due=reply.due,
        late=reply.late,
        timing=timing(reply, rules).render(lang),
        amended=reply.amended_at is not None,
        relayed=reply.relayed_at is not None,
    )


def replies_page(meeting: Meeting, user: User | None, lang: Lang) -> RepliesPage | None:
    """The replies' table and form as ``user`` sees them; None where no replies are asked."""
    if not collects_replies(meeting):
        return None
    ref = reference()
    rules = reply_rules(meeting)
    page = RepliesPage(
        rules=rules,
        relay_rules=relay_rules(meeting),
        due=reply_due(meeting),
        is_open=replies_open(meeting),
        relayed=relayed(meeting),
    )
    page.rows = [reply_row(r, lang, rules) for r in replies_visible(meeting, user)]
    part = replying_part(user, ref)
    if part is not None:
        page.part_name = names_of(part)[lang]
        page.own = meeting.part_replies.filter(delegation=part).first()
        page.can_reply = page.is_open
    if user is not None and (is_secretariat(meeting, user) or user.can("confidential.all")):
        page.is_secretariat = True
        names = {b.state: b.name[lang] for b in ref.national_parts() if b.state}
        missing = sorted(set(board_parts(ref)) - replied_states(meeting))
        page.unreplied = [names.get(s, s) for s in missing]
    return page


def replies_data(meeting: Meeting, user: User | None, lang: Lang) -> dict[str, Any]:
    """The API's answer: the replies ``user`` may read, and where the collection stands."""
    page = replies_page(meeting, user, lang)
    if page is None:
        return {"asked": False, "open": False, "due": None, "rules": [], "replies": []}
    return {
        "asked": True,
        "open": page.is_open,
        "due": page.due,
        "rules": list(page.rules),
        "relayed": page.relayed,
        "can_reply": page.can_reply,
        "unreplied": page.unreplied,
        "replies": [
            {
                "delegation": r.delegation,
                "part_name": r.part_name,
                "answer": r.answer,
                "answer_label": r.answer_label,
                "text": r.text,
                "language": r.language,
                "sent_on": r.sent_on,
                "due": r.due,
                "late": r.late,
                "timing": r.timing,
                "amended": r.amended,
                "relayed": r.relayed,
            }
            for r in page.rows
        ],
    }


def relay_text(replies: list[PartReply]) -> dict[str, str]:
    """The replies' content as brought to the Board members, one text per language: each
    part's name and answer in the reader's language, the text as written."""
    out: dict[str, str] = {}
    for lang in LANGS:
        if not replies:
            out[lang] = Message("replies.relay_none", {}).render(lang)
            continue
        lines = []
        for reply in replies:
            late = Message("replies.relay_late_mark", {}).render(lang) if reply.late else ""
            lines.append(
                Message(
                    "replies.relay_line",
                    {
                        "part": names_of(reply.delegation)[lang],
                        "answer": answer_label(reply.answer),
                        "sent": reply.sent_on,
                        "late": late,
                        "text": reply.text,
                    },
                ).render(lang)
            )
        out[lang] = "\n\n".join(lines)
    return out


def reply_initial(meeting: Meeting, user: User | None, initial: dict[str, Any]) -> dict[str, Any]:
    """The reply form's first values: the part's reply as it stands, to amend it."""
    own = None
    part = replying_part(user, reference()) if collects_replies(meeting) else None
    if part is not None:
        own = meeting.part_replies.filter(delegation=part).first()
    if own is None:
        language = getattr(user, "language", "") or "ru"
        return {**initial, "language": language if language in LANGS else "ru"}
    return {**initial, "answer": own.answer, "text": own.text, "language": own.language}
