"""An object's history on pages and in the API, for those who may see the object."""

from __future__ import annotations

import string
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from secretariat.accounts.models import User
from secretariat.audit.chain import HASHED_FIELDS, entry_hash
from secretariat.audit.context import Actor, acting_as
from secretariat.audit.models import AuditEntry
from secretariat.audit.selectors import changes_of
from secretariat.registry.models import State
from tests.factories.accounts import logged_in
from tests.said import day_said

from .conftest import ADDRESS, state_create, user_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("static_root")]

API = "/api/audit"


@pytest.fixture
def state(officer: User) -> State:
    """A state created and renamed by the officer, from ADDRESS."""
    with acting_as(Actor(user_id=officer.pk, username=officer.username, origin=ADDRESS)):
        state = state_create("ZZ")
        state.name_en = "Renamed Stateland"
        state.save()
    return state


@pytest.fixture
def member() -> User:
    return user_create("coordinator", "national_coordinator")


@pytest.fixture
def admin() -> User:
    return user_create("sysadmin", "secretariat_admin")


def history_url(obj: Any) -> str:
    return reverse("audit:history", args=[obj._meta.label_lower, obj.pk])


# --- pages ------------------------------------------------------------------------------


def test_a_member_state_user_sees_who_changed_a_registry_object_and_how(
    state: State, member: User
) -> None:
    response = logged_in(member).get(history_url(state))

    assert response.status_code == 200
    page = response.content.decode()
    assert "History of Renamed Stateland" in page
    assert "officer" in page
    assert "name_en" in page
    assert "Stateland ZZ" in page  # the old name
    assert "Renamed Stateland" in page  # the new one
    assert ADDRESS not in page  # addresses are for audit.all


def test_those_who_see_the_whole_log_also_see_where_a_change_came_from(
    state: State, admin: User
) -> None:
    page = logged_in(admin).get(history_url(state)).content.decode()

    assert ADDRESS in page


def test_an_anonymous_visitor_is_sent_to_log_in(state: State) -> None:
    response = Client().get(history_url(state))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_role_without_audit_history_is_refused(state: State) -> None:
    partner = user_create("liaison", "partner_liaison")

    assert logged_in(partner).get(history_url(state)).status_code == 403


def test_a_user_sees_the_history_of_their_own_account(member: User) -> None:
    member.first_name = "Aigerim"
    member.save()

    response = logged_in(member).get(history_url(member))

    assert response.status_code == 200
    assert "Aigerim" in response.content.decode()


def test_another_users_account_history_is_not_found_for_a_non_admin(
    member: User, officer: User
) -> None:
    assert logged_in(member).get(history_url(officer)).status_code == 404


def test_a_user_manager_sees_any_accounts_history(member: User, admin: User) -> None:
    assert logged_in(admin).get(history_url(member)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "registry.nosuchmodel/1",
        "registry.state/999999",
        "registry.state/not-a-key",
        "audit.auditentry/1",
    ],
)
def test_an_unknown_model_or_object_is_not_found(member: User, path: str) -> None:
    label, key = path.split("/")

    response = logged_in(member).get(reverse("audit:history", args=[label, key]))

    assert response.status_code == 404


def test_a_deleted_objects_history_is_kept_for_those_who_see_the_whole_log(
    state: State, member: User, admin: User
) -> None:
    url = history_url(state)
    state.delete()

    assert logged_in(member).get(url).status_code == 404
    page = logged_in(admin).get(url).content.decode()
    assert "deleted" in page


def test_the_whole_log_is_for_audit_all_and_filters_by_model_action_and_actor(
    state: State, member: User, admin: User
) -> None:
    url = reverse("audit:log")

    assert logged_in(member).get(url).status_code == 403
    page = logged_in(admin).get(url, {"model": "registry.state", "actor": "officer"})
    assert page.status_code == 200
    shown = [v.entry.seq for v in page.context["page"].entries]
    expected = AuditEntry.objects.filter(model_label="registry.state", actor_name="officer")
    assert shown == sorted(expected.values_list("seq", flat=True), reverse=True)
    assert ADDRESS in page.content.decode()


def test_the_log_pages_back_through_older_entries(admin: User) -> None:
    with acting_as(Actor(user_id=None, username="loader", origin="cli:test")):
        for code in [a + b for a in "QXJ" for b in string.ascii_uppercase][:60]:
            state_create(code)
    client = logged_in(admin)

    first = client.get(reverse("audit:log"), {"actor": "loader"}).context["page"]
    second = client.get(
        reverse("audit:log"), {"actor": "loader", "before": first.older_than}
    ).context["page"]

    assert len(first.entries) == 50
    assert len(second.entries) == 10
    assert second.older_than is None
    assert first.entries[-1].entry.seq > second.entries[0].entry.seq


# --- the link on other pages ------------------------------------------------------------


def test_the_history_link_shows_only_to_logged_in_users_who_may_see_histories(
    state: State, member: User
) -> None:
    template = Template("{% load audit_tags %}[{% history_link state %}]")

    shown = template.render(Context({"state": state, "user": member}))
    hidden = template.render(Context({"state": state, "user": None}))

    assert f'href="{history_url(state)}"' in shown
    assert hidden == "[]"


def test_the_states_page_links_each_state_to_its_history(state: State, member: User) -> None:
    assert history_url(state) in logged_in(member).get(reverse("registry:states")).content.decode()
    assert history_url(state) not in Client().get(reverse("registry:states")).content.decode()


# --- API --------------------------------------------------------------------------------


