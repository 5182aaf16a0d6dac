"""Users, delegations and logged-in clients, as the tests of every app build them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.registry.models import Body, State


def _delegation_of(delegation: Delegation | str | None) -> Delegation | None:
    if delegation is None or isinstance(delegation, Delegation):
        return delegation
    return Delegation.objects.get(code=delegation)


def user(
    username: str, role: str = "", delegation: Delegation | str | None = None, **fields: Any
) -> User:
    """A new user of ``role`` in ``delegation`` (a delegation or its code; none by default).

    Made with ``User.objects.create_user``: without ``password=...`` the password is
    unusable, so the user logs in only through ``client.force_login``. Other model fields
    (``language``, ``email``, ``password``...) are passed through.
    """
    return User.objects.create_user(
        username=username, role=role, delegation=_delegation_of(delegation), **fields
    )


def user_get_or_create(
    username: str, role: str = "", delegation: Delegation | str | None = None, **fields: Any
) -> User:
    """The user named ``username`` if there is one (whatever its role), else a new ``user``."""
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return user(username, role, delegation, **fields)


def person(username: str, **fields: Any) -> User:
    """A user row as ``User.objects.create`` makes it (no password at all): someone who is
    written to, or acts in services, but never logs in."""
    return User.objects.create(username=username, **fields)


def logged_in(user: User, **client_options: Any) -> Client:
    """A test client logged in as ``user`` (``client_options`` go to ``Client``)."""
    client = Client(**client_options)
    client.force_login(user)
    return client


def national_part(state: str) -> Delegation:
    """The delegation of a state's national part of the Business Council (needs the registry)."""
    part = Body.objects.get(code=f"np_{state.lower()}")
    delegation, _ = Delegation.objects.get_or_create(
        code=f"np-{state.lower()}",
        defaults={
            "kind": DelegationKind.NATIONAL_PART,
            "state": State.objects.get(code=state),
            "body": part,
            "name_en": part.name_en,
            "name_ru": part.name_ru,
            "name_zh": part.name_zh,
        },
    )
    return delegation


def member_state(state: str) -> Delegation:
    """The delegation of a member state (needs the registry)."""
    row = State.objects.get(code=state)
    delegation, _ = Delegation.objects.get_or_create(
        code=state.lower(),
        defaults={
            "kind": DelegationKind.MEMBER_STATE,
            "state": row,
            "name_en": row.name_en,
            "name_ru": row.name_ru,
            "name_zh": row.name_zh,
        },
    )
    return delegation
