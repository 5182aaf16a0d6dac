"""Shared data of the relations tests: the registry loaded with its delegations, and users."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import RefusedError
from secretariat.registry.models import InternationalOrganisation, State
from secretariat.registry.selectors import member_states_on
from secretariat.relations import services
from secretariat.relations.models import Agreement, Partner
from tests.factories.accounts import user_get_or_create as user


def today() -> dt.date:
    return timezone.localdate()


def asean() -> Partner:
    return services.partner_of(
        organisation=InternationalOrganisation.objects.get(abbreviation="ASEAN")
    )


def state(code: str) -> State:
    return State.objects.get(code=code)


def officer() -> User:
    return user("officer", "secretariat_officer", "sco-secretariat")


def agreement_with_consents(*, except_codes: tuple[str, ...] = ()) -> Agreement:
    """A memorandum with ASEAN that every member state but ``except_codes`` has consented to."""
    agreement = services.agreement_register(
        partner=asean(),
        kind="memorandum",
        title={"en": "Memorandum on disaster relief", "ru": "Меморандум о помощи при бедствиях"},
    )
    for member in member_states_on(today()):
        if member.code not in except_codes:
            services.consent_record(
                agreement=agreement,
                state=member,
                decision="given",
                by_name=f"Note verbale of {member.name_en}",
            )
    return agreement


def refused(call: Any, **kwargs: Any) -> RefusedError:
    """The refusal ``call(**kwargs)`` raises."""
    with pytest.raises(RefusedError) as caught:
        call(**kwargs)
    return caught.value
