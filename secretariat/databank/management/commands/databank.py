"""``secretariat databank ...``: the databank from the command line.

- ``import PATH...``: import texts (.txt, .md, .docx, .odt, .pdf), each all or nothing;
- ``seeds``: import the project's own copy of the five seed texts;
- ``reindex``: rebuild the search index from the database, with a progress bar;
- ``search QUERY``: search as a user (``--as USERNAME``) or as the public, with filters;
- ``index-status``: the search change log and every registered index (host, position, lag).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from secretariat.accounts.models import User
from secretariat.core.errors import SecretariatError
from secretariat.databank.search import outbox, service, vectors
from secretariat.databank.search.shapes import Filters
from secretariat.databank.seeds import seed_paths
from secretariat.databank.services import ImportResult, sources_import


class Command(BaseCommand):
    help = "Import texts into the databank, rebuild its search index, search it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "import",
            help="Import .txt, .md, .docx, .odt or .pdf files (idempotent; each all or nothing).",
        )
        load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        actions.add_parser("seeds", help="Import the project's own copy of the seed texts.")
        actions.add_parser("reindex", help="Rebuild the search index from the database.")
        state = actions.add_parser(
            "index-status",
            help="The search change log and each registered index: position, lag, last seen.",
        )
        state.add_argument("--json", action="store_true", help="Print the status as JSON.")
        find = actions.add_parser("search", help="Search what a user (or the public) may see.")
        find.add_argument("query")
        find.add_argument("--as", dest="username", help="Search as this user (default: public).")
        find.add_argument("--kind", action="append", default=[], help="document, decision, ...")
        find.add_argument("--lang", action="append", default=[], choices=["en", "ru", "zh"])
        find.add_argument("--body", action="append", default=[], help="A body's code (cnc, bcb).")
        find.add_argument("--type", action="append", default=[], help="A document type.")
        find.add_argument("--area", action="append", default=[], help="A STRAT-AREAS code.")
        find.add_argument("--from", dest="day_from", help="From this day (YYYY-MM-DD).")
        find.add_argument("--to", dest="day_to", help="To this day (YYYY-MM-DD).")
        find.add_argument("--page", type=int, default=1)
        find.add_argument("--json", action="store_true", help="Print the results as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "reindex":
                self.reindex()
            elif action == "search":
                self.search(options)
            elif action == "index-status":
                self.index_status(json_out=options["json"])
            else:
                paths = seed_paths() if action == "seeds" else options["paths"]
                self.load(paths)
        except SecretariatError as exc:
            raise CommandError(exc.render()) from exc

    def load(self, paths: list[Path]) -> None:
        with tqdm(
            total=len(paths), unit="file", disable=len(paths) < 2, file=self.stderr._out
        ) as bar:

            def progress(done: int, path: Path) -> None:
                bar.set_postfix_str(path.name)
                bar.update(1)

            results = sources_import(paths=paths, progress=progress)
        for result in results:
            self.stdout.write(_line(result))

    def reindex(self) -> None:
        with tqdm(unit="object", file=self.stderr._out) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(1)

            pieces = outbox.rebuild(progress=progress)
        if vectors.enabled():
            with tqdm(unit="object", desc="meaning", file=self.stderr._out) as bar:

                def step(done: int, total: int) -> None:
                    bar.total = total
                    bar.update(1)

                embedded = vectors.rebuild(progress=step)
            self.stdout.write(f"{embedded} pieces embedded (meaning across languages)")
        index = outbox.search_index()
        self.stdout.write(
            f"{pieces} pieces indexed; index {index.size_bytes() / 1e6:.1f} MB at {index.path}"
        )

    def index_status(self, *, json_out: bool) -> None:
        state = outbox.status()
        if json_out:
            self.stdout.write(json.dumps(state, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"log: {state['log_depth']} entries, oldest {state['oldest_entry_at'] or '-'};"
            f" kept {state['retention_days']:g} days for an index that has not applied them"
        )
        if not state["indexes"]:
            self.stdout.write("no index registered (each registers on its first drain)")
        for row in state["indexes"]:
            txid, entry = row["position"]
            self.stdout.write(
                f"{row['host']}:{row['path']} [{row['uid']}]"
                f" position {entry} (transaction {txid}), {row['pending']} pending"
                f"{', must be rebuilt' if row['needs_rebuild'] else ''};"
                f" seen {row['seen_at']}, applied {row['applied_at'] or '-'},"
                f" rebuilt {row['rebuilt_at'] or '-'}"
            )

    def search(self, options: dict[str, Any]) -> None:
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"there is no user {options['username']!r}")
        try:
            filters = Filters(
                kinds=options["kind"],
                langs=options["lang"],
                bodies=options["body"],
                doc_types=options["type"],
                areas=options["area"],
                day_from=service.parse_day(options["day_from"]),
                day_to=service.parse_day(options["day_to"]),
            )
        except ValueError as exc:
            raise CommandError(f"a day is written YYYY-MM-DD: {exc}") from exc
        page = service.search(user, options["query"], filters, page=options["page"])
        if options["json"]:
            self.stdout.write(json.dumps(service.page_json(page), ensure_ascii=False, indent=2))
            return
        r = page.results
        self.stdout.write(
            f"{r.group_count} results, page {page.page} of {page.pages};"
            f" {r.total_seconds * 1000:.1f} ms (engine {r.engine_seconds * 1000:.1f} ms)"
        )
        for group in page.groups:
            best = group.best
            langs = page.versions.get(group.key) or sorted(
                {best.lang, *(o.lang for o in group.others)}
            )
            self.stdout.write(f"\n{best.title} [{best.kind}, {'/'.join(langs)}] {best.url}")
            self.stdout.write(f"  {service.marked(best.snippet, best.marks, '[', ']')}")
        if page.related:
            self.stdout.write("\nIn other languages, by meaning:")
            for x in page.related:
                self.stdout.write(f"\n{x.title} [{x.lang}, {x.score:.2f}] {x.url}\n  {x.snippet}")


def _line(result: ImportResult) -> str:
    return f"{result.source.code}: {result.outcome}, {result.passages} passages"
