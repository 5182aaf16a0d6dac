"""The agenda: members' proposals (on time, or additional ones for the Board), the preliminary
agenda the Secretariat prepares, its circulation (circulate_agenda), items the Chair adds."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from functools import reduce

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.core.errors import refuse
from secretariat.core.lang import current_lang, names_of
from secretariat.core.translated import texts_of
from secretariat.meetings.facts import (
    conduct,
    input_error,
    member_kind,
    members_of,
    part_state,
    secretariat_kind,
)
from secretariat.meetings.languages import any_given, cleaned, for_sentence, one_language
from secretariat.meetings.models import (
    AgendaCirculation,
    AgendaItem,
    AgendaProposal,
    Meeting,
    MeetingTransition,
)
from secretariat.meetings.services.common import (
    IN_SESSION,
    bump,
    check_in_session,
    check_open,
    check_secretariat,
    lock_meeting,
    refuse_verdict,
    state_name,
    workflow_of,
)
from secretariat.meetings.services.lifecycle import take
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.rules import Rulebook, rulebook
from secretariat.procedure.text import LANGS, Message, Text
from secretariat.procedure.timing import day_at
from secretariat.procedure.verdicts import InputError
from secretariat.procedure.workflows import (
    find_transition,
)
from secretariat.registry.reference import reference


def agenda_circulated(meeting: Meeting) -> bool:
    return AgendaCirculation.objects.filter(meeting=meeting).exists()


def takes_additional_items(book: Rulebook, meeting: Meeting) -> bool:
    """Whether members may still propose additional items: where the procedure takes them
    (the Board), until the meeting closes.

    After circulation, BCB-AGENDA-ADOPT lets the Chair add items on members' proposals, at
    the start of the meeting or during it.
    """
    if not conduct(meeting).additional_items:
        return False
    workflow = workflow_of(book, meeting.kind)
    return meeting.state == IN_SESSION or any(
        t.event == "open_session" for t in workflow.available(meeting.state)
    )


def check_agenda_open(book: Rulebook, meeting: Meeting) -> None:
    """Proposals and the agenda's preparation stop once the agenda has been circulated."""
    check_open(book, meeting)
    if agenda_circulated(meeting):
        state = workflow_of(book, meeting.kind).states[meeting.state]
        raise refuse("agenda_closed", "meetings.agenda_closed", state=state)


def proposal_title(title: Text | str) -> Text:
    """A proposal's title in its languages: a Text as given, one string in the language its
    script shows (else the caller's); refused when no language holds it."""
    titles = cleaned(title) if isinstance(title, Text) else one_language(title, current_lang())
    if not any_given(titles):
        raise refuse("item_title_required", "meetings.item_title_any_language")
    return titles


