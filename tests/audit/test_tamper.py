"""Someone with database access edits, deletes or reorders entries: verify names each one.

Every change here goes through raw SQL on ``connection.cursor()``, around the application's
append-only guards, as an intruder or a careless administrator would.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from secretariat.audit.chain import HASHED_FIELDS, ChainChecker, entry_hash
from secretariat.audit.models import AuditEntry, AuditHead
from secretariat.audit.selectors import audit_verify
from secretariat.audit.services import audit_record

pytestmark = pytest.mark.django_db

TABLES = {
    "entries": connection.ops.quote_name(AuditEntry._meta.db_table),
    "head": connection.ops.quote_name(AuditHead._meta.db_table),
    "after": connection.ops.quote_name("after"),
}
#: Columns set by the tests, in the order of the UPDATE statements below.
COLUMNS = [*HASHED_FIELDS, "hash"]


def sql(statement: str, params: list[Any] | None = None) -> None:
    """Run ``statement`` with {entries}, {head}, {after} and {json} filled in, and ``params``."""
    with connection.cursor() as cursor:
        cursor.execute(statement.format(json=json_param(), **TABLES), params or [])


def json_param() -> str:
    """A JSON parameter's placeholder: PostgreSQL needs the text cast to jsonb."""
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


def column_value(name: str, value: Any) -> Any:
    if name in {"before", "after"}:
        return None if value is None else json.dumps(value)
    if name == "at":
        return connection.ops.adapt_datetimefield_value(value)
    return value


def rewrite(seq: int, fields: dict[str, Any]) -> None:
    """Set the columns of entry ``seq`` (not its seq) to ``fields``, straight in the database."""
    names = [n for n in COLUMNS if n in fields and n != "seq"]
    assignments = ", ".join(
        f"{connection.ops.quote_name(n)} = {{json}}"
        if n in {"before", "after"}
        else f"{connection.ops.quote_name(n)} = %s"
        for n in names
    )
    sql(
        "UPDATE {entries} SET " + assignments + " WHERE seq = %s",  # noqa: S608  # our column names
        [*(column_value(n, fields[n]) for n in names), seq],
    )


def row(seq: int) -> dict[str, Any]:
    return dict(AuditEntry.objects.filter(seq=seq).values(*COLUMNS).get())


@pytest.fixture
def chain() -> list[int]:
    """Six fresh entries at the end of an intact log; their seq numbers."""
    seqs = [audit_record(action="test.write", after={"n": n}).seq for n in range(6)]
    assert audit_verify().intact
    return seqs


def problems() -> list[tuple[str, int | None]]:
    return [(p.kind, p.first) for p in audit_verify().problems]


