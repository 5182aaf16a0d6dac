"""Partners, their contacts and the Secretariat's meetings with them (SEC-EXTERNAL,
SEC-PARTNERS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.core.lang import names_of
from secretariat.registry.models import InternationalOrganisation, State
from secretariat.relations.models import Contact, Partner, PartnerMeeting
from secretariat.relations.services.inputs import clean, is_member_state, required, texts


@transaction.atomic
def partner_of(
    *, organisation: InternationalOrganisation | None = None, state: State | None = None
) -> Partner:
    """The partner row of a registry organisation or state, made the first time it is needed.

    A state that is a member today is not a partner: its relations are not external.
    """
    if (organisation is None) == (state is None):
        raise ValueError("name exactly one of organisation and state")
    if organisation is not None:
        return Partner.objects.get_or_create(organisation=organisation)[0]
    assert state is not None  # noqa: S101  # checked above
    if is_member_state(state, timezone.localdate()):
        raise refuse(
            "member_state_not_partner",
            "relations.member_state_not_partner",
            ("SEC-EXTERNAL",),
            state=names_of(state),
        )
    return Partner.objects.get_or_create(state=state)[0]


@transaction.atomic
def contact_add(
    *,
    partner: Partner,
    name: str,
    role: str | Mapping[str, str] = "",
    email: str = "",
    phone: str = "",
    notes: str = "",
    by: User | None = None,
    is_demo: bool = False,
) -> Contact:
    """Add a person at a partner: name, post, e-mail."""
    email = clean(email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise refuse("invalid_email", "relations.invalid_email", value=email) from None
    return Contact.objects.create(
        partner=partner,
        name=required(name, "name", ("SEC-EXTERNAL",)),
        **texts(role, "role", ("SEC-EXTERNAL",)),
        email=email,
        phone=clean(phone),
        notes=clean(notes),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


@transaction.atomic
def partner_meeting_record(
    *,
    partner: Partner,
    date: dt.date,
    place: str | Mapping[str, str],
    participants: str,
    summary: str | Mapping[str, str],
    by: User | None = None,
    is_demo: bool = False,
) -> PartnerMeeting:
    """Record a meeting with a partner: when, where, who took part, what came of it."""
    cited = ("SEC-EXTERNAL",)
    return PartnerMeeting.objects.create(
        partner=partner,
        date=date,
        **texts(place, "place", cited, needed=True),
        participants=required(participants, "participants", cited),
        **texts(summary, "summary", cited, needed=True),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )
