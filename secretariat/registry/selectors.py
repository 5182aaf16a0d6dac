"""Reads of the registry for the public pages and the API (all of it is public)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from secretariat.registry.models import (
    GENERATION_PK,
    Body,
    ChairmanshipTerm,
    CouncilMeeting,
    InternationalOrganisation,
    OrganisationProfile,
    RegistryGeneration,
    SecretaryGeneral,
    State,
    StateStatus,
    StatusKind,
)
from secretariat.registry.reference_records import SUMMIT_BODY

#: Statuses of the states around the members: observers and dialogue partners until
#: 2025-08-31, SCO partners since the Tianjin summit merged the two.
PARTNER_STATUSES = (StatusKind.PARTNER, StatusKind.OBSERVER, StatusKind.DIALOGUE_PARTNER)


def registry_generation() -> str | None:
    """The registry's generation token (changed by every write), or None before the first."""
    return (
        RegistryGeneration.objects.filter(pk=GENERATION_PK).values_list("token", flat=True).first()
    )


def today() -> dt.date:
    """The current day at the Secretariat's seat (settings.TIME_ZONE)."""
    return timezone.localdate()


def state_list() -> QuerySet[State]:
    """All states, with their status history."""
    return State.objects.prefetch_related(
        Prefetch("statuses", queryset=StateStatus.objects.order_by("valid_from"))
    )


def state_get(*, code: str) -> State | None:
    """The state with ISO code ``code`` (any case), or None."""
    return state_list().filter(code=code.upper()).first()


def states_with_status_on(*, day: dt.date, statuses: Iterable[str]) -> QuerySet[State]:
    """States holding one of ``statuses`` on ``day``."""
    holding = StateStatus.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        state=OuterRef("pk"),
        status__in=list(statuses),
        valid_from__lte=day,
    )
    return state_list().filter(Exists(holding))


def member_states_on(day: dt.date) -> QuerySet[State]:
    return states_with_status_on(day=day, statuses=[StatusKind.MEMBER])


def partners_on(day: dt.date) -> QuerySet[State]:
    """Partners on ``day``: SCO partners, and before 2025-09-01 observers and dialogue partners."""
    return states_with_status_on(day=day, statuses=PARTNER_STATUSES)


@dataclass(frozen=True, slots=True)
class BodyNode:
    body: Body
    depth: int


def body_tree() -> list[BodyNode]:
    """Every body, each followed by its children (depth-first, in the file's order)."""
    bodies = list(Body.objects.select_related("seat_state", "state", "parent"))
    children: dict[int | None, list[Body]] = {}
    for body in bodies:
        children.setdefault(body.parent_id, []).append(body)
    nodes: list[BodyNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for body in children.get(parent, []):
            nodes.append(BodyNode(body, depth))
            walk(body.pk, depth + 1)

    walk(None, 0)
    return nodes


def body_get(*, code: str) -> Body | None:
    return Body.objects.filter(code=code).first()


def council_meetings(*, body_code: str | None = None) -> QuerySet[CouncilMeeting]:
    """Held and planned meetings of the councils, oldest first, planned undated ones last."""
    meetings = CouncilMeeting.objects.select_related("body", "host_state", "chair_after")
    if body_code is not None:
        meetings = meetings.filter(body__code=body_code)
    return meetings.order_by(
        "body__position",
        F("number").asc(nulls_last=True),
        F("date_start").asc(nulls_last=True),
    )


def summits() -> QuerySet[CouncilMeeting]:
    """The meetings of the Council of Heads of State."""
    return council_meetings(body_code=SUMMIT_BODY)


def chair_terms() -> QuerySet[ChairmanshipTerm]:
    """Every chairmanship term, in order of the summits that opened them."""
    return ChairmanshipTerm.objects.select_related("state", "opened_by", "closed_by").order_by(
        "opened_by__number"
    )


def chair_on(day: dt.date) -> ChairmanshipTerm | None:
    """The chairmanship term covering ``day``, or None before the first summit."""
    return (
        chair_terms()
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )


def secretaries_general() -> QuerySet[SecretaryGeneral]:
    return SecretaryGeneral.objects.select_related("nationality").order_by("number")


def secretary_general_on(day: dt.date) -> SecretaryGeneral | None:
    """The Secretary-General in office on ``day``."""
    return secretaries_general().filter(term_start__lte=day, term_end__gte=day).first()


def organisations_with_documents() -> QuerySet[InternationalOrganisation]:
    """Partner organisations, each with its documents in date order."""
    return InternationalOrganisation.objects.prefetch_related("documents").order_by("name_en")


def organisation_profile() -> OrganisationProfile | None:
    return OrganisationProfile.objects.order_by("pk").first()


@dataclass(frozen=True, slots=True)
class Glance:
    """The Organisation at a glance, on one day."""

    day: dt.date
    profile: OrganisationProfile | None
    members: list[State]
    partners: list[State]
    chair: ChairmanshipTerm | None
    secretary_general: SecretaryGeneral | None

    @property
    def beyond_sources(self) -> bool:
        """True when ``day`` is later than the last day the sources were searched."""
        return bool(self.profile and self.profile.data_as_of and self.day > self.profile.data_as_of)


def organisation_at_a_glance(day: dt.date | None = None) -> Glance:
    """Founding facts, members and partners, chair and Secretary-General on ``day``."""
    day = day or today()
    return Glance(
        day=day,
        profile=organisation_profile(),
        members=list(member_states_on(day)),
        partners=list(partners_on(day)),
        chair=chair_on(day),
        secretary_general=secretary_general_on(day),
    )
