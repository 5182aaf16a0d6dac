"""The users of the load test, for Locust (bench/load.py runs it headless; see docs/bench-load.md).

Everything a user needs (pages, API paths, logged-in sessions, API tokens, feed URLs, the
document the delegations comment on) is in the plan bench/load.py prepares before the load
and names in ``LOAD_PLAN``. Each answer is timed and filed by kind in ``LOAD_SAMPLES`` (a
JSON file written when the run ends): pages, api, search, feeds, steps.

An answer is an error unless it is the one the request expects: 200 for a read (a page that
redirects to the login is an error: the session was lost), and for a step the redirect back
to the document (a step refused is shown again with 4xx).
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent.ssl  # type: ignore[import-untyped]  # no stubs; Locust runs on gevent
from locust import FastHttpUser, between, constant_pacing, events, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
THINK = tuple(PLAN["think"])
#: Response times in milliseconds by kind and by name, and errors by kind.
TIMES: dict[str, list[float]] = defaultdict(list)
BY_NAME: dict[str, list[float]] = defaultdict(list)
ERRORS: dict[str, int] = defaultdict(int)
ERRORS_BY_NAME: dict[str, int] = defaultdict(int)
ERROR_SAMPLES: list[str] = []
FIRST_AND_LAST: list[float] = []
#: The certificate nginx serves, to verify it against (``--start-stack``: the harness's
#: self-signed one); unset, Locust's default stands (no verification, e.g. for plain HTTP).
CA_FILE = os.environ.get("LOAD_CA_FILE") or None


def _verified_context(*_args: Any, **_kwargs: Any) -> gevent.ssl.SSLContext:
    return gevent.ssl.create_default_context(cafile=CA_FILE)


@events.request.add_listener
def _record(
    request_type: str,
    name: str,
    response_time: float,
    response_length: int,
    exception: BaseException | None,
    context: dict[str, Any],
    **_kwargs: Any,
) -> None:
    kind = context.get("kind", "other")
    TIMES[kind].append(response_time)
    key = f"{kind} {request_type} {name}"
    BY_NAME[key].append(response_time)
    now = time.time()
    if not FIRST_AND_LAST:
        FIRST_AND_LAST.extend([now, now])
    FIRST_AND_LAST[1] = now
    if exception is not None:
        ERRORS[kind] += 1
        ERRORS_BY_NAME[key] += 1
        if len(ERROR_SAMPLES) < 50:
            ERROR_SAMPLES.append(f"{kind} {request_type} {name}: {exception}")


@events.quitting.add_listener
def _write_samples(**_kwargs: Any) -> None:
    Path(os.environ["LOAD_SAMPLES"]).write_text(
        json.dumps(
            {
                "times": TIMES,
                "by_name": BY_NAME,
                "errors": ERRORS,
                "errors_by_name": ERRORS_BY_NAME,
                "error_samples": ERROR_SAMPLES,
                "first_and_last": FIRST_AND_LAST,
            }
        )
    )


class _Visitor(FastHttpUser):
    abstract = True
    insecure = CA_FILE is None
    ssl_context_factory = staticmethod(_verified_context) if CA_FILE else None
    wait_time = between(*THINK)
    #: The plan's account this user acts as (empty: anonymous).
    account: dict[str, Any] = {}
    languages = ("en", "ru", "zh-Hans")

    def on_start(self) -> None:
        self.language = random.choice(self.languages)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept-Language": self.language}
        if self.account:
            cookies = "; ".join(f"{k}={v}" for k, v in self.account["cookies"].items())
            headers["Cookie"] = cookies
        return {**headers, **(extra or {})}

    def get(self, kind: str, path: str, name: str, headers: dict[str, str] | None = None) -> None:
        with self.client.get(
            path,
            name=name,
            headers=self._headers(headers),
            allow_redirects=False,
            catch_response=True,
            context={"kind": kind},
        ) as answer:
            if answer.status_code != 200:
                where = answer.headers.get("Location", "") if answer.headers else ""
                answer.failure(f"{answer.status_code} {where}".strip())

    def pick(self, key: str) -> tuple[str, str]:
        """A path of the plan's list ``key`` and the name it is counted under."""
        path, name = random.choice(PLAN[key])
        return path, name