def test_the_api_gives_the_history_without_addresses_to_a_member(
    state: State, member: User
) -> None:
    response = logged_in(member).get(f"{API}/history/registry.state/{state.pk}")

    assert response.status_code == 200
    body = response.json()
    update, create = body["entries"]
    assert (update["action"], create["action"]) == ("update", "create")
    assert update["actor_name"] == "officer"
    assert "origin" not in update
    assert {
        "field": "name_en",
        "label": "name (English)",
        "old": "Stateland ZZ",
        "new": "Renamed Stateland",
    } in update["changes"]


def test_the_api_gives_addresses_to_those_who_see_the_whole_log(state: State, admin: User) -> None:
    body = logged_in(admin).get(f"{API}/history/registry.state/{state.pk}").json()

    assert {e["origin"] for e in body["entries"]} == {ADDRESS}


def test_the_api_answers_401_to_a_visitor_and_404_for_an_object_one_may_not_see(
    member: User, officer: User
) -> None:
    assert Client().get(f"{API}/history/registry.state/1").status_code == 401
    response = logged_in(member).get(f"{API}/history/accounts.user/{officer.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_api_follows_the_log_after_a_seq(state: State, admin: User, member: User) -> None:
    client = logged_in(admin)
    first = AuditEntry.objects.filter(model_label="registry.state").order_by("seq").first()
    assert first is not None

    body = client.get(
        f"{API}/entries", {"model": "registry.state", "after_seq": first.seq - 1, "limit": 1}
    ).json()
    (entry,) = body["entries"]

    assert entry["seq"] == first.seq
    assert body["next_after_seq"] == first.seq
    assert logged_in(member).get(f"{API}/entries").status_code == 403


def test_the_api_verifies_the_chain_for_audit_all(state: State, admin: User, member: User) -> None:
    body = logged_in(admin).get(f"{API}/verify").json()

    assert body["intact"] is True
    assert body["problems"] == []
    assert body["last_seq"] == AuditEntry.objects.count()
    assert logged_in(member).get(f"{API}/verify").status_code == 403


def test_a_client_can_recompute_the_hashes_of_the_entries_it_reads(
    state: State, admin: User
) -> None:
    body = logged_in(admin).get(f"{API}/entries", {"model": "registry.state"}).json()

    assert body["entries"]
    for entry in body["entries"]:
        assert entry_hash({name: entry[name] for name in HASHED_FIELDS}) == entry["hash"]


# --- wording: names, never codes (issue 17) ------------------------------------------------


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [("ru", "партнёр по диалогу", "партнёр ШОС"), ("zh-hans", "对话伙伴", "上合组织伙伴")],
)
def test_a_changed_status_is_shown_by_its_name_in_the_readers_language(
    language: str, before: str, after: str
) -> None:
    entry = AuditEntry(
        model_label="registry.statestatus",
        action="update",
        before={"status": "dialogue_partner"},
        after={"status": "partner"},
    )

    with translation.override(language):
        (change,) = changes_of(entry)
        shown = (change.old_text, change.new_text)

    assert shown == (before, after)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("ru", ["название (англ.)", "официальное название (кит.)", "достоверность", "код"]),
        ("zh-hans", ["名称（英文）", "正式名称（中文）", "可信度", "代码"]),
    ],
)
def test_a_registry_rows_columns_are_named_in_the_readers_language(
    language: str, labels: list[str]
) -> None:
    entry = AuditEntry(
        model_label="registry.state",
        action="create",
        before=None,
        after={
            "name_en": "Stateland",
            "official_name_zh": "国家",
            "confidence": "high",
            "code": "ZZ",
        },
    )

    with translation.override(language):
        shown = [change.label for change in changes_of(entry)]

    assert shown == labels


def test_values_of_a_column_in_one_language_are_marked_with_it() -> None:
    entry = AuditEntry(
        model_label="registry.state",
        action="create",
        before=None,
        after={"name_en": "Stateland", "name_zh": "国家", "sources": [], "code": "ZZ"},
    )

    marked = {change.field: change.lang for change in changes_of(entry)}

    assert marked == {"name_en": "en", "name_zh": "zh-Hans", "sources": "en", "code": ""}


def test_a_russian_reader_meets_the_state_and_its_columns_in_russian(
    state: State, member: User
) -> None:
    with translation.override("ru"):
        response = logged_in(member).get(history_url(state))

    page = response.content.decode()
    assert "История изменений: Государство" in page
    assert "тип: государство" in page
    assert '<td lang="en">Renamed Stateland</td>' in page
    assert "название (англ.) <code" in page  # the column's identifier stays for the technical


def test_each_entry_says_its_moment_at_the_secretariats_seat_in_the_readers_words(
    state: State, member: User
) -> None:
    client = logged_in(member)
    at = timezone.localtime(AuditEntry.objects.filter(object_id=str(state.pk)).latest("seq").at)
    shown = {}
    for lang in ("en", "ru", "zh-hans"):
        User.objects.filter(pk=member.pk).update(language=lang)
        with translation.override(lang):
            shown[lang] = client.get(history_url(state)).content.decode()
    assert f"{at:%Y-%m-%d %H:%M} Beijing time" in shown["en"]
    assert f"{day_said(at.date(), 'ru')}, {at:%H:%M} по пекинскому времени" in shown["ru"]
    assert f"北京时间{at.year}年{at.month}月{at.day}日 {at:%H:%M}" in shown["zh-hans"]
    assert "+0800" not in shown["ru"] + shown["zh-hans"]
