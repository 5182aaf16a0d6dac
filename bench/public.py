"""Benchmark: every public page and feed, side by side with the stack's floors, in one run.

    python bench/public.py [--db sqlite|postgresql] [--duration S] [--connections C]
        [--workers W] [--reuse-var DIR --reuse-db URL] [--indico-url URL] [--only SUBSTRING]

A fresh database is migrated and given the demo data ``make run`` loads (registry, users,
meetings, relations, press; ``--seeds`` adds the databank's seeds, slow: they are embedded),
or an existing one is reused (``--reuse-var``, ``--reuse-db``). A child process then makes
one feed token of each kind (a user's, a delegation's, the protocol schedule's) and reads
each feed once for its ETag.

The real stack serves it as bench/meetings.py does (gunicorn ``config.wsgi``, 2 sync workers,
development settings with DEBUG off, the floors mounted, rate limits off), and ``wrk`` loads,
one after the other, each with C connections for S seconds after a short warm-up:

- ``floor-json`` (``/bench-floor/json``, a constant answer) and ``floor-meeting``
  (``/bench-floor/meeting/<id>``, a minimal read: two queries, no template), measured first
  and again last; their mean is the floor;
- every public page an anonymous visitor opens, in English, Russian and Chinese;
- every feed (the body calendars, the user, delegation and protocol calendars behind their
  tokens, the Atom feeds), plain and conditional (``If-None-Match`` with the ETag: each answer
  must then be a 304);
- with ``--indico-url``: Indico's anonymous event page and its event ``.ics`` export (plain,
  and conditional if Indico gives an ETag), served by bench/indico_setup.sh.

Printed per target: requests per second, p50 and p99, unexpected answers, bytes and the
CPU the server spent per request; then each target's ratio to the minimal-read floor, the
goal (every page and feed at least 0.5x ``floor-meeting``) and, with Indico, each feed's
ratio to Indico's event export (goal: at least 2x). Exit status 1 when an answer was
unexpected or a goal was missed. See docs/bench-public.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import meetings as mb  # the sibling benchmark: its server, wrk and CPU accounting

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PREFIXES = {"en": "", "ru": "/ru", "zh": "/zh-hans"}
FEED_LANGS = ("en", "ru", "zh")
PAGES = (
    "/",
    "/states/",
    "/bodies/",
    "/summits/",
    "/organisations/",
    "/press/",
    "/press/briefings/",
    "/press/catalogue/",
    "/rules/",
    "/rules/SEC-CIRCULATE-CNC/",
    "/rules/schedule/",
    "/databank/",
    "/databank/sources/",
    "/depositary/verify/",
    "/accounts/login/",
)
FLOOR = "floor-meeting"
GOAL_RATIO = 0.5
GOAL_INDICO = 2.0
DEMO = (
    "migrate --no-input",
    "registry load",
    "accounts demo",
    "keys init",
    "meetings demo",
    "documents demo",
    "relations demo",
    "press demo",
)

LUA = """-- written by bench/public.py: rotate over the paths, count answers other than expected
local paths = {%(paths)s}
%(headers)s
local expected = %(expected)d
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  bad = 0
  bytes = 0
  counter = 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status ~= expected then
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + t:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"bytes": %%d, "bad": %%d, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.bytes, total, e.connect, e.read, e.write, e.timeout))
end
"""


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    paths: tuple[str, ...]
    headers: Mapping[str, str]
    expected: int = 200
    kind: str = "page"  # page, feed, floor, indico
    base: str = ""  # another server (Indico)


@dataclass(frozen=True, slots=True)
class Result:
    target: Target
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int
    errors: int
    bytes_per: float
    cpu_ms: float


class _Elsewhere:
    """A server this benchmark did not start (Indico): no CPU accounting of its processes."""

    def __init__(self, base: str) -> None:
        self.base = base

    def pids(self) -> list[int]:
        return []


def load(server: Any, target: Target, duration: float, connections: int, work: Path) -> Result:
    script = work / "target.lua"
    quoted = ", ".join(json.dumps(p) for p in target.paths)
    headers = "\n".join(
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in target.headers.items()
    )
    script.write_text(LUA % {"paths": quoted, "headers": headers, "expected": target.expected})
    base = target.base or server.base
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration:g}s", "--timeout", "30s"]
    command += ["-s", str(script), base + target.paths[0]]
    watched = _Elsewhere(base) if target.base else server
    before = mb.CpuSnapshot.take(watched)
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    cpu = mb._cpu_between(before, mb.CpuSnapshot.take(watched))
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    f = json.loads(line[4:])
    seconds = f["duration_us"] / 1e6
    n = max(1, f["requests"])
    return Result(
        target=target,
        rps=f["requests"] / seconds if seconds else 0.0,
        p50_ms=f["p50_us"] / 1e3,
        p99_ms=f["p99_us"] / 1e3,
        requests=f["requests"],
        bad=f["bad"],
        errors=sum(f[k] for k in ("connect", "read", "write", "timeout")),
        bytes_per=f["bytes"] / n,
        cpu_ms=cpu.server * 1000 / n if not target.base else 0.0,
    )


# --- preparing ---------------------------------------------------------------------------------


def prepare() -> dict[str, Any]:
    """In the child: tokens of each kind, a meeting for the floor, the body codes."""
    import django

    django.setup()
    from django.test import Client

    from secretariat.accounts.models import User
    from secretariat.meetings.models import Meeting
    from secretariat.notifications import tokens
    from secretariat.notifications.models import FeedScope
    from secretariat.registry.models import Body

    user = User.objects.filter(delegation__isnull=False, is_active=True).order_by("pk").first()
    if user is None:
        raise RuntimeError("no demo user: run `secretariat accounts demo`")
    _row, user_token = tokens.feed_token_rotate(user=user, scope=FeedScope.USER)
    _row, delegation_token = tokens.feed_token_rotate(user=user, scope=FeedScope.DELEGATION)
    protocol = _protocol_token()
    meeting = Meeting.objects.order_by("pk").values_list("pk", flat=True).first()
    bodies = [b for b in ("chs", "cmfa", "bcb") if Body.objects.filter(code=b).exists()]
    feeds: dict[str, str] = {}
    for x in FEED_LANGS:
        for body in bodies:
            feeds[f"calendar-{body} {x}"] = f"/calendar/body/{body}.ics?lang={x}"
        feeds[f"calendar-user {x}"] = f"/calendar/user/{user_token}.ics?lang={x}"
        feeds[f"calendar-delegation {x}"] = f"/calendar/delegation/{delegation_token}.ics?lang={x}"
        feeds[f"atom {x}"] = f"/press/feed/{x}/"
    if protocol:
        feeds["calendar-protocol"] = f"/relations/protocol/feed/{protocol}.ics"
    return {"meeting": meeting, "feeds": feeds, "etags": _etags(Client(), feeds)}


def _protocol_token() -> str | None:
    from secretariat.accounts.models import User
    from secretariat.relations.services import protocol_feed_token_rotate

    for user in User.objects.filter(is_active=True).order_by("pk"):
        if user.can("protocol.view"):
            _row, token = protocol_feed_token_rotate(user=user)
            return str(token)
    return None


def _etags(client: Any, feeds: Mapping[str, str]) -> dict[str, str]:
    """Each feed's ETag, read once (a conditional target sends it back)."""
    found: dict[str, str] = {}
    for path in feeds.values():
        answer = client.get(path)
        if answer.status_code != 200 or "ETag" not in answer:
            raise RuntimeError(f"{path}: {answer.status_code}, no ETag")
        found[path] = answer["ETag"]
    return found


def targets(prepared: Mapping[str, Any], indico: str | None) -> list[Target]:
    meeting = prepared["meeting"]
    floors = [
        Target("floor-json", ("/bench-floor/json",), {}, kind="floor"),
        Target(FLOOR, (f"/bench-floor/meeting/{meeting}",), {}, kind="floor"),
    ]
    listed = [
        Target(f"{page} {lang}", (prefix + page,), {}, kind="page")
        for page in PAGES
        for lang, prefix in PREFIXES.items()
    ]
    for name, path in sorted(prepared["feeds"].items()):
        etag = prepared["etags"][path]
        listed.append(Target(name, (path,), {}, kind="feed"))
        listed.append(
            Target(f"{name} 304", (path,), {"If-None-Match": etag}, expected=304, kind="feed")
        )
    if indico:
        listed += _indico_targets(indico)
    return floors + listed + [Target(f"{t.name} again", t.paths, {}, kind="floor") for t in floors]


def _indico_targets(base: str) -> list[Target]:
    ics, page = "/event/1/event.ics", "/event/1/"
    found = [
        Target("indico event.ics", (ics,), {}, kind="indico", base=base),
        Target("indico event page", (page,), {}, kind="indico", base=base),
    ]
    with urllib.request.urlopen(base + ics, timeout=30) as answer:  # noqa: S310
        etag = answer.headers.get("ETag")
    if etag:
        found.append(
            Target(
                "indico event.ics 304",
                (ics,),
                {"If-None-Match": etag},
                expected=304,
                kind="indico",
                base=base,
            )
        )
    return found


