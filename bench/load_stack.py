"""The stack bench/load.py runs against with ``--start-stack``: nginx in front of two gunicorn
application processes, each with its own ``var/`` folder, on one PostgreSQL database
populated as ``make run`` populates its own.

``start_stack()`` is the one entry point bench/load.py uses. It stands in for the project's
deployment harness (``tests/deploy/stack.py``, ``Stack(database_url, app_processes=2,
worker=True, workdir=...)``) until that lands: it exposes the same ``.base_url`` and, for the
CPU accounting, the process ids of the servers.

What each process shares and keeps apart, as two hosts would:

- shared: the database, the secret key, the uploaded files (``SECRETARIAT_MEDIA_DIR``), the
  signing keys;
- its own: ``var/`` with its search index (a copy of the first one's, built once by
  ``databank reindex``), its static files and its rate limits' counters (the default file
  cache: each host counts its own callers).

The rate limits stay on, with limits far above what the load sends from its one address
(200 users behind one client address would otherwise be refused as one anonymous caller).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
#: Every demo user's password in the load's database (`accounts demo` reads it).
DEMO_PASSWORD = "load-bench-password-2026"  # noqa: S105  # a benchmark database's demo users
#: The steps of `make run` that fill the database (Makefile, target `run`), in order.
POPULATE_STEPS: tuple[tuple[str, ...], ...] = (
    ("migrate", "--no-input"),
    ("registry", "load"),
    ("terms", "load"),
    ("databank", "seeds"),
    ("accounts", "demo"),
    ("keys", "init"),
    ("meetings", "demo"),
    ("documents", "demo"),
    ("relations", "demo"),
    ("budget", "demo"),
    ("plans", "demo"),
    ("press", "demo"),
    ("databank", "reindex"),
    ("collectstatic", "--no-input", "--verbosity", "0"),
)
#: Far above what the load sends: the limiter still counts every anonymous request.
HIGH_LIMITS = {
    "SECRETARIAT_RATELIMIT_ANONYMOUS": "100000000",
    "SECRETARIAT_RATELIMIT_SEARCH": "100000000",
    "SECRETARIAT_RATELIMIT_LOGIN": "100000",
    "SECRETARIAT_RATELIMIT_VERIFY": "100000",
}


@dataclass
class RunningStack:
    """A started stack: where to reach it and which processes serve it."""

    base_url: str
    database_url: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    nginx_pid_file: Path | None = None

    def server_pids(self) -> dict[str, list[int]]:
        """The process ids of gunicorn (masters and workers) and nginx (master and workers),
        read now: workers a master restarts are found on the next call."""
        gunicorn: list[int] = []
        for process in self.processes:
            if process.poll() is None and "gunicorn" in " ".join(map(str, process.args)):
                gunicorn += [process.pid, *_children(process.pid)]
        nginx: list[int] = []
        if self.nginx_pid_file is not None and self.nginx_pid_file.exists():
            master = int(self.nginx_pid_file.read_text().split()[0])
            nginx = [master, *_children(master)]
        return {"gunicorn": gunicorn, "nginx": nginx}


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(database_url: str, shared: Path, var: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECRETARIAT_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "SECRETARIAT_VAR_DIR": str(var),
            "SECRETARIAT_SECRET_KEY": (shared / "secret-key").read_text().strip(),
            "SECRETARIAT_MEDIA_DIR": str(shared / "files"),
            "SECRETARIAT_SIGNING_KEYS_DIR": str(shared / "keys"),
            "SECRETARIAT_DEMO_PASSWORD": DEMO_PASSWORD,
            "SECRETARIAT_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "SECRETARIAT_LOG_LEVEL": "WARNING",
            **HIGH_LIMITS,
        }
    )
    return env


def _run(command: Sequence[str], env: Mapping[str, str], log: Path) -> None:
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        done = subprocess.run(  # noqa: S603 - our own commands, no shell
            list(command), env=dict(env), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed; see {log}")


def populated(database_url: str) -> bool:
    """Whether the database already holds the demo of `make run` (its demo users)."""
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=5) as connection:
            row = connection.execute(
                "SELECT count(*) FROM accounts_user WHERE username = 'officer'"
            ).fetchone()
    except psycopg.Error:
        return False
    return bool(row and row[0])


def recreate_database(database_url: str) -> None:
    """Drop and create the database the URL names (on its server's ``postgres`` database)."""
    import psycopg
    from psycopg import sql

    name = database_url.rsplit("/", 1)[1].split("?", 1)[0]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def populate(database_url: str, workdir: Path, *, fresh: bool, say: object = print) -> None:
    """Fill the database as `make run` does (first var folder), unless it already is; then
    give the second var folder its own copy of the search index and static files."""
    shared, var1, var2 = workdir / "shared", workdir / "var1", workdir / "var2"
    for folder in (shared / "files", shared / "keys", var1, var2):
        folder.mkdir(parents=True, exist_ok=True)
    if not (shared / "secret-key").exists():
        (shared / "secret-key").write_text(secrets.token_urlsafe(50))
    env = _environment(database_url, shared, var1)
    log = workdir / "populate.log"
    if fresh or not populated(database_url):
        recreate_database(database_url)
        for step in POPULATE_STEPS:
            say(f"populate: secretariat {' '.join(step)}")  # type: ignore[operator]
            _run([str(VENV_BIN / "secretariat"), *step], env, log)
    else:
        for folder, step in (
            (var1 / "search", ("databank", "reindex")),
            (var1 / "static" / "admin", ("collectstatic", "--no-input", "--verbosity", "0")),
        ):
            if not folder.exists():
                say(f"populate: secretariat {' '.join(step)}")  # type: ignore[operator]
                _run([str(VENV_BIN / "secretariat"), *step], env, log)
    for name in ("search", "static"):
        if (var2 / name).exists():
            shutil.rmtree(var2 / name)
        shutil.copytree(var1 / name, var2 / name)


def _wait_until_up(url: str, log: Path, process: subprocess.Popen[bytes] | None) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - our own server
                if answer.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url} exited while starting:\n" + log.read_text()[-3000:])
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within 90 s:\n" + log.read_text()[-3000:])
        time.sleep(0.5)


