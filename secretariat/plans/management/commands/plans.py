"""``secretariat plans demo``: demo plans for ``make run`` (see plans/demo.py)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.accounts.models import User
from secretariat.audit.context import Actor, acting_as
from secretariat.core.errors import SecretariatError
from secretariat.plans.demo import demo_plans_ensure


class Command(BaseCommand):
    help = "Demo plans: two general plans, a body's work plan and the Board's work plan."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("demo", help="Make the demo plans unless they exist (idempotent).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username="officer").exists():
            raise CommandError("Run `secretariat accounts demo` first: the demo users act.")
        try:
            with acting_as(Actor(user_id=None, username="system", origin="cli:plans demo")):
                made = demo_plans_ensure()
        except SecretariatError as exc:
            raise CommandError(f"Nothing was changed. {exc.render()} [{exc.code}]") from exc
        if not made.plans:
            self.stdout.write("demo plans: already there, nothing to do")
        for plan in made.plans:
            self.stdout.write(
                f"demo plan #{plan.pk}: {plan.title_en} ({plan.start} – {plan.end}, {plan.state})"
            )
        for note in made.notes:
            self.stdout.write(f"plans: {note}")
