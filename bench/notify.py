"""Benchmark: the notification worker's delivery and the start page ("My work"), against floors.

    python bench/notify.py [--db sqlite|postgresql|both] [--reminders N] [--meetings M]
        [--repeat R] [--pg-url URL] [--seed S]

For each database a fresh one is made (SQLite: a file in a temporary directory; PostgreSQL:
the database of ``--pg-url``, dropped and created) and a child process, in development
settings with DEBUG off, migrates it and loads the demo as ``make run`` does (registry,
accounts, keys, meetings, documents, relations, budget, plans, press; not the databank's
search seeds, which neither measure reads), then M extra extraordinary Board meetings
initiated by two to four national parts through ``meeting_initiate_extraordinary``
(tests/factories/meetings.py's ``bcb_extraordinary``). Passwords are hashed with MD5 to
keep the demo's users quick to make; nobody logs in with one (``force_login``).

1. Delivery. A local aiosmtpd server (tests/notifications/support.py) runs in a thread of
   the same process. What the demo queued is delivered first, not counted. 40 recipients
   with e-mail addresses, in ru, zh-hans and en, are reminded of N/40 deadlines
   (``reminders_schedule``, made due a minute ago) and ``Worker().run_once()`` delivers
   them: inbox message, ``sending``, the e-mail (one SMTP connection per message, as the
   worker does), ``sent`` and the sent-mail log. A first batch of 40 is delivered apart,
   counting its queries, for the queries per reminder (and as a warm-up); the
   timed N run records no queries. Floors, on the very messages the server received:
   ``django``: the same subjects, texts and HTML parts as ``EmailMultiAlternatives`` over
   one connection (``send_messages``), no database; ``smtplib``: their bytes with
   ``smtplib.SMTP.sendmail`` over one connection. Printed: messages/s, ms per message,
   the ratio of the worker's time per message to each floor's, queries per reminder.
2. The start page. ``/ru/work/`` through ``django.test.Client`` (the whole middleware
   stack, sessions, ``force_login``) for three demo users: ``np-ru-secretariat`` (a
   national part's secretariat), ``bc-officer`` (the BC Secretariat's officer), ``sg``
   (the Secretary-General, ``confidential.all``: every delegation's steps and the filters).
   Also ``work_of`` alone (the selector, no request). Each R times after one warm-up;
   printed per user: items shown, median and p95 ms, queries per page, and the ratio of
   the medians to the floor.

   The floor is ``/ru/bench-floor/work/``, mounted for the run only: the same
   ``requires("account.use")`` check, the same template (work/home.html) and the same
   user, with an empty ``WorkShown`` (and empty filter lists for the Secretary-General).
   It costs what every logged-in page of this stack costs (session, user, base.html,
   menus) and nothing of gathering the work, so the ratio is what "My work" adds. The
   public "at a glance" page is printed beside it for reference only: it is another
   template with its own queries, and anonymous, so it is not the same floor.

Everything runs in one process per database, figures and floors side by side; a figure,
not a test (exit status 0 unless a step fails). See docs/bench-notify.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import secrets
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REMINDERS = 2000
DEFAULT_MEETINGS = 200
DEFAULT_REPEAT = 10
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/secretariat_bench_notify"
#: Recipients of the reminders, and their languages in turn.
RECIPIENTS = 40
LANGUAGES = ("ru", "zh-hans", "en")
#: The demo's loaders, in ``make run``'s order (the databank's seeds are left out).
DEMO = (
    ("registry", "load"),
    ("accounts", "demo"),
    ("keys", "init"),
    ("meetings", "demo"),
    ("documents", "demo"),
    ("relations", "demo"),
    ("budget", "demo"),
    ("plans", "demo"),
    ("press", "demo"),
)
#: The users whose start page is measured: what each is.
USERS = (
    ("np-ru-secretariat", "national part's secretariat"),
    ("bc-officer", "BC Secretariat's officer"),
    ("sg", "Secretary-General"),
)
PARTS = ("CN", "RU", "KZ", "KG", "TJ", "UZ", "IN", "PK", "IR", "BY")
CITIES = ("Bishkek", "Astana", "Moscow", "Beijing", "Tashkent", "Dushanbe", "Minsk")
ACTION = {
    "en": "send the draft agenda",
    "ru": "направить проект повестки дня",
    "zh": "提交议程草案",
}


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _check(condition: bool, what: object) -> None:
    """Stop the run when a step did not do what the figures assume."""
    if not condition:
        raise RuntimeError(f"bench/notify.py: check failed: {what}")


# --- the child: one database, everything measured in-process ------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The anonymous rate limits would refuse the repeated requests measured here.
    os.environ.setdefault("SECRETARIAT_RATELIMIT", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _timed(seconds: dict[str, float], name: str, action: Callable[[], object]) -> None:
    started = time.perf_counter()
    action()
    seconds[name] = round(time.perf_counter() - started, 1)


def prepare(meetings: int, seed: int) -> dict[str, Any]:
    """Migrate, load the demo and add ``meetings`` extraordinary Board meetings."""
    import random

    from django.core.management import call_command

    from tests.factories.meetings import bcb_extraordinary

    seconds: dict[str, float] = {}
    quiet = io.StringIO()
    _timed(seconds, "migrate", lambda: call_command("migrate", "--no-input", stdout=quiet))
    for app, action in DEMO:
        _timed(seconds, app, partial(call_command, app, action, stdout=quiet))
    rng = random.Random(seed)

    def extra() -> None:
        from django.utils import timezone

        today = timezone.localdate()
        for _ in range(meetings):
            parts = rng.sample(PARTS, rng.randint(2, 4))
            start = today + dt.timedelta(days=rng.randint(20, 400))
            bcb_extraordinary(
                *parts,
                start=start.isoformat(),
                venue_city=rng.choice(CITIES),
            )

    _timed(seconds, f"{meetings} meetings", extra)
    return seconds


def _schedule(obj_id: int, people: list[Any]) -> list[Any]:
    from django.utils import timezone

    from secretariat.notifications.services import reminders_schedule

    return reminders_schedule(
        obj_label="meetings.meeting",
        obj_id=obj_id,
        rule_id="BENCH-NOTIFY",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        recipients=people,
        subject_code="deadline",
        params={"action": ACTION, "rule": "BENCH-NOTIFY"},
        link=f"/meetings/{obj_id}/",
        lead_days=[0],
    )


def _wire(message: Any) -> bytes:
    """A message's bytes as Django's SMTP backend sends them (SafeMIMEMultipart's CRLF)."""
    return bytes(message.as_bytes(linesep="\r\n"))


def delivery(n: int) -> dict[str, Any]:
    """The worker's delivery of ``n`` reminders and the two floors, on one SMTP server."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives, get_connection

    from secretariat.notifications.worker import Worker
    from tests.factories.notifications import a_person
    from tests.notifications.support import MailStore, make_due, smtp_server

    store = MailStore()
    with smtp_server(store) as (host, port):
        settings.EMAIL_HOST, settings.EMAIL_PORT = host, port
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        drained = Worker().run_once()  # what the demo queued; not counted
        people = [
            a_person(f"bench-{i:03d}", language=LANGUAGES[i % len(LANGUAGES)])
            for i in range(RECIPIENTS)
        ]
        first = _schedule(1_000_000, people)
        make_due(*first)
        before = len(store.messages)
        warmed, warm_queries = counting(Worker().run_once)
        warm = int(warmed)  # type: ignore[call-overload]  # run_once returns an int
        queries = warm_queries / max(warm, 1)
        rows: list[Any] = []
        for k in range(-(-n // RECIPIENTS)):
            rows += _schedule(1_000_001 + k, people[: min(RECIPIENTS, n - len(rows))])
        make_due(*rows)
        skip = len(store.messages)
        started = time.perf_counter()
        handled = Worker().run_once()
        worker_s = time.perf_counter() - started
        received = store.messages[skip:]
        _check(len(received) == handled == len(rows), (len(received), handled, len(rows)))

        emails = []
        for m in received:
            text = m.get_body(("plain",))
            html = m.get_body(("html",))
            emails.append(
                (
                    str(m["Subject"]),
                    text.get_content() if text else "",
                    html.get_content() if html else "",
                    str(m["To"]),
                )
            )
        started = time.perf_counter()
        outgoing = []
        for subject, plain, rich, to in emails:
            message = EmailMultiAlternatives(subject, plain, settings.DEFAULT_FROM_EMAIL, [to])
            message.attach_alternative(rich, "text/html")
            outgoing.append(message)
        with get_connection() as smtp:
            sent = smtp.send_messages(outgoing)
        django_s = time.perf_counter() - started
        _check(sent == len(emails), "the floor sent fewer messages")

        # The bytes Django's SMTP backend sent for each (its own serialisation).
        raw = [(m.to[0], _wire(m.message())) for m in outgoing]
        started = time.perf_counter()
        with smtplib.SMTP(host, port) as bare:
            for to, content in raw:
                bare.sendmail("noreply@secretariat.local", [to], content)
        smtplib_s = time.perf_counter() - started
        total = len(store.messages)
    _check(total == before + warm + 3 * len(rows), "the server did not receive every message")
    languages = {lang: sum(1 for p in people if p.language == lang) for lang in LANGUAGES}
    return {
        "drained": drained,
        "messages": handled,
        "languages": languages,
        "worker_s": worker_s,
        "django_s": django_s,
        "smtplib_s": smtplib_s,
        "queries": queries,
        "kib": sum(len(c) for _to, c in raw) / len(raw) / 1024,
    }


def _floor_urlconf() -> types.ModuleType:
    """The site's own URLs plus ``/<lang>/bench-floor/work/``: the floor of the start page."""
    from django.conf.urls.i18n import i18n_patterns
    from django.http import HttpRequest, HttpResponse
    from django.shortcuts import render
    from django.urls import path

    import config.urls
    from secretariat.core.access import requires
    from secretariat.core.actor import me
    from secretariat.work import selectors

    @requires("account.use")
    def floor(request: HttpRequest) -> HttpResponse:
        everyone = selectors.sees_everyone(me(request))
        context: dict[str, object] = {
            "shown": selectors.WorkShown(everyone=everyone),
            "overdue": [],
            "soon": [],
            "later": [],
            "delegations": [],
            "bodies": [],
        }
        return render(request, "work/home.html", context)

    module = types.ModuleType("bench_notify_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]  # a urlconf module made at run time
        *i18n_patterns(path("bench-floor/work/", floor), prefix_default_language=True),
        *config.urls.urlpatterns,
    ]
    return module


class Counter:
    """Counts the queries run on the default connection (``connection.execute_wrapper``):
    unlike ``CaptureQueriesContext``, not emptied when a request starts."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        self.queries += 1
        return execute(*args)


def counting(action: Callable[[], object]) -> tuple[object, int]:
    """What ``action`` returns, and the queries it ran."""
    from django.db import connection

    counter = Counter()
    with connection.execute_wrapper(counter):
        result = action()
    return result, counter.queries


def _measure(repeat: int, action: Callable[[], object]) -> tuple[list[float], int]:
    """Milliseconds of ``repeat`` runs after a warm-up, and the queries of one run."""
    action()
    _result, queries = counting(action)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1e3)
    return times, queries


def _summary(times: list[float], queries: int) -> dict[str, float]:
    return {"median": statistics.median(times), "p95": percentile(times, 0.95), "q": queries}


def start_page(repeat: int) -> dict[str, Any]:
    """The start page, the selector and the floors for each user."""
    from django.test import Client, override_settings

    from secretariat.accounts.models import User
    from secretariat.work.selectors import work_of

    results: dict[str, Any] = {}
    with override_settings(ROOT_URLCONF=_floor_urlconf()):
        anonymous = Client()

        def glance() -> None:
            _check(anonymous.get("/ru/").status_code == 200, "/ru/")

        results["glance"] = _summary(*_measure(repeat, glance))
        for username, _what in USERS:
            user = User.objects.get(username=username)
            client = Client()
            client.force_login(user)

            def page(c: Client = client, url: str = "/ru/work/") -> None:
                response = c.get(url)
                _check(response.status_code == 200, (url, response.status_code))

            shown = work_of(user, "ru")
            results[username] = {
                "due": len(shown.due),
                "waiting": len(shown.waiting),
                "changes": len(shown.changes),
                "page": _summary(*_measure(repeat, page)),
                "selector": _summary(*_measure(repeat, partial(work_of, user, "ru"))),
                "floor": _summary(
                    *_measure(repeat, partial(page, client, "/ru/bench-floor/work/"))
                ),
            }
    return results


def child(args: argparse.Namespace) -> int:
    """Run in the child process: prepare the database, measure, print one JSON line."""
    _django()
    from django.db import connection

    seconds = prepare(args.meetings, args.seed)
    from secretariat.meetings.models import Meeting

    meetings = Meeting.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    mail = delivery(args.reminders)
    pages = start_page(args.repeat)
    print(json.dumps({"seconds": seconds, "meetings": meetings, "mail": mail, "pages": pages}))
    return 0


# --- the parent: databases, children, the report --------------------------------------------


def _postgresql(url: str) -> Callable[[], None]:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"

    def run(statement: str) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(name)))

    run("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    run("CREATE DATABASE {}")
    return lambda: run("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def run_one(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """A fresh database of kind ``name``, and the child's figures on it."""
    with tempfile.TemporaryDirectory(prefix="bench-notify-") as workdir:
        cleanup: Callable[[], None] = lambda: None  # noqa: E731  # SQLite: the folder goes
        if name == "sqlite":
            url = f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
        else:
            url = args.pg_url
            cleanup = _postgresql(url)
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "SECRETARIAT_ENV": "development",
                "SECRETARIAT_DEBUG": "0",
                "DATABASE_URL": url,
                "SECRETARIAT_VAR_DIR": workdir,
                "SECRETARIAT_SECRET_KEY": secrets.token_urlsafe(50),
                "SECRETARIAT_LOG_LEVEL": "ERROR",
                "PYTHONPATH": str(ROOT),
            }
        )
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            f"--reminders={args.reminders}",
            f"--meetings={args.meetings}",
            f"--repeat={args.repeat}",
            f"--seed={args.seed}",
        ]
        try:
            done = subprocess.run(  # noqa: S603  # our own script, fixed arguments
                command, env=env, cwd=workdir, capture_output=True, text=True, check=False
            )
        finally:
            cleanup()
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"{name}: the child failed (exit status {done.returncode})")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def report(name: str, figures: dict[str, Any]) -> None:
    """Print one database's figures, each beside its floor."""
    mail, pages = figures["mail"], figures["pages"]
    setup = ", ".join(f"{k} {v:g}s" for k, v in figures["seconds"].items())
    print(f"== {name}: {figures['meetings']} meetings; set-up: {setup}")
    n = mail["messages"]
    langs = ", ".join(f"{k} {v}" for k, v in mail["languages"].items())
    print(
        f"-- delivery: {n} reminders to {RECIPIENTS} recipients ({langs}), "
        f"{mail['kib']:.1f} KiB per e-mail; {mail['drained']} demo messages drained first"
    )
    worker_ms = mail["worker_s"] * 1e3 / n
    print(f"  {'':<34}{'msg/s':>9}{'ms/msg':>9}{'worker / floor':>16}")
    for label, key in (
        ("Worker().run_once()", "worker_s"),
        ("floor: EmailMultiAlternatives", "django_s"),
        ("floor: smtplib", "smtplib_s"),
    ):
        ms = mail[key] * 1e3 / n
        ratio = "" if key == "worker_s" else f"{worker_ms / ms:.1f}x"
        print(f"  {label:<34}{n / mail[key]:>9.0f}{ms:>9.2f}{ratio:>16}")
    print(f"  queries per reminder (worker): {mail['queries']:.1f}")
    print("-- start page /ru/work/ (ms; floor: the same template, empty lists)")
    glance = pages["glance"]
    print(
        f"  reference, public 'at a glance' /ru/: median {glance['median']:.1f}, "
        f"p95 {glance['p95']:.1f}, {glance['q']} queries"
    )
    print(
        f"  {'user':<20}{'items':>12}{'median':>8}{'p95':>8}{'q':>5}"
        f"{'work_of':>9}{'q':>5}{'floor':>7}{'q':>4}{'page/floor':>12}"
    )
    for username, _what in USERS:
        row = pages[username]
        page, sel, floor = row["page"], row["selector"], row["floor"]
        items = f"{row['due']}/{row['waiting']}/{row['changes']}"
        print(
            f"  {username:<20}{items:>12}{page['median']:>8.1f}{page['p95']:>8.1f}"
            f"{page['q']:>5}{sel['median']:>9.1f}{sel['q']:>5}{floor['median']:>7.1f}"
            f"{floor['q']:>4}{page['median'] / floor['median']:>11.1f}x"
        )
    print("  items: due / waiting / changed since the last visit")


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--reminders", type=int, default=DEFAULT_REMINDERS, help="reminders")
    parser.add_argument("--meetings", type=int, default=DEFAULT_MEETINGS, help="extra meetings")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="page repetitions")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="PostgreSQL database to make")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reminders < 1 or args.repeat < 1 or args.meetings < 0:
        parser.error("--reminders and --repeat must be at least 1, --meetings at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark on each database asked for and print its figures."""
    args = _parse(argv)
    if args.child:
        return child(args)
    names = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"bench/notify.py: {args.reminders} reminders, {args.meetings} extra meetings, "
        f"{args.repeat} repetitions, seed {args.seed}; {cores} cores"
    )
    for name in names:
        started = time.perf_counter()
        figures = run_one(name, args)
        report(name, figures)
        print(f"  ({name}: {time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
