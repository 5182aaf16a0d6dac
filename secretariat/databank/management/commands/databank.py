"""``secretariat databank import PATH ...`` and ``secretariat databank seeds``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.databank.seeds import seed_paths
from secretariat.databank.services import ImportResult, sources_import
from secretariat.errors import SecretariatError


class Command(BaseCommand):
    help = "Import texts into the databank, split into the passages rules cite."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "import", help="Import .txt or .md files (idempotent; each file all or nothing)."
        )
        load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        actions.add_parser("seeds", help="Import the project's own copy of the seed texts.")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = seed_paths() if options["action"] == "seeds" else options["paths"]
        total = len(paths)
        width = 1 + len(f"imported {total}/{total} ") + max(len(p.name) for p in paths)

        def progress(done: int, path: Path) -> None:
            # A counter on one line, not tqdm: the project adds no dependency for it.
            # Padded so a shorter name overwrites the whole of a longer one; not styled as an error.
            line = f"\rimported {done}/{total} {path.name}".ljust(width)
            end = "\n" if done == total else ""
            self.stderr.write(line, style_func=str, ending=end)

        try:
            results = sources_import(paths=paths, progress=progress if total > 1 else None)
        except SecretariatError as exc:
            raise CommandError(exc.render()) from exc
        for result in results:
            self.stdout.write(_line(result))


def _line(result: ImportResult) -> str:
    return f"{result.source.code}: {result.outcome}, {result.passages} passages"
