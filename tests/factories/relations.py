"""Relations taken through the services: ASEAN as a partner, a memorandum with it and the
member states' consents, and the Secretariat's officer."""

from __future__ import annotations

from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.registry.models import InternationalOrganisation
from secretariat.registry.selectors import member_states_on
from secretariat.relations import services
from secretariat.relations.models import Agreement, Partner
from tests.factories.accounts import user_get_or_create


def asean() -> Partner:
    """ASEAN (from the registry) as a partner."""
    return services.partner_of(
        organisation=InternationalOrganisation.objects.get(abbreviation="ASEAN")
    )


def officer() -> User:
    """The SCO Secretariat's officer ``officer`` (the same one if already made)."""
    return user_get_or_create("officer", "secretariat_officer", "sco-secretariat")


def agreement_with_consents(*, except_codes: tuple[str, ...] = ()) -> Agreement:
    """A memorandum with ASEAN that every member state but ``except_codes`` has consented to."""
    agreement = services.agreement_register(
        partner=asean(),
        kind="memorandum",
        title={"en": "Memorandum on disaster relief", "ru": "Меморандум о помощи при бедствиях"},
    )
    for member in member_states_on(timezone.localdate()):
        if member.code not in except_codes:
            services.consent_record(
                agreement=agreement,
                state=member,
                decision="given",
                by_name=f"Note verbale of {member.name_en}",
            )
    return agreement
