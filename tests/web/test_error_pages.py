"""The error pages: in the site's layout and the reader's language with DEBUG off; JSON
under /api/; the 500 page without the database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils.translation import override as translation_override

from secretariat.web.errors import server_error
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations

NOT_FOUND = {"ru": "Страница не найдена", "zh-hans": "未找到页面"}
STEP = {"ru": "Этот адрес служит для выполнения действия", "zh-hans": "此地址用于执行步骤"}
SERVER = {"ru": "Ошибка сервера", "zh-hans": "服务器错误"}
LAYOUT = 'class="site-header"'


@pytest.fixture(scope="module")
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "zh-hans"])
def test_404_is_a_page_in_the_layout_and_the_language(lang: str, settings: Any) -> None:
    settings.DEBUG = False
    response = Client().get(f"/{lang}/no-such-page/")

    assert response.status_code == 404
    text = response.content.decode()
    assert NOT_FOUND[lang] in text
    assert LAYOUT in text
    assert "not_found" in text


@pytest.mark.django_db
def test_an_unknown_api_address_answers_json() -> None:
    response = Client().get("/api/no-such-endpoint")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "zh-hans"])
def test_reloading_a_post_only_step_gives_a_page_with_a_way_back(lang: str, registry: None) -> None:
    client = Client()
    client.force_login(user("officer", "secretariat_officer", "sco-secretariat"))

    response = client.get(f"/{lang}/inbox/read-all/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = response.content.decode()
    assert STEP[lang] in text
    assert LAYOUT in text
    assert f'href="/{lang}/inbox/"' in text


@pytest.mark.parametrize("lang", ["ru", "zh-hans"])
def test_the_500_page_needs_no_database_and_speaks_the_address_language(lang: str) -> None:
    response = server_error(RequestFactory().get(f"/{lang}/relations/"))

    assert response.status_code == 500
    text = response.content.decode()
    assert SERVER[lang] in text
    assert LAYOUT in text


def test_the_api_500_is_json() -> None:
    response = server_error(RequestFactory().get("/api/press/items"))

    assert response.status_code == 500
    assert b'"server_error"' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "zh-hans"])
def test_a_suspicious_request_is_a_400_page_in_the_language(lang: str) -> None:
    bad = {"ru": "Некорректный запрос", "zh-hans": "请求有误"}

    response = Client(HTTP_HOST="not-allowed.example").get(f"/{lang}/rules/")

    assert response.status_code == 400
    text = response.content.decode()
    assert bad[lang] in text
    assert "bad_request" in text


@pytest.mark.django_db
def test_a_permission_denied_is_a_403_page(rf: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from secretariat.web.errors import permission_denied

    request = rf.get("/zh-hans/budget/")
    request.user = AnonymousUser()
    with translation_override("zh-hans"):
        response = permission_denied(request)

    assert response.status_code == 403
    assert "拒绝访问" in response.content.decode()
