"""Rate limits of anonymous callers, per client address: 429 with Retry-After, in the
caller's language, on the site's error page or as the API's error shape."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.cache.backends.filebased import FileBasedCache
from django.test import Client

from secretariat.accounts.services import api_token_create
from secretariat.core import ratelimit
from tests.factories import accounts

pytestmark = pytest.mark.django_db

A = "203.0.113.10"
B = "203.0.113.11"


@pytest.fixture
def limits(settings: Any) -> Iterator[Any]:
    """The limits on, counted in the test's (emptied) local cache, the clock stopped at the
    start of the next minute: a slow run cannot cross into a new window mid-test."""
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_CACHE = "default"
    next_minute = (int(time.time()) // 60 + 1) * 60
    with time_machine.travel(dt.datetime.fromtimestamp(next_minute, dt.UTC), tick=False):
        yield settings


def _verify(client: Client, address: str, **headers: Any) -> Any:
    return client.post("/api/depositary/verify", {}, REMOTE_ADDR=address, **headers)


def test_the_public_check_is_refused_past_ten_a_minute_from_one_address(
    client: Client, limits: Any
) -> None:
    answers = [_verify(client, A).status_code for _ in range(10)]
    refused = _verify(client, A, HTTP_ACCEPT_LANGUAGE="ru")

    assert 429 not in answers
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "Слишком много запросов" in refused.json()["message"]
    assert int(refused["Retry-After"]) == 60  # the clock stands at the window's start
    # another address is not held back
    assert _verify(client, B).status_code != 429


def test_a_public_page_past_its_limit_answers_in_the_sites_layout_and_language(
    client: Client, limits: Any
) -> None:
    limits.RATELIMIT_RULES = [{"name": "anonymous", "views": ["*"], "requests": 3, "seconds": 60}]
    for _ in range(3):
        assert client.get("/zh-hans/press/", REMOTE_ADDR=A).status_code == 200

    page = client.get("/zh-hans/press/", REMOTE_ADDR=A)

    assert page.status_code == 429
    assert page["Retry-After"]
    text = page.content.decode()
    assert "rate_limited" in text
    assert "请求过多" in text
    assert "<nav" in text


def test_login_posts_are_limited_per_address_across_usernames(client: Client, limits: Any) -> None:
    # django-axes locks an address after as many failures (accounts.throttling): lift it
    # here, so that this is the rate limit alone.
    limits.SECRETARIAT_LOGIN_FAILURE_LIMIT_PER_ADDRESS = 1000
    statuses = [
        client.post(
            "/accounts/login/", {"username": f"user{n}", "password": "wrong"}, REMOTE_ADDR=A
        ).status_code
        for n in range(21)
    ]

    assert 429 not in statuses[:20]
    assert statuses[20] == 429


def test_a_signed_in_user_is_not_counted(client: Client, limits: Any) -> None:
    limits.RATELIMIT_RULES = [{"name": "anonymous", "views": ["*"], "requests": 2, "seconds": 60}]
    client.force_login(accounts.user("reader-limits", "secretariat_officer", password="x" * 16))

    statuses = {client.get("/press/", REMOTE_ADDR=A).status_code for _ in range(5)}

    assert statuses == {200}


def test_a_valid_api_token_is_not_counted_by_the_general_rule_a_made_up_one_is(
    client: Client, limits: Any
) -> None:
    limits.RATELIMIT_RULES = [
        {"name": "anonymous", "views": ["*"], "requests": 2, "seconds": 60, "tokens": False}
    ]
    user = accounts.user("script-limits", "secretariat_officer", password="x" * 16)
    _, key = api_token_create(user=user, name="script")
    real = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    made_up = {"HTTP_AUTHORIZATION": "Bearer sct_made_up"}

    with_token = [
        client.get("/api/press/items", REMOTE_ADDR=A, **real).status_code for _ in range(4)
    ]
    without = [
        client.get("/api/press/items", REMOTE_ADDR=B, **made_up).status_code for _ in range(3)
    ]

    assert 429 not in with_token
    assert without[2] == 429


def test_the_limit_is_off_when_disabled(client: Client, settings: Any) -> None:
    settings.RATELIMIT_ENABLED = False
    settings.RATELIMIT_CACHE = "default"

    assert {_verify(client, A).status_code for _ in range(15)} - {400, 422} == set()


def test_the_default_cache_is_shared_by_processes_on_the_host(tmp_path: Path) -> None:
    """Two workers' caches on the same directory see one counter (the zero-setup default)."""
    one = FileBasedCache(str(tmp_path), {})
    two = FileBasedCache(str(tmp_path), {})
    one.add("k", 0, 60)
    one.incr("k")
    two.incr("k")

    assert one.get("k") == 2


def test_a_new_window_starts_after_the_old_one(settings: Any) -> None:
    settings.RATELIMIT_CACHE = "default"
    rule = ratelimit.Rule(name="t", requests=1, seconds=1, views=("*",))
    ratelimit.count(rule, A)
    with pytest.raises(ratelimit.RateLimitedError):
        ratelimit.count(rule, A)
    time.sleep(1.05)
    ratelimit.count(rule, A)


def test_an_expired_token_is_answered_401_in_its_owners_language_not_500(limits: Any) -> None:
    """The limits read the token before the view does: a refused token (expired, or of a
    two-factor role made without the second factor) is no exemption, and the API's own
    answer comes through (it was a 500 raised in this middleware)."""
    client = Client(raise_request_exception=False)
    user = accounts.user("script-expired", "national_coordinator", password="x" * 16)
    user.language = "ru"
    user.save()
    _, key = api_token_create(user=user, name="script", days=1)

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2), tick=False):
        answer = client.get("/api/meetings/", REMOTE_ADDR=A, HTTP_AUTHORIZATION=f"Bearer {key}")

    assert answer.status_code == 401
    assert answer.json()["code"] == "token_expired"
    assert "Срок действия" in answer.json()["message"]


def test_a_token_is_looked_up_once_a_request_though_the_limits_read_it_first(
    limits: Any,
) -> None:
    """The limits read a request's token (a valid one is not counted as anonymous); the
    API's authentication then takes what they found instead of looking it up again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from secretariat.accounts.models import ApiToken

    user = accounts.user("script-once", "secretariat_officer", password="x" * 16)
    _, key = api_token_create(user=user, name="script")
    table = ApiToken._meta.db_table

    with CaptureQueriesContext(connection) as queries:
        answer = Client().get("/api/meetings/", REMOTE_ADDR=A, HTTP_AUTHORIZATION=f"Bearer {key}")

    assert answer.status_code == 200
    lookups = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and table in q["sql"]]
    assert len(lookups) == 1