class AnonymousVisitor(_Visitor):
    """A visitor of the public site: its pages, the databank's search, a body's calendar."""

    weight = PLAN["weights"]["anonymous"]

    @task(8)
    def public_page(self) -> None:
        self.get("pages", *self.pick("public_pages"))

    @task(2)
    def search_page(self) -> None:
        query = random.choice(PLAN["queries"])
        self.get("search", f"/databank/?q={query}", "/databank/?q=…")

    @task(1)
    def body_feed(self) -> None:
        self.get("feeds", *self.pick("body_feeds"))


class _SignedIn(_Visitor):
    abstract = True
    accounts_key = ""

    def on_start(self) -> None:
        super().on_start()
        self.account = random.choice(PLAN[self.accounts_key])
        self.language = self.account["language"]

    @task(8)
    def page(self) -> None:
        path, name = random.choice(self.account["pages"])
        self.get("pages", path, name)

    @task(1)
    def own_feed(self) -> None:
        self.get("feeds", self.account["feed_user"], "/calendar/user/<token>.ics")


class StaffMember(_SignedIn):
    """Secretariat staff (officer, Secretary-General, legal, BC Secretariat, RATS) at work."""

    weight = PLAN["weights"]["staff"]
    accounts_key = "staff"


class DelegationMember(_SignedIn):
    """A national coordinator or a national part's secretariat, in their own language."""

    weight = PLAN["weights"]["delegation"]
    accounts_key = "delegations"

    @task(1)
    def search_signed_in(self) -> None:
        query = random.choice(PLAN["queries"])
        self.get("search", f"/databank/?q={query}", "/databank/?q=…")


class ApiClient(_Visitor):
    """A script reading the API with a personal token (an officer's or a coordinator's)."""

    weight = PLAN["weights"]["api"]

    def on_start(self) -> None:
        super().on_start()
        self.holder = random.choice(PLAN["api_accounts"])
        self.token = self.holder["token"]

    @task(6)
    def read(self) -> None:
        path, name = random.choice(self.holder["api_paths"])
        self.get("api", path, name, {"Authorization": f"Bearer {self.token}"})

    @task(2)
    def search(self) -> None:
        query = random.choice(PLAN["queries"])
        self.get(
            "search",
            f"/api/databank/search?q={query}",
            "/api/databank/search?q=…",
            {"Authorization": f"Bearer {self.token}"},
        )


class CalendarClient(_Visitor):
    """A calendar application polling feeds: a body's (public) or a delegation's (token)."""

    weight = PLAN["weights"]["calendar"]

    @task
    def poll(self) -> None:
        self.get("feeds", *self.pick("feeds"))


class DelegationStep(_Visitor):
    """One per delegation: its coordinator records a comment on the draft in consultation,
    once a minute (the write of the mix), through the page's form as a browser would."""

    fixed_count = len(PLAN["steps"])
    wait_time = constant_pacing(PLAN["step_every"])

    def on_start(self) -> None:
        super().on_start()
        index = DelegationStep._next % len(PLAN["steps"])
        DelegationStep._next += 1
        self.account = PLAN["steps"][index]
        self.language = self.account["language"]
        self.count = 0
        # Spread the delegations over the minute instead of all at its start.
        time.sleep(random.uniform(0, PLAN["step_spread"]))

    _next = 0

    @task
    def comment(self) -> None:
        self.count += 1
        document = PLAN["step_document"]
        body = {
            "csrfmiddlewaretoken": self.account["cookies"]["csrftoken"],
            "reference": f"Article {1 + self.count % 2}",
            "text": f"Load test comment {self.count} of {self.account['username']} "
            f"at {time.time():.3f}",
        }
        with self.client.post(
            f"/documents/{document}/comment/",
            data=urlencode(body),
            name="/documents/<id>/comment/",
            # The page the form is on, as a browser sends it: over HTTPS, Django's CSRF
            # check refuses a form posted without a Referer of the same site.
            headers=self._headers(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"{self.host}/documents/{document}/",
                }
            ),
            allow_redirects=False,
            catch_response=True,
            context={"kind": "steps"},
        ) as answer:
            where = answer.headers.get("Location", "") if answer.headers else ""
            if answer.status_code != 302 or f"/documents/{document}/" not in where:
                answer.failure(f"{answer.status_code} {where}".strip())
