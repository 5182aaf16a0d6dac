"""``secretariat relations demo``: demo contacts, an agreement awaiting consents, an NGO
interaction, a conference, a mission with its report and a week of the protocol schedule."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.audit.context import Actor, acting_as
from secretariat.core.errors import SecretariatError
from secretariat.registry.models import State
from secretariat.relations.demo import demo_relations_ensure


class Command(BaseCommand):
    help = "External relations: demo partners' contacts, agreements, events, missions, protocol."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("demo", help="Make the demo records unless they exist (idempotent).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not State.objects.exists():
            raise CommandError("Run `secretariat registry load` first: partners come from it.")
        try:
            with acting_as(Actor(user_id=None, username="system", origin="cli:relations demo")):
                made = demo_relations_ensure()
        except SecretariatError as exc:
            raise CommandError(f"Nothing was changed. {exc.render()} [{exc.code}]") from exc
        if not made.notes:
            self.stdout.write("demo relations: already there, nothing to do")
        for note in made.notes:
            self.stdout.write(f"demo relations: {note}")
