"""The database, copied by its own tools: ``pg_dump``/``pg_restore`` for PostgreSQL, the
online backup API for SQLite. What it holds (rows per table, the chains' heads, the last
migration of each app) is read from the same snapshot as the copy."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, transaction

from secretariat.audit.models import AuditHead
from secretariat.backup import errors
from secretariat.backup.errors import BackupError
from secretariat.depositary.models import RegisterHead

#: The member of the archive that holds the database, per vendor.
MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


def vendor() -> str:
    name = str(connection.vendor)
    if name not in MEMBER:
        raise BackupError(
            errors.UNSUPPORTED_DATABASE,
            f"{name} databases are not supported: only PostgreSQL and SQLite.",
        )
    return name


def model_tables() -> list[str]:
    """Every table Django's models name, once."""
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)})


def facts(cursor: Any, tables: list[str]) -> dict[str, Any]:
    """Rows per table, the audit chain's and the register's heads, each app's last migration."""
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608  # a model's table
        counts[table] = int(cursor.fetchone()[0])
    heads = {}
    for key, model in (("audit", AuditHead), ("register", RegisterHead)):
        cursor.execute(f'SELECT last_seq, last_hash FROM "{model._meta.db_table}"')  # noqa: S608
        row = cursor.fetchone()
        heads[key] = {"last_seq": int(row[0]), "last_hash": str(row[1])} if row else None
    cursor.execute("SELECT app, name FROM django_migrations")
    migrations: dict[str, str] = {}
    for app, name in cursor.fetchall():
        migrations[app] = max(migrations.get(app, ""), name)
    return {"counts": counts, "heads": heads, "migrations": dict(sorted(migrations.items()))}


def table_names() -> list[str]:
    return list(connection.introspection.table_names())


def is_empty() -> bool:
    """True when the database has no table at all (a new database)."""
    return not table_names()


def dump(target: Path) -> dict[str, Any]:
    """Copy the database into ``target``; return what the copy holds."""
    tables = [t for t in model_tables() if t in set(connection.introspection.table_names())]
    if vendor() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            return facts(copy.cursor(), tables)
        finally:
            copy.close()
    with _pg_snapshot() as (snapshot, cursor):
        _pg_tool("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}")
        return facts(cursor, tables)


def load(source: Path, *, force: bool) -> None:
    """Replace the database's content with the copy in ``source``."""
    if vendor() == "sqlite":
        name = str(connection.settings_dict["NAME"])
        connection.close()
        copy = sqlite3.connect(source)
        target = sqlite3.connect(name)
        try:
            copy.backup(target)
        finally:
            copy.close()
            target.close()
        return
    tool = _tool("pg_restore")
    if force:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()
    _pg_tool(
        tool,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        str(source),
    )


def current_facts(tables: list[str]) -> dict[str, Any]:
    """What the database holds now, counting those of ``tables`` it has."""
    connection.close()
    present = set(table_names())
    with connection.cursor() as cursor:
        return facts(cursor, [t for t in tables if t in present])


@contextmanager
def _pg_snapshot() -> Iterator[tuple[str, Any]]:
    """A read-only snapshot, exported so that ``pg_dump`` copies exactly what we count."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield str(cursor.fetchone()[0]), cursor


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            errors.TOOL_MISSING,
            f"{name} is not installed: install PostgreSQL's client tools "
            "(Debian: postgresql-client).",
        )
    return path


def _pg_tool(name: str, *args: str) -> None:
    """Run pg_dump or pg_restore against the configured database (its password from settings)."""
    settings = connection.settings_dict
    env = {**os.environ}
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings.get(key):
            env[var] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    done = subprocess.run(  # noqa: S603  # a fixed tool, arguments we built
        [_tool(name) if "/" not in name else name, *args, f"--dbname={settings['NAME']}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        tool = Path(name).name
        raise BackupError(
            errors.TOOL_FAILED, f"{tool} failed (exit {done.returncode}): {done.stderr.strip()}"
        )
