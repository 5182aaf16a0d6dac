"""Every role against every page and every API operation: no access the rules do not allow.

The pages come from the URL configuration and the operations from the OpenAPI schema, so
the matrix grows by itself as endpoints are added. Each page and operation must declare
the action it needs (``@requires`` / ``ActionRouter``); the expectation for each role is
``roles.yaml``. A page or operation that declares nothing fails here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from secretariat.accounts.models import Delegation, User
from secretariat.core.access import SCHEMA_KEY, declared_action
from secretariat.core.policy import PUBLIC, policy
from secretariat.registry.models import State
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db

#: Views that are not ours and need no declaration, with the reason.
FOREIGN_VIEWS = {
    "django.views.i18n.set_language": "Django's language switch, public by design (POST only)",
    "ninja.openapi.views.openapi_json": "the OpenAPI schema is public documentation",
    "ninja.openapi.views.openapi_view": "the API docs page is public documentation",
}
#: Django admin: guarded by is_staff, which only roles with admin.access receive.
ADMIN_PREFIX = "admin/"
#: Admin pages and the action each needs on top of admin.access.
ADMIN_SAMPLES = {
    "admin/": "admin.access",
    "admin/registry/state/": "admin.access",
    "admin/registry/calendaroverride/add/": "calendar.edit",
    "admin/registry/state/add/": "registry.edit",
    "admin/accounts/user/": "users.manage",
}
DENIED = {401, 403}


def sample_values() -> dict[str, str]:
    """A real value for each URL parameter name used by the project's routes."""
    kz = State.objects.get(code="KZ")

    def _a_meeting() -> Any:
        # A real meeting, so its page renders for every role that may see it.
        from secretariat.meetings.services import meeting_plan
        from secretariat.registry.models import Body

        body = Body.objects.get(code="bcb")
        return meeting_plan(body=body, kind="bcb-regular", start=dt.date(2026, 9, 15)).meeting

    return {
        "rule_id": "BCB-QUORUM",
        "procedure": "bcb-regular",
        "code": "KZ",
        "model_label": "registry.state",
        "object_id": str(kz.pk),
        "token_id": "999999",
        "message_id": "999999",
        "id": "999999",
        "pk": str(kz.pk),
        "meeting_id": str(_a_meeting().pk),
        "body_code": "bcb",
        "token": "scf_not-a-real-token",
        "delegation": "np-kz",
        "number": "1",
        "invitation_id": "999999",
        "document_id": "999999",
        "comment_id": "999999",
        "revision_id": "999999",
        "decision_id": "999999",
        "task_id": "999999",
        "original_id": "999999",
        "copy_id": "999999",
        "lang": "ru",
        "part": "agenda",
        "slug": "no-such-item",
    }


@dataclass(frozen=True)
class Endpoint:
    kind: str  # "page" or "api"
    method: str
    path: str
    action: str

    def __str__(self) -> str:
        return f"{self.kind} {self.method} /{self.path} [{self.action}]"


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + route)
        else:
            yield prefix + route, p


def _qualname(view: Any) -> str:
    view = getattr(view, "view_class", view)
    return f"{view.__module__}.{getattr(view, '__qualname__', view.__name__)}"


def _sample(name: str, samples: dict[str, str], where: str) -> str:
    """The sample for a parameter; an ``…_id`` not listed is an id no object has."""
    if name in samples:
        return samples[name]
    if name.endswith("_id"):
        return "999999"
    raise AssertionError(f"add a sample value for {where}")


