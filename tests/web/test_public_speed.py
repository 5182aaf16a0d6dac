"""Public pages answered from the cache (core/public_cache.py): few queries, never stale.

A visitor's second look at a public page costs one query (the data version), in every
language; its first look costs a bounded number of queries that does not grow with the data
(no query per row). A write (committed: the data version rises, as on another host; or
only in this process) is seen at once, the language form's CSRF token is each visitor's own,
and a signed-in user or a visitor with a session is never answered from the cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secretariat.core import freshness
from secretariat.core.public_cache import CACHE
from secretariat.registry.models import CouncilMeeting
from tests.factories.press import news, officer
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

PREFIXES = ["", "/ru", "/zh-hans"]
#: Every public page, with the most queries its first (uncached) look may make.
PAGES = {
    "/": 12,
    "/states/": 12,
    "/bodies/": 12,
    "/summits/": 12,
    "/organisations/": 12,
    "/press/": 12,
    "/press/briefings/": 12,
    "/press/catalogue/": 12,
    "/rules/": 12,
    "/rules/SEC-CIRCULATE-CNC/": 12,
    "/databank/": 12,
    "/databank/sources/": 12,
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    caches[CACHE].clear()
    yield
    caches[CACHE].clear()


def _queries(fetch: Callable[[], Any]) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        answer = fetch()
    return answer, [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_public_page_seen_again_costs_one_query(prefix: str, page: str) -> None:
    news({"en": "Summit", "ru": "Саммит", "zh": "峰会"})
    client = Client()
    first, cold = _queries(lambda: client.get(prefix + page))
    again, warm = _queries(lambda: Client().get(prefix + page))

    assert first.status_code == 200, (prefix, page)
    assert again.status_code == 200
    assert len(cold) <= PAGES[page], "\n".join(cold)
    assert len(warm) == 1, "\n".join(warm)
    assert "core_dataversion" in warm[0]
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())


def test_the_summits_page_makes_as_many_queries_with_more_summits() -> None:
    before, cold = _queries(lambda: Client().get("/summits/"))
    template = CouncilMeeting.objects.filter(body__code="chs").order_by("-number").first()
    assert template is not None
    for n in range(1, 6):
        CouncilMeeting.objects.create(
            body=template.body,
            number=template.number + n if template.number else None,
            city_en=f"Town {n}",
            host_state=template.host_state,
            date_start=template.date_start,
        )
    after, more = _queries(lambda: Client().get("/summits/"))

    assert before.status_code == after.status_code == 200
    assert "Town 5" in after.content.decode()
    assert len(more) == len(cold), "\n".join(more)


def test_a_committed_write_raises_the_data_version_and_the_page_changes(
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = Client().get("/press/")
    version = freshness.current()[0]
    with django_capture_on_commit_callbacks(execute=True):
        news({"en": "Fresh headline"})
    after = Client().get("/press/")

    assert "Fresh headline" not in first.content.decode()
    assert freshness.current()[0] > version
    assert "Fresh headline" in after.content.decode()


def test_another_hosts_write_is_seen_through_the_data_version_alone(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A host's cached copy is keyed by the version in the database: raising it (as another
    host's commit does) is enough, whatever this process saw."""
    Client().get("/summits/")
    key_before = caches[CACHE]._cache.keys()  # type: ignore[attr-defined]
    assert any(":/summits/" in k for k in key_before)
    freshness.bump()
    _page, queries = _queries(lambda: Client().get("/summits/"))

    assert len(queries) > 1, "answered from a copy cached under the old version"


def test_bookkeeping_writes_leave_the_cached_public_pages_reachable(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """A worker's heartbeat (every round, on every host) and a signed-in user's visit to
    their start page change nothing the public sees: under the load test such writes came
    several times a second and no public page was ever answered from the cache."""
    from secretariat.health.heartbeat import beat
    from secretariat.work.models import Visit

    assert "health_workerheartbeat" in settings.DATA_VERSION_IGNORES
    with django_capture_on_commit_callbacks(execute=True):
        # A worker starts and a user first opens their start page (both rows made, audited).
        beat("host-a", poll=5.0)
        Visit.objects.create(user=officer(), since=timezone.now(), last_seen=timezone.now())
    Client().get("/summits/")
    version = freshness.current()[0]
    with django_capture_on_commit_callbacks(execute=True):
        beat("host-a", poll=5.0)  # the worker's rounds, the user's next looks
        beat("host-a", poll=5.0)
        Visit.objects.update(last_seen=timezone.now())
    _page, queries = _queries(lambda: Client().get("/summits/"))

    assert freshness.current()[0] == version
    assert len(queries) <= 1, "\n".join(queries)
    # What the public sees still raises it, in the same way.
    with django_capture_on_commit_callbacks(execute=True):
        news({"en": "Fresh headline"})
    assert freshness.current()[0] > version


def test_a_write_in_this_process_is_seen_before_it_commits() -> None:
    Client().get("/press/")
    news({"en": "Uncommitted headline"})

    assert "Uncommitted headline" in Client().get("/press/").content.decode()


def test_each_visitor_gets_a_csrf_token_of_its_own_and_can_switch_language() -> None:
    one, two = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = one.get("/summits/")
    second = two.get("/summits/")
    token_one = TOKEN.search(first.content.decode())
    token_two = TOKEN.search(second.content.decode())
    assert token_one is not None
    assert token_two is not None
    assert token_one.group(1) != token_two.group(1)
    assert "csrftoken" in second.cookies

    switched = two.post(
        "/i18n/setlang/",
        {"language": "ru", "next": "/summits/", "csrfmiddlewaretoken": token_two.group(1)},
    )

    assert switched.status_code == 302


def test_the_languages_are_cached_apart() -> None:
    english = Client().get("/summits/").content.decode()
    russian = Client().get("/ru/summits/").content.decode()
    chinese = Client().get("/zh-hans/summits/").content.decode()

    assert 'lang="en"' in english
    assert 'lang="ru"' in russian
    assert 'lang="zh-hans"' in chinese
    assert Client().get("/ru/summits/").content.decode().count('lang="ru"') == russian.count(
        'lang="ru"'
    )


def test_a_signed_in_user_is_never_answered_from_the_cache() -> None:
    Client().get("/press/")
    client = Client()
    client.force_login(officer())

    page, queries = _queries(lambda: client.get("/press/"))

    assert page.status_code == 200
    assert len(queries) > 1
    assert "Publishing" in page.content.decode()  # the officer's menu, not the visitor's


def test_a_search_is_never_cached() -> None:
    Client().get("/databank/?q=summit")

    _page, queries = _queries(lambda: Client().get("/databank/?q=summit"))

    assert not any(":/databank/?q=" in k for k in caches[CACHE]._cache)  # type: ignore[attr-defined]
    assert len(queries) >= 1
