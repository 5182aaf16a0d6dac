"""Make the upgrade fixture: a populated database of an earlier version, dumped as plain SQL.

    python tests/upgrade/make_fixture.py [COMMIT]      (default: HEAD)

In a scratch folder, the code of COMMIT (``git archive``, so uncommitted changes play no part)
migrates a new PostgreSQL database and loads what ``make run`` loads (registry, terms,
databank seeds, accounts, signing keys, meetings, documents with certified copies,
relations, budget, plans, press). The database is dumped with ``pg_dump`` (plain SQL,
gzipped) into ``tests/upgrade/fixtures/<commit>.sql.gz``, beside ``<commit>.json`` (what it
holds: counts per table, the audit chain's and the register's heads; both chains are hashes
over the rows, so no key file is needed to verify them). tests/upgrade/ migrates that dump
with the current code and checks that nothing was lost.

It runs COMMIT's code with this checkout's virtual environment (its ``PYTHONPATH`` comes
first), so run it while the dependencies of COMMIT are the installed ones: at release time,
before the next change. docs/backup.md ("Upgrades") says when and how to refresh it.
"""

# A maintainer's script: it runs fixed tools (git, tar, pg_dump, this interpreter) and prints
# its progress.
# ruff: noqa: S603, S607, T201

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"

#: ``make run``'s load steps, without the search index (rebuilt from the database) and serve.
LOAD_STEPS = [
    ["migrate", "--no-input"],
    ["registry", "load"],
    ["terms", "load"],
    ["databank", "seeds"],
    ["accounts", "demo"],
    ["keys", "init"],
    ["meetings", "demo"],
    ["documents", "demo"],
    ["relations", "demo"],
    ["budget", "demo"],
    ["plans", "demo"],
    ["press", "demo"],
]

# What each table holds afterwards, the heads of the two chains.
_FACTS = """
import json
from django.apps import apps
from django.db import connection
from secretariat.audit.selectors import audit_verify
from secretariat.depositary.services import register_verify
counts = {}
with connection.cursor() as cur:
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in counts:
            cur.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cur.fetchone()[0]
audit = audit_verify()
register = register_verify()
print(json.dumps({
    "counts": counts,
    "audit": {"intact": audit.intact, "line": audit.lines()[0]},
    "register": {"intact": register.intact, "entries": register.entries,
                 "last_hash": register.last_hash},
}))
"""


def _run(src: Path, env: dict[str, str], *args: str) -> str:
    cmd = [sys.executable, "-c", "import sys; from secretariat.cli import main; sys.exit(main())"]
    done = subprocess.run(
        [*cmd, *args], cwd=src, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"secretariat {' '.join(args)}: exit {done.returncode}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", nargs="?", default="HEAD")
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short=7", parser.parse_args().commit],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    database = f"upgrade_fixture_{commit}_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="upgrade-fixture-") as scratch:
        src = Path(scratch) / "src"
        var = Path(scratch) / "var"
        src.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", commit],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
        env = {
            **os.environ,
            "PYTHONPATH": str(src),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "SECRETARIAT_VAR_DIR": str(var),
            "SECRETARIAT_SEARCH_MEANING": "0",
            "SECRETARIAT_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        for key in (
            "SECRETARIAT_MEDIA_DIR",
            "SECRETARIAT_SEARCH_DIR",
            "SECRETARIAT_SIGNING_KEYS_DIR",
            "SECRETARIAT_SIGNING_PKCS12",
            "SECRETARIAT_SIGNING_PASSPHRASE_FILE",
            "SECRETARIAT_SIGNING_TRUST_ROOTS",
        ):
            env.pop(key, None)
        where = subprocess.run(
            [sys.executable, "-c", "import secretariat; print(secretariat.__file__)"],
            cwd=src,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not where.startswith(str(src)):
            raise SystemExit(f"the scratch code is not the one imported ({where})")
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        try:
            _run(src, env, "i18n", "compile")
            for step in LOAD_STEPS:
                print("secretariat", *step, flush=True)
                _run(src, env, *step)
            facts = json.loads(_run(src, env, "shell", "-c", _FACTS).strip().splitlines()[-1])
            if not (facts["audit"]["intact"] and facts["register"]["intact"]):
                raise SystemExit(f"the loaded database does not verify: {facts}")
            dump = subprocess.run(
                [
                    "pg_dump",
                    "--no-owner",
                    "--no-privileges",
                    "--format=plain",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    database,
                ],
                capture_output=True,
                check=True,
            ).stdout
        finally:
            with psycopg.connect(ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        FIXTURES.mkdir(parents=True, exist_ok=True)
        target = FIXTURES / f"{commit}.sql.gz"
        # mtime=0: the same dump gives the same file.
        with gzip.GzipFile(target, "wb", compresslevel=9, mtime=0) as out:
            out.write(dump)
        facts["commit"] = commit
        facts["pg_dump"] = subprocess.run(
            ["pg_dump", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        (FIXTURES / f"{commit}.json").write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n")
        print(f"{target} ({target.stat().st_size} bytes), {facts['audit']['line']}")


if __name__ == "__main__":
    main()
