"""The production shape, end to end: nginx (deploy/nginx/secretariat.conf, TLS) in front of two
application processes with separate var/ folders (deploy/gunicorn.conf.py), a worker each,
PostgreSQL and Redis. An officer logs in through nginx and takes a meeting's step; the step
is seen through both hosts, the session and the anonymous rate limit hold across them, and
with one host stopped the site goes on through the other; nginx serves the static files.

Always on PostgreSQL (a database of its own), also in the SQLite run: this is about the
production shape. nginx is Debian's (.ci/ensure-packages); nothing here skips.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from tests.deploy.stack import OFFICER, OFFICER_PASSWORD, Stack

pytestmark = pytest.mark.real_time

#: Requests a minute to the public check of certified copies from one address, in this test.
VERIFY_LIMIT = 6


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = f"postgres://postgres@127.0.0.1:5432/test_deploy_stack_{worker}"
    started = Stack(
        url,
        workdir=tmp_path_factory.mktemp("stack"),
        env={"SECRETARIAT_RATELIMIT_VERIFY": str(VERIFY_LIMIT)},
    )
    with started:
        yield started
    started.drop_database()


class Probe:
    """A browser's session through nginx; each request is tagged so that nginx's access log
    says which application host answered it."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.session = requests.Session()
        # Not the environment's CA bundle or proxies: this stack's certificate, directly.
        self.session.trust_env = False
        self.count = 0

    def request(self, method: str, path: str, **kwargs: object) -> tuple[requests.Response, int]:
        self.count += 1
        tag = f"probe={os.getpid()}-{id(self)}-{self.count}"
        url = f"{self.stack.base_url}{path}{'&' if '?' in path else '?'}{tag}"
        answer = self.session.request(
            method,
            url,
            timeout=60,
            allow_redirects=False,
            verify=str(self.stack.ca_file),
            **kwargs,  # type: ignore[arg-type]
        )
        host = None
        # nginx writes the line just after the answer is sent: wait for it a little.
        deadline = time.monotonic() + 5
        while host is None and time.monotonic() < deadline:
            for line in reversed(self.stack.access_log()):
                if tag in line:
                    host = self.stack.upstream_of(line)
                    break
            else:
                time.sleep(0.05)
        assert host is not None, f"{method} {path}: not in nginx's log\n{self.stack.logs()}"
        return answer, host

    def page(self, path: str) -> tuple[requests.Response, int]:
        answer, host = self.request("GET", path)
        assert answer.status_code == 200, (path, answer.status_code, self.stack.logs())
        return answer, host


def _csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _meeting(stack: Stack) -> tuple[int, int, str]:
    with psycopg.connect(stack.database_url.replace("postgres://", "postgresql://", 1)) as db:
        row = db.execute(
            "SELECT id, version, state FROM meetings_meeting WHERE title_en = %s",
            ("Stack: CNC meeting",),
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), str(row[2])


def _log_in(probe: Probe) -> None:
    form, _ = probe.page("/accounts/login/")
    answer, _ = probe.request(
        "POST",
        "/accounts/login/",
        data={
            "csrfmiddlewaretoken": _csrf(form.text),
            "username": OFFICER,
            "password": OFFICER_PASSWORD,
        },
        headers={"Referer": f"{probe.stack.base_url}/accounts/login/"},
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:2000])
    cookie = next(c for c in probe.session.cookies if c.name == "sessionid")
    assert cookie.secure, "the session cookie must be Secure in production"


def test_a_meeting_step_through_nginx_is_seen_through_both_hosts(stack: Stack) -> None:
    started = time.monotonic()
    probe = Probe(stack)
    # Plain HTTP is moved to HTTPS by nginx; HTTPS answers with the application's HSTS.
    plain = requests.get(
        f"http://127.0.0.1:{stack.http_port}/meetings/", allow_redirects=False, timeout=10
    )
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")

    _log_in(probe)
    meeting_id, version, state = _meeting(stack)
    assert state == "planned"

    # The logged-in officer's pages come from both hosts: one session, kept in PostgreSQL.
    hosts = set()
    for _ in range(6):
        page, host = probe.page(f"/meetings/{meeting_id}/")
        hosts.add(host)
        assert "Stack: CNC meeting" in page.text
        assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    assert hosts == {0, 1}, "nginx must spread the requests over both application hosts"

    # The step, posted through nginx to whichever host nginx picks.
    answer, step_host = probe.request(
        "POST",
        f"/meetings/{meeting_id}/transition/",
        data={
            "csrfmiddlewaretoken": _csrf(page.text),
            "event": "agree_agenda",
            "expected_version": str(version),
        },
        headers={"Referer": f"{stack.base_url}/meetings/{meeting_id}/"},
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:3000])
    assert _meeting(stack)[2] == "agenda_agreed"
    # ... and read through the other host, as a page and through the API.
    other = 1 - step_host
    seen_on: set[int] = set()
    for _ in range(8):
        page, host = probe.page(f"/meetings/{meeting_id}/")
        assert "Preliminary agenda agreed with the CNC" in page.text, host
        api, api_host = probe.page(f"/api/meetings/{meeting_id}")
        assert api.json()["state"] == "agenda_agreed", api_host
        seen_on |= {host, api_host}
    assert other in seen_on

    # Static files: from nginx's folder, hashed names cached for a year, gzip as stored.
    link = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.text)
    assert link, "the page links no hashed stylesheet"
    css = requests.get(
        stack.base_url + link.group(1),
        verify=str(stack.ca_file),
        headers={"Accept-Encoding": "gzip"},
        timeout=10,
    )
    assert css.status_code == 200
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["Content-Type"].startswith("text/css")
    assert css.headers.get("Content-Encoding") == "gzip"
    assert "Content-Security-Policy" not in css.headers, "served by the application, not nginx"

    # Anonymous callers are counted in Redis, which both hosts share: the limit holds for
    # the two together (with a cache per host, twice as many would pass).
    if time.time() % 60 > 50:  # not across a minute's window
        time.sleep(61 - time.time() % 60)
    anonymous = Probe(stack)
    passed, limited, burst_hosts = 0, 0, set()
    for _ in range(3 * VERIFY_LIMIT):
        answer, host = anonymous.request("POST", "/api/depositary/verify")
        burst_hosts.add(host)
        if answer.status_code == 429:
            limited += 1
            assert answer.json()["code"] == "rate_limited"
        else:
            assert limited == 0, "a request passed after the limit was reached"
            passed += 1
    assert burst_hosts == {0, 1}
    assert passed == VERIFY_LIMIT, f"{passed} passed, limit {VERIFY_LIMIT}"

    # One host stopped: nginx goes on through the other, the session still holds.
    stack.stop("app0")
    for _ in range(4):
        page, host = probe.page(f"/meetings/{meeting_id}/")
        assert host == 1
        assert "Preliminary agenda agreed with the CNC" in page.text
    # Both stopped: the static files are still there (nginx's own).
    stack.stop("app1")
    css = requests.get(stack.base_url + link.group(1), verify=str(stack.ca_file), timeout=10)
    assert css.status_code == 200
    down = requests.get(stack.base_url + "/meetings/", verify=str(stack.ca_file), timeout=30)
    assert down.status_code == 502

    elapsed = time.monotonic() - started
    print(f"stack start {stack.timings}, test {elapsed:.1f} s")  # noqa: T201
    assert Path(stack.log_dir / "secretariat.access.log").stat().st_size > 0
