"""Installations of our own for the backup and upgrade tests: a PostgreSQL database made and
dropped by the test, a ``var/`` folder, and the ``secretariat`` command run in them."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
#: Settings that would send an installation's files elsewhere than its own var/ folder.
_PATHS = (
    "SECRETARIAT_MEDIA_DIR",
    "SECRETARIAT_SEARCH_DIR",
    "SECRETARIAT_SIGNING_KEYS_DIR",
    "SECRETARIAT_SIGNING_PKCS12",
    "SECRETARIAT_SIGNING_PASSPHRASE",
    "SECRETARIAT_SIGNING_PASSPHRASE_FILE",
    "SECRETARIAT_SIGNING_TRUST_ROOTS",
)


@contextmanager
def pg_database(purpose: str) -> Iterator[str]:
    """A new, empty PostgreSQL database (its URL), dropped afterwards. PostgreSQL is part of
    this project's CI: when it cannot be reached, the test fails rather than skips."""
    name = f"t_{purpose}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def installation(database_url: str, var: Path) -> dict[str, str]:
    """The environment of an installation with this database and var/ folder."""
    env = {k: v for k, v in os.environ.items() if k not in _PATHS}
    env.update(
        DATABASE_URL=database_url,
        SECRETARIAT_VAR_DIR=str(var),
        SECRETARIAT_SEARCH_MEANING="0",
        SECRETARIAT_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def secretariat(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``secretariat ARGS`` in that installation (not checked: the caller reads the exit)."""
    return subprocess.run(  # noqa: S603  # this interpreter, our own command
        [sys.executable, "-m", "secretariat.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def python(env: dict[str, str], script: str) -> Any:
    """Run ``script`` with Django set up in that installation; return the JSON it printed last."""
    done = subprocess.run(  # noqa: S603  # this interpreter, a script of the test
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_sql_gz(database_url: str, dump: Path) -> None:
    """Load a plain-SQL dump (pg_dump's) into the database, stopping at the first error."""
    psql = shutil.which("psql")
    assert psql, "psql is missing: install postgresql-client (.ci/ensure-packages)"
    done = subprocess.run(  # noqa: S603  # a fixed tool on our own fixture
        [psql, "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--dbname", database_url],
        input=gzip.decompress(dump.read_bytes()),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()


#: What a script prints: rows per table and the heads of both chains, as verified.
FACTS = """
import json
from django.apps import apps
from django.db import connection
from secretariat.audit.selectors import audit_verify
from secretariat.depositary.services import register_verify
counts = {}
with connection.cursor() as cur:
    for table in sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)}):
        cur.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cur.fetchone()[0]
audit = audit_verify()
register = register_verify()
from secretariat.audit.models import AuditEntry
facts = {
    "counts": counts,
    "last_action": AuditEntry.objects.order_by("-seq").values_list("action", flat=True).first(),
    "audit": {"intact": audit.intact, "lines": audit.lines(), "last_seq": audit.last_seq,
              "last_hash": audit.last_hash},
    "register": {"intact": register.intact, "problems": list(register.problems),
                 "entries": register.entries, "last_hash": register.last_hash},
}
"""


#: After a restore: FACTS, and the answer of ``secretariat depositary verify COPY --json``.
def facts_and_copy_check(copy_file: Path) -> str:
    return (
        FACTS
        + f"""
import io
from django.core.management import call_command
said = io.StringIO()
from django.core.management.base import CommandError
try:
    call_command("depositary", "verify", {str(copy_file)!r}, "--json", stdout=said)
except SystemExit:
    pass
except CommandError as exc:
    said.write(json.dumps({{"valid": False, "error": str(exc)}}))
facts["copy_check"] = json.loads(said.getvalue())
"""
    )
