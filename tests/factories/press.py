"""Press items and materials requests taken through the services, and the users who make and
answer them (the Secretariat's officer, member states' users with an e-mail address)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.press import services
from secretariat.press.models import MaterialsRequest, PressItem
from secretariat.registry.models import State
from tests.factories.accounts import user_get_or_create


def officer() -> User:
    """The SCO Secretariat's officer ``officer`` (the same one if already made)."""
    return user_get_or_create("officer", "secretariat_officer", "sco-secretariat")


def state_user(code: str, role: str = "national_coordinator") -> User:
    """The user ``<code>-<role>`` of member state ``code``, with an address at example.org."""
    found = user_get_or_create(f"{code}-{role}", role, code.lower())
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
    """A press item of ``kind`` made by the officer (published unless ``published=False``)."""
    title = title or {"en": "The register opens", "ru": "Открыт реестр"}
    body = body or {lang: f"Text of {value}." for lang, value in title.items()}
    item = services.press_item_create(kind=kind, title=title, body=body, by=officer())
    if published:
        item = services.item_publish(item=item, by=officer())  # type: ignore[assignment]
    return item


def a_request(*codes: str, days: int = 14) -> MaterialsRequest:
    """A request for materials to the states ``codes`` (KZ and RU by default), due in ``days``."""
    return services.materials_request_create(
        title={"en": "Statistical yearbooks", "ru": "Статистические ежегодники"},
        text={"en": "Please send the latest yearbook.", "ru": "Просим направить ежегодник."},
        states=State.objects.filter(code__in=codes or ("KZ", "RU")),
        due_on=timezone.localdate() + dt.timedelta(days=days),
        by=officer(),
    )
