"""The production shape on one machine, for tests and benchmarks: nginx (rendered from
deploy/nginx/secretariat.conf, with TLS) in front of N gunicorn processes (deploy/gunicorn.conf.py),
each with a ``var/`` folder of its own as on separate hosts, the worker, and PostgreSQL.

    with Stack("postgres://postgres@127.0.0.1:5432/h_mine", workdir=tmp_path) as stack:
        requests.get(stack.base_url + "/en/", verify=stack.ca_file)

What the application hosts share is what real hosts share: the database, the secret key, the
signing keys (one folder, as on shared storage), Redis (``SECRETARIAT_CACHE_URL``). Each has
its own var/ (search index, uploaded files, static files). ``SECRETARIAT_ENV=production``:
secure cookies, HSTS, the SSL redirect, X-Forwarded-Proto trusted from nginx.

The database is made from a template (migrations, the registry, the seed) kept in PostgreSQL
under a name derived from the migrations, the reference data and the seed; a run after any of
them changed builds a new one (and drops the older templates). Logs stay in ``workdir/logs``;
a failure to start names them, and ``stack.logs()`` returns their ends for a failure message.

Nothing is downloaded; nginx is Debian's (/usr/sbin/nginx, .ci/ensure-packages).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import psycopg
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
TEMPLATE = ROOT / "deploy" / "nginx" / "secretariat.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
BIN = Path(sys.executable).parent
#: The one user the default seed makes (role secretariat_officer: no second factor).
OFFICER = "officer"
OFFICER_PASSWORD = "stack-" + "officer-2026"  # a test user's, made by the seed below
#: What the default seed runs in the prepared database (``secretariat shell -c``): the
#: delegations, the officer, and a CNC meeting planned six weeks ahead (as the demo's).
DEFAULT_SEED = f"""
import datetime as dt
from django.utils import timezone
from secretariat.accounts.services import delegations_sync, user_create
from secretariat.audit.context import Actor, acting_as
from secretariat.meetings import services
from secretariat.procedure.text import Text
from secretariat.registry.models import Body
with acting_as(Actor(user_id=None, username="system", origin="cli:stack seed")):
    delegations_sync()
    officer = user_create(username={OFFICER!r}, password={OFFICER_PASSWORD!r},
        delegation="sco-secretariat", role="secretariat_officer", language="en",
        email="officer@example.org", first_name="Stack", last_name="Officer")
    services.meeting_plan(body=Body.objects.get(code="cnc"), kind="sco-meeting",
        start=timezone.localdate() + dt.timedelta(days=42),
        venue=Text(en="Beijing", ru="Пекин", zh="北京"),
        title=Text(en="Stack: CNC meeting", ru="Стек: заседание СНК",
            zh="栈：国家协调员理事会会议"),
        by=officer)
"""


class StackError(RuntimeError):
    """The stack could not be started; the message ends with its logs."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1 and its key (P-256), valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    return cert_file, key_file


def _replace(text: str, pattern: str, new: str, count: int) -> str:
    """Replace ``pattern`` (a regex), which must occur exactly ``count`` times."""
    found = len(re.findall(pattern, text, flags=re.MULTILINE))
    if found != count:
        raise StackError(
            f"deploy/nginx/secretariat.conf: expected {count} x {pattern!r}, found {found}: "
            "the template changed; update tests/deploy/stack.py's render_site"
        )
    return re.sub(pattern, lambda found: found.expand(new), text, flags=re.MULTILINE)


def render_site(
    template: str,
    *,
    upstreams: list[str],
    https_port: int,
    http_port: int,
    cert: Path,
    key: Path,
    var_dir: Path,
    logs: Path,
) -> str:
    """deploy/nginx/secretariat.conf with this machine's ports and paths (nothing else)."""
    servers = "\n".join(f"    server {u} max_fails=3 fail_timeout=10s;" for u in upstreams)
    text = _replace(template, r"^    server 10\.0\.0\.\d+:8000 .*;\n", "", 2)
    text = _replace(text, r"^(upstream secretariat_app \{\n)", r"\g<1>" + servers + "\n", 1)
    text = _replace(text, r"^    listen \[::\]:(80|443).*\n", "", 2)
    text = _replace(text, r"listen 80;", f"listen 127.0.0.1:{http_port};", 1)
    text = _replace(text, r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1)
    text = _replace(text, r"server_name secretariat\.example\.org;", "server_name localhost;", 2)
    text = _replace(text, r"ssl_certificate     \S+;", f"ssl_certificate {cert};", 1)
    text = _replace(text, r"ssl_certificate_key \S+;", f"ssl_certificate_key {key};", 1)
    text = _replace(text, r"root /srv/secretariat/var;", f"root {var_dir};", 1)
    text = _replace(text, r"root /var/www/letsencrypt;", f"root {logs};", 1)
    text = _replace(text, r"/var/log/nginx/", f"{logs}/", 2)
    return text


