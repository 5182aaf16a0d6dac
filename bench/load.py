"""Load test: a realistic mix of users against the whole stack (nginx, two gunicorn
application processes, PostgreSQL), with throughput, p50/p99 per kind, errors and CPU per request.

    python bench/load.py --start-stack [--database-url URL] [--workdir DIR] [--web-workers 2]
    python bench/load.py --url http://host:port [--database-url URL]
        [--users 200] [--duration 600] [--spawn-rate 10] [--short] [--json FILE]

The mix (bench/load_locustfile.py, run headless by Locust in a child process): anonymous
visitors of the public pages, the databank's search and bodies' calendars; Secretariat staff
and delegations (national coordinators, national parts' secretariats) on their pages in
their language; scripts reading the API with personal tokens (and its search); calendar
applications polling the public and the token feeds; and one step per minute per delegation,
its coordinator's comment on the draft in consultation (a write, repeatable at will).

Before the load, this script prepares what the users need, through the site itself and not
counted: it logs every account in once (the users of one account share its session, as tabs
of one browser do), makes each an API token and calendar feed URLs, finds the meetings,
documents and decisions each may open, and reads every page of the mix once (each must
answer 200, or the run stops before it starts). See docs/bench-load.md.

Goals, printed and checked (exit status 1 when one fails): no error, and the p99 of pages
under 500 ms.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
LOCUSTFILE = BENCH / "load_locustfile.py"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/secretariat_load"
DEFAULT_PASSWORD = "load-bench-password-2026"  # noqa: S105  # load_stack.DEMO_PASSWORD
#: Sync workers per gunicorn process with --start-stack (docs/bench-load.md: measured).
DEFAULT_WEB_WORKERS = 2
KINDS = ("pages", "api", "search", "feeds", "steps")
#: Goals: no error at all; pages answered within this p99.
GOAL_PAGES_P99_MS = 500.0

#: Secretariat staff of the mix (roles that log in without a second factor).
STAFF = ("officer", "sg", "legal", "bc-officer", "rats-officer")
#: Member states of the demo (secretariat/accounts/demo.py), with their users' language.
STATES = ("cn", "kz", "kg", "ru", "tj", "uz", "in", "pk", "ir", "by")
#: Pages every visitor may read.
PUBLIC_PAGES = (
    "/",
    "/states/",
    "/bodies/",
    "/summits/",
    "/organisations/",
    "/press/",
    "/databank/sources/",
    "/rules/",
)
#: Pages of a signed-in user besides the meetings and documents found for them.
STAFF_PAGES = (
    "/work/",
    "/meetings/",
    "/meetings/calendar/",
    "/documents/",
    "/decisions/",
    "/inbox/",
)
DELEGATION_PAGES = ("/work/", "/meetings/", "/documents/", "/decisions/", "/inbox/")
#: API reads of a token holder besides the objects found for them.
API_PATHS = (
    "/api/work",
    "/api/meetings/",
    "/api/documents/",
    "/api/decisions/",
    "/api/registry/summits",
)
#: Search queries in the three languages.
QUERIES = (
    "energy",
    "transport",
    "budget",
    "security cooperation",
    "энергетика",
    "Деловой совет",
    "заседание",
    "能源",
    "上海合作组织",
    "秘书处",
)
#: How many meetings and documents of each account its pages and API reads rotate over.
SAMPLE = 6


# --- preparing the mix: logins, tokens, feed URLs, objects to open --------------------------


class PrepareError(RuntimeError):
    """The site could not be prepared for the load (a login refused, a page not 200)."""


@dataclass
class Account:
    username: str
    session: requests.Session

    def cookies(self) -> dict[str, str]:
        return {k: v for k, v in self.session.cookies.items() if k in {"sessionid", "csrftoken"}}


def _csrf(session: requests.Session) -> str:
    token = session.cookies.get("csrftoken")
    if not token:
        raise PrepareError("no csrftoken cookie was set")
    return str(token)


def login(base: str, username: str, password: str) -> Account:
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    page = session.get(f"{base}/accounts/login/", timeout=60)
    if page.status_code != 200:
        raise PrepareError(f"GET /accounts/login/: {page.status_code}")
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": _csrf(session)},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    where = answer.headers.get("Location", "")
    if answer.status_code != 302 or "/accounts/" in where:
        raise PrepareError(
            f"{username} could not log in ({answer.status_code} {where}): is the database "
            "populated with SECRETARIAT_DEMO_PASSWORD set to --password?"
        )
    return Account(username, session)


def _post_form(account: Account, base: str, path: str, data: Mapping[str, str], status: int) -> str:
    answer = account.session.post(
        f"{base}{path}",
        data={**data, "csrfmiddlewaretoken": _csrf(account.session)},
        headers={"Referer": f"{base}{path}"},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != status:
        raise PrepareError(f"{account.username}: POST {path}: {answer.status_code}")
    return answer.text


def api_token(account: Account, base: str) -> str:
    page = _post_form(
        account, base, "/accounts/me/tokens/", {"name": "load test", "days": "2"}, 201
    )
    found = re.search(r"sct_[A-Za-z0-9_\-]+", page)
    if found is None:
        raise PrepareError(f"{account.username}: no API token in the answer")
    return found.group(0)


def feed_path(account: Account, base: str, scope: str) -> str:
    page = _post_form(account, base, "/inbox/feeds/", {"scope": scope}, 200)
    found = re.search(rf"/calendar/{scope}/[A-Za-z0-9_\-]+\.ics", page)
    if found is None:
        raise PrepareError(f"{account.username}: no {scope} feed URL in the answer")
    return found.group(0)


def _api(base: str, token: str, path: str) -> Any:
    answer = requests.get(f"{base}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    if answer.status_code != 200:
        raise PrepareError(f"GET {path}: {answer.status_code}")
    return answer.json()


def _items(payload: Any) -> list[dict[str, Any]]:
    """The rows of a list answer (a bare list, or a page with ``items``)."""
    if isinstance(payload, dict):
        payload = payload.get("items", payload.get("results", []))
    return [row for row in payload if isinstance(row, dict)]


def _ids(base: str, token: str, path: str, k: int = SAMPLE) -> list[int]:
    rows = _items(_api(base, token, path))
    return [int(row["id"]) for row in rows[:k] if "id" in row]


def consultation_document(base: str, token: str) -> int:
    """The id of a document in an open consultation, which member states may comment on."""
    for row in _items(_api(base, token, "/api/documents/?status=consultation")):
        detail = _api(base, token, f"/api/documents/{row['id']}")
        for consultation in detail.get("consultations") or []:
            if isinstance(consultation, dict) and consultation.get("closed_at") is None:
                return int(row["id"])
    raise PrepareError("no document in an open consultation: run `secretariat documents demo`")


def _signed_in(
    base: str, username: str, password: str, pages: Sequence[str], delegation: bool
) -> dict[str, Any]:
    account = login(base, username, password)
    token = api_token(account, base)
    meetings = _ids(base, token, "/api/meetings/?limit=50")
    documents = _ids(base, token, "/api/documents/?limit=50")
    me = _api(base, token, "/api/accounts/me")
    entry: dict[str, Any] = {
        "username": username,
        "language": me.get("language") or "en",
        "cookies": account.cookies(),
        "token": token,
        "feed_user": feed_path(account, base, "user"),
        "pages": [(p, p) for p in pages]
        + [(f"/meetings/{i}/", "/meetings/<id>/") for i in meetings]
        + [(f"/documents/{i}/", "/documents/<id>/") for i in documents],
        "api_paths": [(p, p) for p in API_PATHS]
        + [(f"/api/meetings/{i}", "/api/meetings/<id>") for i in meetings]
        + [(f"/api/documents/{i}", "/api/documents/<id>") for i in documents],
    }
    if delegation:
        entry["feed_delegation"] = feed_path(account, base, "delegation")
    return entry


def prepare(
    base: str,
    *,
    password: str,
    think: tuple[float, float],
    step_every: float,
    step_delegations: int,
    step_spread: float | None = None,
    accounts: int | None = None,
    say: Any = print,
) -> dict[str, Any]:
    """Everything the users of the mix need, as the plan the locustfile reads. ``accounts``:
    at most so many staff, coordinators and national parts' secretariats (default: all)."""
    staff_names, states = STAFF[:accounts], STATES[:accounts]
    say(f"prepare: logging in {len(staff_names)} staff and {2 * len(states)} delegation accounts")
    staff = [_signed_in(base, u, password, STAFF_PAGES, False) for u in staff_names]
    delegations = [
        _signed_in(base, f"{c}-coordinator", password, DELEGATION_PAGES, True) for c in states
    ] + [_signed_in(base, f"np-{c}-secretariat", password, DELEGATION_PAGES, True) for c in states]
    officer = staff[0]["token"]
    bodies = [str(row["code"]) for row in _items(_api(base, officer, "/api/registry/bodies"))]
    body_feeds = [(f"/calendar/body/{code}.ics", "/calendar/body/<code>.ics") for code in bodies]
    token_feeds = [
        (d["feed_delegation"], "/calendar/delegation/<token>.ics") for d in delegations
    ] + [(a["feed_user"], "/calendar/user/<token>.ics") for a in staff + delegations]
    coordinators = [d for d in delegations if d["username"].endswith("-coordinator")]
    plan = {
        "think": list(think),
        "step_every": step_every,
        "step_spread": step_every if step_spread is None else step_spread,
        "weights": {"anonymous": 40, "staff": 15, "delegation": 25, "api": 12, "calendar": 8},
        "public_pages": [(p, p) for p in PUBLIC_PAGES],
        "body_feeds": body_feeds,
        "feeds": body_feeds + token_feeds,
        "queries": [quote(q) for q in QUERIES],
        "staff": staff,
        "delegations": delegations,
        "api_accounts": staff + coordinators,
        "steps": coordinators[:step_delegations],
        "step_document": consultation_document(base, officer),
    }
    check(base, plan, say)
    return plan


def check(base: str, plan: Mapping[str, Any], say: Any = print) -> None:
    """Read each kind of page, API path and feed of the plan once, as its users will (the
    first account of each group, every path of it): each must answer 200. A warm-up too,
    not counted; the load itself counts any other answer as an error."""
    reads: list[tuple[str, dict[str, str]]] = [(p, {}) for p, _ in plan["public_pages"]]
    seen: set[str] = set()
    for path, name in plan["feeds"]:
        if name not in seen:
            seen.add(name)
            reads.append((path, {}))
    reads.append((f"/databank/?q={plan['queries'][0]}", {}))
    for group in ("staff", "delegations"):
        account = plan[group][0]
        cookie = "; ".join(f"{k}={v}" for k, v in account["cookies"].items())
        reads += [(p, {"Cookie": cookie}) for p, _ in account["pages"]]
    account = plan["api_accounts"][0]
    bearer = {"Authorization": f"Bearer {account['token']}"}
    reads += [(p, bearer) for p, _ in account["api_paths"]]
    reads.append((f"/api/databank/search?q={plan['queries'][-1]}", bearer))
    say(f"prepare: reading {len(reads)} pages, API paths and feeds of the mix once")
    wrong: list[str] = []
    for path, headers in reads:
        answer = requests.get(f"{base}{path}", headers=headers, allow_redirects=False, timeout=60)
        if answer.status_code != 200:
            wrong.append(f"{path}: {answer.status_code} {answer.headers.get('Location', '')}")
    if wrong:
        raise PrepareError("not 200 before the load:\n  " + "\n  ".join(wrong[:30]))


# --- CPU accounting (/proc) -----------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


#: Groups whose processes' children are their own workers: a master's reaped children's CPU
#: (cutime, cstime) holds that of the workers it replaced during the load (gunicorn's after
#: ``max_requests``), which would otherwise vanish with their pids into ``others``.
REAPING = ("gunicorn", "nginx")
#: The servers' groups: their CPU over the requests is the CPU per request.
SERVER_GROUPS = ("gunicorn", "nginx", "worker", "postgres")


def _ticks(pid: int) -> int:
    """The CPU ticks of ``pid`` and of its children it has reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return sum(int(fields[i]) for i in (11, 12, 13, 14))


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _comm_and_cmdline(pid: int) -> tuple[str, str]:
    try:
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "", ""
    return comm, cmdline


def processes_by_name() -> dict[str, list[int]]:
    """gunicorn, nginx and PostgreSQL processes on this machine (for ``--url``)."""
    found: dict[str, list[int]] = {"gunicorn": [], "nginx": [], "postgres": []}
    for entry in Path("/proc").glob("[0-9]*"):
        comm, cmdline = _comm_and_cmdline(int(entry.name))
        if "gunicorn" in cmdline and "config.wsgi" in cmdline:
            found["gunicorn"].append(int(entry.name))
        elif comm == "nginx":
            found["nginx"].append(int(entry.name))
        elif comm == "postgres":
            found["postgres"].append(int(entry.name))
    return found


def postgres_backends(database_url: str) -> list[int]:
    """The PostgreSQL backends connected to the stack's database now."""
    import psycopg

    name = database_url.rsplit("/", 1)[1].split("?", 1)[0]
    with psycopg.connect(database_url, connect_timeout=5) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [int(pid) for (pid,) in rows]


def _busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, *rest = fields
    return user + nice + system + irq + softirq + (rest[0] if rest else 0)


@dataclass(frozen=True)
class CpuSnapshot:
    busy: int
    ticks: Mapping[str, Mapping[int, int]]
    client: float

    @staticmethod
    def take(pids: Mapping[str, Sequence[int]]) -> CpuSnapshot:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return CpuSnapshot(
            busy=_busy_ticks(),
            ticks={group: {pid: _ticks(pid) for pid in found} for group, found in pids.items()},
            client=usage.ru_utime + usage.ru_stime,
        )


def cpu_between(before: CpuSnapshot, after: CpuSnapshot) -> dict[str, float]:
    """CPU seconds by group (gunicorn, nginx, the background workers, postgres), the load
    client, and the rest."""
    spent: dict[str, float] = {}
    for group, now in after.ticks.items():
        was = before.ticks.get(group, {})
        ticks = sum(t - was.get(pid, 0) for pid, t in now.items())
        if group in REAPING:
            # A worker gone since: its whole time is now in its master's reaped children;
            # what it had spent before the load is not the load's.
            ticks -= sum(t for pid, t in was.items() if pid not in now)
        spent[group] = max(0, ticks) / TICK
    spent["client"] = after.client - before.client
    busy = (after.busy - before.busy) / TICK
    spent["others"] = max(0.0, busy - sum(spent.values()))
    return spent


# --- running Locust and reading its figures -------------------------------------------------


def run_locust(
    base: str, plan_path: Path, samples_path: Path, args: argparse.Namespace, workdir: Path
) -> None:
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base,
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{int(args.duration)}s",
        "--stop-timeout",
        "30",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--csv",
        str(workdir / "locust"),
    ]
    env = {**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_SAMPLES": str(samples_path)}
    with open(workdir / "locust.log", "wb") as log:
        done = subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    # Locust exits 1 when a request failed: the report says which; anything else is a crash.
    if done.returncode not in (0, 1) or not samples_path.exists():
        raise RuntimeError(
            f"locust exited {done.returncode}:\n" + (workdir / "locust.log").read_text()[-3000:]
        )


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), by the nearest-rank method."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return float(ordered[rank - 1])


def summarise(
    samples: Mapping[str, Any], cpu: Mapping[str, float], args: argparse.Namespace
) -> dict[str, Any]:
    """The report: per kind and per name, the totals, CPU per request and the goals."""
    first, last = samples["first_and_last"] or [0.0, 0.0]
    seconds = max(last - first, 1e-9)

    def figures(times: Sequence[float], errors: int) -> dict[str, Any]:
        return {
            "requests": len(times),
            "errors": errors,
            "rps": round(len(times) / seconds, 2),
            "p50_ms": round(percentile(times, 50), 1),
            "p99_ms": round(percentile(times, 99), 1),
            "max_ms": round(max(times, default=0.0), 1),
            "mean_ms": round(statistics.fmean(times), 1) if times else 0.0,
        }

    kinds = {
        kind: figures(samples["times"].get(kind, []), samples["errors"].get(kind, 0))
        for kind in KINDS
    }
    every = [t for kind in KINDS for t in samples["times"].get(kind, [])]
    errors = sum(samples["errors"].values())
    total = figures(every, errors)
    server = sum(cpu.get(group, 0.0) for group in SERVER_GROUPS)
    per_request = 1000 * server / total["requests"] if total["requests"] else 0.0
    goals = [
        {"goal": "no error", "value": errors, "ok": errors == 0 and total["requests"] > 0},
        {
            "goal": f"p99 of pages under {GOAL_PAGES_P99_MS:.0f} ms",
            "value": kinds["pages"]["p99_ms"],
            "ok": kinds["pages"]["requests"] > 0 and kinds["pages"]["p99_ms"] < GOAL_PAGES_P99_MS,
        },
    ]
    return {
        "settings": {
            "users": args.users,
            "duration_s": args.duration,
            "spawn_rate": args.spawn_rate,
            "think_s": list(args.think),
            "step_every_s": args.step_every,
            "cores": os.cpu_count(),
        },
        "seconds": round(seconds, 1),
        "total": total,
        "kinds": kinds,
        "by_name": {
            name: figures(times, samples.get("errors_by_name", {}).get(name, 0))
            for name, times in sorted(samples["by_name"].items())
        },
        "cpu_s": {k: round(v, 2) for k, v in cpu.items()},
        "cpu_ms_per_request": round(per_request, 2),
        "error_samples": samples["error_samples"],
        "goals": goals,
        "ok": all(g["ok"] for g in goals),
    }


def table(report: Mapping[str, Any]) -> list[str]:
    s = report["settings"]
    lines = [
        f"{s['users']} users for {report['seconds']} s (spawn {s['spawn_rate']}/s, think "
        f"{s['think_s'][0]}-{s['think_s'][1]} s, a step every {s['step_every_s']} s "
        "per delegation)",
        "",
        f"{'kind':<8} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8}",
    ]
    for name, f in [*report["kinds"].items(), ("all", report["total"])]:
        lines.append(
            f"{name:<8} {f['requests']:>9} {f['errors']:>7} {f['rps']:>8.1f} "
            f"{f['p50_ms']:>8.1f} {f['p99_ms']:>8.1f} {f['max_ms']:>8.1f}"
        )
    cpu = report["cpu_s"]
    lines += [
        "",
        "CPU seconds: "
        + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
        + f" ({s['cores']} cores)",
        f"CPU per request (gunicorn + nginx + workers + PostgreSQL): "
        f"{report['cpu_ms_per_request']:.1f} ms",
    ]
    if report["error_samples"]:
        lines += ["", "errors (first ones):", *(f"  {e}" for e in report["error_samples"][:10])]
    lines.append("")
    for goal in report["goals"]:
        verdict = "ok" if goal["ok"] else "FAILED"
        lines.append(f"goal: {goal['goal']}: {goal['value']} -> {verdict}")
    return lines


# --- the command ----------------------------------------------------------------------------


@contextmanager
def _target(args: argparse.Namespace, workdir: Path) -> Iterator[tuple[str, Any]]:
    """The base URL, and a function returning the pids whose CPU is counted."""
    if args.start_stack:
        from load_stack import start_stack

        stack_dir = workdir / "stack"
        with start_stack(args.database_url, stack_dir, web_workers=args.web_workers) as stack:
            print(
                f"stack: nginx -> 2 x gunicorn ({args.web_workers} sync workers each) -> "
                f"PostgreSQL, up in {stack.timings['started']:.0f} s; logs in {stack.log_dir}",
                flush=True,
            )

            def pids() -> dict[str, list[int]]:
                found = stack.server_pids()
                return {**found, "postgres": postgres_backends(args.database_url)}

            # nginx serves TLS with the harness's self-signed certificate: requests (here)
            # and Locust (the locustfile reads LOAD_CA_FILE) verify it against that file.
            was = os.environ.get("REQUESTS_CA_BUNDLE")
            os.environ["REQUESTS_CA_BUNDLE"] = os.environ["LOAD_CA_FILE"] = str(stack.ca_file)
            try:
                yield stack.base_url, pids
            finally:
                os.environ.pop("LOAD_CA_FILE", None)
                if was is None:
                    os.environ.pop("REQUESTS_CA_BUNDLE", None)
                else:
                    os.environ["REQUESTS_CA_BUNDLE"] = was
        return

    def by_name() -> dict[str, list[int]]:
        found = processes_by_name()
        if args.server_pids:
            # The stack's own masters and their workers, not every server on the machine.
            mine = [p for pid in args.server_pids for p in (pid, *_children(pid))]
            found = {
                "gunicorn": [p for p in mine if _comm_and_cmdline(p)[0] != "nginx"],
                "nginx": [p for p in mine if _comm_and_cmdline(p)[0] == "nginx"],
                "postgres": found["postgres"],
            }
        if args.database_url:
            found["postgres"] = postgres_backends(args.database_url)
        return found

    yield args.url.rstrip("/"), by_name


