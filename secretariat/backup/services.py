"""``backup_make`` writes one archive; ``backup_restore`` puts it back and verifies it.

What an archive holds (docs/backup.md): the database (``database.pgdump`` or
``database.sqlite3``), every stored file (``files/``, read through Django's storage, so an
object store works too), the signing keys (``keys/``), and ``manifest.json``: the version and
commit, each app's last migration, the vendor, rows per table, the heads of the audit chain
and of the depositary register, and every member's SHA-256.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db.migrations.loader import MigrationLoader

from secretariat.audit.selectors import audit_verify
from secretariat.audit.services import audit_record
from secretariat.backup import archive, database, errors
from secretariat.backup.errors import BackupError
from secretariat.core import freshness
from secretariat.depositary.services import register_verify

#: The audit log's name for an archive (entries ``backup.made``, ``backup.restored``, ...).
ARCHIVE_LABEL = "backup.archive"


@dataclass
class Restored:
    """What a restore put back and what its verification found."""

    manifest: dict[str, Any]
    files: int = 0
    keys: int = 0
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.problems


def backup_make(target: Path) -> dict[str, Any]:
    """Write the archive ``target`` (never over an existing file); return its manifest."""
    if target.exists():
        raise BackupError(errors.ARCHIVE_EXISTS, f"{target} exists: choose a new name.")
    vendor = database.vendor()
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    writer = archive.Writer(partial)
    try:
        with tempfile.TemporaryDirectory(prefix="secretariat-backup-") as scratch:
            dumped = Path(scratch) / database.MEMBER[vendor]
            held = database.dump(dumped)
            with dumped.open("rb") as stream:
                writer.add(database.MEMBER[vendor], stream, dumped.stat().st_size)
        for name in _stored(default_storage):
            with default_storage.open(name, "rb") as stream:
                writer.add(f"files/{name}", stream, default_storage.size(name))
        for path in _key_files():
            with path.open("rb") as stream:
                writer.add(f"keys/{path.name}", stream, path.stat().st_size)
        manifest = {
            "format": archive.FORMAT,
            "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "version": _version(),
            "commit": _commit(),
            "vendor": vendor,
            **held,
        }
        writer.close(manifest)
    except BaseException:
        writer.abort()
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)
    # After the snapshot: the archive does not hold its own entry; the log says it was made.
    audit_record(
        action="backup.made",
        model=ARCHIVE_LABEL,
        object_id=target.name,
        object_repr=str(target),
        after={"heads": manifest["heads"], "commit": manifest["commit"]},
    )
    return {**manifest, "members": writer.members}


def backup_restore(source: Path, *, force: bool = False) -> Restored:
    """Check the archive whole, then restore the database, files and keys, then verify."""
    vendor = database.vendor()
    with tempfile.TemporaryDirectory(prefix="secretariat-restore-") as scratch:
        unpacked = Path(scratch)
        manifest = archive.unpack(source, unpacked)
        if manifest.get("vendor") != vendor:
            raise BackupError(
                errors.WRONG_VENDOR,
                f"the archive holds a {manifest.get('vendor')} database; this installation "
                f"uses {vendor}.",
            )
        _refuse_newer(manifest)
        files = list(archive.members_under(manifest, "files"))
        keys = list(archive.members_under(manifest, "keys"))
        if not force:
            _refuse_not_empty(keys)
        database.load(unpacked / database.MEMBER[vendor], force=force)
        for name, member in files:
            if default_storage.exists(name):
                default_storage.delete(name)
            with (unpacked / member).open("rb") as stream:
                saved = default_storage.save(name, File(stream, name=posixpath.basename(name)))
            if saved != name:
                raise BackupError(errors.VERIFY_FAILED, f"{name} was stored as {saved}.")
        keys_dir = Path(settings.SIGNING_KEYS_DIR)
        keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        for name, member in keys:
            target = keys_dir / name
            target.unlink(missing_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write((unpacked / member).read_bytes())
    restored = Restored(manifest=manifest, files=len(files), keys=len(keys))
    # The database was written behind Django's back: every host's cached public pages and
    # feeds are made stale at once (core.freshness), not after their 600 s.
    freshness.bump()
    _verify(restored, files)
    # After the verification, so that it compared the chain with the archive's head.
    audit_record(
        action="backup.restored" if restored.verified else "backup.restored_unverified",
        model=ARCHIVE_LABEL,
        object_id=source.name,
        object_repr=str(source),
        after={"made_at": manifest["made_at"], "problems": restored.problems[:20]},
    )
    return restored


def restore_refused_record(source: Path, code: str) -> None:
    """Enter a refused restore in the audit log, when there is a log to enter it in (a new
    database has none). Nothing was restored, so the log is the installation's own."""
    if "audit_auditentry" not in database.table_names():
        return
    audit_record(
        action="backup.restore_refused",
        model=ARCHIVE_LABEL,
        object_id=source.name[:255],
        object_repr=str(source),
        after={"code": code},
    )


