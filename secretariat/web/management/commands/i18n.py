"""``secretariat i18n extract|compile|check``: the UI's catalogues without GNU gettext.

- ``extract``: collect the strings of ``secretariat/`` and ``config/`` (Python and
  templates) and merge them into ``locale/<lang>/LC_MESSAGES/django.po``.
- ``compile``: write the ``.mo`` file beside each ``.po`` (``make install`` runs this).
- ``check``: exit 1 listing every string without a Russian or Chinese translation, and
  every translation whose ``%(name)s`` placeholders differ from the English.

The work is done in :mod:`secretariat.web.i18n_catalogues`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secretariat.web import i18n_catalogues as catalogues


class Command(BaseCommand):
    verbosity = 1
    requires_system_checks: list[str] = []  # catalogues need neither models nor a database
    help = "Extract, compile and check the gettext catalogues with Babel (no GNU gettext)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION")
        actions.required = True
        actions.add_parser(
            "extract",
            help="Collect the UI's strings and update every language's django.po.",
        )
        actions.add_parser(
            "compile",
            help="Compile every django.po into the django.mo Django reads (fuzzy ones left out).",
        )
        actions.add_parser(
            "check",
            help="Exit 1 listing strings without a translation or with wrong placeholders.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        self.verbosity = int(options["verbosity"])
        try:
            if action == "extract":
                self.run_extract()
            elif action == "compile":
                self.run_compile()
            else:
                self.run_check()
        except catalogues.CatalogueError as exc:
            raise CommandError(str(exc)) from exc

    def run_extract(self) -> None:
        template = catalogues.extract_messages()
        total = catalogues.message_count(template)
        self.stdout.write(f"{total} messages in the code")
        for result in catalogues.update_catalogues(template):
            state = "updated" if result.written else "unchanged"
            self.stdout.write(
                f"{result.language}: {result.untranslated} untranslated of {result.messages}"
                f" ({len(result.added)} new, {len(result.dropped)} dropped);"
                f" {catalogues.display_path(result.path)} {state}"
            )
            if self.verbosity > 1:
                for label in result.added:
                    self.stdout.write(f"  + {label}")
                for label in result.dropped:
                    self.stdout.write(f"  - {label}")

    def run_compile(self) -> None:
        compiled = catalogues.compile_catalogues()
        if not compiled:
            raise CommandError(
                f"no .po files under {catalogues.locale_dir()}; run `secretariat i18n extract`"
            )
        for path in compiled:
            self.stdout.write(f"compiled {catalogues.display_path(path)}")

    def run_check(self) -> None:
        template = catalogues.extract_messages()
        langs = catalogues.languages()
        problems = catalogues.check_catalogues(template, langs)
        if problems:
            for problem in problems:
                self.stdout.write(str(problem))
            raise CommandError(
                f"{len(problems)} problem(s) listed above. Run `secretariat i18n extract`, "
                "then translate in locale/<lang>/LC_MESSAGES/django.po."
            )
        self.stdout.write(
            f"all {catalogues.message_count(template)} messages translated in {', '.join(langs)}"
        )
