"""Out-of-range dates and numbers on pages: a 400 in the layout and the reader's language,
never a bare 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

BAD = {"ru": "Некорректный запрос", "zh-hans": "请求有误"}


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.mark.parametrize("lang", ["ru", "zh-hans"])
@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31"])
def test_the_protocol_page_refuses_a_week_out_of_range(lang: str, start: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user("officer", "secretariat_officer", "sco-secretariat"))

    response = client.get(f"/{lang}/relations/protocol/?start={start}")

    assert response.status_code == 400
    text = response.content.decode()
    assert BAD[lang] in text
    assert 'class="site-header"' in text


@pytest.mark.parametrize(
    "path",
    [
        "/ru/meetings/calendar/?month=0001-01",
        "/ru/meetings/calendar/?month=9999-12",
        "/ru/meetings/99999999999999999999/",
        "/ru/documents/99999999999999999999/",
    ],
)
def test_other_out_of_range_addresses_are_a_400_page(path: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(user("officer", "secretariat_officer", "sco-secretariat"))

    response = client.get(path)

    assert response.status_code in (400, 404)
    assert 'class="site-header"' in response.content.decode()
    assert '<html lang="ru">' in response.content.decode()


def test_a_procedure_link_from_a_rule_page_never_shows_command_line_flags() -> None:
    response = Client().get("/ru/rules/schedule/?procedure=sco-meeting")

    assert "--" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]


@pytest.mark.parametrize("lang", ["ru", "zh-hans"])
def test_the_rule_page_link_to_a_timetable_opens_the_form(lang: str) -> None:
    response = Client().get(f"/{lang}/rules/schedule/?procedure=sco-meeting")

    assert response.status_code == 200
    text = response.content.decode()
    assert 'role="alert"' not in text
    assert 'name="meeting_start"' in text
