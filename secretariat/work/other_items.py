"""What decisions and the depositary ask of whom: open tasks of the decisions (SEC-OVERSIGHT),
certified copies to make, hand over and acknowledge (SEC-CERTIFIED-7D)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.accounts.models import DelegationKind, User
from secretariat.decisions.models import Responsible, Task, TaskStatus
from secretariat.decisions.selectors import decisions_visible, responsible_name
from secretariat.depositary.models import CertifiedCopy, Original
from secretariat.depositary.services import RULE as COPIES_RULE
from secretariat.depositary.services import addressees, copies_due
from secretariat.meetings.services.common import user_today
from secretariat.procedure.text import Lang
from secretariat.work.items import item, named
from secretariat.work.meeting_items import Split

#: The rule by which the Secretariat oversees the fulfilment of decisions.
OVERSIGHT_RULE = "SEC-OVERSIGHT"
_OPEN = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


def task_items(user: User, lang: Lang, *, everyone: bool) -> Split:
    """Open tasks of the decisions ``user`` may see: those the user's delegation answers for
    (its member state's, or the Secretariat's), and for ``everyone`` the others too."""
    split = Split()
    delegation = user.delegation
    today = user_today(user)
    tasks = (
        Task.objects.filter(decision__in=decisions_visible(user).values("pk"), status__in=_OPEN)
        .select_related("decision__body", "responsible_state", "responsible_body")
        .order_by("due_on", "pk")
    )
    state_delegations: dict[int, list[str]] = {}
    for task in tasks:
        codes: tuple[str, ...] = ()
        mine = False
        state = task.responsible_state
        if task.responsible == Responsible.MEMBER_STATE and state is not None:
            if state.pk not in state_delegations:
                state_delegations[state.pk] = [
                    d.code for d in state.delegations.filter(kind=DelegationKind.MEMBER_STATE)
                ]
            codes = tuple(state_delegations[state.pk])
            mine = (
                delegation is not None
                and delegation.kind == DelegationKind.MEMBER_STATE
                and delegation.state_id == state.pk
            )
        else:
            # The Secretariat's own tasks, and a body's, which it follows up (SEC-OVERSIGHT):
            # the same people decisions.task_responsible_users tells and reminds.
            codes = ("sco-secretariat",)
            mine = delegation is not None and delegation.kind == DelegationKind.SCO_SECRETARIAT
        if not (mine or everyone):
            continue
        title, title_lang = named(task.decision.number, task.decision, lang)
        shown = item(
            source="task",
            title=title,
            title_lang=title_lang,
            # The task as given when the reader's language is missing (an action is one line).
            action=task.title,
            rule_id=OVERSIGHT_RULE,
            lang=lang,
            due=task.due_on,
            today=today,
            link=reverse("decisions:detail", args=[task.decision_id]),
            who=responsible_name(task),
            delegations=codes,
            body=task.decision.body.code,
        )
        (split.due if mine else split.waiting).append(shown)
    return split


def copy_items(user: User, lang: Lang, *, everyone: bool) -> Split:
    """Certified copies the depositary must make and hand over, and those an addressee has
    been handed and not yet acknowledged."""
    split = Split()
    today = user_today(user)
    certifies = user.can("copies.certify")
    if certifies or everyone:
        for original in Original.objects.select_related("document__body").prefetch_related(
            "copies"
        ):
            made = {c.addressee_id for c in original.copies.all()}
            missing = [a for a in addressees(original) if a.pk not in made]
            body = original.document.body.code if original.document.body else ""
            if missing:
                title, title_lang = named(original.register_number, original.document, lang)
                shown = item(
                    source="copies_make",
                    title=title,
                    title_lang=title_lang,
                    action=_("Make and sign the certified copies for %(addressees)s")
                    % {"addressees": ", ".join(str(a.name) for a in missing)},
                    rule_id=COPIES_RULE,
                    lang=lang,
                    due=copies_due(original),
                    today=today,
                    link=reverse("depositary:original", args=[original.pk]),
                    who=_("The depositary"),
                    delegations=("sco-secretariat",),
                    body=body,
                )
                (split.due if certifies else split.waiting).append(shown)
    copies = CertifiedCopy.objects.select_related("original__document__body", "addressee").filter(
        received_on__isnull=True
    )
    receives = user.can("copies.receive")
    for copy in copies.order_by("due", "pk"):
        body = copy.original.document.body.code if copy.original.document.body else ""
        title, title_lang = named(copy.copy_number, copy.original.document, lang)
        link = reverse("depositary:original", args=[copy.original_id])
        if copy.dispatched_on is None:
            if not (certifies or everyone):
                continue
            shown = item(
                source="copy_dispatch",
                title=title,
                title_lang=title_lang,
                action=_("Hand over the certified copy to %(addressee)s")
                % {"addressee": copy.addressee.name},
                rule_id=COPIES_RULE,
                lang=lang,
                due=copy.due,
                today=today,
                link=link,
                who=_("The depositary"),
                delegations=("sco-secretariat",),
                body=body,
            )
            (split.due if certifies else split.waiting).append(shown)
            continue
        mine = receives and copy.addressee_id == user.delegation_id
        if not (mine or everyone):
            continue
        shown = item(
            source="copy_receipt",
            title=title,
            title_lang=title_lang,
            action=_("Acknowledge receipt of the certified copy for %(addressee)s")
            % {"addressee": copy.addressee.name},
            rule_id=COPIES_RULE,
            lang=lang,
            due=None,
            today=today,
            link=link,
            who=str(copy.addressee.name),
            delegations=(copy.addressee.code,),
            body=body,
        )
        (split.due if mine else split.waiting).append(shown)
    return split
