"""``secretariat backup [--output FILE]``: one archive of the database, files, keys and heads.

Exit 0 with a summary (the archive, its size, the audit chain's and the register's heads:
keep those lines somewhere the database's administrators cannot write); exit 2 with one line
``message [code]`` on stderr when no archive could be made (none is left half-written).
docs/backup.md describes the archive and a schedule.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from secretariat.backup.errors import BackupError
from secretariat.backup.services import backup_make


class Command(BaseCommand):
    help = "Write one backup archive: database, stored files, signing keys, chain heads."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="The archive to write (default: var/backups/secretariat-<UTC time>.tar).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["output"]
        if target is None:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            target = Path(settings.VAR_DIR) / "backups" / f"secretariat-{stamp}.tar"
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            manifest = backup_make(target)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        members = manifest["members"]
        files = sum(1 for name in members if name.startswith("files/"))
        keys = sum(1 for name in members if name.startswith("keys/"))
        audit = manifest["heads"]["audit"] or {"last_seq": 0, "last_hash": "-"}
        register = manifest["heads"]["register"] or {"last_seq": 0, "last_hash": "-"}
        self.stdout.write(f"archive {target} ({target.stat().st_size} bytes, mode 0600)")
        self.stdout.write(
            f"database: {manifest['vendor']}, {sum(manifest['counts'].values())} rows in "
            f"{len(manifest['counts'])} tables; files: {files}; keys: {keys}"
        )
        self.stdout.write(f"audit head: entry {audit['last_seq']}, hash {audit['last_hash']}")
        self.stdout.write(
            f"register head: line {register['last_seq']}, hash {register['last_hash']}"
        )
