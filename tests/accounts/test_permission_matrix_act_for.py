"""The permission matrix for "acting for a delegation" (issue 16: a coordinator could start an
initiative in other states' names).

Every API operation a member delegation's role may call, and every form of the pages, whose
input names a delegation or a state is discovered from the OpenAPI schema and the form
classes. Each must be either proven here, by a user of one delegation naming another (refused
with a stable code and no row, or the other only *named*, never acting), or listed with the
reason it is no one acting on another's behalf (the Secretariat recording facts, a place).
A new such input fails ``test_every_input_naming_a_delegation_is_proven_or_explained``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.test import Client

import secretariat
from secretariat.accounts.models import Delegation, User
from secretariat.core.access import SCHEMA_KEY
from secretariat.core.policy import policy
from secretariat.meetings.models import Initiative, Meeting
from secretariat.press.models import MaterialsAnswer
from tests.factories.accounts import user_get_or_create
from tests.factories.press import a_request
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

#: Names of inputs that say for whom, or in whose name, something is done.
NAMES_A_PARTY = re.compile(
    r"^(delegations?|states?|state_id|initiators?|parts?|proposed_by|on_behalf\w*|"
    r"member_states?|country|counterpart|participants)$"
)
#: Kinds of delegation whose users act for their own party (not the two Secretariats, whose
#: staff record what the parties did).
PARTY_KINDS = {"member_state", "national_part", "rats", "partner_state", "partner_organisation"}

#: Inputs proven below: operation or form -> the test that proves it.
PROVEN = {
    "POST /api/meetings/extraordinary initiators": "test_an_initiative_names_others_but_only_its_own_delegation_joins",  # noqa: E501
    "POST /api/requests/{request_id}/answers state": "test_an_answer_for_another_state_is_refused_and_nothing_is_saved",  # noqa: E501
    "meetings.forms.ExtraordinaryForm initiators": "test_the_initiative_page_offers_and_joins_only_ones_own_delegation",  # noqa: E501
}
#: Inputs naming a party that are no one acting in another's name, with the reason.
NOT_ON_BEHALF = {
    "POST /api/meetings/{meeting_id}/agenda/items proposed_by": (
        "the Chair records, in session, which delegation asked for the item (BCB-CHAIR)"
    ),
    # Posted through pages that require meetings.manage (no party role has it): the
    # Secretariat serving the meeting records what a delegation did or said.
    "meetings.forms.ProposalReceivedForm delegation": "meetings.manage: a proposal received",
    "meetings.forms.AttendanceForm delegation": "meetings.manage: who attended",
    "meetings.forms.PositionForm delegation": (
        "meetings.manage: a part's stated position; a part states its own with OwnPositionForm"
    ),
    "meetings.forms.InvitationForm delegation": "meetings.manage: who invites a person",
    "meetings.forms.ChairItemForm proposed_by": (
        "the Chair records, in session, which delegation asked for the item (BCB-CHAIR)"
    ),
}


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def _party_actions() -> set[str]:
    """Actions held by a role of a delegation that acts for its own party."""
    held: set[str] = set()
    for spec in policy().roles.values():
        if set(spec.delegation_kinds) & PARTY_KINDS:
            held |= set(spec.actions)
    return held - {"public", "account.use"}


def _properties(schema: dict[str, Any], components: dict[str, Any]) -> set[str]:
    if "$ref" in schema:
        return _properties(components[schema["$ref"].split("/")[-1]], components)
    found = set(schema.get("properties", {}))
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, []):
            found |= _properties(part, components)
    return found


def api_inputs_naming_a_party() -> set[str]:
    from secretariat.api.api import api

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    acting = _party_actions()
    found = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "get" or operation.get(SCHEMA_KEY) not in acting:
                continue
            names = {p["name"] for p in operation.get("parameters", [])}
            for content in operation.get("requestBody", {}).get("content", {}).values():
                names |= _properties(content.get("schema", {}), components)
            found |= {
                f"{method.upper()} {path} {name}" for name in names if NAMES_A_PARTY.match(name)
            }
    return found


def _form_modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages(secretariat.__path__, "secretariat."):
        if info.name.endswith(".forms") or ".forms." in info.name:
            yield importlib.import_module(info.name)


def form_inputs_naming_a_party() -> set[str]:
    """Form fields naming a party, in forms of the apps whose pages parties' users post."""
    found = set()
    for module in _form_modules():
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field in getattr(form, "base_fields", {}):
                if NAMES_A_PARTY.match(field):
                    short = module.__name__.removeprefix("secretariat.")
                    found.add(f"{short}.{name} {field}")
    return found


#: Forms of pages only the Secretariats' staff post (their views require an action no party
#: role holds), where naming a state records a fact about it.
STAFF_FORMS = {
    "budget.forms": "budget.manage: the finance officer records a state's payment",
    "decisions.forms": "decisions.oversee: the Secretariat assigns a task to a state",
    "press.forms": "materials.request: the Secretariat asks states for materials",
    "relations.forms": "relations.manage: the Secretariat records partners' facts",
}


