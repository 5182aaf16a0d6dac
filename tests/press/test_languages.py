"""The press pages in three languages (issue 17): the manage page names the languages an item
is written in, each in its own language, never by code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.factories.accounts import logged_in
from tests.factories.press import news, officer
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def test_the_manage_page_names_the_languages_of_an_item_not_their_codes() -> None:
    news({"ru": "Открыт реестр", "zh": "登记册开放"})

    chinese = logged_in(officer()).get("/zh-hans/press/manage/").content.decode()

    assert "<td>俄文, 中文</td>" in chinese
    assert "<td>ru, zh</td>" not in chinese