def _fill(route: str, samples: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return _sample(match.group(2), samples, f"URL parameter {match.group(2)!r} ({route})")

    path = re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    return path.replace("^", "").replace("$", "")


def page_endpoints(samples: dict[str, str]) -> tuple[list[Endpoint], list[str]]:
    endpoints: list[Endpoint] = []
    undeclared: list[str] = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("api/") or route.startswith(ADMIN_PREFIX):
            continue
        name = _qualname(pattern.callback)
        if name in FOREIGN_VIEWS:
            continue
        action = declared_action(pattern.callback)
        if action is None:
            undeclared.append(f"{route} ({name})")
            continue
        endpoints.append(Endpoint("page", "GET", _fill(route, samples), action))
    return endpoints, undeclared


def api_endpoints(samples: dict[str, str]) -> tuple[list[Endpoint], list[str]]:
    from secretariat.api.api import api  # the whole site's API: imported when first needed

    schema = api.get_openapi_schema()
    endpoints: list[Endpoint] = []
    undeclared: list[str] = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            action = operation.get(SCHEMA_KEY)
            if action is None:
                undeclared.append(f"{method.upper()} {path}")
                continue
            filled = _fill_api(path, samples)
            endpoints.append(Endpoint("api", method.upper(), filled.lstrip("/"), action))
    return endpoints, undeclared


def _fill_api(path: str, samples: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return _sample(match.group(1), samples, f"API path parameter {match.group(1)!r} ({path})")

    return re.sub(r"\{(\w+)\}", value, path)


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker):
        yield


def user_for(role: str | None) -> User | None:
    """A user of ``role`` in a delegation of a kind the role allows (None: the public)."""
    if role is None:
        return None
    spec = policy().roles[role]
    kind = sorted(spec.delegation_kinds)[0]
    delegation, _ = Delegation.objects.get_or_create(
        code=f"matrix-{kind}".replace("_", "-"), defaults={"kind": kind, "name_en": kind}
    )
    user, _ = User.objects.get_or_create(
        username=f"matrix-{role}",
        defaults={
            "role": role,
            "delegation": delegation,
            "is_staff": "admin.access" in spec.actions,
        },
    )
    return user


def request(client: Client, endpoint: Endpoint) -> int:
    url = "/" + endpoint.path
    call = getattr(client, endpoint.method.lower())
    response = call(url, content_type="application/json") if endpoint.method != "GET" else call(url)
    if response.status_code in (301, 302) and settings.LOGIN_URL.split(":")[-1] in response.get(
        "Location", ""
    ):
        return 401  # sent to log in: denied
    return int(response.status_code)


ROLES: list[str | None] = [None, *policy().roles]


def test_every_page_and_operation_declares_the_action_it_needs() -> None:
    samples = sample_values()
    _pages, undeclared_pages = page_endpoints(samples)
    _ops, undeclared_ops = api_endpoints(samples)

    assert not undeclared_pages, f"pages without @requires: {undeclared_pages}"
    assert not undeclared_ops, f"API operations without an action: {undeclared_ops}"


def test_every_declared_action_exists_in_the_roles_file() -> None:
    samples = sample_values()
    pages, _ = page_endpoints(samples)
    ops, _ = api_endpoints(samples)

    unknown = {e.action for e in [*pages, *ops]} - set(policy().actions)
    assert not unknown


@pytest.mark.parametrize("role", ROLES, ids=[r or "public" for r in ROLES])
def test_a_role_reaches_exactly_the_pages_and_operations_its_actions_allow(
    role: str | None,
) -> None:
    samples = sample_values()
    pages, _ = page_endpoints(samples)
    ops, _ = api_endpoints(samples)
    client = Client()
    user = user_for(role)
    if user is not None:
        client.force_login(user)

    leaks, lockouts = [], []
    for endpoint in [*pages, *ops]:
        status = request(client, endpoint)
        expected = policy().allows(role, endpoint.action)
        if not expected and status not in DENIED:
            leaks.append(f"{endpoint} -> {status}")
        if expected and status in DENIED:
            lockouts.append(f"{endpoint} -> {status}")
        assert status < 500, f"{endpoint} failed with {status} for {role or 'the public'}"

    assert not leaks, f"{role or 'the public'} reached what its role does not allow: {leaks}"
    assert not lockouts, f"{role or 'the public'} was refused what its role allows: {lockouts}"


@pytest.mark.parametrize("role", ROLES, ids=[r or "public" for r in ROLES])
def test_only_roles_with_admin_access_reach_the_admin(role: str | None) -> None:
    client = Client()
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    staff = role is not None and policy().allows(role, "admin.access")

    for path, action in ADMIN_SAMPLES.items():
        allowed = staff and policy().allows(role, action)
        response = client.get("/" + path)
        reached = response.status_code == 200
        assert reached == allowed, f"{role or 'the public'} on /{path}: {response.status_code}"


def test_the_matrix_covers_public_and_protected_endpoints() -> None:
    samples = sample_values()
    pages, _ = page_endpoints(samples)
    ops, _ = api_endpoints(samples)
    actions = {e.action for e in [*pages, *ops]}

    assert PUBLIC in actions
    assert len(pages) >= 8
    assert len(ops) >= 10
