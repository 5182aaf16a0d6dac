"""What the meetings ask of whom: open deadlines, initiatives to join, consents to give and
minutes to sign, split into what the reader's delegation must do and what it waits for.

Who must take a step is ``meetings.recipients.actor_filter`` (the one answer reminders and
calendars use too); which meetings the reader may see is ``meetings.selectors.meetings_visible``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.accounts.models import Delegation, User
from secretariat.meetings.facts import member_kind, minutes_recipients, secretariat_kind
from secretariat.meetings.invitees import agreeing_capacity
from secretariat.meetings.minutes_pdf import minutes_ready
from secretariat.meetings.models import (
    Consent,
    ConsentAnswer,
    Deadline,
    Initiative,
    Invitation,
    Meeting,
    PartReply,
)
from secretariat.meetings.presenters import step_blocked
from secretariat.meetings.recipients import actor_filter
from secretariat.meetings.selectors import meeting_next_steps, meetings_visible
from secretariat.meetings.services.common import (
    REASONED_STATES,
    STEPS_WITH_FORMS,
    actor_today,
    user_today,
)
from secretariat.meetings.services.minutes import may_sign_now
from secretariat.procedure.replies import COLLECT
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Lang
from secretariat.procedure.workflows import Transition, workflows
from secretariat.registry.reference import reference
from secretariat.work.items import WorkItem, item, rule_names

#: The meeting page's form for a step the workflow offers through a form of its own.
STEP_ANCHORS = {
    "circulate_agenda": "circulate-form",
    "distribute_minutes": "distribute-form",
    "sign_minutes": "sign-form",
    "adopt_decision": "agenda",
}
#: The meeting page's form for a step that is not one of the workflow's (a reply, a proposal,
#: joining the initiative, a consent), by the actor who takes it.
ACTOR_ANCHORS = {
    "national_part_secretariats": "reply-form",
    "national_parts": "propose-form",
    "bcb_initiators": "join-form",
    "cmfa_initiators": "join-form",
    "member_states": "consent-form",
}
SIGN = "sign_minutes"
DISTRIBUTE = "distribute_minutes"
COLLECT_CONSENTS = "collect_consents"
INITIATOR_ACTORS = frozenset({"bcb_initiators", "cmfa_initiators"})


@dataclass
class Split:
    """Items due from the reader's delegation, and those it waits for from others."""

    due: list[WorkItem] = field(default_factory=list)
    waiting: list[WorkItem] = field(default_factory=list)


