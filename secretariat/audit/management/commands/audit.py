"""``secretariat audit verify`` and ``secretariat audit show``: check and read the audit log.

``verify`` prints "audit log intact: N entries, last hash H" and exits 0, or prints one
line per problem on stderr and exits 1. Keep the last hash somewhere the database's
administrators cannot write (docs/audit.md says why).
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.audit import selectors
from secretariat.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain, or show its last entries."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "verify",
            help="Re-check every entry and the head; exit 1 and name each problem if any.",
        )
        show = actions.add_parser("show", help="Print the last entries, oldest first.")
        show.add_argument("--model", default="", help='A model label, e.g. "registry.state".')
        show.add_argument("--id", default="", dest="object_id", help="An object's key.")
        show.add_argument("--limit", type=int, default=20, help="How many entries (default 20).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify()
        else:
            if options["object_id"] and not options["model"]:
                raise CommandError("--id needs --model: an object's key means nothing alone.")
            for entry in selectors.entries_of(
                model_label=options["model"],
                object_id=options["object_id"],
                limit=options["limit"],
            ):
                self.stdout.write(_line(entry))

    def _verify(self) -> None:
        report = selectors.audit_verify()
        if report.intact:
            self.stdout.write(report.lines()[0])
            return
        for line in report.lines():
            self.stderr.write(line)
        sys.exit(1)


def _line(entry: AuditEntry) -> str:
    what = " ".join(p for p in (entry.model_label, entry.object_id) if p)
    changes = {c.field: [c.old, c.new] for c in selectors.changes_of(entry)}
    detail = json.dumps(changes, ensure_ascii=False, sort_keys=True) if changes else ""
    return (
        f"{entry.seq} {entry.at.isoformat(timespec='seconds')} {entry.actor_name} "
        f"({entry.origin}) {entry.action} {what} {entry.object_repr!r} {detail}"
    ).rstrip()
