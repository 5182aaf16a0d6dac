"""Choose where the rules command line reads reference data from.

The shipped data file always works, before any database exists. Where a database is
configured (``DATABASE_URL``, or the default SQLite file exists) and the registry has
been loaded, the registry answers instead: it starts from the same file, and the
Secretariat may since have corrected it (calendar overrides, a summit's date).
"""

from __future__ import annotations

import os
from pathlib import Path

from secretariat.procedure.reference import ReferenceData, load_reference_file

_DEFAULT_SQLITE = Path(__file__).resolve().parent.parent / "var" / "secretariat.sqlite3"


def _database_configured() -> bool:
    if os.environ.get("DATABASE_URL"):
        return True
    var = os.environ.get("SECRETARIAT_VAR_DIR")
    sqlite = Path(var) / "secretariat.sqlite3" if var else _DEFAULT_SQLITE
    return sqlite.exists()


def choose_reference() -> ReferenceData:
    """The registry's reference data when a loaded database is reachable, else the file."""
    if not _database_configured():
        return load_reference_file()
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.db import DatabaseError

        from secretariat.registry.reference import reference

        try:
            return reference()
        except DatabaseError:
            # Configured but not migrated or not reachable: the shipped file still answers.
            return load_reference_file()
    except ImportError:  # pragma: no cover - Django is a dependency; kept for the core-only use
        return load_reference_file()
