"""``secretariat documents demo``: demo drafts, a decision and a deposited original."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.accounts.models import User
from secretariat.audit.context import Actor, acting_as
from secretariat.core.errors import SecretariatError
from secretariat.demo.documents import demo_documents_ensure


class Command(BaseCommand):
    help = "Demo documents, a decision with tasks, and a deposited original with its copies."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("demo", help="Make the demo documents unless they exist (idempotent).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username="kz-coordinator").exists():
            raise CommandError("Run `secretariat accounts demo` first: the demo users act.")
        try:
            with acting_as(Actor(user_id=None, username="system", origin="cli:documents demo")):
                made = demo_documents_ensure()
        except SecretariatError as exc:
            raise CommandError(f"Nothing was changed. {exc.render()} [{exc.code}]") from exc
        if not made.documents:
            self.stdout.write("demo documents: already there, nothing to do")
        for document in made.documents:
            self.stdout.write(
                f"demo document #{document.pk}: {document.title_en} ({document.status})"
            )
        for decision in made.decisions:
            self.stdout.write(f"demo decision {decision.number}: {decision.title_en}")
        for note in made.notes:
            self.stdout.write(f"depositary: {note}")
