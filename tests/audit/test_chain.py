"""Every write appends an entry to the hash chain, in the write's own transaction."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils.functional import SimpleLazyObject

from secretariat.accounts.models import ApiToken, User
from secretariat.audit.chain import GENESIS_HASH, canonical_json, entry_hash
from secretariat.audit.context import SYSTEM, Actor
from secretariat.audit.middleware import AuditContextMiddleware
from secretariat.audit.models import AppendOnlyError, AuditEntry, AuditHead
from secretariat.audit.selectors import audit_verify
from secretariat.audit.services import AuditChainError, audit_record
from secretariat.audit.snapshots import REDACTED, REDACTED_CHANGED
from secretariat.core.tokens import digest_of, new_secret
from secretariat.registry.models import State

from .conftest import ADDRESS, state_create, user_create

pytestmark = pytest.mark.django_db


def entries_about(obj: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(model_label=obj._meta.label_lower, object_id=str(obj.pk)))


def last_entry() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    return entry


# --- what is recorded -----------------------------------------------------------------------


def test_creating_a_state_records_its_fields_and_the_actor(as_officer: Actor) -> None:
    state = state_create("ZZ")

    (entry,) = entries_about(state)
    assert entry.action == "create"
    assert entry.model_label == "registry.state"
    assert entry.object_repr == "Stateland ZZ"
    assert entry.before is None
    assert entry.after is not None
    assert entry.after["code"] == "ZZ"
    assert entry.after["name_en"] == "Stateland ZZ"
    assert (entry.actor_id, entry.actor_name, entry.origin) == (
        as_officer.user_id,
        "officer",
        ADDRESS,
    )


def test_updating_a_state_records_it_before_and_after(as_officer: Actor) -> None:
    state = state_create("ZZ")
    state.name_en = "Renamed"
    state.save()

    update = entries_about(state)[-1]
    assert update.action == "update"
    assert update.before is not None
    assert update.after is not None
    assert (update.before["name_en"], update.after["name_en"]) == ("Stateland ZZ", "Renamed")
    assert update.before["code"] == update.after["code"] == "ZZ"


def test_saving_only_some_fields_records_the_others_as_the_database_has_them() -> None:
    state = state_create("ZZ")
    State.objects.filter(pk=state.pk).update(notes_en="changed behind the object's back")
    state.name_en = "Renamed"
    state.save(update_fields=["name_en"])

    update = entries_about(state)[-1]
    assert update.after is not None
    assert update.after["name_en"] == "Renamed"
    assert update.after["notes_en"] == "changed behind the object's back"


def test_deleting_a_state_records_what_it_was(as_officer: Actor) -> None:
    state = state_create("ZZ")
    pk = state.pk
    state.delete()

    entry = last_entry()
    assert (entry.action, entry.object_id, entry.after) == ("delete", str(pk), None)
    assert entry.before is not None
    assert entry.before["code"] == "ZZ"


def test_saving_a_state_unchanged_records_nothing() -> None:
    state = state_create("ZZ")
    state.save()

    assert [e.action for e in entries_about(state)] == ["create"]


def test_a_write_rolled_back_leaves_no_entry() -> None:
    before = AuditEntry.objects.count()
    head = AuditHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()

    def service_failing_after_its_write() -> None:
        with transaction.atomic():
            state_create("ZZ")
            raise RuntimeError("the service fails after the write")

    with pytest.raises(RuntimeError):
        service_failing_after_its_write()

    assert AuditEntry.objects.count() == before
    assert AuditHead.objects.filter(pk=1).values_list("last_seq", flat=True).first() == head
    assert not State.objects.filter(code="ZZ").exists()


def test_writes_outside_any_request_or_command_are_the_systems() -> None:
    state = state_create("ZZ")

    (entry,) = entries_about(state)
    assert (entry.actor_id, entry.actor_name, entry.origin) == (None, "system", "system")


def test_a_write_during_an_api_request_is_attributed_to_the_tokens_user() -> None:
    owner = user_create("scripter", "secretariat_officer")

    def view(request: HttpRequest) -> HttpResponse:
        request.auth = owner  # type: ignore[attr-defined]  # as Django Ninja sets it
        state_create("ZZ")
        return HttpResponse()

    request = RequestFactory().get("/api/", REMOTE_ADDR=ADDRESS)
    AuditContextMiddleware(view)(request)  # no session: the middleware sees an anonymous user

    entry = last_entry()
    assert (entry.actor_id, entry.actor_name, entry.origin) == (owner.pk, "scripter", ADDRESS)


def test_passwords_are_redacted_and_a_change_of_password_says_so() -> None:
    user = user_create("alice", "expert")
    user.set_password("correct horse battery staple")
    user.save()
    digest = user.password

    create, update = entries_about(user)
    assert create.after is not None
    assert create.after["password"] == REDACTED
    assert update.before is not None
    assert update.after is not None
    assert (update.before["password"], update.after["password"]) == (REDACTED, REDACTED_CHANGED)
    assert digest not in json.dumps([create.after, update.before, update.after])


def test_a_token_is_recorded_when_created_and_revoked_but_not_when_used() -> None:
    user = user_create("alice", "expert")
    key, _stored = new_secret("sct_")
    token = ApiToken.objects.create(user=user, name="laptop", prefix=key[:8], digest=digest_of(key))
    token.last_used = token.created
    token.save()
    token.revoked = token.created
    token.save(update_fields=["revoked"])

    create, revoke = entries_about(token)
    assert (create.action, revoke.action) == ("create", "update")
    assert create.after is not None
    assert create.after["digest"] == REDACTED
    assert revoke.after is not None
    assert revoke.after["revoked"] is not None


def test_logging_in_and_out_is_recorded_as_the_user() -> None:
    user = user_create("alice", "expert")
    client = Client()
    client.force_login(user)
    client.logout()

    login, logout = [e for e in entries_about(user) if e.action in {"login", "logout"}]
    assert (login.actor_id, login.actor_name) == (user.pk, "alice")
    assert (logout.actor_id, logout.actor_name) == (user.pk, "alice")
    assert not [e for e in entries_about(user) if e.action == "update"]  # last_login: noise


def test_a_logout_seen_through_the_requests_lazy_user_is_recorded() -> None:
    user = user_create("alice", "expert")
    request = RequestFactory().post("/accounts/logout/")
    user_logged_out.send(sender=User, request=request, user=SimpleLazyObject(lambda: user))

    (logout,) = [e for e in entries_about(user) if e.action == "logout"]
    assert logout.actor_name == "alice"


def test_a_failed_login_records_the_username_given_never_the_password() -> None:
    user = user_create("alice", "expert")
    user_login_failed.send(
        sender=__name__, credentials={"username": "alice", "password": "guess-123"}, request=None
    )
    user_login_failed.send(
        sender=__name__, credentials={"username": "nobody", "password": "guess-456"}, request=None
    )

    known, unknown = AuditEntry.objects.filter(action="login_failed").order_by("seq")
    assert (known.object_id, known.object_repr, known.after) == (
        str(user.pk),
        "alice",
        {"username": "alice"},
    )
    assert (unknown.object_id, unknown.object_repr) == ("", "nobody")
    assert "guess" not in json.dumps([known.after, unknown.after])


def test_a_change_of_group_membership_is_recorded_as_ids() -> None:
    user = user_create("alice", "expert")
    group = Group.objects.create(name="editors")
    user.groups.add(group)
    group.user_set.remove(user)

    added, removed = [e for e in entries_about(user) if e.action == "update"]
    assert (added.before, added.after) == ({"groups": []}, {"groups": [group.pk]})
    assert (removed.before, removed.after) == ({"groups": [group.pk]}, {"groups": []})


def test_a_service_can_record_what_no_model_signal_sees() -> None:
    entry = audit_record(
        action="registry.load",
        model="registry.state",
        object_repr="sco.yaml",
        after={"states": 30},
        actor=Actor(user_id=None, username="loader", origin="cli:registry"),
    )

    assert (entry.action, entry.model_label, entry.object_id) == (
        "registry.load",
        "registry.state",
        "",
    )
    assert (entry.actor_name, entry.origin) == ("loader", "cli:registry")


# --- the chain ------------------------------------------------------------------------------


def test_each_entry_links_to_the_one_before_and_hashes_its_own_content() -> None:
    first = audit_record(action="test.write", after={"n": 1})
    second = audit_record(action="test.write", after={"n": 2})

    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert second.hash == entry_hash(second.hashed_fields())
    assert len(second.hash) == 64
    stored = AuditEntry.objects.get(seq=second.seq)
    assert stored.compute_hash() == stored.hash


def test_the_chain_verifies_after_many_writes(as_officer: Actor) -> None:
    states = [state_create(f"Q{i}", alpha3=f"Q{i:02d}") for i in range(10)]
    for state in states:
        state.notes_en = "checked"
        state.save()
    for state in states[:5]:
        state.delete()

    report = audit_verify()

    assert report.intact, report.lines()
    assert report.entries == report.last_seq == AuditEntry.objects.count()
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert report.last_hash == last_entry().hash


def test_numbers_and_unicode_hash_the_same_after_a_trip_through_the_database() -> None:
    audit_record(
        action="test.write",
        after={"big": 1e16, "whole": 1.0, "small": 1.5e-7, "text": "上海合作组织", "n": [1, 2.5]},
    )

    assert audit_verify().intact


def test_the_first_entry_starts_from_the_genesis_hash() -> None:
    first = AuditEntry.objects.order_by("seq").first()
    if first is None:
        first = audit_record(action="test.write")

    assert first.seq == 1
    assert first.prev_hash == GENESIS_HASH


def test_canonical_json_sorts_keys_drops_spaces_and_writes_times_in_utc() -> None:
    import datetime as dt
    from decimal import Decimal

    shanghai = dt.timezone(dt.timedelta(hours=8))
    value = {"b": 1, "a": [Decimal("1.50"), dt.datetime(2026, 1, 15, 8, 0, tzinfo=shanghai)]}

    assert canonical_json(value) == '{"a":["1.50","2026-01-15T00:00:00.000000+00:00"],"b":1}'
    assert canonical_json({"name": "Казахстан"}) == '{"name":"Казахстан"}'


# --- append-only ----------------------------------------------------------------------------


def test_an_entry_cannot_be_changed_or_deleted_through_the_application() -> None:
    entry = audit_record(action="test.write")
    entry.action = "something else"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=entry.seq).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=entry.seq).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create([AuditEntry(seq=entry.seq + 1)])

    assert AuditEntry.objects.get(seq=entry.seq).action == "test.write"


def test_nothing_is_recorded_once_the_head_is_gone_while_entries_remain() -> None:
    audit_record(action="test.write")
    head_table = connection.ops.quote_name(AuditHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM " + head_table)  # noqa: S608  # the model's own table name

    with pytest.raises(AuditChainError), transaction.atomic():
        state_create("ZZ")


# --- concurrency ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_keep_the_sequence_contiguous() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite's test database is in memory, one connection, and its "
            "writers are serialised by BEGIN IMMEDIATE anyway"
        )
    from django.db import connections

    writes_each = 25
    start = threading.Barrier(2)
    failures: list[Exception] = []

    def writer(name: str) -> None:
        try:
            start.wait()
            for i in range(writes_each):
                with transaction.atomic():
                    audit_record(
                        action="test.concurrent",
                        after={"writer": name, "i": i},
                        actor=Actor(user_id=None, username=name, origin=SYSTEM.origin),
                    )
        except Exception as exc:  # reported by the main thread below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("left", "right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not failures
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert AuditEntry.objects.filter(action="test.concurrent").count() == 2 * writes_each
    assert audit_verify().intact
