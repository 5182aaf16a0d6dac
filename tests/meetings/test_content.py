"""A meeting's content is stored as rows, and the workflow's guards read those rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation

from secretariat.accounts.access import visible_q
from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import delegations_sync
from secretariat.core.errors import ConflictError, InvalidInputError
from secretariat.meetings import selectors
from secretariat.meetings.models import (
    AgendaCirculation,
    AgendaItem,
    AgendaProposal,
    Attendance,
    Meeting,
    MeetingTransition,
    MinutesSignature,
)
from secretariat.meetings.services import (
    ItemFields,
    MeetingRefusedError,
    agenda_circulate,
    agenda_item_add,
    agenda_item_add_by_chair,
    agenda_prepare,
    agenda_proposal_submit,
    attendance_record,
    item_decide,
    meeting_plan,
    meeting_transition,
    minutes_sign,
    position_record,
    quorum_now,
)
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Text
from secretariat.registry.models import Body
from secretariat.registry.reference import reference
from secretariat.registry.services import LoadReport
from tests.factories import accounts
from tests.factories.registry import registry_loaded
from tests.said import RULE_ID, day_said, rule_said

from .support import day

pytestmark = pytest.mark.django_db

START = "2026-06-30"
#: The Board's ten national parts, as the registry holds them.
PARTS = ("CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY")
#: 16 members from 6 parts: a quorum of a Board of 30 (BCB-QUORUM).
SIXTEEN_FROM_SIX = {"CN": 3, "RU": 3, "KZ": 3, "KG": 3, "TJ": 3, "UZ": 1}
#: 15 members from 5 parts: one short of the quorum of 30.
FIFTEEN_FROM_FIVE = {"CN": 3, "RU": 3, "KZ": 3, "KG": 3, "TJ": 3}


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def delegations() -> None:
    """Delegations derived from the registry: np-cn ... np-by, member states, secretariats."""
    delegations_sync()


def part(state: str) -> Delegation:
    return Delegation.objects.get(code=f"np-{state.lower()}")


def user(username: str, delegation: str, role: str) -> User:
    return accounts.user_get_or_create(username, role, delegation)


def bc_officer() -> User:
    return user("bc-officer", "bc-secretariat", "bc_secretariat_officer")


def at(iso: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(iso))


def board_meeting() -> Meeting:
    return meeting_plan(
        body=Body.objects.get(code="bcb"), kind="bcb-regular", start=day(START)
    ).meeting


def propose(meeting: Meeting, state: str, title: str | Text, when: str = "2026-06-15T10:00") -> Any:
    return agenda_proposal_submit(
        meeting=meeting,
        delegation=part(state),
        title=title,
        text="Draft decision attached.",
        materials=["draft decision", "explanatory note"],
        submitted_at=at(when),
    )


#: The proposal every circulated agenda holds, in the three languages: the minutes are signed
#: only once their Russian and Chinese texts are complete.
WORK_PLAN = Text(
    en="Work plan until the next meeting",
    ru="План работы до следующего заседания",
    zh="至下次会议的工作计划",
)


def circulated(meeting: Meeting) -> Meeting:
    propose(meeting, "CN", WORK_PLAN)
    officer = bc_officer()
    agenda_prepare(meeting=meeting, by=officer)
    agenda_circulate(meeting=meeting, by=officer)
    return meeting


def attend(meeting: Meeting, present: dict[str, int], **chair_present: bool) -> None:
    for state, count in present.items():
        attendance_record(
            meeting=meeting,
            delegation=part(state),
            members_present=count,
            chair_present=chair_present.get(state),
        )


def in_session(present: dict[str, int] = SIXTEEN_FROM_SIX, **chair_present: bool) -> Meeting:
    meeting = circulated(board_meeting())
    attend(meeting, present, **chair_present)
    meeting_transition(meeting=meeting, event="open_session")
    return meeting


def concluded(**chair_present: bool) -> Meeting:
    meeting = in_session(**chair_present)
    meeting_transition(meeting=meeting, event="conclude")
    return meeting


def first_item(meeting: Meeting) -> AgendaItem:
    return meeting.agenda_items.order_by("number").first()  # type: ignore[return-value]


def sco_item(meeting: Meeting, officer: User) -> AgendaItem:
    """The SCO Secretariat puts an item on the agenda it prepares (SEC-AGENDA-PREP)."""
    title = Text(en="The Organisation's budget", ru="Бюджет Организации", zh="本组织预算")
    return agenda_item_add(meeting=meeting, by=officer, fields=ItemFields(title=title))


# --- agenda proposals (BCB-AGENDA-PROPOSALS-10D) --------------------------------------------


def test_a_proposal_on_time_is_stored_and_private_to_its_delegation() -> None:
    meeting = board_meeting()

    proposal = propose(meeting, "KZ", "Transport corridors", when="2026-06-20T18:00")

    stored = AgendaProposal.objects.get(pk=proposal.pk)
    assert stored.owner_delegation == part("KZ")
    assert stored.materials == ["draft decision", "explanatory note"]
    assert not stored.circulated_to_members
    own = user("kz-secretary", "np-kz", "np_secretariat")
    other = user("ru-secretary", "np-ru", "np_secretariat")
    secretariat = user("sco-officer", "sco-secretariat", "secretariat_officer")
    visible = AgendaProposal.objects.filter
    assert visible(visible_q(own)).filter(pk=proposal.pk).exists()
    assert not visible(visible_q(other)).filter(pk=proposal.pk).exists()
    assert visible(visible_q(secretariat)).filter(pk=proposal.pk).exists()
    assert list(selectors.agenda_proposals_visible(bc_officer(), meeting)) == [stored]
    assert list(selectors.agenda_proposals_visible(other, meeting)) == []


def test_a_late_proposal_is_refused_citing_the_rule_and_nothing_is_saved() -> None:
    meeting = board_meeting()
    version = Meeting.objects.get(pk=meeting.pk).version

    with pytest.raises(MeetingRefusedError) as raised:
        propose(meeting, "KZ", "Transport corridors", when="2026-06-21T09:00")

    assert raised.value.code == "late_proposal"
    assert raised.value.rules == ("BCB-AGENDA-PROPOSALS-10D",)
    for lang in ("en", "ru", "zh-hans"):
        with translation.override(lang):
            assert rule_said("BCB-AGENDA-PROPOSALS-10D", lang[:2]) in raised.value.render()
            assert not RULE_ID.search(raised.value.render())
            assert day_said("2026-06-20", lang[:2]) in raised.value.render()
    assert not AgendaProposal.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).version == version


def test_the_same_proposal_submitted_twice_is_refused() -> None:
    meeting = board_meeting()
    propose(meeting, "KZ", "Transport corridors")

    with pytest.raises(ConflictError) as raised:
        propose(meeting, "KZ", "Transport corridors", when="2026-06-16T10:00")

    assert raised.value.code == "duplicate_submission"
    assert AgendaProposal.objects.count() == 1


def test_a_member_state_delegation_does_not_propose_items_to_the_board() -> None:
    meeting = board_meeting()

    with pytest.raises(InvalidInputError) as raised:
        agenda_proposal_submit(
            meeting=meeting,
            delegation=Delegation.objects.get(code="kz"),
            title="Transport corridors",
            submitted_at=at("2026-06-15T10:00"),
        )

    assert raised.value.code == "not_entitled_to_propose"


# --- the agenda (SEC-AGENDA-PREP, SEC-CIRCULATE-CNC, BCB-AGENDA-ADOPT) ----------------------


def test_the_secretariat_prepares_items_from_proposals_and_circulation_shows_them_to_all() -> None:
    meeting = board_meeting()
    propose(meeting, "CN", "Work plan")
    propose(meeting, "RU", "Energy club", when="2026-06-16T10:00")
    officer = bc_officer()

    items = agenda_prepare(meeting=meeting, by=officer)
    other = user("by-secretary", "np-by", "np_secretariat")
    hidden = list(selectors.agenda_items_visible(other, meeting))
    agenda_circulate(meeting=meeting, by=officer)

    assert [(i.number, i.title_en) for i in items] == [(1, "Work plan"), (2, "Energy club")]
    assert hidden == []
    assert len(selectors.agenda_items_visible(other, meeting)) == 2
    assert len(selectors.agenda_proposals_visible(other, meeting)) == 2
    assert Meeting.objects.get(pk=meeting.pk).state == "agenda_circulated"
    assert AgendaCirculation.objects.get(meeting=meeting).cnc_consent is None
    # After circulation a member proposes an additional item, for the Chair to add in session
    # (BCB-AGENDA-ADOPT): every member sees it, and it is not put on the agenda by itself.
    late = propose(meeting, "IN", "Late idea", when="2026-06-25T10:00")
    assert late.additional
    assert late in selectors.agenda_proposals_visible(other, meeting)
    assert meeting.agenda_items.count() == 2


def test_an_sco_agenda_takes_no_proposal_once_circulated() -> None:
    meeting = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day(START)
    ).meeting
    officer = user("sco-officer", "sco-secretariat", "secretariat_officer")
    meeting_transition(meeting=meeting, event="agree_agenda")
    sco_item(meeting, officer)
    agenda_circulate(meeting=meeting, by=officer, cnc_consent=True)

    with pytest.raises(InvalidInputError) as raised:
        agenda_proposal_submit(
            meeting=meeting, delegation=Delegation.objects.get(code="kz"), title="Late idea"
        )

    assert raised.value.code == "agenda_closed"
    assert not meeting.proposals.exists()


def test_the_chair_takes_a_members_additional_proposal_onto_the_agenda_once() -> None:
    meeting = circulated(board_meeting())
    extra = propose(meeting, "KZ", "Digital trade platform", when="2026-06-29T10:00")
    chair_state = check_chair(rulebook(), reference(), "bcb", day(START)).facts["chair_state"]
    chair = user("board-chair", f"np-{chair_state.lower()}", "np_chair")
    attend(meeting, SIXTEEN_FROM_SIX)
    meeting_transition(meeting=meeting, event="open_session")

    item = agenda_item_add_by_chair(meeting=meeting, by=chair, proposal=extra)
    with pytest.raises(ConflictError) as twice:
        agenda_item_add_by_chair(meeting=meeting, by=chair, proposal=extra)

    assert (item.title_en, item.added_by_chair, item.from_proposal) == (
        "Digital trade platform",
        True,
        extra,
    )
    assert item.proposed_by == part("KZ")
    assert twice.value.code == "duplicate_submission"


def test_a_national_part_does_not_prepare_the_agenda() -> None:
    meeting = board_meeting()
    propose(meeting, "CN", "Work plan")

    with pytest.raises(MeetingRefusedError) as raised:
        agenda_prepare(meeting=meeting, by=user("cn-chair", "np-cn", "np_chair"))

    assert raised.value.code == "not_entitled_to_prepare"
    assert not AgendaItem.objects.exists()


def test_an_sco_agenda_is_not_circulated_without_the_cnc_consent() -> None:
    meeting = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day(START)
    ).meeting
    officer = user("sco-officer", "sco-secretariat", "secretariat_officer")
    meeting_transition(meeting=meeting, event="agree_agenda")
    sco_item(meeting, officer)

    with pytest.raises(MeetingRefusedError) as raised:
        agenda_circulate(meeting=meeting, by=officer)
    refused_state = Meeting.objects.get(pk=meeting.pk).state
    agenda_circulate(meeting=meeting, by=officer, cnc_consent=True)

    assert raised.value.code == "cnc_consent_required"
    assert raised.value.rules == ("SEC-CIRCULATE-CNC",)
    assert refused_state == "agenda_agreed"
    assert Meeting.objects.get(pk=meeting.pk).state == "agenda_circulated"
    assert AgendaCirculation.objects.get(meeting=meeting).cnc_consent is True


def test_the_chair_adds_an_item_in_session_and_no_one_else_or_earlier() -> None:
    meeting = circulated(board_meeting())
    chair_state = check_chair(rulebook(), reference(), "bcb", day(START)).facts["chair_state"]
    other_state = next(s for s in PARTS if s != chair_state)
    chair = user("board-chair", f"np-{chair_state.lower()}", "np_chair")
    title = Text("Current activity", "Текущая деятельность", "当前工作")

    with pytest.raises(MeetingRefusedError) as before:
        agenda_item_add_by_chair(meeting=meeting, title=title, by=chair)
    attend(meeting, SIXTEEN_FROM_SIX)
    meeting_transition(meeting=meeting, event="open_session")
    with pytest.raises(MeetingRefusedError) as not_chair:
        agenda_item_add_by_chair(
            meeting=meeting, title=title, by=user("x", f"np-{other_state.lower()}", "np_chair")
        )
    item = agenda_item_add_by_chair(
        meeting=meeting, title=title, by=chair, proposed_by=part(other_state)
    )

    assert before.value.code == "not_in_session"
    assert before.value.rules == ("BCB-AGENDA-ADOPT",)
    assert not_chair.value.code == "not_the_chair"
    assert (item.number, item.added_by_chair, item.title_ru) == (2, True, "Текущая деятельность")


# --- attendance and quorum (BCB-COMPOSITION, BCB-QUORUM) ------------------------------------


def test_four_members_of_one_national_part_are_refused_as_impossible() -> None:
    meeting = circulated(board_meeting())

    with pytest.raises(InvalidInputError) as raised:
        attendance_record(meeting=meeting, delegation=part("CN"), members_present=4)

    assert raised.value.code == "impossible_count"
    assert not Attendance.objects.exists()


def test_a_member_state_delegation_is_not_counted_in_the_board() -> None:
    meeting = circulated(board_meeting())

    with pytest.raises(InvalidInputError) as raised:
        attendance_record(
            meeting=meeting, delegation=Delegation.objects.get(code="cn"), members_present=3
        )

    assert raised.value.code == "not_a_national_part"


def test_sixteen_members_from_six_of_ten_parts_are_quorate_and_the_session_opens() -> None:
    meeting = circulated(board_meeting())
    attend(meeting, SIXTEEN_FROM_SIX)

    verdict = quorum_now(meeting)
    meeting_transition(meeting=meeting, event="open_session")

    assert verdict.ok
    assert (verdict.facts["present"], verdict.facts["size"], verdict.facts["parts"]) == (16, 30, 10)
    assert Meeting.objects.get(pk=meeting.pk).state == "in_session"


def test_fifteen_of_thirty_are_refused_citing_the_quorum_rule_whatever_the_caller_says() -> None:
    meeting = circulated(board_meeting())
    attend(meeting, FIFTEEN_FROM_FIVE)
    claimed = {"present": dict.fromkeys(PARTS, 3), "parts": 10}

    with pytest.raises(MeetingRefusedError) as raised:
        meeting_transition(meeting=meeting, event="open_session", facts=claimed)

    assert raised.value.code == "not_quorate"
    assert "BCB-QUORUM" in raised.value.rules
    assert raised.value.verdict.facts["present"] == 15
    assert Meeting.objects.get(pk=meeting.pk).state == "agenda_circulated"


# --- positions and consensus (BCB-CONSENSUS) ------------------------------------------------


def test_an_objection_blocks_adopt_decision_naming_the_objecting_part() -> None:
    meeting = in_session()
    item = first_item(meeting)
    position_record(meeting=meeting, item=item, delegation=part("CN"), position="support")
    position_record(meeting=meeting, item=item, delegation=part("KZ"), position="object")

    verdict = item_decide(meeting=meeting, item=item)
    with pytest.raises(MeetingRefusedError) as raised:
        meeting_transition(meeting=meeting, event="adopt_decision", item=item)

    assert not verdict.ok
    assert verdict.facts["objections"] == ["KZ"]
    assert raised.value.code == "not_adopted"
    # The objecting part by its name, never its code (issue 17).
    assert "Kazakh national part of the SCO Business Council objects" in raised.value.render()
    assert "KZ" not in raised.value.render()
    assert raised.value.rules == ("BCB-CONSENSUS",)
    item.refresh_from_db()
    assert (item.decided_at, item.adopted) == (None, False)


def test_abstention_and_absence_do_not_block_a_decision() -> None:
    meeting = in_session()
    item = first_item(meeting)
    position_record(meeting=meeting, item=item, delegation=part("CN"), position="support")
    position_record(meeting=meeting, item=item, delegation=part("KZ"), position="abstain")

    verdict = item_decide(meeting=meeting, item=item)

    assert verdict.ok
    assert verdict.facts["positions"]["IN"] == "absent"  # not in the room
    assert verdict.facts["positions"]["KZ"] == "abstain"
    item.refresh_from_db()
    assert item.adopted
    assert item.decided_at is not None
    assert MeetingTransition.objects.filter(meeting=meeting, event="adopt_decision").count() == 1


def test_a_position_changes_until_the_item_is_decided_and_not_after() -> None:
    meeting = in_session()
    item = first_item(meeting)
    position_record(meeting=meeting, item=item, delegation=part("KZ"), position="object")
    position_record(meeting=meeting, item=item, delegation=part("KZ"), position="support")
    item_decide(meeting=meeting, item=item)

    with pytest.raises(ConflictError) as raised:
        position_record(meeting=meeting, item=item, delegation=part("KZ"), position="object")

    assert raised.value.code == "item_decided"
    assert item.positions.get().position == "support"


def test_a_part_not_in_the_room_states_no_position() -> None:
    meeting = in_session()

    with pytest.raises(InvalidInputError) as raised:
        position_record(
            meeting=meeting, item=first_item(meeting), delegation=part("IN"), position="object"
        )

    assert raised.value.code == "not_present"


# --- minutes (BCB-MINUTES-SIGN) -------------------------------------------------------------


def test_a_board_member_cannot_sign_while_the_chair_of_the_part_is_present() -> None:
    meeting = concluded()
    member = user("kz-member", "np-kz", "np_board_member")

    with pytest.raises(MeetingRefusedError) as raised:
        minutes_sign(meeting=meeting, delegation=part("KZ"), user=member)

    assert raised.value.code == "not_entitled_to_sign"
    assert raised.value.rules == ("BCB-MINUTES-SIGN",)
    with translation.override("ru"):
        assert rule_said("BCB-MINUTES-SIGN", "ru") in raised.value.render()
        assert not RULE_ID.search(raised.value.render())
    assert not MinutesSignature.objects.exists()


def test_a_board_member_signs_as_authorised_member_when_the_chair_is_absent() -> None:
    meeting = concluded(KZ=False)
    member = user("kz-member", "np-kz", "np_board_member")

    signed = minutes_sign(meeting=meeting, delegation=part("KZ"), user=member)

    assert signed.signature.as_authorised_member
    assert signed.transition is None


def test_a_deputy_of_a_member_state_delegation_cannot_sign_the_minutes() -> None:
    meeting = concluded()
    deputy = user("kz-deputy", "kz", "deputy")

    for delegation in (Delegation.objects.get(code="kz"), part("KZ")):
        with pytest.raises(MeetingRefusedError) as raised:
            minutes_sign(meeting=meeting, delegation=delegation, user=deputy)
        assert raised.value.code == "not_entitled_to_sign"


def test_a_part_does_not_sign_twice() -> None:
    meeting = concluded()
    minutes_sign(meeting=meeting, delegation=part("KZ"), user=user("a", "np-kz", "np_chair"))

    with pytest.raises(ConflictError) as raised:
        minutes_sign(meeting=meeting, delegation=part("KZ"), user=user("b", "np-kz", "np_chair"))

    assert raised.value.code == "already_signed"


def test_sign_minutes_waits_for_every_part_and_is_taken_by_the_last_signature() -> None:
    meeting = concluded()
    for state in PARTS[:-1]:
        chair = user(f"{state.lower()}-chair", f"np-{state.lower()}", "np_chair")
        assert minutes_sign(meeting=meeting, delegation=part(state), user=chair).transition is None

    # Nobody takes the step by hand, whatever they say of the signatures.
    with pytest.raises(InvalidInputError) as raised:
        meeting_transition(meeting=meeting, event="sign_minutes", facts={"unsigned": []})
    waiting = Meeting.objects.get(pk=meeting.pk).state
    last = minutes_sign(
        meeting=meeting, delegation=part("BY"), user=user("by-chair", "np-by", "np_chair")
    )

    assert raised.value.code == "dedicated_step"
    assert waiting == "concluded"
    assert last.transition is not None
    assert last.transition.event == "sign_minutes"
    assert last.transition.verdict["en"]["rules"][0]["id"] == "BCB-MINUTES-SIGN"
    assert Meeting.objects.get(pk=meeting.pk).state == "minutes_signed"


# --- the whole path -------------------------------------------------------------------------


def test_a_regular_board_meeting_goes_from_planned_to_minutes_signed_by_services_alone() -> None:
    meeting = board_meeting()
    officer = bc_officer()
    propose(meeting, "CN", WORK_PLAN)
    energy = Text(en="Energy club", ru="Энергетический клуб", zh="能源俱乐部")
    propose(meeting, "RU", energy, when="2026-06-20T23:00")
    agenda_prepare(meeting=meeting, by=officer)
    agenda_circulate(meeting=meeting, by=officer)
    attend(meeting, {"CN": 3, "RU": 3, "KZ": 3, "KG": 2, "TJ": 2, "UZ": 2, "IN": 1}, KG=False)
    meeting_transition(meeting=meeting, event="open_session")
    for item in meeting.agenda_items.order_by("number"):
        position_record(meeting=meeting, item=item, delegation=part("CN"), position="support")
        position_record(meeting=meeting, item=item, delegation=part("IN"), position="abstain")
        assert item_decide(meeting=meeting, item=item).ok
    meeting_transition(meeting=meeting, event="conclude")
    for state in PARTS:
        role = "np_board_member" if state == "KG" else "np_chair"
        signer = user(f"{state.lower()}-signer", f"np-{state.lower()}", role)
        minutes_sign(meeting=meeting, delegation=part(state), user=signer)

    # The last part's signature took the step: no one takes it by hand.
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.state == "minutes_signed"
    assert list(stored.transitions.values_list("event", flat=True)) == [
        "circulate_agenda", "open_session", "adopt_decision", "adopt_decision", "conclude",
        "sign_minutes",
    ]  # fmt: skip
    assert AgendaItem.objects.filter(meeting=meeting, adopted=True).count() == 2
    assert MinutesSignature.objects.filter(meeting=meeting, as_authorised_member=True).count() == 1
