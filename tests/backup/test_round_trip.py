"""Backup and restore on the suite's own database (SQLite in ``make test``, PostgreSQL in the
PostgreSQL run): the backup is made here, the restore runs as the command an operator types,
in an empty installation of the same kind. And the archives a restore refuses, each with its
stable code, before anything is changed."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typst
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from secretariat.accounts.services import delegations_sync
from secretariat.backup import archive, database
from secretariat.backup.errors import BackupError
from secretariat.depositary import services
from secretariat.registry.services import reference_load
from tests.backup.support import (
    facts_and_copy_check,
    installation,
    pg_database,
    python,
    secretariat,
)
from tests.factories.decisions import adopted_document
from tests.factories.signing import use_keys


@pytest.fixture
def here(settings: Any, tmp_path: Path) -> Path:
    """This installation's keys and files, in a folder of the test's own."""
    keys = tmp_path / "here" / "keys"
    use_keys(settings, keys)
    settings.SIGNING_KEYS_DIR = keys
    settings.MEDIA_ROOT = tmp_path / "here" / "files"
    return tmp_path / "here"


@contextmanager
def empty_database_like_ours(tmp_path: Path) -> Iterator[str]:
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'target' / 'secretariat.sqlite3'}"
    else:
        with pg_database("round_trip") as url:
            yield url


@pytest.mark.django_db(transaction=True)
def test_the_suites_database_round_trips_with_a_certified_copy(here: Path, tmp_path: Path) -> None:
    reference_load()
    delegations_sync()
    original = services.original_register(
        document=adopted_document(),
        received_on=timezone.localdate(),
        scan=typst.compile(b"Original page 1", ignore_system_fonts=True),
        scan_name="original.pdf",
        storage_location="Strongroom A, shelf 3",
    )
    copy = services.copies_make(original=original)[0]
    tarball = tmp_path / "backup.tar"
    out = io.StringIO()
    with connection.cursor() as cursor:
        counts = database.facts(cursor, database.model_tables())["counts"]
    call_command("backup", "--output", str(tarball), stdout=out)

    with empty_database_like_ours(tmp_path) as url:
        target = installation(url, tmp_path / "target")
        restored = secretariat(target, "restore", str(tarball))
        copy_file = tmp_path / "target" / "files" / copy.pdf.name
        after = python(target, facts_and_copy_check(copy_file) + "print(json.dumps(facts))")

    assert f"archive {tarball}" in out.getvalue()
    assert restored.returncode == 0, restored.stdout + restored.stderr
    # The same rows; the audit log has the restore's own entry more.
    entries = "audit_auditentry"
    assert {**after["counts"], entries: after["counts"][entries] - 1} == counts
    assert after["last_action"] == "backup.restored"
    assert counts["depositary_certifiedcopy"] >= 1
    assert after["audit"]["intact"], after["audit"]["lines"]
    assert after["register"]["intact"], after["register"]["problems"]
    # The restore checked the chain up to the head the backup printed.
    archived_head = out.getvalue().split("audit head: entry ")[1].split()[2]
    assert f"last hash {archived_head}" in restored.stdout
    assert after["copy_check"]["valid"] is True, after["copy_check"]
    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "poppler's pdfsig is missing: run .ci/ensure-packages (make test does)"
    poppler = subprocess.run(  # noqa: S603  # a fixed tool on a file the restore wrote
        [pdfsig, "-nocert", str(copy_file)], capture_output=True, text=True, check=False
    )
    assert "Signature is Valid" in poppler.stdout, poppler.stdout + poppler.stderr


# --- archives refused ----------------------------------------------------------------------


def made(path: Path, *, manifest: dict[str, Any] | None = None, **members: bytes) -> Path:
    """An archive with these members and a manifest listing them (changed by ``manifest``)."""
    writer = archive.Writer(path)
    for name, data in (members or {"files/a.txt": b"some text"}).items():
        writer.add(name, io.BytesIO(data), len(data))
    writer.close(
        {
            "format": archive.FORMAT,
            "made_at": "2026-12-06T00:00:00+00:00",
            "version": "0.1.0",
            "commit": "",
            "vendor": connection.vendor,
            "migrations": {},
            "counts": {},
            "heads": {"audit": None, "register": None},
            **(manifest or {}),
        }
    )
    return path


def refusal(path: Path, *args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *args)
    assert refused.value.returncode == 2
    return str(refused.value)


@pytest.mark.django_db
def test_damaged_archives_are_refused_each_with_its_code(tmp_path: Path, here: Path) -> None:
    whole = made(tmp_path / "whole.tar", **{"files/a.txt": b"x" * 5000, "keys/root.pem": b"k"})
    data = whole.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[:3000])
    headless = tmp_path / "headless.tar"
    headless.write_bytes(data[: data.index(b"manifest.json") - 1000])
    altered = tmp_path / "altered.tar"
    with tarfile.open(whole) as tar:
        offset = tar.getmember("files/a.txt").offset_data
    altered.write_bytes(data[:offset] + b"y" + data[offset + 1 :])
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not an archive at all" * 100)

    assert "[backup_archive_corrupt]" in refusal(cut)
    assert "[backup_archive_corrupt]" in refusal(junk)
    assert "[backup_archive_corrupt]" in refusal(tmp_path / "missing.tar")
    assert "[backup_manifest_invalid]" in refusal(headless)
    shapeless = made(tmp_path / "shapeless.tar", manifest={"counts": None})
    assert refusal(shapeless).endswith("lacks counts. [backup_manifest_invalid]")
    assert "[backup_checksum_mismatch]" in refusal(altered)
    assert "altered" in refusal(altered)
    assert not (here / "files").exists() or not any((here / "files").iterdir())


@pytest.mark.django_db
def test_an_archive_that_does_not_fit_this_installation_is_refused(tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    wrong = made(tmp_path / "wrong.tar", manifest={"vendor": other})
    newer = made(tmp_path / "newer.tar", manifest={"migrations": {"audit": "9999_i18_future"}})
    fits = made(tmp_path / "fits.tar")
    tables = len(connection.introspection.table_names())

    assert "[backup_wrong_vendor]" in refusal(wrong)
    assert "[backup_newer_version]" in refusal(newer)
    # This installation has tables: nothing is replaced without --force.
    assert "[backup_target_not_empty]" in refusal(fits)
    assert len(connection.introspection.table_names()) == tables


@pytest.mark.django_db
def test_a_backup_never_overwrites_an_archive_and_names_a_missing_tool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    there = tmp_path / "there.tar"
    there.write_bytes(b"an older archive")
    with pytest.raises(CommandError, match=r"\[backup_archive_exists\]"):
        call_command("backup", "--output", str(there))
    assert there.read_bytes() == b"an older archive"

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError) as missing:
        database._tool("pg_restore")
    assert missing.value.code == "backup_tool_missing"
    assert "postgresql-client" in missing.value.message
