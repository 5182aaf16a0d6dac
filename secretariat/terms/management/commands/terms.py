"""``secretariat terms load [--path P]``: load the SCO term base; ``secretariat terms tbx``:
write it as TBX for translators' tools."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.terms.services import TermBaseLoadError, termbase_load


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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            try:
                report = termbase_load(path=options["path"])
            except TermBaseLoadError as exc:
                raise CommandError(f"Nothing was loaded. {exc}") from exc
            self.stdout.write(report.summary())