def _next_number(meeting: Meeting) -> int:
    last = meeting.agenda_items.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def agenda_proposal_submit(
    *,
    meeting: Meeting,
    delegation: Delegation,
    title: Text | str,
    text: str = "",
    materials: Sequence[str] = (),
    by: User | None = None,
    submitted_at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> AgendaProposal:
    """Receive a member's proposal for the agenda, refused after the rule's latest day.

    The proposal is private to its delegation and the Secretariat that receives it until
    the agenda is circulated. ``submitted_at`` is when it reached the Secretariat (now, or
    the day a paper proposal arrived).
    """
    book = rulebook()
    ref = reference()
    locked = lock_meeting(meeting, expected_version)
    additional = agenda_circulated(locked) and takes_additional_items(book, locked)
    if not additional:
        check_agenda_open(book, locked)
    members = members_of(locked, ref)
    if (
        delegation.kind != member_kind(locked)
        or delegation.state is None
        or delegation.state.code not in members
    ):
        raise refuse(
            "not_entitled_to_propose",
            "meetings.not_entitled_to_propose",
            delegation=names_of(delegation),
        )
    submitted_at = submitted_at or timezone.now()
    # Sent on the day at the proposing delegation's seat (a proposal sent at 21:30 in Moscow
    # is sent that day in Moscow, whatever the server's zone).
    submitted = day_at(delegation.state.code if delegation.state else None, submitted_at)
    due_rules = conduct(locked).rules.proposals_due
    deadline = locked.deadlines.filter(rule_id__in=due_rules).first()
    if not additional and deadline is not None and submitted > deadline.due:
        refuse_verdict(
            "late_proposal",
            Message(
                "meetings.late_proposal",
                {"delegation": names_of(delegation), "submitted": submitted, "due": deadline.due},
            ),
            (deadline.rule_id,),
            submitted=submitted.isoformat(),
            due=deadline.due.isoformat(),
        )
    titles = proposal_title(title)
    same = [lang for lang in LANGS if titles[lang]]
    if AgendaProposal.objects.filter(
        Q(meeting=locked, owner_delegation=delegation),
        reduce(operator.or_, (Q(**{f"title_{lang}": titles[lang]}) for lang in same)),
    ).exists():
        raise refuse(
            "duplicate_submission",
            "meetings.duplicate_submission",
            delegation=names_of(delegation),
            title=for_sentence(titles),
            status=409,
        )
    proposal = AgendaProposal.objects.create(
        meeting=locked,
        owner_delegation=delegation,
        **{f"title_{lang}": titles[lang] for lang in LANGS},
        text=text,
        materials=[str(m) for m in materials],
        submitted_at=submitted_at,
        submitted_by=by,
        additional=additional,
        # An additional item is proposed to the Board itself: every member sees it.
        circulated_to_members=additional,
    )
    # Sent to the Secretariat that prepares the agenda, so its officers see it too.
    proposal.circulated_to.set(Delegation.objects.filter(kind=secretariat_kind(locked)))
    bump(locked, meeting)
    return proposal


@transaction.atomic
def agenda_prepare(
    *, meeting: Meeting, by: User, expected_version: int | None = None
) -> list[AgendaItem]:
    """Turn the proposals received into the preliminary agenda (one item each, in order)."""
    book = rulebook()
    locked = lock_meeting(meeting, expected_version)
    check_agenda_open(book, locked)
    secretariat = check_secretariat(locked, by)
    number = _next_number(locked)
    created: list[AgendaItem] = []
    for proposal in locked.proposals.filter(items__isnull=True).order_by("submitted_at", "pk"):
        item = AgendaItem.objects.create(
            meeting=locked,
            number=number,
            # The item takes the proposal's title in every language it was given in.
            **{f"title_{lang}": getattr(proposal, f"title_{lang}") for lang in LANGS},
            from_proposal=proposal,
            owner_delegation=secretariat,
        )
        item.circulated_to.add(proposal.owner_delegation)
        created.append(item)
        number += 1
    if created:
        bump(locked, meeting)
    return created


@transaction.atomic
def agenda_circulate(
    *,
    meeting: Meeting,
    by: User,
    cnc_consent: bool | None = None,
    expected_version: int | None = None,
) -> MeetingTransition:
    """Send the agenda, its items and the proposals to every member; take circulate_agenda.

    Where the step cites SEC-CIRCULATE-CNC, the CNC must have consented (``cnc_consent``).
    """
    book = rulebook()
    locked = lock_meeting(meeting, expected_version)
    check_agenda_open(book, locked)
    check_secretariat(locked, by)
    try:
        transition = find_transition(book, locked.kind, locked.state, "circulate_agenda")
    except InputError as exc:
        raise input_error(exc) from exc
    if not locked.agenda_items.exists():
        # Nothing to circulate: the agenda is prepared first (from the proposals, or item by
        # item), under the rules of the step.
        refuse_verdict("empty_agenda", Message("meetings.empty_agenda", {}), transition.rules)
    needs_consent = bool(transition.consent_rules)
    if needs_consent and cnc_consent is not True:
        refuse_verdict(
            "cnc_consent_required",
            Message("meetings.cnc_consent_required", {}),
            transition.consent_rules,
        )
    step = take(locked, meeting, "circulate_agenda", by=by)
    # Row by row, not queryset.update(): the audit app records changes through signals.
    for proposal in locked.proposals.all():
        proposal.circulated_to_members = True
        proposal.save(update_fields=["circulated_to_members"])
    for item in locked.agenda_items.all():
        item.circulated_to_members = True
        item.save(update_fields=["circulated_to_members"])
    AgendaCirculation.objects.create(
        meeting=locked,
        circulated_at=timezone.now(),
        circulated_by=by,
        cnc_consent=cnc_consent if needs_consent else None,
    )
    return step


@transaction.atomic
def agenda_item_add_by_chair(
    *,
    meeting: Meeting,
    title: Text | None = None,
    by: User,
    proposed_by: Delegation | None = None,
    proposal: AgendaProposal | None = None,
    expected_version: int | None = None,
) -> AgendaItem:
    """Add an item of current activity during the meeting, by the Chair (BCB-AGENDA-ADOPT).

    ``proposal``: a member's proposal for an additional item; its title and proposer are
    taken from it unless given.
    """
    book = rulebook()
    ref = reference()
    locked = lock_meeting(meeting, expected_version)
    check_open(book, locked)
    rules = conduct(locked).rules.items_in_session
    check_in_session(book, locked, rules)
    try:
        chair = check_chair(book, ref, locked.body.code, locked.date_start)
    except InputError as exc:
        raise input_error(exc) from exc
    chair_state = str(chair.facts["chair_state"])
    delegation = by.delegation
    if not (
        by.is_active
        and by.can("meetings.add_item_in_session")
        and delegation is not None
        and part_state(delegation, ref) == chair_state
    ):
        refuse_verdict(
            "not_the_chair",
            Message("meetings.not_the_chair", {"state": state_name(ref, chair_state)}),
            (*rules, *conduct(locked).rules.chair),
        )
    if proposal is not None:
        if proposal.meeting_id != locked.pk or not proposal.additional:
            raise refuse(
                "not_an_additional_proposal",
                "meetings.not_an_additional_proposal",
                title=for_sentence(texts_of(proposal, "title")),
            )
        if proposal.items.exists():
            raise refuse(
                "duplicate_submission",
                "meetings.duplicate_submission",
                delegation=names_of(proposal.owner_delegation),
                title=for_sentence(texts_of(proposal, "title")),
                status=409,
            )
        title = title if title is not None and any_given(title) else texts_of(proposal, "title")
        proposed_by = proposed_by or proposal.owner_delegation
    title = cleaned(title)
    if not any_given(title):
        raise refuse("item_title_required", "meetings.item_title_any_language")
    item = AgendaItem.objects.create(
        meeting=locked,
        number=_next_number(locked),
        **{f"title_{lang}": title[lang] for lang in LANGS},
        from_proposal=proposal,
        added_by_chair=True,
        proposed_by=proposed_by,
        owner_delegation=delegation,
        circulated_to_members=True,
    )
    bump(locked, meeting)
    return item
