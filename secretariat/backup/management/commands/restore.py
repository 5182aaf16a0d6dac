"""``secretariat restore ARCHIVE [--force]``: put a backup back, then verify it.

The archive is checked whole first (every member against the manifest's SHA-256), the vendor
and the version compared, and an installation that holds anything (tables, files, keys) is
refused unless ``--force``. Then the database, files and keys are restored and verified:
rows per table, the audit chain and the depositary register against the heads the archive
recorded. The audit log records ``backup.restored`` (after the verification) or
``backup.restore_refused`` (when the installation has a log). Exit 0 when all holds; 1 when
the verification found a problem (one line each on stderr); 2 with ``message [code]`` when
nothing was restored.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.backup import errors
from secretariat.backup.errors import BackupError
from secretariat.backup.services import backup_restore, restore_refused_record


class Command(BaseCommand):
    help = "Restore a backup archive into an empty installation and verify it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database, and files and keys of the same names, if any.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(options["archive"], force=options["force"])
        except BackupError as exc:
            restore_refused_record(options["archive"], exc.code)
            raise CommandError(str(exc), returncode=2) from None
        manifest = restored.manifest
        self.stdout.write(
            f"restored {options['archive']} (made {manifest['made_at']} by version "
            f"{manifest['version']} {manifest['commit'][:10]})".rstrip()
        )
        for line in restored.lines:
            self.stdout.write(line)
        if not restored.verified:
            for problem in restored.problems:
                self.stderr.write(problem)
            self.stderr.write(f"the restored installation does not verify [{errors.VERIFY_FAILED}]")
            sys.exit(1)
        self.stdout.write(
            "verified. If this version is newer than the archive's, run `secretariat migrate`; "
            "then `secretariat databank reindex` (the search index is not in the archive)."
        )
