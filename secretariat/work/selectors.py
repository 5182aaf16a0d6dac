"""The start page ("My work"): what is due from the reader and their delegation, what they
wait for from others, and what changed since their previous visit.

``work_of`` is the one read the page (views.home) and the API (api.work) show. The Secretariat
and the Secretary-General (``confidential.all``) see every delegation's steps beside their
own, with filters (a delegation, a body, only what is overdue).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from secretariat.accounts.models import Delegation, User
from secretariat.core.lang import django_language
from secretariat.meetings.models import MeetingTransition
from secretariat.meetings.presenters import person_name
from secretariat.meetings.selectors import meetings_visible
from secretariat.notifications.models import InboxMessage
from secretariat.notifications.selectors import link_here
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Lang
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body
from secretariat.work.items import OVERDUE, WorkItem, in_order
from secretariat.work.meeting_items import concerned_ids, meeting_items, meeting_link
from secretariat.work.models import Visit
from secretariat.work.other_items import copy_items, task_items

#: What a first visit shows as "changed": the last 14 days.
FIRST_VISIT_DAYS = 14
#: A look at the page after this long without one starts a new visit.
VISIT_GAP = dt.timedelta(minutes=30)
#: At most this many changes are shown.
CHANGES_SHOWN = 100


@dataclass(frozen=True, slots=True)
class Filters:
    """The Secretariat's filters: a delegation (code), a body (code), only overdue."""

    delegation: str = ""
    body: str = ""
    only_overdue: bool = False

    def keep(self, shown: WorkItem) -> bool:
        if self.delegation and self.delegation not in shown.delegations:
            return False
        if self.body and shown.body != self.body:
            return False
        return not (self.only_overdue and shown.urgency != OVERDUE)


@dataclass(frozen=True, slots=True)
class Change:
    """A step taken on a meeting, or a message received, since the previous visit."""

    #: "step" or "message"
    kind: str
    at: dt.datetime
    title: str
    text: str
    by: str
    link: str
    unread: bool = False


@dataclass
class WorkShown:
    due: list[WorkItem] = field(default_factory=list)
    waiting: list[WorkItem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    since: dt.datetime | None = None
    #: The reader sees every delegation's steps (the Secretariat, the Secretary-General).
    everyone: bool = False
    filters: Filters = field(default_factory=Filters)


def sees_everyone(user: User) -> bool:
    return user.can("confidential.all")


def filter_choices(lang: Lang) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The delegations and bodies the Secretariat may filter by, by name in ``lang``."""
    delegations = [(d.code, str(d.name)) for d in Delegation.objects.order_by("kind", "code")]
    bodies = [(b.code, str(b.name)) for b in Body.objects.order_by("code")]
    return delegations, bodies


def work_of(
    user: User, lang: Lang, *, filters: Filters | None = None, since: dt.datetime | None = None
) -> WorkShown:
    """Everything the start page shows ``user``, in ``lang`` (the active language)."""
    everyone = sees_everyone(user)
    filters = filters if everyone and filters is not None else Filters()
    shown = WorkShown(everyone=everyone, filters=filters)
    with translation.override(django_language(lang)):
        _gather(user, lang, shown, filters, since)
    return shown


def _gather(
    user: User, lang: Lang, shown: WorkShown, filters: Filters, since: dt.datetime | None
) -> None:
    everyone = shown.everyone
    splits = [task_items(user, lang, everyone=everyone), copy_items(user, lang, everyone=everyone)]
    if user.can("meetings.view"):
        # Partners follow no meeting by default (STRAT-OBSERVERS, STRAT-DIALOGUE).
        splits.insert(0, meeting_items(user, lang, everyone=everyone))
    for split in splits:
        shown.due += split.due
        shown.waiting += split.waiting
    shown.due = in_order([i for i in shown.due if filters.keep(i)])
    shown.waiting = in_order([i for i in shown.waiting if filters.keep(i)])
    shown.since = since or changes_since(user)
    shown.changes = changes_of(user, lang, shown.since)


def changes_since(user: User) -> dt.datetime:
    """What "changed since my last visit" counts from, without counting a visit."""
    visit = Visit.objects.filter(user=user).first()
    if visit is None:
        return timezone.now() - dt.timedelta(days=FIRST_VISIT_DAYS)
    if timezone.now() - visit.last_seen > VISIT_GAP:
        return visit.last_seen
    return visit.since


def visit_record(user: User) -> dt.datetime:
    """Count a look at the start page; what its changes count from (the previous visit's
    last look, or the last 14 days on the first visit).

    A visit is bookkeeping, not a record: it is written without model signals
    (``bulk_create``, ``update``), so the audit log does not grow with every look."""
    now = timezone.now()
    visit = Visit.objects.filter(user=user).first()
    if visit is None:
        since = now - dt.timedelta(days=FIRST_VISIT_DAYS)
        Visit.objects.bulk_create(
            [Visit(user=user, since=since, last_seen=now)], ignore_conflicts=True
        )
        return since
    since = visit.last_seen if now - visit.last_seen > VISIT_GAP else visit.since
    Visit.objects.filter(pk=visit.pk).update(since=since, last_seen=now)
    return since


def changes_of(user: User, lang: Lang, since: dt.datetime) -> list[Change]:
    """Steps taken on the meetings that concern ``user``'s delegation (every meeting it may
    see, for the Secretariat that sees all), and messages to them, since ``since``; newest
    first. A member state's coordinator may open a Board meeting's page, but its steps are not
    news to it."""
    flows = workflows(rulebook())
    steps = MeetingTransition.objects.none()
    if user.can("meetings.view"):
        visible = meetings_visible(user)
        if not user.can("confidential.all"):
            visible = visible.filter(pk__in=concerned_ids(list(visible), user.delegation))
        steps = (
            MeetingTransition.objects.filter(meeting__in=visible.values("pk"), at__gt=since)
            .select_related("meeting", "by")
            .order_by("-at", "-pk")[:CHANGES_SHOWN]
        )
    changes: list[Change] = []
    for step in steps:
        workflow = flows.get(step.meeting.kind)
        names = {t.event: t.name[lang] for t in workflow.transitions}
        changes.append(
            Change(
                kind="step",
                at=step.at,
                title=step.meeting.title,
                text=_step_text(names.get(step.event, ""), workflow.states[step.to_state][lang]),
                by=person_name(step.by),
                link=meeting_link(step.meeting_id),
            )
        )
    messages = InboxMessage.objects.filter(user=user, created__gt=since).order_by("-created")
    for message in messages[:CHANGES_SHOWN]:
        changes.append(
            Change(
                kind="message",
                at=message.created,
                title=message.subject,
                text="",
                by="",
                link=link_here(message.link),
                unread=message.read_at is None,
            )
        )
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes[:CHANGES_SHOWN]


def _step_text(step: str, state: str) -> str:
    return _("%(step)s; now: %(state)s") % {"step": step, "state": state}