# --- the report --------------------------------------------------------------------------------


def report(results: Sequence[Result], indico: bool) -> bool:
    floors = [r for r in results if r.target.name.startswith(FLOOR)]
    floor_rps = sum(r.rps for r in floors) / len(floors)
    indico_ics = next((r for r in results if r.target.name == "indico event.ics"), None)
    print(
        f"{'target':<34}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'bad':>6}{'err':>5}"
        f"{'KB':>7}{'cpu ms':>8}{'x floor':>9}" + (f"{'x indico':>10}" if indico else "")
    )
    ok = True
    for r in results:
        ratio = r.rps / floor_rps if floor_rps else 0.0
        met = r.target.kind in ("floor", "indico") or ratio >= GOAL_RATIO
        line = (
            f"{r.target.name:<34}{r.rps:>8,.0f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.bad:>6}"
            f"{r.errors:>5}{r.bytes_per / 1024:>7.1f}{r.cpu_ms:>8.2f}{ratio:>8.2f}x"
        )
        if indico and indico_ics and r.target.kind == "feed" and r.target.name.startswith("cal"):
            versus = r.rps / indico_ics.rps if indico_ics.rps else 0.0
            met = met and versus >= GOAL_INDICO
            line += f"{versus:>9.2f}x"
        clean = r.requests > 0 and r.bad == 0 and r.errors == 0
        ok = ok and met and clean
        print(line + ("" if met and clean else "  FAIL"))
    print(f"floor ({FLOOR}, mean of first and last): {floor_rps:,.0f} req/s")
    pages = [r for r in results if r.target.kind in ("page", "feed")]
    worst = min(pages, key=lambda r: r.rps)
    print(
        f"goal every page and feed >= {GOAL_RATIO}x the floor: "
        f"{'PASS' if all(r.rps / floor_rps >= GOAL_RATIO for r in pages) else 'FAIL'} "
        f"(lowest: {worst.target.name}, {worst.rps / floor_rps:.2f}x)"
    )
    if indico and indico_ics:
        feeds = [r for r in pages if r.target.kind == "feed" and r.target.name.startswith("cal")]
        low = min(feeds, key=lambda r: r.rps)
        print(
            f"goal every calendar feed >= {GOAL_INDICO}x Indico's event.ics "
            f"({indico_ics.rps:,.0f} req/s): "
            f"{'PASS' if low.rps >= GOAL_INDICO * indico_ics.rps else 'FAIL'} "
            f"(lowest: {low.target.name}, {low.rps / indico_ics.rps:.2f}x)"
        )
    return ok


# --- running -----------------------------------------------------------------------------------


def _prime(server: Any, target: Target, workers: int) -> None:
    """A few requests one at a time, so each worker has built (and cached) the answer once
    before wrk's connections arrive together: the timed load measures the steady state."""
    base = target.base or server.base
    for _ in range(workers * 3):
        for path in target.paths:
            request = urllib.request.Request(base + path, headers=dict(target.headers))  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
                    answer.read()
            except urllib.error.HTTPError as error:  # a 304 is an HTTPError to urllib
                if error.code != target.expected:
                    raise


def _prepare_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    commands = list(DEMO) + (
        ["terms load", "databank seeds", "databank reindex"] if args.seeds else []
    )
    for command in commands:
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [str(VENV_BIN / "secretariat"), *command.split()],
            env=env,
            check=True,
            capture_output=True,
        )
        print(f"  {command}: {time.perf_counter() - started:.0f} s")


def run(args: argparse.Namespace) -> bool:
    work = Path(tempfile.mkdtemp(prefix="secretariat-bench-public-"))
    cleanup = None
    if args.reuse_var:
        database = mb.Database("reused", args.reuse_db, args.reuse_db)
        var = Path(args.reuse_var)
    else:
        database = mb._sqlite(work) if args.db == "sqlite" else mb._postgresql(args.pg_url)
        cleanup = database.cleanup
        var = work
    env = mb._environment(database, var)
    # A worker importing the project on a busy machine is not a hung worker.
    env["GUNICORN_CMD_ARGS"] = "--timeout 120"
    print(f"=== {args.db if not args.reuse_var else 'reused'}: {database.where}")
    try:
        if not args.reuse_var:
            _prepare_database(args, env)
        child = [sys.executable, str(Path(__file__).resolve()), "prepare"]
        done = subprocess.run(child, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        line = next((x for x in done.stdout.splitlines() if x.startswith("PREPARED ")), None)
        if done.returncode != 0 or line is None:
            raise RuntimeError(f"preparing failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
        prepared = json.loads(line[len("PREPARED ") :])
        chosen = [
            t
            for t in targets(prepared, args.indico_url)
            if not args.only or t.kind == "floor" or any(o in t.name for o in args.only.split(","))
        ]
        print(
            f"server: gunicorn config.wsgi:application, {args.workers} sync workers; "
            f"load: wrk, {args.connections} connections, {args.duration:g} s per target "
            f"after {args.warmup:g} s of warm-up; {len(chosen)} targets"
        )
        results = []
        with mb.serving(env, var, args.workers, 1) as server:
            for target in chosen:
                _prime(server, target, args.workers)
                if args.warmup > 0:
                    load(server, target, args.warmup, args.connections, work)
                results.append(load(server, target, args.duration, args.connections, work))
        return report(results, bool(args.indico_url))
    finally:
        if cleanup is not None:
            cleanup()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "prepare"])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--pg-url", default="postgres://postgres@127.0.0.1:5432/secretariat_bench_public"
    )
    parser.add_argument("--reuse-var", help="an existing var/ folder (with --reuse-db)")
    parser.add_argument("--reuse-db", help="its database URL")
    parser.add_argument("--seeds", action="store_true", help="load the databank's seeds too")
    parser.add_argument("--duration", type=float, default=4, help="seconds per target")
    parser.add_argument("--warmup", type=float, default=1, help="seconds before each target")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--indico-url", help="Indico's base address (bench/indico_setup.sh)")
    parser.add_argument(
        "--only",
        help="only the targets whose name holds one of these (comma-separated), and the floors",
    )
    args = parser.parse_args(argv)
    if args.command == "prepare":
        print("PREPARED " + json.dumps(prepare()))
        return 0
    if bool(args.reuse_var) != bool(args.reuse_db):
        parser.error("--reuse-var and --reuse-db go together")
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk")
        return 2
    print(f"{os.cpu_count()} cores")
    return 0 if run(args) else 1


if __name__ == "__main__":
    sys.exit(main())
