"""Shared data of the press tests: staff and member-state users, items and a request."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.press import services
from secretariat.press.models import MaterialsRequest, PressItem
from secretariat.registry.models import State
from tests.factories.accounts import user_get_or_create as user

__all__ = ["a_request", "news", "officer", "state_user", "today"]


def today() -> dt.date:
    return timezone.localdate()


def officer() -> User:
    return user("officer", "secretariat_officer", "sco-secretariat")


def state_user(code: str, role: str = "national_coordinator") -> User:
    found = user(f"{code}-{role}", role, code.lower())
    if not found.email:
        found.email = f"{code}-{role}@example.org"
        found.save(update_fields=["email"])
    return found


def news(
    title: dict[str, str] | None = None,
    body: dict[str, str] | None = None,
    *,
    kind: str = "news",
    published: bool = True,
) -> PressItem:
    title = title or {"en": "The register opens", "ru": "Открыт реестр"}
    body = body or {lang: f"Text of {value}." for lang, value in title.items()}
    item = services.press_item_create(kind=kind, title=title, body=body, by=officer())
    if published:
        item = services.item_publish(item=item, by=officer())  # type: ignore[assignment]
    return item


def a_request(*codes: str, days: int = 14) -> MaterialsRequest:
    return services.materials_request_create(
        title={"en": "Statistical yearbooks", "ru": "Статистические ежегодники"},
        text={"en": "Please send the latest yearbook.", "ru": "Просим направить ежегодник."},
        states=State.objects.filter(code__in=codes or ("KZ", "RU")),
        due_on=today() + dt.timedelta(days=days),
        by=officer(),
    )
