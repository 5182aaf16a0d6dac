"""Telling those concerned, in their own language, what concerns them in a meeting's
procedure: a delegation named as a co-initiator (it must join itself), an initiator that
withdrew, and a meeting refused, cancelled or closed for want of consent, with its reason.

Each notice is a notification due now (the notifications app's inbox and e-mail, through
``reminders_schedule`` with no lead time), written in the same transaction as the step, so a
refused step tells no one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.core.lang import names_of
from secretariat.meetings.facts import member_kind
from secretariat.meetings.models import Initiative, Meeting, MeetingTransition
from secretariat.notifications.services import reminders_schedule
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS
from secretariat.procedure.workflows import workflows

#: What the notices are filed under (the notifications' object label).
NOTICE_LABEL = "meetings.notice"

#: The guard that counts the initiators (procedure.workflows).
INITIATORS_GUARD = "enough_initiators"


def _titles(meeting: Meeting) -> dict[str, str]:
    return {lang: str(getattr(meeting, f"title_{lang}") or meeting.title_en) for lang in LANGS}


def _names(delegation: Delegation) -> dict[str, str]:
    name = names_of(delegation)
    return {lang: name[lang] for lang in LANGS}


def _users_of(delegations: Iterable[Delegation]) -> list[User]:
    ids = [d.pk for d in delegations]
    return list(User.objects.filter(delegation_id__in=ids, is_active=True).order_by("pk"))


def _send(
    meeting: Meeting, key: str, users: list[User], code: str, params: dict[str, object]
) -> None:
    if not users:
        return
    reminders_schedule(
        obj_label=NOTICE_LABEL,
        obj_id=f"{meeting.pk}:{key}",
        rule_id=str(params.get("rule", "")),
        deadline=timezone.localdate(),
        recipients=users,
        subject_code=code,
        params={"meeting": _titles(meeting), **params},
        link=f"/meetings/{meeting.pk}/",
        lead_days=[0],
    )


def initiators_named(meeting: Meeting, opener: Delegation, named: Iterable[Delegation]) -> None:
    """Tell each delegation named as a co-initiator that it counts once it joins itself."""
    rules = ", ".join(_initiator_rules(meeting))
    for delegation in named:
        _send(
            meeting,
            f"named:{delegation.pk}",
            _users_of([delegation]),
            "initiative_named",
            {"opener": _names(opener), "rule": rules},
        )


def initiator_withdrew(meeting: Meeting, row: Initiative) -> None:
    """Tell the other delegations named in the initiative that one withdrew, and why."""
    others = [
        i.delegation for i in meeting.initiatives.select_related("delegation") if i.pk != row.pk
    ]
    _send(
        meeting,
        f"withdrawn:{row.pk}:{row.withdrawn_at:%Y%m%d%H%M%S}",
        _users_of(others),
        "initiative_withdrawn",
        {
            "delegation": _names(row.delegation),
            "reason": row.reason,
            "rule": ", ".join(_initiator_rules(meeting)),
        },
    )


def meeting_stopped(meeting: Meeting, transition: MeetingTransition, step: dict[str, str]) -> None:
    """Tell the initiators, and every member once the meeting was known to all (any step
    taken before), that the meeting was refused, cancelled or closed, with the reason."""
    concerned = [i.delegation for i in meeting.initiatives.select_related("delegation")]
    if meeting.transitions.exclude(pk=transition.pk).exists() or not meeting.extraordinary:
        concerned += list(Delegation.objects.filter(kind=member_kind(meeting)))
    rules = [str(r["id"]) for r in transition.verdict.get("en", {}).get("rules", [])]
    _send(
        meeting,
        f"stopped:{transition.pk}",
        _users_of({d.pk: d for d in concerned}.values()),
        "meeting_stopped",
        {"step": step, "reason": transition.reason, "rule": ", ".join(rules)},
    )


def _initiator_rules(meeting: Meeting) -> list[str]:
    """The rules on initiators of the meeting's procedure: those of the step that counts them
    (the appeal's or letters' registration)."""
    workflow = workflows(rulebook()).get(meeting.kind)
    counting = next((t for t in workflow.transitions if INITIATORS_GUARD in t.guards), None)
    return list(counting.rules) if counting else []
