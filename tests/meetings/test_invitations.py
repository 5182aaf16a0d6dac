"""Invited persons: every one checked by the participation rules. Partner states by their
status on the meeting's day (STRAT-OBSERVERS, STRAT-DIALOGUE; an SCO partner, since Tianjin,
under either); the SCO Secretariat on the Board by right; others and guests under the body's
participants rules, agreed with the Chair or the Deputy Chair of the Board
(BCB-PARTICIPANTS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from secretariat.accounts.models import Delegation
from secretariat.core.errors import ConflictError
from secretariat.meetings.forms import InvitationForm
from secretariat.meetings.models import Invitation, Meeting
from secretariat.meetings.services import (
    MeetingRefusedError,
    invitation_add,
    invitation_agree,
    meeting_plan,
)
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.participation import check_partner_participation
from secretariat.procedure.rules import rulebook
from secretariat.registry.models import Body
from secretariat.registry.reference import reference
from secretariat.registry.services import LoadReport
from tests.factories.accounts import logged_in
from tests.factories.registry import registry_loaded

from .support import day
from .test_content import bc_officer, board_meeting, user

pytestmark = pytest.mark.django_db
SINCE_TIANJIN = "2026-06-30"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def delegations() -> None:
    from secretariat.accounts.services import delegations_sync

    delegations_sync()


def sco_meeting(body: str, start: str = SINCE_TIANJIN) -> Meeting:
    return meeting_plan(
        body=Body.objects.get(code=body), kind="sco-meeting", start=day(start)
    ).meeting


def sco_officer() -> Any:
    return user("sco-officer", "sco-secretariat", "secretariat_officer")


def chair_and_deputy(meeting: Meeting) -> tuple[str, str]:
    chair = check_chair(rulebook(), reference(), "bcb", meeting.date_start).facts
    return str(chair["chair_state"]), str(chair["deputy_state"])


def test_a_board_invitation_waits_for_the_chair_or_the_deputy_and_no_one_else() -> None:
    meeting = board_meeting()
    chair_state, deputy_state = chair_and_deputy(meeting)
    other = next(
        s for s in ("CN", "RU", "KZ", "KG", "TJ", "UZ") if s not in (chair_state, deputy_state)
    )
    invitation = invitation_add(
        meeting=meeting, by=bc_officer(), name="Ivan Petrov", capacity="Chamber of Commerce"
    )
    assert invitation.needs_agreement
    assert invitation.agreed_at is None
    assert invitation.ground == "guest"
    assert invitation.rules == ["BCB-PARTICIPANTS"]

    stranger = user("other-chair", f"np-{other.lower()}", "np_chair")
    with pytest.raises(MeetingRefusedError) as refused:
        invitation_agree(meeting=meeting, invitation=invitation, by=stranger)
    assert refused.value.code == "not_chair_or_deputy"
    assert refused.value.rules == ("BCB-PARTICIPANTS", "BCB-CHAIR")
    assert Invitation.objects.get(pk=invitation.pk).agreed_at is None

    deputy = user("deputy-chair", f"np-{deputy_state.lower()}", "np_chair")
    agreed = invitation_agree(meeting=meeting, invitation=invitation, by=deputy)
    assert agreed.agreed_as == "deputy"
    chair_user = user("the-chair", f"np-{chair_state.lower()}", "np_chair")
    with pytest.raises(ConflictError):
        invitation_agree(meeting=meeting, invitation=invitation, by=chair_user)


def test_only_the_serving_secretariat_invites_and_a_person_is_invited_once() -> None:
    meeting = board_meeting()
    coordinator = user("coord-kz", "kz", "national_coordinator")

    with pytest.raises(MeetingRefusedError) as refused:
        invitation_add(meeting=meeting, by=coordinator, name="A. Guest", capacity="Bank")
    invitation_add(meeting=meeting, by=bc_officer(), name="A. Guest", capacity="Bank")
    with pytest.raises(ConflictError) as twice:
        invitation_add(meeting=meeting, by=bc_officer(), name="A. Guest", capacity="Bank")

    assert refused.value.code == "not_entitled_to_invite"
    assert twice.value.code == "already_invited"
    assert meeting.invitations.count() == 1


def test_a_guest_without_a_delegation_must_have_a_capacity() -> None:
    meeting = board_meeting()

    with pytest.raises(MeetingRefusedError) as refused:
        invitation_add(meeting=meeting, by=bc_officer(), name="Somebody", capacity="  ")

    assert refused.value.code == "capacity_required"
    assert refused.value.rules == ("BCB-PARTICIPANTS",)
    assert not meeting.invitations.exists()


def test_the_sco_secretariat_takes_part_in_the_board_by_right() -> None:
    meeting = board_meeting()
    sco = Delegation.objects.get(code="sco-secretariat")

    invitation = invitation_add(
        meeting=meeting, by=bc_officer(), name="Deputy Secretary-General", delegation=sco
    )

    assert invitation.ground == "by_right"
    assert invitation.rules == ["BCB-PARTICIPANTS"]
    assert not invitation.needs_agreement
    assert invitation.agreed_as == "by_right"
    assert invitation.agreed_at is not None
    chair_state, _deputy = chair_and_deputy(meeting)
    chair_user = user("the-chair", f"np-{chair_state.lower()}", "np_chair")
    with pytest.raises(ConflictError):
        invitation_agree(meeting=meeting, invitation=invitation, by=chair_user)
    # The Business Council's Secretariat is not named by right: its invitee waits.
    bc = Delegation.objects.get(code="bc-secretariat")
    other = invitation_add(meeting=meeting, by=bc_officer(), name="Analyst", delegation=bc)
    assert other.ground == "invited"
    assert other.needs_agreement


def test_partners_by_their_status_on_the_meetings_day() -> None:
    book, ref = rulebook(), reference()
    # Before the Tianjin summit merged the statuses: Turkey a dialogue partner, Mongolia an
    # observer.
    day_2024 = dt.date(2024, 3, 1)
    assert check_partner_participation(book, ref, "cmfa", "TR", day_2024).ok
    turkey_at_board = check_partner_participation(book, ref, "bcb", "TR", day_2024)
    assert not turkey_at_board.ok
    assert turkey_at_board.rules == ("STRAT-DIALOGUE",)
    assert check_partner_participation(book, ref, "chs", "MN", day_2024).ok
    assert not check_partner_participation(book, ref, "cmfa", "MN", day_2024).ok
    # Since then both are SCO partners, who hold what either status held.
    after = day(SINCE_TIANJIN)
    at_summit = check_partner_participation(book, ref, "chs", "MN", after)
    at_ministers = check_partner_participation(book, ref, "cmfa", "MN", after)
    turkey_at_summit = check_partner_participation(book, ref, "chs", "TR", after)
    at_board = check_partner_participation(book, ref, "bcb", "TR", after)
    assert at_summit.ok
    assert at_summit.rules == ("STRAT-OBSERVERS",)
    assert at_ministers.ok
    assert at_ministers.rules == ("STRAT-DIALOGUE",)
    assert turkey_at_summit.ok
    assert not at_board.ok
    assert at_board.rules == ("STRAT-OBSERVERS", "STRAT-DIALOGUE")
    assert "Tianjin" in at_summit.summary.render("en")
    ru = at_board.summary.render("ru")
    assert "партнёра ШОС" in ru
    assert "Турция" in ru
    assert "«partner»" not in ru
    assert "Board" not in ru


def test_a_partner_state_is_invited_to_a_summit_and_refused_where_no_rule_opens_it() -> None:
    officer = sco_officer()
    turkey = Delegation.objects.get(code="partner-tr")
    summit, cnc = sco_meeting("chs"), sco_meeting("cnc")

    invited = invitation_add(meeting=summit, by=officer, name="Envoy", delegation=turkey)
    with pytest.raises(MeetingRefusedError) as refused:
        invitation_add(meeting=cnc, by=officer, name="Envoy", delegation=turkey)

    assert invited.ground == "partner"
    assert invited.rules == ["STRAT-OBSERVERS"]
    assert not invited.needs_agreement
    assert refused.value.code == "partner_not_allowed"
    assert refused.value.rules == ("STRAT-OBSERVERS", "STRAT-DIALOGUE")
    with translation.override("ru"):
        text = refused.value.render()
    assert "Турция" in text
    assert "партнёра ШОС" in text
    assert "partner" not in text
    assert not cnc.invitations.exists()
    # Persons representing no delegation are invited without agreement outside the Board.
    plain = invitation_add(meeting=cnc, by=officer, name="Expert", capacity="University")
    assert not plain.needs_agreement
    assert plain.ground == "guest"


def test_a_partner_organisation_is_named_never_coded_and_invited_by_name_only() -> None:
    officer = sco_officer()
    summit = sco_meeting("chs")
    organisation = Delegation.objects.filter(kind="partner_organisation").order_by("code").first()
    assert organisation is not None

    with pytest.raises(MeetingRefusedError) as refused:
        invitation_add(meeting=summit, by=officer, name="Observer", delegation=organisation)

    assert refused.value.code == "organisation_not_partner"
    names = {
        "en": organisation.name_en,
        "ru": organisation.name_ru or organisation.name_en,
        "zh-hans": organisation.name_zh or organisation.name_en,
    }
    for lang, name in names.items():
        with translation.override(lang):
            text = refused.value.render()
        assert "partner_organisation" not in text
        assert name in text


def test_the_representing_choices_are_those_the_rules_let_be_invited() -> None:
    board, summit = board_meeting(), sco_meeting("chs")

    def choices(meeting: Meeting) -> set[str]:
        field = InvitationForm(meeting=meeting).fields["delegation"]
        return {d.code for d in field.queryset}  # type: ignore[attr-defined]

    on_board, at_summit = choices(board), choices(summit)

    assert {"sco-secretariat", "bc-secretariat", "rats"} <= on_board
    assert not any(c.startswith(("partner-", "org-")) for c in on_board)
    assert {"partner-tr", "partner-mn"} <= at_summit
    assert not any(c.startswith("org-") for c in at_summit)
    assert not {"kz", "np-kz"} & (on_board | at_summit)


def test_the_agree_button_is_shown_only_to_the_chair_and_the_deputy() -> None:
    meeting = board_meeting()
    invitation_add(meeting=meeting, by=bc_officer(), name="Ivan Petrov", capacity="Bank")
    chair_state, deputy_state = chair_and_deputy(meeting)
    other = next(
        s for s in ("CN", "RU", "KZ", "KG", "TJ", "UZ") if s not in (chair_state, deputy_state)
    )
    form = f'action="/meetings/{meeting.pk}/invitations/'

    def page(username: str, delegation: str, role: str) -> str:
        response = logged_in(user(username, delegation, role)).get(f"/meetings/{meeting.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    assert form in page("the-chair", f"np-{chair_state.lower()}", "np_chair")
    assert form in page("deputy-chair", f"np-{deputy_state.lower()}", "np_chair")
    assert form not in page("other-chair", f"np-{other.lower()}", "np_chair")
    assert form not in page("board-member", f"np-{chair_state.lower()}", "np_board_member")
    assert form not in page("bc-officer", "bc-secretariat", "bc_secretariat_officer")


def test_the_api_and_the_page_show_the_ground_and_the_rules_of_each_invitation() -> None:
    meeting = board_meeting()
    bc = logged_in(bc_officer())

    def invite(body: dict[str, Any]) -> Any:
        return bc.post(
            f"/api/meetings/{meeting.pk}/invitations",
            {"expected_version": Meeting.objects.get(pk=meeting.pk).version, **body},
            content_type="application/json",
        )

    by_right = invite({"name": "Deputy Secretary-General", "delegation": "sco-secretariat"})
    no_capacity = invite({"name": "Somebody"})
    partner = invite({"name": "Envoy", "delegation": "partner-tr"})

    assert by_right.status_code == 201, by_right.content.decode()[:1000]
    [shown] = by_right.json()["invitations"]
    assert shown["ground"] == "by_right"
    assert shown["agreed_as"] == "by_right"
    assert shown["rules"] == ["BCB-PARTICIPANTS"]
    assert no_capacity.status_code == 400
    assert no_capacity.json()["code"] == "capacity_required"
    assert partner.status_code == 400
    assert partner.json()["code"] == "partner_not_allowed"
    with translation.override("ru"):
        page = bc.get(f"/ru/meetings/{meeting.pk}/").content.decode()
    assert "по праву, согласование не требуется" in page
    assert "/rules/BCB-PARTICIPANTS" in page
