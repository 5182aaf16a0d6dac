"""Backup and restore on PostgreSQL, with real data: ``make run``'s (the upgrade fixture:
registry, meetings, documents, depositary, budget...) migrated to this version, plus a
certified copy signed just before the backup. Restored into an empty database and an empty
var/ folder, the installation has the same rows, an intact audit chain and register ending
where they ended, and the copy still verifies (ours, and poppler's pdfsig).

This test makes its own databases, so it runs on PostgreSQL in the SQLite run of the suite too.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.backup.support import (
    FACTS,
    facts_and_copy_check,
    installation,
    load_sql_gz,
    pg_database,
    python,
    secretariat,
)
from tests.upgrade.test_upgrade import DUMPS

#: In the installation the backup is made of: this version's schema, the signing keys, an
#: original deposited and a certified copy signed, then the backup, then what it holds.
BEFORE = """
import datetime as dt
import typst
from django.core.management import call_command
from django.utils import timezone
from secretariat.audit.context import Actor, acting_as
from secretariat.depositary import services
from tests.factories.decisions import adopted_document

call_command("migrate", "--no-input", verbosity=0)
call_command("keys", "init", verbosity=0)
with acting_as(Actor(user_id=None, username="depositary", origin="test")):
    original = services.original_register(
        document=adopted_document(),
        received_on=timezone.localdate(),
        scan=typst.compile(b"Original page 1", ignore_system_fonts=True),
        scan_name="original.pdf",
        storage_location="Strongroom A, shelf 3",
    )
    copy = services.copies_make(original=original)[0]
"""


def test_a_backup_restored_into_an_empty_installation_verifies(tmp_path: Path) -> None:
    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "poppler's pdfsig is missing: run .ci/ensure-packages (make test does)"
    archive = tmp_path / "secretariat.tar"
    with pg_database("backup_src") as source_url, pg_database("backup_dst") as target_url:
        load_sql_gz(source_url, DUMPS[-1])
        source = installation(source_url, tmp_path / "source")
        before = python(
            source,
            f"ARCHIVE = {str(archive)!r}\n"
            + BEFORE
            + FACTS
            + 'call_command("backup", "--output", ARCHIVE, verbosity=0)\n'
            + 'facts["made"] = AuditEntry.objects.order_by("-seq").first().action\n'
            + 'facts["copy"] = [copy.pdf.name, copy.copy_number]\nprint(json.dumps(facts))',
        )
        target = installation(target_url, tmp_path / "target")

        restored = secretariat(target, "restore", str(archive))
        copy_name, copy_number = before["copy"]
        copy_file = tmp_path / "target" / "files" / copy_name
        after = python(
            target,
            facts_and_copy_check(copy_file)
            + f"""
facts["hash_at_archived_head"] = AuditEntry.objects.get(seq={before["audit"]["last_seq"]}).hash
from django.core.management.base import CommandError
try:
    call_command("restore", {str(archive)!r})
except CommandError as exc:
    facts["again"] = [exc.returncode, str(exc)]
facts["refusal_entry"] = AuditEntry.objects.order_by("-seq").first().after
forced = io.StringIO()
call_command("restore", {str(archive)!r}, "--force", stdout=forced)
facts["forced"] = forced.getvalue()
facts["forced_entries"] = AuditEntry.objects.count()
print(json.dumps(facts))
""",
        )

    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "verified" in restored.stdout
    # The same rows; the audit log has one entry more: the restore's own, after the archive's.
    assert before["made"] == "backup.made"
    entries = "audit_auditentry"
    assert {**after["counts"], entries: after["counts"][entries] - 1} == before["counts"]
    assert after["audit"]["intact"], after["audit"]["lines"]
    assert after["last_action"] == "backup.restored"
    assert after["audit"]["last_seq"] == before["audit"]["last_seq"] + 1
    assert after["hash_at_archived_head"] == before["audit"]["last_hash"]
    assert after["register"]["intact"], after["register"]["problems"]
    assert after["register"]["last_hash"] == before["register"]["last_hash"]
    # The copy signed before the backup: its file, the keys it chains to, its register line.
    answer = after["copy_check"]
    assert answer["valid"] is True, answer
    assert answer["copy_number"] == copy_number
    poppler = subprocess.run(  # noqa: S603  # a fixed tool on a file the restore wrote
        [pdfsig, "-nocert", str(copy_file)], capture_output=True, text=True, check=False
    )
    assert "Signature is Valid" in poppler.stdout, poppler.stdout + poppler.stderr
    keys = tmp_path / "target" / "keys"
    assert {p.name for p in keys.iterdir()} >= {"signer.p12", "root.pem"}
    assert all(p.stat().st_mode & 0o077 == 0 for p in keys.iterdir())
    assert archive.stat().st_mode & 0o077 == 0
    # A second restore over the restored installation is refused, and changes nothing.
    returncode, message = after["again"]
    assert returncode == 2
    assert "[backup_target_not_empty]" in message
    assert after["refusal_entry"] == {"code": "backup_target_not_empty"}
    # --force replaces the installation (its schema dropped) and verifies again: the archive's
    # entries and the new restore's, not the refusal's.
    assert "verified" in after["forced"]
    assert after["forced_entries"] == before["audit"]["last_seq"] + 1
