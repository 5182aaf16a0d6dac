"""schemathesis against the whole API, with all its checks, as three callers.

Every operation of the OpenAPI document is called with generated requests, valid and invalid
(schemathesis' positive and negative modes, its coverage and fuzzing phases), as an anonymous
caller, a Secretariat officer and a member-state coordinator (each with an API token), and
every answer is held to all of schemathesis' checks: no 5xx, the status code documented, the
body and headers as documented, the media type, invalid input refused, and the rest.

Bounded in time: a few examples an operation, no shrinking, a fixed seed (the same requests
on every run), no deadline. Each request runs in a transaction rolled back after it, so one
case never sees another's writes. The requests sent and the 5xx answers are counted and
written to var/schemathesis/ (one file per pytest-xdist worker).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from secretariat.accounts.services import api_token_create, token_actions_allowed
from secretariat.api.api import api
from secretariat.signing.keys import KeyFiles, keys_init
from tests.factories.accounts import member_state
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

#: Examples an operation in the fuzzing phase; the coverage phase adds its own few.
MAX_EXAMPLES = 3

#: Who calls: (role, delegation code) or None for an anonymous caller.
MEMBERS: dict[str, tuple[str, str]] = {
    "officer": ("secretariat_officer", "sco-secretariat"),
    "coordinator": ("national_coordinator", "kz"),
}


DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/"), default=str))
#: The operations that need a login: (method, path).
SECURED = {
    (method.upper(), path)
    for path, methods in DOCUMENT["paths"].items()
    for method, operation in methods.items()
    if operation.get("security")
}


def _secured(ctx: Any) -> bool:
    return (ctx.operation.method.upper(), ctx.operation.path) in SECURED


def _load(*, coverage: bool = True) -> Any:
    schema = schemathesis.openapi.from_dict(DOCUMENT)
    schema.app = get_wsgi_application()
    # NUL in text is refused with 422 before any operation runs (PostgreSQL cannot store it;
    # tests/api/test_contract.py holds that); OpenAPI cannot say so short of a pattern on
    # every string, so schemathesis is told not to count it as valid text.
    schema.config.generation.update(
        max_examples=MAX_EXAMPLES, deterministic=True, no_shrink=True, allow_x00=False
    )
    schema.config.phases.coverage.enabled = coverage
    schema.config.seed = 16
    # A schema-valid request may still be refused by the regulations or the state of things:
    # 400 ("refused", with the rules it cites) and 409 (conflict) are such refusals, in the
    # error shape. 422 is not among them: what validation refuses, the schema must say.
    accepted = schema.config.checks.positive_data_acceptance
    accepted.expected_statuses = [*accepted.expected_statuses, "400", "409"]
    return schema


#: Every operation, with every phase: what members send, and what anyone may send to the
#: public operations.
schema = _load()
#: An anonymous caller at an operation that needs a login is refused (401) whatever it sends:
#: a few requests each suffice to hold the refusal to the checks.
refused_schema = _load(coverage=False).include(_secured)

FIGURES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        with django_db_blocker.unblock():
            member_state("KZ")
        yield
    folder = Path(settings.VAR_DIR) / "schemathesis"
    folder.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (folder / f"figures-{worker}.json").write_text(json.dumps(dict(FIGURES), indent=1))


@pytest.fixture(autouse=True)
def connection_kept_open() -> Iterator[None]:
    """schemathesis calls the WSGI application itself; Django closes the database connection
    after each request (on PostgreSQL, ending the test's transaction). Django's test client
    keeps it open the same way: by not closing it between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeyFiles:
    return keys_init(tmp_path_factory.mktemp("keys"))


@pytest.fixture(autouse=True)
def trust_roots(settings: Any, keys: KeyFiles) -> None:
    """The Secretariat's trust root, so that checking a certified copy can run (not 503)."""
    settings.SIGNING_TRUST_ROOTS = [keys.root_cert]


@pytest.fixture(params=sorted(MEMBERS))
def member(request: pytest.FixtureRequest) -> dict[str, str]:
    """The headers of a member: a fresh API token with every action of the role (a token is
    read-only by default; the fuzzing must reach the writes too)."""
    role, delegation = MEMBERS[request.param]
    person = user(f"fuzz-{request.param}", role, delegation)
    actions = token_actions_allowed(user=person)
    _token, key = api_token_create(user=person, name="schemathesis", actions=actions)
    return {"Authorization": f"Bearer {key}"}


def _call_and_check(case: Any, headers: dict[str, str]) -> None:
    """Send ``case``, count it, hold the answer to every check; roll back what it wrote."""
    with transaction.atomic():
        response = case.call(headers=headers)
        FIGURES["requests"] += 1
        if response.status_code >= 500:
            FIGURES["5xx"] += 1
        try:
            case.validate_response(response, headers=headers)
        finally:
            transaction.set_rollback(True)


BOUNDED = hypothesis_settings(
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)


@schema.parametrize()
@BOUNDED
def test_a_member_finds_the_contract_kept(case: Any, member: dict[str, str]) -> None:
    _call_and_check(case, member)


@schema.include(lambda ctx: not _secured(ctx)).parametrize()
@BOUNDED
def test_anyone_finds_the_public_contract_kept(case: Any) -> None:
    _call_and_check(case, {})


@refused_schema.parametrize()
@BOUNDED
def test_anyone_is_refused_where_a_login_is_needed(case: Any) -> None:
    _call_and_check(case, {})
