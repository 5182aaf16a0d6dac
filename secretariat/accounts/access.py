"""Who may see which object: the visibility of confidential items, which needs delegations.
(Who may do which action is the kernel's access layer: ``core.access`` and ``core.policy``.)

- Objects: ``Visibility`` says who may see a confidential item (its owner delegation, those
  it was circulated to, the public); ``can_see`` and ``visible_q`` apply it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from secretariat.accounts.models import DelegationKind, User
from secretariat.core.policy import policy

# --- object-level visibility ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Visibility:
    """Who may see a confidential item.

    The owner delegation always; the SCO Secretariat always (``confidential.all``);
    delegations it was circulated to; everyone when public. Partners see an item only when
    it is public or circulated to them by name (STRAT-OBSERVERS, STRAT-DIALOGUE: their
    participation is decided per meeting, never by default).
    """

    owner_delegation_id: int | None
    public: bool = False
    #: Circulated to every member state and national part (not to partners).
    circulated_to_members: bool = False
    circulated_to: frozenset[int] = field(default_factory=frozenset)


#: The delegations to which an item "circulated to the members" goes (not partners); the
#: search engine gives their readers the same audience.
MEMBER_KINDS = {
    DelegationKind.MEMBER_STATE,
    DelegationKind.NATIONAL_PART,
    DelegationKind.BC_SECRETARIAT,
    DelegationKind.RATS,
}


def can_see(user: User | None, item: Visibility) -> bool:
    """Whether ``user`` may see an item with this visibility."""
    if item.public:
        return True
    if user is None or not user.is_active:
        return False
    if user.can("confidential.all"):
        return True
    delegation = user.delegation
    if delegation is None:
        return False
    if delegation.pk == item.owner_delegation_id or delegation.pk in item.circulated_to:
        return True
    return item.circulated_to_members and delegation.kind in MEMBER_KINDS


def visible_q(
    user: User | None,
    *,
    owner: str = "owner_delegation",
    public: str = "is_public",
    to_members: str = "circulated_to_members",
    circulated_to: str = "circulated_to",
) -> Q:
    """The same rule as ``can_see``, as a filter for a model with these fields."""
    q = Q(**{public: True})
    if user is None or not user.is_active:
        return q
    if user.can("confidential.all"):
        return Q()
    delegation = user.delegation
    if delegation is None:
        return q
    q |= Q(**{owner: delegation.pk}) | Q(**{circulated_to: delegation.pk})
    if delegation.kind in MEMBER_KINDS:
        q |= Q(**{to_members: True})
    return q


def actions_of(users: Iterable[User]) -> dict[str, set[str]]:
    """For each user, the actions their role allows (for pages that explain permissions)."""
    return {u.username: {a for a in policy().actions if u.can(a)} for u in users}
