"""Delegations come from the registry; `secretariat accounts demo` makes one user per role."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from secretariat.accounts.demo import DEMO_USERS
from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.accounts.services import delegations_sync
from secretariat.core.errors import ConflictError
from secretariat.core.policy import policy
from tests.factories.registry import registry_loaded

pytestmark = pytest.mark.django_db
DEMO_PASSWORD = "Bishkek-Charter-2002"  # noqa: S105  # a test value for SECRETARIAT_DEMO_PASSWORD


@pytest.fixture(scope="module")
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker):
        yield


@pytest.fixture
def no_demo_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRETARIAT_DEMO_PASSWORD", raising=False)


def demo(*args: str) -> str:
    out = io.StringIO()
    call_command("accounts", "demo", *args, stdout=out)
    return out.getvalue()


def test_delegations_need_the_registry() -> None:
    with pytest.raises(ConflictError) as refused:
        delegations_sync()

    assert refused.value.code == "registry_not_loaded"
    assert not Delegation.objects.exists()


def test_one_delegation_per_member_state_national_part_body_and_partner(registry: None) -> None:
    report = delegations_sync()

    kinds = dict(Delegation.objects.values_list("code", "kind"))
    assert kinds["kz"] == DelegationKind.MEMBER_STATE
    assert kinds["np-ru"] == DelegationKind.NATIONAL_PART
    assert kinds["sco-secretariat"] == DelegationKind.SCO_SECRETARIAT
    assert kinds["bc-secretariat"] == DelegationKind.BC_SECRETARIAT
    assert kinds["rats"] == DelegationKind.RATS
    assert kinds["partner-tr"] == DelegationKind.PARTNER_STATE
    assert kinds["org-asean"] == DelegationKind.PARTNER_ORGANISATION
    assert len(report.created) == len(kinds)
    assert sum(1 for k in kinds.values() if k == DelegationKind.MEMBER_STATE) == 10


def test_delegations_take_their_names_from_the_registry(registry: None) -> None:
    delegations_sync()

    np_ru = Delegation.objects.values("state__code", "body__code", "name_ru").get(code="np-ru")
    assert np_ru == {
        "state__code": "RU",
        "body__code": "np_ru",
        "name_ru": "Российская национальная часть Делового совета ШОС",
    }
    assert Delegation.objects.get(code="cn").name_zh == "中国"


def test_syncing_twice_changes_nothing_and_repairs_what_was_edited(registry: None) -> None:
    delegations_sync()
    Delegation.objects.filter(code="kz").update(name_en="Kazakstan")

    report = delegations_sync()

    assert report.created == []
    assert report.updated == ["kz"]
    assert Delegation.objects.get(code="kz").name_en == "Kazakhstan"


def test_the_demo_creates_one_user_for_every_role(registry: None, no_demo_password: None) -> None:
    demo()

    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(policy().roles)
    assert User.objects.count() == len(DEMO_USERS)
    coordinator = User.objects.values_list("role", "delegation__code").get(
        username="kz-coordinator"
    )
    assert coordinator == ("national_coordinator", "kz")
    assert User.objects.get(username="cn-deputy").language == "zh-hans"
    assert User.objects.get(username="ru-permrep").language == "ru"
    # Each is a person with a name (pages, e-mails and calendars name people, not accounts),
    # but for the administrator's account; and each has an address at example.org, so the
    # demo's e-mails show what would go out.
    unnamed = User.objects.filter(first_name="").values_list("username", flat=True)
    assert list(unnamed) == ["sysadmin"]
    assert set(User.objects.values_list("email", flat=True)) == {
        f"{u.username}@example.org" for u in DEMO_USERS
    }


def test_only_demo_users_whose_role_allows_the_admin_are_staff(
    registry: None, no_demo_password: None
) -> None:
    demo()

    for user in User.objects.all():
        assert user.is_staff == policy().allows(user.role, "admin.access"), user.username
    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == [
        "sysadmin"
    ]


def test_the_demo_prints_each_generated_password_once(
    registry: None, no_demo_password: None
) -> None:
    first = demo()
    second = demo()

    officer = User.objects.get(username="officer")
    line = next(row for row in first.splitlines() if row.startswith("officer "))
    password = line.split()[-1]
    assert officer.check_password(password)
    assert password not in second
    assert all(
        row.split()[-1] == "(unchanged)"
        for row in second.splitlines()
        if row.split() and row.split()[0] in {d.username for d in DEMO_USERS}
    )
    assert User.objects.count() == len(DEMO_USERS)


def test_the_demo_sets_new_passwords_only_when_asked_to(
    registry: None, no_demo_password: None
) -> None:
    demo()
    before = User.objects.get(username="sg").password

    reset = demo("--reset")

    assert "(unchanged)" not in reset
    assert User.objects.get(username="sg").password != before


def test_the_demo_uses_the_password_from_the_environment(
    registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRETARIAT_DEMO_PASSWORD", DEMO_PASSWORD)

    demo()

    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())


def test_a_weak_demo_password_is_refused_and_nothing_is_created(
    registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRETARIAT_DEMO_PASSWORD", "demo")

    with pytest.raises(CommandError) as refused:
        demo()

    assert "weak_password" in str(refused.value)
    assert not User.objects.exists()
    assert not Delegation.objects.exists()


def test_the_demo_has_a_coordinator_for_every_member_state_and_a_chair_and_secretariat_for_every_national_part(  # noqa: E501
    registry: None, no_demo_password: None
) -> None:
    demo()

    def holders(role: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for username, code in User.objects.filter(role=role).values_list(
            "username", "delegation__code"
        ):
            found.setdefault(code, []).append(username)
        return found

    states = set(
        Delegation.objects.filter(kind=DelegationKind.MEMBER_STATE).values_list("code", flat=True)
    )
    parts = set(
        Delegation.objects.filter(kind=DelegationKind.NATIONAL_PART).values_list("code", flat=True)
    )
    coordinators, chairs = holders("national_coordinator"), holders("np_chair")
    secretariats = holders("np_secretariat")

    assert len(states) == 10
    assert len(parts) == 10
    assert {code: coordinators.get(code) for code in states} == {
        code: [f"{code}-coordinator"] for code in states
    }
    assert {code: chairs.get(code) for code in parts} == {code: [f"{code}-chair"] for code in parts}
    assert {code: secretariats.get(code) for code in parts} == {
        code: [f"{code}-secretariat"] for code in parts
    }
    # Each is a named person; the chair signs the minutes for the part, the coordinator
    # answers the CMFA's consent requests.
    named = User.objects.filter(role__in=["national_coordinator", "np_chair", "np_secretariat"])
    assert all(user.get_full_name() for user in named)
    chair = User.objects.get(username="np-by-chair")
    assert chair.can("minutes.sign_for_part")
    assert chair.language == "ru"
    assert User.objects.get(username="pk-coordinator").can("meetings.consent")
    assert User.objects.get(username="np-cn-chair").language == "zh-hans"


def test_the_demo_enrols_the_two_factor_roles_and_its_printed_key_logs_them_in(
    registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64
    import re

    from axes.utils import reset
    from django.test import Client
    from django_otp.oath import totp

    monkeypatch.setenv("SECRETARIAT_DEMO_PASSWORD", DEMO_PASSWORD)

    out = demo()

    keys = dict(re.findall(r"^  (finance|depositary|sysadmin)\s+([A-Z2-7]+)$", out, re.M))
    assert set(keys) == {"finance", "depositary", "sysadmin"}
    client = Client()
    password = client.post("/accounts/login/", {"username": "finance", "password": DEMO_PASSWORD})
    # The one-liner the demo prints, as a reviewer would run it.
    code = "%06d" % totp(base64.b32decode(keys["finance"]))  # noqa: UP031  # as printed
    coded = client.post("/accounts/login/code/", {"code": code})
    reset()
    assert password["Location"] == "/accounts/login/code/"
    assert coded.status_code == 302
    assert client.get("/ru/budget/").status_code == 200
    # Run again, the keys are kept and not shown; --reset gives new ones.
    assert "(shown only here)" not in demo()