def verify_command() -> tuple[int, str, str]:
    """Run ``secretariat audit verify``: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_an_edited_entry_is_named() -> None:
    chain_ = [audit_record(action="test.write", after={"n": n}).seq for n in range(3)]
    target = chain_[1]
    sql("UPDATE {entries} SET {after} = {json} WHERE seq = %s", ['{"n": 99}', target])

    report = audit_verify()

    assert [(p.kind, p.first) for p in report.problems] == [("altered", target)]
    assert report.lines() == [f"entry {target} altered: its hash does not match its content"]


def test_an_edited_entry_whose_hash_was_recomputed_breaks_the_link_to_the_next(
    chain: list[int],
) -> None:
    target = chain[2]
    forged = {**row(target), "after": {"n": 99}}
    forged["hash"] = entry_hash(forged)
    rewrite(target, forged)

    assert problems() == [("broken_link", target + 1)]
    assert audit_verify().lines() == [
        f"entry {target + 1} does not follow entry {target}: its previous hash is not the hash "
        f"of entry {target} (one of the two was rewritten)"
    ]


def test_a_deleted_entry_in_the_middle_leaves_a_gap(chain: list[int]) -> None:
    sql("DELETE FROM {entries} WHERE seq IN (%s, %s)", [chain[2], chain[3]])

    assert audit_verify().lines() == [f"entries {chain[2]}-{chain[3]} removed"]


def test_a_deleted_last_entry_no_longer_matches_the_head(chain: list[int]) -> None:
    sql("DELETE FROM {entries} WHERE seq = %s", [chain[-1]])

    assert audit_verify().lines() == [
        f"entry {chain[-1]} removed: the head records {chain[-1]} entries but the log ends at "
        f"entry {chain[-2]}"
    ]


def test_two_entries_swapped_are_both_out_of_order(chain: list[int]) -> None:
    a, b = chain[2], chain[3]
    row_a, row_b = row(a), row(b)
    rewrite(a, row_b)
    rewrite(b, row_a)

    assert audit_verify().lines() == [
        f"entry {a} out of order: its content was written as entry {b}",
        f"entry {b} out of order: its content was written as entry {a}",
    ]


def test_an_entry_dated_before_its_predecessor_is_out_of_order_even_with_a_rebuilt_chain(
    chain: list[int],
) -> None:
    # The chain rebuilt from the changed entry to the head: only the clock gives it away.
    target = chain[3]
    earlier = row(target - 1)["at"] - dt.timedelta(hours=1)
    rebuild_from(target, change={"at": earlier})

    assert problems() == [("out_of_order", target)]


def test_a_chain_rebuilt_to_the_head_verifies_but_changes_the_last_hash(chain: list[int]) -> None:
    # What verify cannot see on its own (docs/audit.md): the exported head hash shows it.
    exported = audit_verify().last_hash
    rebuild_from(chain[2], change={"after": {"n": 99}})

    report = audit_verify()

    assert report.intact
    assert report.last_hash != exported


def test_an_altered_head_is_named(chain: list[int]) -> None:
    sql("UPDATE {head} SET last_hash = %s", ["f" * 64])

    assert problems() == [("head_mismatch", chain[-1])]


def test_an_entry_slipped_in_beyond_the_head_is_named(chain: list[int]) -> None:
    forged = {**row(chain[-1]), "seq": chain[-1] + 1, "prev_hash": row(chain[-1])["hash"]}
    forged["hash"] = entry_hash(forged)
    columns = ", ".join(connection.ops.quote_name(n) for n in COLUMNS)
    values = ", ".join("{json}" if n in {"before", "after"} else "%s" for n in COLUMNS)
    sql(
        "INSERT INTO {entries} (" + columns + ") VALUES (" + values + ")",  # noqa: S608  # ours
        [column_value(n, forged[n]) for n in COLUMNS],
    )

    assert problems() == [("beyond_head", chain[-1] + 1)]


def test_the_command_says_intact_and_exits_0_for_an_untouched_log(chain: list[int]) -> None:
    code, out, err = verify_command()

    assert code == 0
    count, last_hash = AuditEntry.objects.count(), row(chain[-1])["hash"]
    assert out.strip() == f"audit log intact: {count} entries, last hash {last_hash}"
    assert err == ""


def test_the_command_prints_one_line_per_problem_and_exits_1(chain: list[int]) -> None:
    sql("UPDATE {entries} SET action = %s WHERE seq = %s", ["rewritten", chain[1]])
    sql("DELETE FROM {entries} WHERE seq = %s", [chain[3]])

    code, out, err = verify_command()

    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"entry {chain[1]} altered: its hash does not match its content",
        f"entry {chain[3]} removed",
    ]
    assert "Traceback" not in err


def rebuild_from(seq: int, *, change: dict[str, Any]) -> None:
    """Change entry ``seq`` and recompute every hash from it to the head, as an insider could."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert last is not None
    prev_hash = row(seq - 1)["hash"]
    for current in range(seq, last + 1):
        fields = {**row(current), "prev_hash": prev_hash, **(change if current == seq else {})}
        fields["hash"] = entry_hash(fields)
        rewrite(current, fields)
        prev_hash = fields["hash"]
    sql("UPDATE {head} SET last_hash = %s", [prev_hash])


def test_a_log_that_does_not_start_from_the_genesis_hash_and_has_no_head_is_named() -> None:
    # The checker alone, without a database: three entries chained from a wrong start.
    checker, prev_hash = ChainChecker(), "f" * 64
    at = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    for seq in (1, 2, 3):
        fields = dict.fromkeys(HASHED_FIELDS, "") | {"seq": seq, "at": at, "actor_id": None}
        fields |= {"before": None, "after": {"n": seq}, "prev_hash": prev_hash}
        prev_hash = entry_hash(fields)
        checker.feed({**fields, "hash": prev_hash})

    report = checker.finish(head=None)

    assert report.lines() == [
        "entry 1 does not start the chain: its previous hash is not the genesis hash",
        "the head is missing, but the log holds 3 entries",
    ]
