"""The ``secretariat`` command.

``secretariat rules ...`` asks the rules engine and needs no database; every other
subcommand is a Django management command (``secretariat migrate``,
``secretariat serve``, ``secretariat createsuperuser``, ...).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "rules":
        from secretariat.procedure.cli import main as rules_main
        from secretariat.reference_source import choose_reference

        return rules_main(args[1:], reference_factory=choose_reference)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import getpass

    from django.core.management import execute_from_command_line

    from secretariat.audit.context import Actor, acting_as

    # Writes made by a command are audited as the operating-system user who ran it.
    command = args[0] if args else "help"
    with acting_as(Actor(user_id=None, username=getpass.getuser(), origin=f"cli:{command}")):
        execute_from_command_line(["secretariat", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
