"""``secretariat accounts sync-delegations | demo [--reset]``: delegations and demo users."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from secretariat.accounts.services import DemoUserResult, delegations_sync, demo_users_ensure
from secretariat.audit.context import Actor, acting_as
from secretariat.core.errors import SecretariatError

#: One password for every demo user created or reset (otherwise each gets a generated one).
DEMO_PASSWORD_VARIABLE = "SECRETARIAT_DEMO_PASSWORD"  # noqa: S105  # the name of a variable, not a password
UNCHANGED = "(unchanged)"
#: A code from a demo user's key without an app (README, "Demo logins").
TOTP_ONE_LINER = (
    '.venv/bin/python -c "import base64,sys,django_otp.oath as o; '
    "print('%06d' % o.totp(base64.b32decode(sys.argv[1])))\" KEY"
)


@contextmanager
def _as_system(action: str) -> Iterator[None]:
    """Attribute the writes to the system, and turn a refusal into a one-line error."""
    try:
        with acting_as(Actor(user_id=None, username="system", origin=f"cli:accounts {action}")):
            yield
    except SecretariatError as exc:
        raise CommandError(f"Nothing was changed. {exc.render()} [{exc.code}]") from exc


def demo_table(rows: list[DemoUserResult]) -> list[str]:
    """The demo users as aligned text lines; a password only where it was set in this run."""
    header = ("username", "role", "delegation", "language", "password")
    cells = [header] + [
        (r.username, r.role, r.delegation, r.language, r.password or UNCHANGED) for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


class Command(BaseCommand):
    help = "Manage delegations and demo users."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "sync-delegations",
            help="Create or update one delegation per member state, national part, "
            "Secretariat, RATS and partner, from the registry.",
        )
        demo = actions.add_parser(
            "demo",
            help="Sync the delegations and create one demo user per role (idempotent). "
            f"Passwords: ${DEMO_PASSWORD_VARIABLE}, or generated; printed once, never stored.",
        )
        demo.add_argument(
            "--reset",
            action="store_true",
            help="Give existing demo users a new password too.",
        )
        demo.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site runs, for the login hint (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "sync-delegations": self.sync_delegations,
            "demo": self.demo,
        }
        handlers[options["action"]](options)

    def sync_delegations(self, options: dict[str, Any]) -> None:
        with _as_system("sync-delegations"):
            report = delegations_sync()
        self.stdout.write(report.summary())

    def demo(self, options: dict[str, Any]) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Demo users are not created in production.")
        password = os.environ.get(DEMO_PASSWORD_VARIABLE) or None
        with _as_system("demo"):
            rows = demo_users_ensure(password=password, reset=options["reset"])
        for line in demo_table(rows):
            self.stdout.write(line)
        base = options["base_url"].rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"Log in at {base}/accounts/login/ with a username and password above.")
        if any(r.password is None for r in rows):
            self.stdout.write(
                f"{UNCHANGED}: the user existed and kept its password; "
                "run `secretariat accounts demo --reset` to set new ones."
            )
        if password is None:
            self.stdout.write(
                "Passwords were generated and are shown only here; set "
                f"{DEMO_PASSWORD_VARIABLE} to choose one for all demo users."
            )
        keys = [(r.username, r.two_factor_key) for r in rows if r.two_factor_key]
        if keys:
            self.stdout.write("")
            self.stdout.write(
                "Two-factor login is required of these roles: after the password, give the "
                "code of an authenticator app holding the key (shown only here):"
            )
            width = max(len(name) for name, _key in keys)
            for name, key in keys:
                self.stdout.write(f"  {name.ljust(width)}  {key}")
            self.stdout.write(f"The current code for a key: {TOTP_ONE_LINER}")
