"""Invited persons: agreed with the Chair or the Deputy Chair of the Board (BCB-PARTICIPANTS);
partners only where STRAT-OBSERVERS or STRAT-DIALOGUE opens the body's meetings to them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from secretariat.accounts.models import Delegation
from secretariat.core.errors import ConflictError
from secretariat.meetings.models import Invitation
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
from tests.factories.registry import registry_loaded

from .support import day
from .test_content import bc_officer, board_meeting, user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    with registry_loaded(django_db_blocker) as report:
        yield report


@pytest.fixture(autouse=True)
def delegations() -> None:
    from secretariat.accounts.services import delegations_sync

    delegations_sync()


def test_a_board_invitation_waits_for_the_chair_or_the_deputy_and_no_one_else() -> None:
    meeting = board_meeting()
    chair = check_chair(rulebook(), reference(), "bcb", meeting.date_start).facts
    chair_state, deputy_state = str(chair["chair_state"]), str(chair["deputy_state"])
    other = next(
        s for s in ("CN", "RU", "KZ", "KG", "TJ", "UZ") if s not in (chair_state, deputy_state)
    )
    invitation = invitation_add(
        meeting=meeting, by=bc_officer(), name="Ivan Petrov", capacity="Chamber of Commerce"
    )
    assert invitation.needs_agreement
    assert invitation.agreed_at is None

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
        invitation_add(meeting=meeting, by=coordinator, name="A. Guest")
    invitation_add(meeting=meeting, by=bc_officer(), name="A. Guest")
    with pytest.raises(ConflictError) as twice:
        invitation_add(meeting=meeting, by=bc_officer(), name="A. Guest")

    assert refused.value.code == "not_entitled_to_invite"
    assert twice.value.code == "already_invited"
    assert meeting.invitations.count() == 1


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
    # Since then both are "partner", which no rule of the corpus covers.
    merged = check_partner_participation(book, ref, "chs", "MN", dt.date(2026, 6, 30))
    assert merged.outcome == "not_a_partner"
    assert "partner" in merged.summary.render("en")


def test_a_partners_representative_is_refused_where_no_rule_opens_the_meeting() -> None:
    cnc = meeting_plan(
        body=Body.objects.get(code="cnc"), kind="sco-meeting", start=day("2024-03-01")
    ).meeting
    officer = user("sco-officer", "sco-secretariat", "secretariat_officer")
    turkey = Delegation.objects.get(code="partner-tr")

    with pytest.raises(MeetingRefusedError) as refused:
        invitation_add(meeting=cnc, by=officer, name="Envoy", delegation=turkey)

    assert refused.value.code == "partner_not_allowed"
    assert "STRAT-DIALOGUE" in refused.value.rules
    assert not cnc.invitations.exists()
    # Persons representing no partner are invited without agreement outside the Board.
    plain = invitation_add(meeting=cnc, by=officer, name="Expert", capacity="University")
    assert not plain.needs_agreement
