"""Who sees a confidential item: its owner, whom it was circulated to, the Secretariat."""

from __future__ import annotations

import pytest

from secretariat.accounts.access import Visibility, can_see
from secretariat.accounts.models import Delegation, DelegationKind, User
from tests.factories import accounts

pytestmark = pytest.mark.django_db


def delegation(code: str, kind: str) -> Delegation:
    return Delegation.objects.create(code=code, kind=kind, name_en=code)


def member_of(d: Delegation, role: str) -> User:
    return accounts.user(f"u-{d.code}-{role}", role, d)


@pytest.fixture
def kz() -> Delegation:
    return delegation("kz", DelegationKind.MEMBER_STATE)


@pytest.fixture
def ru() -> Delegation:
    return delegation("ru", DelegationKind.MEMBER_STATE)


@pytest.fixture
def np_cn() -> Delegation:
    return delegation("np-cn", DelegationKind.NATIONAL_PART)


@pytest.fixture
def partner() -> Delegation:
    return delegation("partner-tr", DelegationKind.PARTNER_STATE)


@pytest.fixture
def secretariat() -> Delegation:
    return delegation("sco-secretariat", DelegationKind.SCO_SECRETARIAT)


def test_a_draft_proposed_by_one_state_is_not_visible_to_another_before_circulation(
    kz: Delegation, ru: Delegation
) -> None:
    draft = Visibility(owner_delegation_id=kz.pk)

    assert can_see(member_of(kz, "national_coordinator"), draft)
    assert not can_see(member_of(ru, "national_coordinator"), draft)
    assert not can_see(None, draft)


def test_the_secretariat_sees_every_confidential_item(
    kz: Delegation, secretariat: Delegation
) -> None:
    draft = Visibility(owner_delegation_id=kz.pk)

    assert can_see(member_of(secretariat, "secretariat_officer"), draft)
    assert can_see(member_of(secretariat, "secretariat_legal"), draft)


def test_circulation_to_the_members_reaches_states_and_national_parts_but_not_partners(
    kz: Delegation, ru: Delegation, np_cn: Delegation, partner: Delegation
) -> None:
    circulated = Visibility(owner_delegation_id=kz.pk, circulated_to_members=True)

    assert can_see(member_of(ru, "deputy"), circulated)
    assert can_see(member_of(np_cn, "np_chair"), circulated)
    assert not can_see(member_of(partner, "partner_liaison"), circulated)


def test_a_partner_sees_what_was_circulated_to_it_by_name(
    kz: Delegation, partner: Delegation
) -> None:
    invited = Visibility(owner_delegation_id=kz.pk, circulated_to=frozenset({partner.pk}))

    assert can_see(member_of(partner, "partner_liaison"), invited)


def test_public_items_are_visible_to_everyone_including_visitors(kz: Delegation) -> None:
    public = Visibility(owner_delegation_id=kz.pk, public=True)

    assert can_see(None, public)


def test_a_deactivated_user_sees_nothing_confidential(kz: Delegation) -> None:
    user = member_of(kz, "national_coordinator")
    user.is_active = False

    assert not can_see(user, Visibility(owner_delegation_id=kz.pk))


def test_a_user_without_a_delegation_sees_only_public_items(kz: Delegation) -> None:
    user = User.objects.create_user("loner", role="expert")

    assert not can_see(user, Visibility(owner_delegation_id=kz.pk, circulated_to_members=True))
    assert can_see(user, Visibility(owner_delegation_id=kz.pk, public=True))


@pytest.mark.parametrize(
    ("role", "sees_all"),
    [("secretary_general", True), ("national_coordinator", False), ("partner_liaison", False)],
)
def test_visible_q_agrees_with_can_see_on_the_secretariat_shortcut(
    role: str, sees_all: bool, secretariat: Delegation, kz: Delegation, partner: Delegation
) -> None:
    from secretariat.accounts.access import visible_q

    home = {"secretary_general": secretariat, "national_coordinator": kz}.get(role, partner)
    q = visible_q(member_of(home, role))

    assert (len(q) == 0) is sees_all  # an empty Q filters nothing
