"""Two application hosts, one truth: two processes, each with its own search index folder,
against one database (the run's PostgreSQL, or one SQLite file both open). A text written
through one is found through the other's search; an update and a delete reach both; a host
left behind by the retention period rebuilds itself.

Each "host" is this file run as a script (``python tests/databank/test_two_hosts.py``): a
real Django process that reads one JSON command a line and answers one JSON line, so the
test pays for two process starts, not one per step. ``secretariat databank index-status``
is run once as the real command line.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.real_time

ROOT = Path(__file__).resolve().parents[2]


class Host:
    """One application process with its own index folder, driven line by line."""

    def __init__(self, name: str, env: dict[str, str], var: Path) -> None:
        self.name = name
        self.var = var
        self.log = (var / "stderr.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - this file, no shell
            [sys.executable, __file__],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def ask(self, **command: Any) -> Any:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(
                f"host {self.name} died: {(self.var / 'stderr.log').read_text()[-3000:]}"
            )
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(f"host {self.name}: {answer['error']}")
        return answer["result"]

    def found(self, query: str) -> set[str]:
        return set(self.ask(do="search", q=query))

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        finally:
            if self.process.stdout:
                self.process.stdout.close()
            self.log.close()


def _database_url(tmp_path: Path) -> str:
    """The test database, as the host processes open it."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    assert connection.vendor == "sqlite"
    # pytest-django keeps SQLite's test database in memory: both hosts share a file copy.
    target = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{target}"


@pytest.fixture
def hosts(tmp_path: Path) -> Iterator[tuple[Host, Host, dict[str, str]]]:
    url = _database_url(tmp_path)
    started = []
    envs = {}
    for name in ("a", "b"):
        var = tmp_path / f"host-{name}"
        var.mkdir()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": url,
            "SECRETARIAT_VAR_DIR": str(var),
            "SECRETARIAT_SEARCH_DIR": str(var / "search"),
            "SECRETARIAT_SEARCH_MEANING": "0",
            "SECRETARIAT_LOG_LEVEL": "INFO",
            "PYTHONPATH": str(ROOT),
        }
        envs[name] = env
        started.append(Host(name, env, var))
    try:
        yield started[0], started[1], envs["a"]
    finally:
        for host in started:
            host.stop()


@pytest.mark.django_db(transaction=True)
def test_a_text_written_through_one_host_is_found_through_the_other(
    hosts: tuple[Host, Host, dict[str, str]], tmp_path: Path
) -> None:
    a, b, env_a = hosts
    t0 = time.monotonic()
    assert a.found("zorblaxite") == set()  # registers a (a new index: rebuilt, empty)
    assert b.found("zorblaxite") == set()
    key = a.ask(do="write", code="two-hosts", text="The zorblaxite corridor agreement.")

    assert b.found("zorblaxite") == {key}  # written through a, found through b
    assert a.found("zorblaxite") == {key}
    assert a.ask(do="status")["log_depth"] == 0  # both passed it: gone from the log

    a.ask(do="write", code="two-hosts", text="The quillometric corridor agreement.")
    assert b.found("zorblaxite") == set()
    assert b.found("quillometric") == {key}
    assert a.found("quillometric") == {key}

    b.ask(do="delete", code="two-hosts")  # written through b this time
    assert a.found("quillometric") == set()
    assert b.found("quillometric") == set()

    # b stays away while a takes a change in; the log keeps it for b...
    other = a.ask(do="write", code="late-host", text="The vexillotropic transit rules.")
    assert a.found("vexillotropic") == {other}
    state = a.ask(do="status")
    lag = {Path(row["path"]).parent.name: row["pending"] for row in state["indexes"]}
    assert lag["host-a"] == 0
    assert lag["host-b"] == state["log_depth"] > 0
    # ...for the retention period only: then b must rebuild, and does so by itself.
    a.ask(do="age", days=8)
    state = a.ask(do="status")
    assert state["log_depth"] == 0
    assert [r["needs_rebuild"] for r in state["indexes"] if "host-b" in r["path"]] == [True]
    assert b.found("vexillotropic") == {other}
    state = a.ask(do="status")
    assert not any(row["needs_rebuild"] for row in state["indexes"])
    assert "is rebuilt from the database" in (b.var / "stderr.log").read_text()

    shown = subprocess.run(  # noqa: S603 - our own command
        [str(Path(sys.executable).with_name("secretariat")), "databank", "index-status"],
        env=env_a,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "log: 0 entries" in shown
    assert f"{a.var / 'search'} [" in shown
    assert f"{b.var / 'search'} [" in shown
    assert shown.count("0 pending") == 2
    print(f"two hosts: {time.monotonic() - t0:.1f} s of steps")  # noqa: T201


# --- The host process -----------------------------------------------------------------------


def _serve() -> None:  # pragma: no cover - runs in the host processes
    import datetime as dt

    import django

    django.setup()
    from secretariat.audit.context import Actor, acting_as
    from secretariat.databank.models import SearchOutbox, Source
    from secretariat.databank.search import outbox, service
    from secretariat.databank.services import source_import

    folder = Path(os.environ["SECRETARIAT_VAR_DIR"]) / "texts"
    folder.mkdir(exist_ok=True)

    def run(command: dict[str, Any]) -> Any:
        what = command["do"]
        if what == "search":
            return [g.key for g in service.search(None, command["q"]).groups]
        if what == "write":
            path = folder / f"{command['code']}.txt"
            path.write_text(f"# {command['code']}\n\n{command['text']}\n")
            return f"source:{source_import(path=path).source.pk}"
        if what == "delete":
            Source.objects.get(code=command["code"]).delete()
            return None
        if what == "age":
            for entry in SearchOutbox.objects.all():
                entry.queued_at -= dt.timedelta(days=command["days"])
                entry.save(update_fields=["queued_at"])
            # Every index was seen just now: none is unregistered, only the late one marked.
            return outbox.prune()
        if what == "status":
            return outbox.status()
        raise ValueError(what)

    with acting_as(Actor(user_id=None, username="two-hosts", origin="test:two-hosts")):
        for line in sys.stdin:
            try:
                answer = {"result": run(json.loads(line))}
            except Exception as exc:  # reported to the test
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            sys.stdout.write(json.dumps(answer, default=str) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    _serve()
