"""``secretariat meetings demo``: demo meetings for ``make run`` (see meetings/demo.py)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.accounts.models import User
from secretariat.audit.context import Actor, acting_as
from secretariat.core.errors import SecretariatError
from secretariat.meetings.demo import demo_meetings_ensure


class Command(BaseCommand):
    help = "Demo meetings, one per procedure, at stages a visitor can act on."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("demo", help="Make the demo meetings unless they exist (idempotent).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username="bc-officer").exists():
            raise CommandError("Run `secretariat accounts demo` first: the demo users act.")
        try:
            with acting_as(Actor(user_id=None, username="system", origin="cli:meetings demo")):
                made = demo_meetings_ensure()
        except SecretariatError as exc:
            raise CommandError(f"Nothing was changed. {exc.render()} [{exc.code}]") from exc
        if not made:
            self.stdout.write("demo meetings: already there, nothing to do")
        for meeting in made:
            self.stdout.write(f"demo meeting #{meeting.pk}: {meeting.title_en} ({meeting.state})")
