"""``secretariat depositary``: verify a certified copy, verify or export the register.

- ``verify FILE``: exit 0 when FILE is an authentic, unaltered certified copy entered in the
  register; 1 when it is not, with the reason; 2 when FILE cannot be read.
- ``verify-register``: exit 0 when the register's hash chain is intact, 1 naming each break.
- ``export [--format csv|json]``: the whole register on standard output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from secretariat.depositary import selectors, services
from secretariat.procedure.text import parse_lang


class Command(BaseCommand):
    help = "Verify a certified copy or the depositary register; export the register."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Is FILE an authentic certified copy?")
        verify.add_argument("file", type=Path)
        verify.add_argument("--lang", default="en", help="en, ru or zh (the reason's language)")
        verify.add_argument("--json", action="store_true", help="answer as JSON")
        sub.add_parser("verify-register", help="Check the register's hash chain.")
        export = sub.add_parser("export", help="Print the register.")
        export.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(options["file"], parse_lang(options["lang"]), options["json"])
        elif action == "verify-register":
            check = services.register_verify()
            if check.intact:
                self.stdout.write(
                    f"register intact: {check.entries} lines, last hash {check.last_hash}"
                )
                return
            for problem in check.problems:
                self.stderr.write(problem)
            raise SystemExit(1)
        else:
            if options["format"] == "csv":
                self.stdout.write(selectors.register_csv(), ending="")
            else:
                self.stdout.write(
                    json.dumps(selectors.register_rows(), ensure_ascii=False, indent=1)
                )

    def _verify(self, path: Path, lang: str, as_json: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from None
        with translation.override(lang):
            result = services.copy_verify(data)
        reason = result.reasons.get(lang) or result.reasons.get("en", "")
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "valid": result.valid,
                        "code": result.code,
                        "reason": reason,
                        "register_number": result.signature.register_number,
                        "copy_number": result.signature.copy_number,
                        "sha256": result.signature.sha256,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            verdict = "VALID" if result.valid else "NOT VALID"
            self.stdout.write(f"{verdict} ({result.code}): {reason}")
        if not result.valid:
            raise SystemExit(1)
