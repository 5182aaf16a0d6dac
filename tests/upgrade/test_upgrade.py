"""A populated database of the previous landed version migrates to this one and still
verifies: the audit chain and the depositary register are intact and end where they ended,
and no table lost rows.

The dump (tests/upgrade/fixtures/<commit>.sql.gz, made by make_fixture.py from ``make run``'s
data) is loaded into a new PostgreSQL database of this test's own, whatever database the rest
of the suite runs on; docs/backup.md ("Upgrades") says how a release refreshes it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.backup.support import FACTS, installation, load_sql_gz, pg_database, python, secretariat

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DUMPS = sorted(FIXTURES.glob("*.sql.gz"))

#: Tables whose row count a migration since the fixture changes on purpose: table -> rows
#: after migrating (a migration that moves or removes rows must say so here).
CHANGED_BY_MIGRATIONS: dict[str, int] = {}
#: Tables that grow, never shrink, by design: the audit log records the migration's own
#: writes, and Django adds a content type and its permissions for each new model.
MAY_GROW = ("audit_", "django_content_type", "auth_permission")


def test_there_is_a_fixture_of_the_previous_version() -> None:
    assert DUMPS, "no tests/upgrade/fixtures/*.sql.gz: run tests/upgrade/make_fixture.py"


@pytest.mark.parametrize("dump", DUMPS, ids=[d.name.split(".")[0] for d in DUMPS])
def test_the_previous_versions_database_migrates_and_still_verifies(
    dump: Path, tmp_path: Path
) -> None:
    facts_file = dump.with_name(dump.name.replace(".sql.gz", ".json"))
    before = json.loads(facts_file.read_text())
    with pg_database("upgrade") as url:
        load_sql_gz(url, dump)
        env = installation(url, tmp_path / "var")

        migrated = secretariat(env, "migrate", "--no-input")
        after = python(
            env,
            FACTS
            + f"old = json.loads(open({str(facts_file)!r}).read())\n"
            + """
from secretariat.audit.models import AuditEntry
from secretariat.depositary.models import RegisterEntry
facts["audit_at_old_head"] = AuditEntry.objects.filter(
    seq=int(old["audit"]["line"].split()[3])).values_list("hash", flat=True).first()
facts["register_at_old_head"] = RegisterEntry.objects.filter(
    seq=old["register"]["entries"]).values_list("hash", flat=True).first()
print(json.dumps(facts))
""",
        )

    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert after["audit"]["intact"], after["audit"]["lines"]
    assert after["register"]["intact"], after["register"]["problems"]
    # Both chains still hold the old entries unchanged: the entry at the old head has its hash.
    assert after["audit_at_old_head"] == before["audit"]["line"].split()[-1]
    assert after["register_at_old_head"] == before["register"]["last_hash"]
    assert after["register"]["entries"] >= before["register"]["entries"]
    lost = {
        table: (rows, after["counts"].get(table))
        for table, rows in before["counts"].items()
        if after["counts"].get(table) != CHANGED_BY_MIGRATIONS.get(table, rows)
        and not (table.startswith(MAY_GROW) and after["counts"].get(table, 0) >= rows)
    }
    assert not lost, f"rows per table (before, after) changed by the migration: {lost}"
    assert after["counts"]["depositary_certifiedcopy"] > 0
    assert after["counts"]["meetings_meeting"] > 0
