"""``secretariat terms load [--path P]``: load the SCO term base; ``secretariat terms tbx
[--output F]``: write it as TBX for translators' tools; ``secretariat terms check``: list the
entries that lack a term in a language or a source (exit code 1 if any)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from secretariat.terms import selectors
from secretariat.terms.services import TermBaseLoadError, termbase_load
from secretariat.terms.tbx import termbase_tbx


class Command(BaseCommand):
    help = "Manage the SCO term base (terms in English, Russian and Chinese)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "load", help="Load the term base file (idempotent; all or nothing)."
        )
        load.add_argument(
            "--path",
            type=Path,
            default=None,
            help="Data file to load (default: the shipped secretariat/terms/termbase.yaml).",
        )
        tbx = actions.add_parser("tbx", help="Write the term base as TBX (TBX-Basic).")
        tbx.add_argument("--output", type=Path, default=None, help="File (default: stdout).")
        actions.add_parser("check", help="List incomplete entries; exit 1 if there are any.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            try:
                report = termbase_load(path=options["path"])
            except TermBaseLoadError as exc:
                raise CommandError(f"Nothing was loaded. {exc}") from exc
            self.stdout.write(report.summary())
        elif action == "tbx":
            body = termbase_tbx(
                [selectors.concept_record(c) for c in selectors.concepts()],
                selectors.source_records(),
                domains=selectors.domain_names_in_english(),
                exported_at=timezone.now(),
            )
            if options["output"] is None:
                sys.stdout.buffer.write(body)
            else:
                options["output"].write_bytes(body)
        elif action == "check":
            gaps = selectors.concept_gaps_all()
            for key, found in sorted(gaps.items()):
                self.stdout.write(f"{key}: {'; '.join(found)}")
            if gaps:
                raise CommandError(f"{len(gaps)} entries of the term base are incomplete.")
            self.stdout.write("Every entry has a preferred term in en, ru and zh, with sources.")