def meeting_link(meeting_id: int, anchor: str = "") -> str:
    """The meeting page in the active language's prefix, opened at ``anchor``."""
    url = reverse("meetings:detail", args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url


def step_anchor(meeting: Meeting, rule_id: str, actor: str) -> str:
    """The form on the meeting page that takes the step a deadline's rule asks of ``actor``."""
    for t in workflows(rulebook()).get(meeting.kind).transitions:
        if rule_id in t.rules and t.actor == actor:
            return STEP_ANCHORS.get(t.event, f"step-{t.event}")
    return ACTOR_ANCHORS.get(actor, "")


def _transition(kind: str, event: str) -> Transition | None:
    for t in workflows(rulebook()).get(kind).transitions:
        if t.event == event:
            return t
    return None


def _rules_of(kind: str, event: str) -> tuple[str, ...]:
    found = _transition(kind, event)
    return found.rules if found is not None else ()


class _Acting:
    """Which delegations (and users) act for an actor in a meeting, asked once per pair."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, str], tuple[dict[int, str], set[int]]] = {}
        #: By the filter itself: most actors (the Secretariats, every national part...) are
        #: the same people in every meeting, so they are read once, not once per meeting.
        self._by_filter: dict[str, tuple[dict[int, str], set[int]]] = {}

    def of(self, meeting: Meeting, actor: str) -> tuple[dict[int, str], set[int]]:
        key = (meeting.pk, actor)
        if key not in self._seen:
            where = actor_filter(meeting, actor)
            shape = repr(where)
            if shape in self._by_filter:
                self._seen[key] = self._by_filter[shape]
                return self._seen[key]
            delegations: dict[int, str] = {}
            users: set[int] = set()
            if where is not None:
                rows = User.objects.filter(where, is_active=True).values_list(
                    "pk", "delegation_id", "delegation__code"
                )
                for pk, delegation_id, code in rows:
                    users.add(pk)
                    if delegation_id is not None:
                        delegations[delegation_id] = code
            self._seen[key] = self._by_filter[shape] = (delegations, users)
        return self._seen[key]


def open_meetings(user: User) -> list[Meeting]:
    """The meetings ``user`` may see that are not over."""
    flows = workflows(rulebook())
    return [m for m in meetings_visible(user) if m.state not in flows.get(m.kind).final]


def concerned_ids(meetings: list[Meeting], delegation: Delegation | None) -> set[int]:
    """The meetings ``delegation`` is concerned with: as an initiator, a member, the serving
    Secretariat, or a member state asked for its consent."""
    if delegation is None:
        return set()
    ids = {m.pk for m in meetings}
    found = {m.pk for m in meetings if delegation.kind in (member_kind(m), secretariat_kind(m))}
    found |= set(
        Initiative.objects.filter(meeting_id__in=ids, delegation=delegation).values_list(
            "meeting_id", flat=True
        )
    )
    found |= set(
        Consent.objects.filter(meeting_id__in=ids, delegation=delegation).values_list(
            "meeting_id", flat=True
        )
    )
    return found


def meeting_items(user: User, lang: Lang, *, everyone: bool) -> Split:
    """What the meetings ``user`` may see ask of their delegation, and what it waits for
    (``everyone``: every other delegation's steps are in ``waiting``, for the Secretariat)."""
    split = Split()
    meetings = open_meetings(user)
    by_id = {m.pk: m for m in meetings}
    delegation = user.delegation
    concerned = concerned_ids(meetings, delegation)
    acting = _Acting()
    _deadline_items(user, lang, by_id, concerned, acting, split, everyone=everyone)
    _initiative_items(user, lang, by_id, concerned, split, everyone=everyone)
    _consent_items(user, lang, by_id, concerned, split, everyone=everyone)
    _signature_items(user, lang, by_id, concerned, split, everyone=everyone)
    _step_items(user, lang, by_id, split)
    _agreement_items(user, lang, by_id, split)
    return split


def _mine(user: User, delegation_id: int | None) -> bool:
    return delegation_id is not None and delegation_id == user.delegation_id


class _Owed:
    """Adds a step one delegation owes: due from the user when it is the user's delegation's,
    else awaited when the meeting concerns the user's delegation (or the user sees all)."""

    def __init__(
        self, user: User, lang: Lang, split: Split, concerned: set[int], *, everyone: bool
    ) -> None:
        self.user, self.lang, self.split = user, lang, split
        self.concerned, self.everyone = concerned, everyone

    def __call__(
        self,
        meeting: Meeting,
        delegation: Delegation,
        *,
        source: str,
        action: str,
        rule_id: str,
        due: dt.date | None,
        today: dt.date,
        anchor: str,
        acts: bool = True,
    ) -> None:
        """``acts``: whether the user is the one of the delegation who takes it (its head signs
        the minutes, its coordinator consents); if not, the user waits for that colleague."""
        shown = item(
            source=source,
            title=meeting.title,
            action=action,
            rule_id=rule_id,
            lang=self.lang,
            due=due,
            today=today,
            link=meeting_link(meeting.pk, anchor),
            who=str(delegation.name),
            delegations=(delegation.code,),
            body=meeting.body.code,
            meeting_id=meeting.pk,
        )
        mine = _mine(self.user, delegation.pk)
        if mine and acts:
            self.split.due.append(shown)
        elif mine or self.everyone or meeting.pk in self.concerned:
            self.split.waiting.append(shown)


def _deadline_items(
    user: User,
    lang: Lang,
    by_id: dict[int, Meeting],
    concerned: set[int],
    acting: _Acting,
    split: Split,
    *,
    everyone: bool,
) -> None:
    book = rulebook()
    ref = reference()
    deadlines = Deadline.objects.filter(meeting_id__in=list(by_id), done_at__isnull=True)
    replied: dict[int, set[int]] = {}
    for meeting_id, delegation_id in PartReply.objects.filter(
        meeting_id__in=list(by_id)
    ).values_list("meeting_id", "delegation_id"):
        replied.setdefault(meeting_id, set()).add(delegation_id)
    for d in deadlines.order_by("due", "rule_id"):
        meeting = by_id[d.meeting_id]
        delegations, users = acting.of(meeting, d.actor)
        if d.rule_id in _rules_of(meeting.kind, COLLECT):
            # A part that has replied has done its step, though the collection is open.
            done = replied.get(meeting.pk, set())
            delegations = {k: v for k, v in delegations.items() if k not in done}
            users = set(
                User.objects.filter(pk__in=users)
                .exclude(delegation_id__in=done)
                .values_list("pk", flat=True)
            )
        action, _regulation = rule_names(d.rule_id, lang)
        actor = book.actors.get(d.actor)
        shown = item(
            source="deadline",
            title=meeting.title,
            action=action,
            rule_id=d.rule_id,
            lang=lang,
            due=d.due,
            today=actor_today(book, ref, meeting, d.actor),
            link=meeting_link(meeting.pk, step_anchor(meeting, d.rule_id, d.actor)),
            who=actor.name[lang] if actor else d.actor,
            delegations=tuple(sorted(delegations.values())),
            body=meeting.body.code,
            meeting_id=meeting.pk,
        )
        if user.pk in users or user.delegation_id in delegations:
            split.due.append(shown)
        elif everyone or meeting.pk in concerned:
            split.waiting.append(shown)


def _initiative_items(
    user: User,
    lang: Lang,
    by_id: dict[int, Meeting],
    concerned: set[int],
    split: Split,
    *,
    everyone: bool,
) -> None:
    """Initiatives that name a delegation which has not joined them (nor withdrawn), while
    the appeal is not registered."""
    owed = _Owed(user, lang, split, concerned, everyone=everyone)
    book = rulebook()
    rows = Initiative.objects.filter(
        meeting_id__in=list(by_id),
        joined_at__isnull=True,
        withdrawn_at__isnull=True,
        meeting__transitions__isnull=True,
    ).select_related("delegation")
    today = user_today(user)
    for row in rows:
        meeting = by_id[row.meeting_id]
        rule_ids = [
            r
            for r in book.procedures[meeting.kind].rule_ids
            if (rule := book.rules.get(r)) and rule.step and rule.step.actor in INITIATOR_ACTORS
        ]
        rule_id = rule_ids[0] if rule_ids else ""
        due = meeting.deadlines.filter(rule_id=rule_id).values_list("due", flat=True).first()
        owed(
            meeting,
            row.delegation,
            source="initiative",
            action=_("Join the initiative, or decline it, for %(delegation)s")
            % {"delegation": row.delegation.name},
            rule_id=rule_id,
            due=due,
            today=today,
            anchor="join-form",
        )


def _consent_items(
    user: User,
    lang: Lang,
    by_id: dict[int, Meeting],
    concerned: set[int],
    split: Split,
    *,
    everyone: bool,
) -> None:
    """Member states asked for their consent that have not answered."""
    owed = _Owed(user, lang, split, concerned, everyone=everyone)
    rows = Consent.objects.filter(
        meeting_id__in=list(by_id), answer=ConsentAnswer.PENDING
    ).select_related("delegation")
    today = user_today(user)
    for row in rows:
        meeting = by_id[row.meeting_id]
        rules = _rules_of(meeting.kind, COLLECT_CONSENTS)
        owed(
            meeting,
            row.delegation,
            source="consent",
            action=_("Give or withhold the consent of %(delegation)s to the meeting")
            % {"delegation": row.delegation.name},
            rule_id=rules[0] if rules else "",
            due=None,
            today=today,
            anchor="consent-form",
            acts=user.can("meetings.consent"),
        )


def _signature_items(
    user: User,
    lang: Lang,
    by_id: dict[int, Meeting],
    concerned: set[int],
    split: Split,
    *,
    everyone: bool,
) -> None:
    """Minutes awaiting a delegation's signature (by the day they must go out)."""
    owed = _Owed(user, lang, split, concerned, everyone=everyone)
    book = rulebook()
    ref = reference()
    flows = workflows(book)
    for meeting in by_id.values():
        workflow = flows.get(meeting.kind)
        if all(t.event != SIGN for t in workflow.available(meeting.state)):
            continue
        if not minutes_ready(meeting):
            continue
        signed = set(meeting.signatures.values_list("delegation_id", flat=True))
        sign = _transition(meeting.kind, SIGN)
        rules = sign.rules if sign is not None else ()
        today = actor_today(book, ref, meeting, sign.actor) if sign else user_today(user)
        out = _rules_of(meeting.kind, DISTRIBUTE)
        due = meeting.deadlines.filter(rule_id__in=out).values_list("due", flat=True).first()
        for recipient in minutes_recipients(meeting, ref):
            if recipient.pk in signed:
                continue
            owed(
                meeting,
                recipient,
                source="signature",
                action=_("Sign the minutes for %(delegation)s") % {"delegation": recipient.name},
                rule_id=rules[0] if rules else "",
                due=due,
                today=today,
                anchor="sign-form",
                acts=recipient.pk != user.delegation_id or may_sign_now(meeting, user),
            )


def _step_items(user: User, lang: Lang, by_id: dict[int, Meeting], split: Split) -> None:
    """The steps the meeting page offers the serving Secretariat's officer now, that no open
    deadline lists already (registering an appeal, convening, opening the session...): what
    the page shows as "Next steps", without those that end or stop the meeting and those the
    rules would refuse now."""
    delegation = user.delegation
    if delegation is None or not user.can("meetings.manage"):
        return
    ref = reference()
    today = user_today(user)
    listed = {i.link for i in split.due}
    for meeting in by_id.values():
        if delegation.kind != secretariat_kind(meeting):
            continue
        for t in meeting_next_steps(meeting):
            link = meeting_link(meeting.pk, f"step-{t.event}")
            if t.event in STEPS_WITH_FORMS or t.target in REASONED_STATES or link in listed:
                continue
            if step_blocked(meeting, t, ref, lang):
                continue
            split.due.append(
                item(
                    source="step",
                    title=meeting.title,
                    action=t.name[lang],
                    rule_id=t.rules[0] if t.rules else "",
                    lang=lang,
                    due=None,
                    today=today,
                    link=link,
                    who=str(delegation.name),
                    delegations=(delegation.code,),
                    body=meeting.body.code,
                    meeting_id=meeting.pk,
                )
            )


def _agreement_items(user: User, lang: Lang, by_id: dict[int, Meeting], split: Split) -> None:
    """Invitations to a Board meeting that wait for the Chair's or the Deputy Chair's
    agreement (BCB-PARTICIPANTS), for a user who may give it (as the meeting page offers)."""
    today = user_today(user)
    pending = Invitation.objects.filter(
        meeting_id__in=list(by_id), needs_agreement=True, agreed_by__isnull=True
    ).order_by("meeting_id", "pk")
    for invitation in pending:
        meeting = by_id[invitation.meeting_id]
        if not agreeing_capacity(meeting, user):
            continue
        split.due.append(
            item(
                source="invitation",
                title=meeting.title,
                action=_("Agree the invitation of %(name)s") % {"name": invitation.name},
                rule_id=invitation.rules[0] if invitation.rules else "BCB-PARTICIPANTS",
                lang=lang,
                due=None,
                today=today,
                link=meeting_link(meeting.pk, "participants"),
                who=str(user.delegation.name) if user.delegation else "",
                delegations=(user.delegation.code,) if user.delegation else (),
                body=meeting.body.code,
                meeting_id=meeting.pk,
            )
        )
