"""``secretariat budget demo``: a demo year's budget, contributions, spending and a contract."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.accounts.models import User
from secretariat.audit.context import Actor, acting_as
from secretariat.budget.demo import demo_budget_ensure
from secretariat.core.errors import SecretariatError


class Command(BaseCommand):
    help = "The demo budget of 2026: articles, contributions, payments, spending, a contract."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("demo", help="Make the demo budget unless it exists (idempotent).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username="finance").exists():
            raise CommandError("Run `secretariat accounts demo` first: the demo users act.")
        try:
            with acting_as(Actor(user_id=None, username="system", origin="cli:budget demo")):
                made = demo_budget_ensure()
        except SecretariatError as exc:
            raise CommandError(f"Nothing was changed. {exc.render()} [{exc.code}]") from exc
        if made.budget is None:
            self.stdout.write("demo budget: already there, nothing to do")
            return
        self.stdout.write(f"demo budget #{made.budget.pk}: {made.budget.year} {made.budget.holder}")
        if made.contract is not None:
            self.stdout.write(f"demo contract #{made.contract.pk}: awaiting consent")
        for note in made.notes:
            self.stdout.write(f"budget: {note}")
