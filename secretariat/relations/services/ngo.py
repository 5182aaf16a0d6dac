"""Interactions with non-governmental structures (SEC-NGO)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.registry.models import Body, BodyKind
from secretariat.relations.models import NgoInteraction, NgoKind
from secretariat.relations.services.inputs import choice, texts


@transaction.atomic
def ngo_interaction_record(
    *,
    organisation_name: str | Mapping[str, str],
    kind: str,
    date: dt.date,
    subject: str | Mapping[str, str],
    outcome: str | Mapping[str, str] = "",
    body: Body | None = None,
    by: User | None = None,
    is_demo: bool = False,
) -> NgoInteraction:
    """Record an interaction with a non-governmental structure: who, when, on what, the outcome."""
    cited = ("SEC-NGO",)
    choice(kind, NgoKind.values, "ngo_kind", cited)
    if body is not None and body.kind != BodyKind.NON_GOVERNMENTAL:
        raise refuse("body_not_ngo", "relations.body_not_ngo", cited, body=body.name_en)
    if not any(texts(organisation_name, "organisation_name", cited).values()) and body:
        # A structure of the registry is named as the registry names it, in each language.
        organisation_name = {"en": body.name_en, "ru": body.name_ru, "zh": body.name_zh}
    return NgoInteraction.objects.create(
        **texts(organisation_name, "organisation_name", cited, needed=True),
        kind=kind,
        body=body,
        date=date,
        **texts(subject, "subject", cited, needed=True),
        **texts(outcome, "outcome", cited),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )
