"""The stack bench/load.py runs against with ``--start-stack``: the deployment harness
(tests/deploy/stack.py: nginx from deploy/nginx/secretariat.conf with TLS, two gunicorn
processes with deploy/gunicorn.conf.py, each with its own ``var/``, a worker each, PostgreSQL)
on a database holding ``make run``'s demo.

What is the bench's own here, and nothing else (ports, processes, nginx, waiting, stopping
and logs are the harness's):

- the population: the demo steps of ``make run`` (Makefile, target ``run``), run as the
  harness's seed, so the populated database is a PostgreSQL template the harness clones for
  each run (built again only when the migrations, the reference data or these steps change);
- the search index: built once per template by ``databank reindex`` and copied into each
  host's ``var/`` (each host keeps its own index, as on separate hosts);
- the settings of the load: the rate limits off (200 users come from one address, which the
  anonymous limit would refuse as one caller), the demo users' password, the meaning search
  on as in production, and the number of sync workers per gunicorn process.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.deploy.stack import Stack, _fingerprint  # noqa: E402 - after ROOT is importable

#: Every demo user's password in the load's database (`accounts demo` reads it).
DEMO_PASSWORD = "load-bench-password-2026"  # noqa: S105  # a benchmark database's demo users
#: The steps of `make run` that fill the database after `migrate` and `registry load` (which
#: the harness runs), in its order; `databank reindex` and `collectstatic` are per host, below.
POPULATE_STEPS: tuple[tuple[str, ...], ...] = (
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
)
#: The seed the harness runs in the template (``secretariat shell -c``): the steps above,
#: with the demo users' password. A text, so that a change of the steps makes a new template.
#: The harness's environment is production's, where `accounts demo` refuses to make demo
#: users: the demo is made as `make run` makes it, in development; the servers run in production.
SEED = (
    "import os\n"
    "from django.core.management import call_command\n"
    "from django.test import override_settings\n"
    f"os.environ['SECRETARIAT_DEMO_PASSWORD'] = {DEMO_PASSWORD!r}\n"
    "with override_settings(ENVIRONMENT='development', PRODUCTION=False):\n"
    + "".join(f"    call_command(*{step!r})\n" for step in POPULATE_STEPS)
)
#: The load's settings of every host (on top of the harness's production environment).
ENV = {
    # Off: every user of the load comes from one address (see the module's docstring).
    "SECRETARIAT_RATELIMIT": "0",
    "SECRETARIAT_DEMO_PASSWORD": DEMO_PASSWORD,
    # The harness turns the meaning search off for tests; production has it on.
    "SECRETARIAT_SEARCH_MEANING": "1",
}


class LoadStack(Stack):
    """The harness, with each host's search index copied from one built for the template."""

    def _prepare_hosts(self) -> None:
        # The work folder is kept between runs; the harness links the static files anew
        # into each host's var/ and refuses to link a file onto itself.
        for folder in self.var_dirs:
            shutil.rmtree(folder / "static", ignore_errors=True)
        super()._prepare_hosts()
        index = self.workdir / "search-index" / _fingerprint(SEED)
        if not index.is_dir():
            building = self.workdir / "search-index" / f"building-{os.getpid()}"
            shutil.rmtree(building, ignore_errors=True)
            env = {**self.host_env(0), "SECRETARIAT_VAR_DIR": str(building)}
            self._run(["databank", "reindex"], env, "prepare.log")
            shutil.move(str(building / "search"), str(index))
            shutil.rmtree(building)
            for stale in index.parent.iterdir():  # the indexes of former templates
                if stale != index and not stale.name.startswith("building-"):
                    shutil.rmtree(stale, ignore_errors=True)
        for folder in self.var_dirs:
            # A fresh copy each run: the database is a fresh clone of the template too.
            shutil.rmtree(folder / "search", ignore_errors=True)
            shutil.copytree(index, folder / "search")

    def server_pids(self) -> dict[str, list[int]]:
        """The process ids of gunicorn (masters and workers), nginx (master and workers) and
        the background workers (``secretariat worker``: reminders, the index, the meaning
        vectors), read now: workers a master restarts are found on the next call."""
        found: dict[str, list[int]] = {"gunicorn": [], "nginx": [], "worker": []}
        for name, process in self.processes.items():
            group = (
                "nginx"
                if name == "nginx"
                else "gunicorn"
                if name.startswith("app")
                else "worker"
                if name.startswith("worker")
                else ""
            )
            if group and process.poll() is None:
                found[group] += [process.pid, *_children(process.pid)]
        return found


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


@contextmanager
def start_stack(
    database_url: str,
    workdir: Path,
    *,
    web_workers: int = 2,
    env: Mapping[str, str] | None = None,
) -> Iterator[LoadStack]:
    """The harness's stack (two application processes of ``web_workers`` sync workers each)
    on a fresh clone of the populated template, until the block ends. The first run builds
    the template (``make run``'s demo) and the search index: minutes; later runs seconds."""
    stack = LoadStack(
        database_url,
        workdir=workdir.resolve(),  # nginx takes its paths relative to its own prefix
        app_processes=2,
        worker=True,
        seed=SEED,
        env={**ENV, **(env or {})},
        web_workers=web_workers,
        startup_seconds=300,
        template_prefix="load_tpl",
    )
    with stack:
        yield stack