def _main_conf(prefix: Path, site: Path) -> str:
    """A main nginx.conf like Debian's, with every path under ``prefix``."""
    temp = prefix / "temp"
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 2;\npid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/logs/nginx.error.log notice;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n    tcp_nopush on;\n    server_tokens off;\n"
        f"    access_log {prefix}/logs/nginx.access.log;\n"
        f"    client_body_temp_path {temp}/body;\n    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n    uwsgi_temp_path {temp}/uwsgi;\n"
        f"    scgi_temp_path {temp}/scgi;\n"
        f"    include {site};\n"
        "}\n"
    )


def _link(source: str, target: str) -> None:
    """A hard link where both are on one file system, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _fingerprint(seed: str) -> str:
    digest = hashlib.sha256(seed.encode())
    for folder in sorted((ROOT / "secretariat").glob("*/migrations")):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    for path in sorted((ROOT / "secretariat" / "registry").rglob("*.yaml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Stack:
    """nginx → ``app_processes`` gunicorn processes (+ a worker each) → PostgreSQL."""

    def __init__(
        self,
        database_url: str,
        *,
        workdir: Path,
        app_processes: int = 2,
        worker: bool = True,
        seed: str | Callable[[Mapping[str, str]], None] = DEFAULT_SEED,
        env: Mapping[str, str] | None = None,
        web_workers: int = 1,
        startup_seconds: float = 120,
        template_prefix: str = "stack_tpl",
    ) -> None:
        if not NGINX.is_file():
            raise StackError(f"{NGINX} is missing: run .ci/ensure-packages")
        self.database_url = database_url
        self.workdir = Path(workdir)
        self.app_processes = app_processes
        self.worker = worker
        self.seed = seed
        self.extra_env = dict(env or {})
        self.web_workers = web_workers
        self.startup_seconds = startup_seconds
        #: The templates' names begin with it; a new template drops only the older ones of
        #: the same prefix (another user of the harness, e.g. the load bench, keeps its own).
        self.template_prefix = template_prefix
        self.log_dir = self.workdir / "logs"
        self.https_port = free_port()
        self.http_port = free_port()
        self.app_ports = [free_port() for _ in range(app_processes)]
        self.base_url = f"https://localhost:{self.https_port}"
        self.ca_file = self.workdir / "tls" / "cert.pem"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.secret_key = secrets.token_urlsafe(50)
        self.keys_dir = self.workdir / "shared" / "keys"
        #: Each host's var/ folder (its index, its files, its static files).
        self.var_dirs = [self.workdir / f"host{i}" / "var" for i in range(app_processes)]
        self.redis_prefix = f"stack-{secrets.token_hex(4)}"
        #: Seconds each phase of the start took: database, hosts, started (in all).
        self.timings: dict[str, float] = {}

    # --- environment --------------------------------------------------------------
    def host_env(self, index: int) -> dict[str, str]:
        """The environment of application host ``index`` (what /etc/secretariat/env holds)."""
        drop = ("DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETARIAT_")}
        for name in drop:
            env.pop(name, None)
        env.update(
            {
                "SECRETARIAT_ENV": "production",
                "SECRETARIAT_SECRET_KEY": self.secret_key,
                "DATABASE_URL": self.database_url,
                "SECRETARIAT_ALLOWED_HOSTS": "localhost",
                "SECRETARIAT_BASE_URL": self.base_url,
                "SECRETARIAT_VAR_DIR": str(self.var_dirs[index]),
                "SECRETARIAT_SIGNING_KEYS_DIR": str(self.keys_dir),
                "SECRETARIAT_CACHE_URL": "redis://127.0.0.1:6379/0",
                "SECRETARIAT_CACHE_PREFIX": self.redis_prefix,
                "SECRETARIAT_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
                "SECRETARIAT_SEARCH_MEANING": "0",
                "SECRETARIAT_WEB_WORKERS": str(self.web_workers),
                "SECRETARIAT_WEB_ACCESS_LOG": "-",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def _run(self, args: list[str], env: Mapping[str, str], log: str) -> None:
        """Run a ``secretariat`` command to its end; its output goes to ``log``."""
        with (self.log_dir / log).open("ab") as out:
            done = subprocess.run(  # noqa: S603 - our own command, no shell
                [str(BIN / "secretariat"), *args],
                env=dict(env),
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode != 0:
            raise StackError(f"secretariat {' '.join(args[:2])} failed\n{self.logs()}")

    # --- database -----------------------------------------------------------------
    def _admin(self) -> psycopg.Connection[Any]:
        url = re.sub(r"/[^/?]+(\?|$)", r"/postgres\1", self.database_url.split("://", 1)[1])
        return psycopg.connect("postgresql://" + url, autocommit=True)

    def _database_name(self) -> str:
        return self.database_url.rsplit("/", 1)[1].split("?")[0]

    def prepare_database(self) -> None:
        """Make the database from the template (built first when missing)."""
        seed_text = self.seed if isinstance(self.seed, str) else self.seed.__qualname__
        template = f"{self.template_prefix}_{_fingerprint(seed_text)}"
        name = self._database_name()
        with self._admin() as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (template,)
            ).fetchone()
        if not exists:
            self._build_template(template)
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def _build_template(self, template: str) -> None:
        building = f"{template}_build_{os.getpid()}"
        base = self.database_url.rsplit("/", 1)[0]
        env = {**self.host_env(0), "DATABASE_URL": f"{base}/{building}"}
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{building}"')
            admin.execute(f'CREATE DATABASE "{building}"')
        self._run(["migrate", "--no-input", "-v", "0"], env, "prepare.log")
        self._run(["registry", "load"], env, "prepare.log")
        if isinstance(self.seed, str):
            self._run(["shell", "-c", self.seed], env, "prepare.log")
        else:
            self.seed(env)
        with self._admin() as admin:
            # Another run may have built it meanwhile: keep theirs.
            taken = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (template,)
            ).fetchone()
            if taken:
                admin.execute(f'DROP DATABASE "{building}" WITH (FORCE)')
                return
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            prefix = self.template_prefix.replace("_", "\\_") + "\\_%"
            old = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s "
                "AND datname <> %s AND datname NOT LIKE '%%\\_build\\_%%'",
                (prefix, template),
            ).fetchall()
            for (stale,) in old:
                admin.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')

    def drop_database(self) -> None:
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self._database_name()}" WITH (FORCE)')

    # --- processes ----------------------------------------------------------------
    def _start(self, name: str, args: list[str], env: Mapping[str, str]) -> None:
        out = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own servers, no shell
            args, env=dict(env), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
        out.close()

    def _collected_static(self) -> Path:
        """`collectstatic` of this checkout (production storage: hashed, compressed names),
        kept in var/stack-static/ under a digest of the sources and pinned versions, since
        compressing them takes a while; made again when any of them changes."""
        digest = hashlib.sha256((ROOT / "requirements" / "constraints.txt").read_bytes())
        for path in sorted((ROOT / "secretariat").glob("*/static/**/*")):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
        folder = ROOT / "var" / "stack-static" / digest.hexdigest()[:16]
        if not (folder / "staticfiles.json").is_file():
            building = folder.with_name(f"{folder.name}.{os.getpid()}")
            env = {**self.host_env(0), "SECRETARIAT_VAR_DIR": str(building)}
            self._run(["collectstatic", "--no-input", "-v", "0"], env, "prepare.log")
            shutil.rmtree(folder, ignore_errors=True)
            (building / "static").rename(folder)
            shutil.rmtree(building, ignore_errors=True)
            for stale in folder.parent.iterdir():
                if stale != folder and "." not in stale.name:
                    shutil.rmtree(stale, ignore_errors=True)
        return folder

    def _prepare_hosts(self) -> None:
        """Each host's var/ with the release's static files; the shared signing keys."""
        self._run(["keys", "init"], self.host_env(0), "prepare.log")
        static = self._collected_static()
        for folder in self.var_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            # Linked, not copied: the same files, as each host's own collectstatic would write.
            shutil.copytree(static, folder / "static", copy_function=_link, dirs_exist_ok=True)

    def _start_nginx(self) -> None:
        prefix = self.workdir / "nginx"
        for sub in ("logs", "temp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        cert, key = self_signed(self.workdir / "tls")
        site = prefix / "secretariat.conf"
        site.write_text(
            render_site(
                TEMPLATE.read_text(),
                upstreams=[f"127.0.0.1:{port}" for port in self.app_ports],
                https_port=self.https_port,
                http_port=self.http_port,
                cert=cert,
                key=key,
                var_dir=self.var_dirs[0],
                logs=self.log_dir,
            )
        )
        conf = prefix / "nginx.conf"
        conf.write_text(_main_conf(prefix, site))
        check = subprocess.run(  # noqa: S603
            [str(NGINX), "-t", "-p", str(prefix), "-c", str(conf)],
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode != 0:
            raise StackError(f"nginx -t refused the configuration:\n{check.stderr}")
        self._start(
            "nginx", [str(NGINX), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], {}
        )

    def start_app(self, index: int) -> None:
        """Start (or start again) application host ``index``'s gunicorn."""
        self._start(
            f"app{index}",
            [
                str(BIN / "gunicorn"),
                "--config",
                str(GUNICORN_CONF),
                "--bind",
                f"127.0.0.1:{self.app_ports[index]}",
                "config.wsgi:application",
            ],
            self.host_env(index),
        )

    def stop(self, name: str, timeout: float = 30) -> None:
        """Stop one process (``app0``, ``worker1``, ``nginx``) as systemd would: SIGTERM."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM if name != "nginx" else signal.SIGQUIT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_seconds
        waiting = [f"app{i}" for i in range(self.app_processes)]
        while waiting:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise StackError(f"{name} exited with {process.returncode}\n{self.logs()}")
            index = int(waiting[0][3:])
            try:
                answer = requests.get(
                    f"http://127.0.0.1:{self.app_ports[index]}/accounts/login/",
                    headers={"Host": "localhost", "X-Forwarded-Proto": "https"},
                    timeout=10,
                )
                if answer.status_code == 200:
                    waiting.pop(0)
                    continue
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise StackError(f"{waiting[0]} did not answer in time\n{self.logs()}")
            time.sleep(0.3)
        while True:
            try:
                requests.get(self.base_url + "/static/", verify=str(self.ca_file), timeout=5)
                return
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise StackError(f"nginx did not answer in time\n{self.logs()}") from None
                time.sleep(0.2)

    # --- context manager --------------------------------------------------------------
    def __enter__(self) -> Stack:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        try:
            self.prepare_database()
            self.timings["database"] = time.monotonic() - started
            self._prepare_hosts()
            self.timings["hosts"] = time.monotonic() - started - self.timings["database"]
            for index in range(self.app_processes):
                self.start_app(index)
                if self.worker:
                    self._start(
                        f"worker{index}",
                        [str(BIN / "secretariat"), "worker", "--worker-id", f"stack-host{index}"],
                        self.host_env(index),
                    )
            self._start_nginx()
            self._wait_ready()
            self.timings["started"] = time.monotonic() - started
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # --- what a test reads --------------------------------------------------------------
    def logs(self, lines: int = 40) -> str:
        """The last ``lines`` of every log, for a failure message."""
        parts = []
        for path in sorted(self.log_dir.glob("*.log")) + sorted(
            (self.workdir / "nginx" / "logs").glob("*.log")
        ):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path} ---\n" + "\n".join(tail))
        return "\n".join(parts)

    def access_log(self) -> list[str]:
        """nginx's access log of the site (format ``secretariat``: upstream=host:port)."""
        path = self.log_dir / "secretariat.access.log"
        return path.read_text().splitlines() if path.exists() else []

    def upstream_of(self, line: str) -> int | None:
        """Which application host (index) answered the request of an access-log line: the
        last one nginx tried (``upstream=a, b`` when a refused the connection)."""
        found = re.search(r"upstream=(\S+(?:, \S+)*) ut=", line)
        if found is None or ":" not in found.group(1):
            return None
        return self.app_ports.index(int(found.group(1).rsplit(":", 1)[1]))