def _verify(restored: Restored, files: list[tuple[str, str]]) -> None:
    manifest = restored.manifest
    now = database.current_facts(sorted(manifest["counts"]))
    wrong = [
        f"{table}: {count} rows in the archive, {now['counts'].get(table)} restored"
        for table, count in sorted(manifest["counts"].items())
        if now["counts"].get(table) != count
    ]
    restored.problems += wrong
    restored.lines.append(f"rows: {len(manifest['counts']) - len(wrong)} tables match the archive")
    audit = audit_verify()
    head = manifest["heads"].get("audit") or {"last_seq": 0, "last_hash": audit.last_hash}
    if not audit.intact:
        restored.problems += audit.lines()
    elif (audit.last_seq, audit.last_hash) != (head["last_seq"], head["last_hash"]):
        restored.problems.append(
            f"the audit chain ends at entry {audit.last_seq}; the archive's ended at "
            f"{head['last_seq']} ({head['last_hash']})"
        )
    else:
        restored.lines.append(audit.lines()[0])
    register = register_verify()
    sealed = manifest["heads"].get("register") or {"last_seq": 0, "last_hash": register.last_hash}
    if not register.intact:
        restored.problems += list(register.problems)
    elif (register.entries, register.last_hash) != (sealed["last_seq"], sealed["last_hash"]):
        restored.problems.append(
            f"the register has {register.entries} lines; the archive's had {sealed['last_seq']}"
        )
    else:
        restored.lines.append(
            f"register intact: {register.entries} lines, last hash {register.last_hash}"
        )
    for name, member in files:
        if not default_storage.exists(name):
            restored.problems.append(f"{name}: the file is not in the store")
            continue
        with default_storage.open(name, "rb") as stream:
            if archive.sha256_of(stream) != manifest["members"][member]["sha256"]:
                restored.problems.append(f"{name}: the stored file differs from the archive's")
    restored.lines.append(f"files: {restored.files} restored, keys: {restored.keys} restored")


def _refuse_newer(manifest: dict[str, Any]) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            errors.NEWER_VERSION,
            f"the archive was made by a newer version (migrations {', '.join(unknown[:5])}): "
            "install that version, then restore.",
        )


def _refuse_not_empty(keys: list[tuple[str, str]]) -> None:
    held = []
    if not database.is_empty():
        held.append("the database has tables")
    if next(iter(_stored(default_storage)), None) is not None:
        held.append("the file store has files")
    keys_dir = Path(settings.SIGNING_KEYS_DIR)
    if any((keys_dir / name).exists() for name, _ in keys):
        held.append(f"{keys_dir} has signing keys")
    if held:
        raise BackupError(
            errors.TARGET_NOT_EMPTY,
            f"Nothing was changed: {'; '.join(held)}. Restore into an empty installation, "
            "or pass --force to replace what is there.",
        )


def _stored(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file of the storage, below ``folder``."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(names):
        yield posixpath.join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from _stored(storage, posixpath.join(folder, sub) if folder else sub)


def _key_files() -> list[Path]:
    keys_dir = Path(settings.SIGNING_KEYS_DIR)
    if not keys_dir.is_dir():
        return []
    return sorted(p for p in keys_dir.iterdir() if p.is_file())


def _version() -> str:
    try:
        return version("secretariat")
    except PackageNotFoundError:
        return ""


def _commit() -> str:
    """The checkout's commit, when the code runs from a git checkout."""
    base = Path(settings.BASE_DIR)
    if not (base / ".git").exists():
        return ""
    done = subprocess.run(  # noqa: S603  # fixed arguments
        ["git", "-C", str(base), "rev-parse", "HEAD"],  # noqa: S607  # git from PATH
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""
