"""The permission matrix, beyond pages and operations: what every role receives through
calendar feeds, the meeting .ics download, search (page and API) and a document's Akoma Ntoso export
(issue 16: private initiatives leaked into other delegations' feeds).

The scene: the demo users of ``make run`` (one per role, every delegation kind), a private
initiative of China for an extraordinary CMFA meeting naming Russia, and a draft of
Kazakhstan's delegation that has not been circulated. The expectation is written here from
the rules, not read from the code under test: the initiative concerns the delegations it
names and those who see every confidential item (``confidential.all``); the draft, its owner
and the same.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from secretariat.accounts.models import Delegation, User
from secretariat.accounts.services import demo_users_ensure
from secretariat.documents.models import Document
from secretariat.documents.services import document_create, language_version_add
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import meeting_initiate_extraordinary
from secretariat.notifications import tokens
from secretariat.notifications.models import FeedScope
from secretariat.registry.models import Body
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db

#: A title no other text of the suite has, to search for.
DRAFT_TITLE = "Zephyrine water accord"
DRAFT_TITLES = (DRAFT_TITLE, "Проект о воде", "水协定草案")
INITIATORS = {"cn", "ru"}
DRAFT_OWNER = "kz"


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker):
        yield


@dataclass
class Scene:
    users: list[User]
    initiative: Meeting
    draft: Document


@pytest.fixture
def scene(settings: Any, tmp_path: Path) -> Scene:
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    demo_users_ensure(password=secrets.token_urlsafe(16))
    china = User.objects.get(username="cn-coordinator")
    initiative = meeting_initiate_extraordinary(
        body=Body.objects.get(code="cmfa"),
        kind="cmfa-extraordinary",
        initiators=[Delegation.objects.get(code=code) for code in sorted(INITIATORS)],
        proposed_start=dt.date(2027, 3, 30),
        venue_city="Xiamen",
        by=china,
    )
    kazakhstan = User.objects.get(username="kz-coordinator")
    draft = document_create(
        type="decision",
        body=Body.objects.get(code="cmfa"),
        title=dict(zip(("en", "ru", "zh"), DRAFT_TITLES, strict=True)),
        owner=Delegation.objects.get(code=DRAFT_OWNER),
        by=kazakhstan,
    )
    language_version_add(
        document=draft, lang="en", text=f"{DRAFT_TITLE}: the parties agree.", by=kazakhstan
    )
    users = list(User.objects.filter(is_active=True).select_related("delegation").order_by("pk"))
    roles = {u.role for u in users}
    from secretariat.core.policy import policy

    assert roles >= set(policy().roles), "the demo has a user of every role"
    return Scene(users=users, initiative=initiative, draft=draft)


def concerned_by_initiative(user: User) -> bool:
    delegation = user.delegation.code if user.delegation else ""
    return user.can("meetings.view") and (delegation in INITIATORS or user.can("confidential.all"))


def may_see_draft(user: User) -> bool:
    delegation = user.delegation.code if user.delegation else ""
    return user.can("documents.view") and (
        delegation == DRAFT_OWNER or user.can("confidential.all")
    )


def feed_text(user: User, scope: str) -> str:
    _row, token = tokens.feed_token_rotate(user=user, scope=scope)
    response = Client().get(f"/calendar/{scope}/{token}.ics")
    assert response.status_code in {200, 403, 404}, (user.username, scope, response.status_code)
    return response.content.decode("utf-8") if response.status_code == 200 else ""


def test_every_roles_feeds_and_ics_hold_a_private_initiative_only_for_those_concerned(
    scene: Scene,
) -> None:
    started = time.monotonic()
    uid = f"meeting-{scene.initiative.pk}@"
    leaks, missing = [], []
    for user in scene.users:
        expected = concerned_by_initiative(user)
        client = Client()
        client.force_login(user)
        ics = client.get(f"/calendar/meeting/{scene.initiative.pk}.ics")
        page = client.get(f"/meetings/{scene.initiative.pk}/")
        seen = {
            "user feed": uid in feed_text(user, FeedScope.USER),
            "delegation feed": uid in feed_text(user, FeedScope.DELEGATION),
            ".ics": ics.status_code == 200,
            "page": page.status_code == 200,
        }
        assert ics.status_code < 500
        assert page.status_code < 500
        for where, shown in seen.items():
            if shown and not expected:
                leaks.append(f"{user.username} ({user.role}): {where}")
        if expected and not (seen["user feed"] and seen[".ics"] and seen["page"]):
            missing.append(f"{user.username} ({user.role}): {seen}")

    assert not leaks, f"a private initiative reached those it does not concern: {leaks}"
    assert not missing, f"those concerned did not get it: {missing}"
    assert time.monotonic() - started < 120


def test_every_role_finds_a_draft_in_search_and_exports_it_only_if_it_may(
    scene: Scene,
) -> None:
    leaks, missing = [], []
    for user in [None, *scene.users]:
        client = Client()
        if user is not None:
            client.force_login(user)
        expected = user is not None and may_see_draft(user)
        page = client.get("/databank/", {"q": "Zephyrine"})
        api = client.get("/api/databank/search", {"q": "Zephyrine"})
        export = client.get(f"/api/documents/{scene.draft.pk}/akn/en")
        detail = client.get(f"/documents/{scene.draft.pk}/")
        api_detail = client.get(f"/api/documents/{scene.draft.pk}")
        seen = {
            # Named in the reader's language where it has a title in it.
            "search page": f'data-key="document:{scene.draft.pk}"' in page.content.decode()
            and any(title in page.content.decode() for title in DRAFT_TITLES),
            "search API": DRAFT_TITLE in api.content.decode(),
            # A draft is not exported (409, not adopted) to those who may see it; to the
            # others it does not exist.
            "Akoma Ntoso export": export.status_code not in {401, 403, 404},
            "API": api_detail.status_code == 200,
            "page": detail.status_code == 200,
        }
        name = f"{user.username} ({user.role})" if user else "the public"
        for response in (page, api, export, detail, api_detail):
            assert response.status_code < 500, (name, response.status_code)
        leaks += [f"{name}: {where}" for where, shown in seen.items() if shown and not expected]
        if expected and not all(seen.values()):
            missing.append(f"{name}: {seen}")

    assert not leaks, f"an uncirculated draft reached those who may not see it: {leaks}"
    assert not missing, f"those who may see it did not: {missing}"


def test_every_role_gets_the_budget_exports_and_a_private_meetings_minutes_only_if_it_may(
    scene: Scene,
) -> None:
    from secretariat.budget.demo import demo_budget_ensure
    from secretariat.budget.models import Budget

    demo_budget_ensure()
    budget = Budget.objects.get(year=2026, holder="secretariat")
    wrong = []
    for user in [None, *scene.users]:
        client = Client()
        if user is not None:
            client.force_login(user)
        name = f"{user.username} ({user.role})" if user else "the public"
        may_budget = user is not None and user.can("budget.view")
        for export in ("execution.csv", "execution.xlsx"):
            response = client.get(f"/budget/{budget.pk}/{export}")
            assert response.status_code < 500, (name, export, response.status_code)
            if (response.status_code == 200) != may_budget:
                wrong.append(f"{name}: {export} -> {response.status_code}")
        # Minutes of a private initiative: never there to those it does not concern (a
        # meeting not yet held has none, so those concerned get a refusal, not a PDF).
        for pdf in ("minutes.pdf", "minutes-to-sign.pdf"):
            response = client.get(f"/meetings/{scene.initiative.pk}/{pdf}")
            assert response.status_code < 500, (name, pdf, response.status_code)
            concerned = user is not None and concerned_by_initiative(user)
            if not concerned and response.status_code not in {302, 401, 403, 404}:
                wrong.append(f"{name}: {pdf} -> {response.status_code}")
            assert response.get("Content-Type") != "application/pdf" or concerned, name

    assert not wrong, wrong


def test_an_api_tokens_scope_narrows_what_it_sees_as_well_as_what_it_does(
    scene: Scene,
) -> None:
    from secretariat.accounts.services import api_token_create

    officer = next(u for u in scene.users if u.role == "secretariat_officer")
    _narrow, narrow = api_token_create(user=officer, name="narrow", actions=["documents.view"])
    _wide, wide = api_token_create(
        user=officer, name="wide", actions=["documents.view", "confidential.all"]
    )

    def reads(key: str) -> tuple[int, bool]:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        detail = client.get(f"/api/documents/{scene.draft.pk}").status_code
        found = (
            DRAFT_TITLE in client.get("/api/databank/search", {"q": "Zephyrine"}).content.decode()
        )
        return detail, found

    # Without confidential.all the uncirculated draft of another delegation is not there.
    assert reads(narrow) == (404, False)
    assert reads(wide) == (200, True)