def test_every_input_naming_a_delegation_is_proven_or_explained() -> None:
    api_inputs = api_inputs_naming_a_party()
    form_inputs = {
        f for f in form_inputs_naming_a_party() if f.rsplit(".", 1)[0] not in STAFF_FORMS
    }
    # Everything discovered is covered, and nothing listed is stale.
    discovered = api_inputs | form_inputs
    covered = set(PROVEN) | set(NOT_ON_BEHALF)

    assert discovered - covered == set(), "prove these or say why they are not on behalf"
    assert covered - discovered == set(), "these inputs no longer exist"
    assert {"POST /api/meetings/extraordinary initiators"} <= discovered
    for test in PROVEN.values():
        assert test in globals(), test


def _api(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _initiative(client: Client, initiators: list[str]) -> Any:
    return client.post(
        "/api/meetings/extraordinary",
        {
            "body": "cmfa",
            "initiators": initiators,
            "proposed_start": "2027-04-20",
            "venue_city": "Astana",
        },
        content_type="application/json",
    )


def test_an_initiative_names_others_but_only_its_own_delegation_joins() -> None:
    kazakhstan = user_get_or_create("kz-coordinator", "national_coordinator", "kz")
    client = _api(kazakhstan)

    with_others = _initiative(client, ["kz", "ru", "cn"])
    only_others = _initiative(client, ["ru", "cn"])

    for response in (with_others, only_others):
        assert response.status_code == 201, response.content
        meeting = Meeting.objects.get(pk=response.json()["id"])
        joined = Initiative.objects.filter(meeting=meeting, joined_at__isnull=False)
        assert {i.delegation.code for i in joined} == {"kz"}
        assert {i.joined_by_id for i in joined} == {kazakhstan.pk}
        named = Initiative.objects.filter(meeting=meeting, joined_at__isnull=True)
        assert {i.delegation.code for i in named} == {"ru", "cn"}


def test_a_user_of_another_kind_cannot_open_a_member_states_initiative() -> None:
    chair = user_get_or_create("np-kz-chair", "np_chair", "np-kz")
    before = Meeting.objects.count()

    response = _initiative(_api(chair), ["kz", "ru"])

    assert response.status_code in {400, 403}
    assert response.json()["code"]
    assert Meeting.objects.count() == before


def test_the_initiative_page_offers_and_joins_only_ones_own_delegation() -> None:
    kazakhstan = user_get_or_create("kz-coordinator", "national_coordinator", "kz")
    client = _api(kazakhstan)
    russia = Delegation.objects.get(code="ru")
    own = Delegation.objects.get(code="kz")
    partner = Delegation.objects.filter(kind="partner_state").first()

    page = client.get("/meetings/new/extraordinary/").content.decode()
    # A delegation of another kind is not on offer, and posting it anyway is refused.
    refused = client.post(
        "/meetings/new/extraordinary/",
        {
            "body": "cmfa",
            "proposed_start": "2027-05-11",
            "initiators": [partner.pk] if partner else [own.pk],
        },
    )
    done = client.post(
        "/meetings/new/extraordinary/",
        {"body": "cmfa", "proposed_start": "2027-05-12", "initiators": [russia.pk]},
    )

    offered = set(re.findall(r'name="initiators" value="(\d+)"', page))
    assert str(own.pk) not in offered
    assert str(russia.pk) in offered
    assert refused.status_code == 400
    assert done.status_code == 302
    meeting = Meeting.objects.get(pk=int(done["Location"].rstrip("/").split("/")[-1]))
    joined = {i.delegation.code for i in meeting.initiatives.filter(joined_at__isnull=False)}
    assert joined == {"kz"}


def test_an_answer_for_another_state_is_refused_and_nothing_is_saved() -> None:
    request = a_request("KZ", "RU")
    kazakhstan = user_get_or_create("kz-coordinator", "national_coordinator", "kz")

    for state in ("RU", "ru", "CN"):
        response = _api(kazakhstan).post(
            f"/api/requests/{request.pk}/answers",
            {"text": "Our yearbook", "state": state},
            content_type="application/json",
        )
        assert response.status_code == 403, (state, response.content)
        assert response.json()["code"] == "answer_other_state"
    assert not MaterialsAnswer.objects.exists()
    own = _api(kazakhstan).post(
        f"/api/requests/{request.pk}/answers",
        {"text": "Our yearbook", "state": "KZ"},
        content_type="application/json",
    )
    assert own.status_code == 201


def test_every_party_role_is_refused_acting_for_another_party() -> None:
    """For every role of a party's delegation that may answer or initiate: naming another
    member state is never recorded as that state acting."""
    request = a_request("KZ", "RU")
    for role, spec in policy().roles.items():
        if "member_state" not in spec.delegation_kinds:
            continue
        user = user_get_or_create(f"kz-{role}", role, "kz")
        client = _api(user)
        if "materials.answer" in spec.actions:
            answer = client.post(
                f"/api/requests/{request.pk}/answers",
                {"text": "x", "state": "RU"},
                content_type="application/json",
            )
            assert answer.status_code == 403, role
        if "meetings.initiate" in spec.actions:
            opened = _initiative(client, ["ru"])
            assert opened.status_code == 201, role
            meeting_id = opened.json()["id"]
            joined = Initiative.objects.filter(meeting_id=meeting_id, joined_at__isnull=False)
            assert [i.delegation.code for i in joined] == ["kz"], role
    assert not MaterialsAnswer.objects.filter(addressee__state__code="RU").exists()
