"""Interactions with non-governmental structures (SEC-NGO)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.core.errors import refuse
from secretariat.registry.models import Body, BodyKind
from secretariat.relations.models import NgoInteraction, NgoKind
from secretariat.relations.services.inputs import choice, clean, required


@transaction.atomic
def ngo_interaction_record(
    *,
    organisation_name: str,
    kind: str,
    date: dt.date,
    subject: str,
    outcome: str = "",
    body: Body | None = None,
    by: User | None = None,
    is_demo: bool = False,
) -> NgoInteraction:
    """Record an interaction with a non-governmental structure: who, when, on what, the outcome."""
    cited = ("SEC-NGO",)
    choice(kind, NgoKind.values, "ngo_kind", cited)
    if body is not None and body.kind != BodyKind.NON_GOVERNMENTAL:
        raise refuse("body_not_ngo", "relations.body_not_ngo", cited, body=body.name_en)
    name = clean(organisation_name) or (body.name_en if body is not None else "")
    return NgoInteraction.objects.create(
        organisation_name=required(name, "organisation_name", cited),
        kind=kind,
        body=body,
        date=date,
        subject=required(subject, "subject", cited),
        outcome=clean(outcome),
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )
