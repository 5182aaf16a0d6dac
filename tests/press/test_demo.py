"""``secretariat press demo``: what a newcomer sees after ``make run``, made once."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from secretariat.press.models import CatalogueEntry, MaterialsRequest, PressItem
from secretariat.registry.selectors import member_states_on
from tests.factories.accounts import user_get_or_create as user
from tests.factories.press import officer
from tests.factories.registry import registry_with_delegations
from tests.press.support import today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_needs_the_demo_users() -> None:
    with pytest.raises(CommandError):
        call_command("press", "demo", stdout=StringIO())


def test_the_demo_publishes_news_a_briefing_the_catalogue_and_a_request_once() -> None:
    officer()
    user("kz-coordinator", "national_coordinator", "kz")

    call_command("press", "demo", stdout=StringIO())
    again = StringIO()
    call_command("press", "demo", stdout=again)

    items = PressItem.objects.filter(is_public=True)
    assert sorted(i.kind for i in items) == ["briefing", "news", "news"]
    assert all(i.languages() == ["en", "ru", "zh"] for i in items)
    assert all("demonstration" in i.body_en.lower() for i in items)
    assert CatalogueEntry.objects.filter(is_public=True).count() == 5
    request = MaterialsRequest.objects.get()
    assert request.addressees.count() == member_states_on(today()).count()
    assert [a.state.code for a in request.addressees.filter(status="answered")] == ["KZ"]
    assert "already there" in again.getvalue()
    assert "Demo: the public pages" in Client().get("/press/").content.decode()
    assert "上海合作组织秘书处简介" in Client().get("/zh-hans/press/catalogue/").content.decode()