def nginx_config(port: int, upstreams: Sequence[int], static: Path, folder: Path) -> str:
    """A minimal nginx configuration: static files from disk, the rest to the upstreams."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in upstreams)
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{temp}
    upstream app {{
        least_conn;
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location /static/ {{
            alias {static}/;
            expires 30d;
        }}
        location / {{
            proxy_pass http://app;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def start_stack(
    database_url: str,
    workdir: Path,
    *,
    app_processes: int = 2,
    workers: int = 2,
    worker: bool = True,
    fresh: bool = False,
    say: object = print,
) -> Iterator[RunningStack]:
    """nginx on a free port in front of ``app_processes`` gunicorn processes (``workers``
    sync workers each) and, with ``worker``, one ``secretariat worker``; until the block ends.

    The database is populated first when it is not yet (or ``fresh``). This is the one
    function to replace by the deployment harness (tests/deploy/stack.py) when it lands.
    """
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is missing: apt-get install -y nginx-light")
    workdir.mkdir(parents=True, exist_ok=True)
    populate(database_url, workdir, fresh=fresh, say=say)
    shared = workdir / "shared"
    stack = RunningStack(base_url="", database_url=database_url)
    try:
        ports = []
        for number in range(1, app_processes + 1):
            var = workdir / f"var{number}"
            var.mkdir(exist_ok=True)
            if not (var / "search").exists():
                shutil.copytree(workdir / "var1" / "search", var / "search")
            port = _free_port()
            log = workdir / f"gunicorn{number}.log"
            command = [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--log-level",
                "warning",
                "--chdir",
                str(ROOT),
            ]
            with open(log, "ab") as out:
                process = subprocess.Popen(  # noqa: S603 - our own server, no shell
                    command,
                    env=_environment(database_url, shared, var),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            stack.processes.append(process)
            _wait_until_up(f"http://127.0.0.1:{port}/states/", log, process)
            ports.append(port)
        if worker:
            with open(workdir / "worker.log", "ab") as out:
                stack.processes.append(
                    subprocess.Popen(  # noqa: S603 - our own worker, no shell
                        [str(VENV_BIN / "secretariat"), "worker", "--worker-id", "load-bench"],
                        env=_environment(database_url, shared, workdir / "var1"),
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        cwd=ROOT,
                    )
                )
        folder = workdir / "nginx"
        folder.mkdir(exist_ok=True)
        port = _free_port()
        config = folder / "nginx.conf"
        config.write_text(nginx_config(port, ports, workdir / "var1" / "static", folder))
        log = folder / "nginx.log"
        with open(log, "ab") as out:
            nginx = subprocess.Popen(  # noqa: S603 - our own proxy, no shell
                [NGINX, "-c", str(config), "-p", str(folder)], stdout=out, stderr=subprocess.STDOUT
            )
        stack.processes.append(nginx)
        stack.nginx_pid_file = folder / "nginx.pid"
        stack.base_url = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{stack.base_url}/states/", log, nginx)
        yield stack
    finally:
        for process in reversed(stack.processes):
            _stop(process)
