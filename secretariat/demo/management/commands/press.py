"""``secretariat press demo``: demo news, a briefing, the catalogue and a request for materials."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.accounts.models import User
from secretariat.audit.context import Actor, acting_as
from secretariat.core.errors import SecretariatError
from secretariat.demo.press import demo_press_ensure
from secretariat.press.selectors import item_url


class Command(BaseCommand):
    help = "Demo news and a briefing, the catalogue of the seed texts, a request for materials."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("demo", help="Make the demo items unless they exist (idempotent).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username="officer").exists():
            raise CommandError("Run `secretariat accounts demo` first: the demo users act.")
        try:
            with acting_as(Actor(user_id=None, username="system", origin="cli:press demo")):
                made = demo_press_ensure()
        except SecretariatError as exc:
            raise CommandError(f"Nothing was changed. {exc.render()} [{exc.code}]") from exc
        if not (made.items or made.entries or made.requests):
            self.stdout.write("press demo: already there, nothing to do")
        for item in made.items:
            self.stdout.write(f"demo {item.kind}: {item_url(item)}")
        for entry in made.entries:
            self.stdout.write(f"catalogue entry #{entry.pk}: {entry.title_en}")
        for request in made.requests:
            self.stdout.write(
                f"request for materials #{request.pk}: {request.addressees.count()} member "
                f"states, due {request.due_on}"
            )