def _think(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running stack's base URL (http://host:port)")
    where.add_argument(
        "--start-stack",
        action="store_true",
        help="start nginx + two gunicorn processes on PostgreSQL (tests/deploy/stack.py, "
        "through bench/load_stack.py)",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="the stack's PostgreSQL database (with --start-stack: made again each run from "
        f"the populated template; default {DEFAULT_DATABASE_URL}); with --url: counts its "
        "backends' CPU",
    )
    parser.add_argument(
        "--server-pids",
        type=lambda text: [int(p) for p in text.split(",") if p],
        default=None,
        help="with --url: the gunicorn and nginx master pids whose CPU is counted (with their "
        "workers); default: every gunicorn of config.wsgi and every nginx on this machine",
    )
    parser.add_argument(
        "--web-workers",
        type=int,
        default=DEFAULT_WEB_WORKERS,
        help="with --start-stack: sync workers of each of the two gunicorn processes",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where the run's files and the stack's folders go (with --start-stack: "
        "var/bench-load, kept for the next run; otherwise a temporary folder)",
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=600, help="seconds of load")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument(
        "--short", action="store_true", help="a smoke run: 32 users for 30 s (spawn 16/s)"
    )
    parser.add_argument(
        "--think",
        type=_think,
        default=(3.0, 10.0),
        help="a user's pause between requests, s: MIN,MAX",
    )
    parser.add_argument("--step-every", type=float, default=60, help="seconds between steps")
    parser.add_argument(
        "--step-delegations", type=int, default=len(STATES), help="delegations taking steps"
    )
    parser.add_argument(
        "--accounts",
        type=int,
        default=None,
        help="sign in at most N staff, N coordinators and N parts' secretariats (default: all)",
    )
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="the demo users' password")
    parser.add_argument("--json", type=Path, help="write the report here as JSON")
    args = parser.parse_args(argv)
    if args.short:
        args.users, args.duration, args.spawn_rate = 32, 30.0, 16.0
    if args.start_stack and not args.database_url:
        args.database_url = DEFAULT_DATABASE_URL
    if args.start_stack and not args.workdir:
        # Kept between runs: the stack's search index and files go with its database.
        args.workdir = ROOT / "var" / "bench-load"
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    sys.path.insert(0, str(BENCH))
    folder = (
        nullcontext(str(args.workdir)) if args.workdir else tempfile.TemporaryDirectory("-load")
    )
    with folder as name:
        workdir = Path(name)
        workdir.mkdir(parents=True, exist_ok=True)
        with _target(args, workdir) as (base, pids):
            plan = prepare(
                base,
                password=args.password,
                think=args.think,
                step_every=args.step_every,
                step_delegations=args.step_delegations,
                step_spread=min(args.step_every, args.duration / 3),
                accounts=args.accounts,
            )
            plan_path, samples_path = workdir / "plan.json", workdir / "samples.json"
            plan_path.write_text(json.dumps(plan))
            print(f"load: {args.users} users for {args.duration:.0f} s against {base}", flush=True)
            before = CpuSnapshot.take(pids())
            run_locust(base, plan_path, samples_path, args, workdir)
            after = CpuSnapshot.take(pids())
        samples = json.loads(samples_path.read_text())
        report = summarise(samples, cpu_between(before, after), args)
    print("\n".join(table(report)))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
