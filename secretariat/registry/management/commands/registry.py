"""``secretariat registry load [--path P]``: load the SCO reference data into the registry."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.registry.services import ReferenceDataError, reference_load


class Command(BaseCommand):
    help = "Manage the registry of states, bodies, summits and partner organisations."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "load",
            help="Load the reference data file (idempotent; all or nothing).",
        )
        load.add_argument(
            "--path",
            type=Path,
            default=None,
            help="Data file to load (default: the shipped secretariat/reference_data/sco.yaml).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            try:
                report = reference_load(path=options["path"])
            except ReferenceDataError as exc:
                raise CommandError(f"Nothing was loaded. {exc}") from exc
            self.stdout.write(report.summary())
