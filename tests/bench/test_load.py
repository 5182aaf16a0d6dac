"""The load test (bench/load.py) runs its whole mix for a few seconds against a live server,
so the script cannot rot: every kind is served without error and the delegations' steps are
written; and its figures (percentiles, goals) are computed as the report says."""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from secretariat.accounts.services import demo_users_ensure
from secretariat.demo.documents import demo_documents_ensure
from secretariat.documents.models import Comment
from secretariat.meetings.demo import demo_meetings_ensure
from tests.make_run import make_run_steps

BENCH = Path(__file__).resolve().parents[2] / "bench"
PASSWORD = "smoke-test-password-2026"  # noqa: S105  # the test database's demo users


@pytest.fixture(scope="module")
def load() -> ModuleType:
    """bench/load.py, loaded as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_load", BENCH / "load.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The part of `make run`'s demo the mix reads: registry, users, meetings, documents
    (a draft in consultation); written outside the tests' transactions, flushed after."""
    folder = tmp_path_factory.mktemp("load-demo")
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=folder / "files",
            SIGNING_KEYS_DIR=folder / "keys",
            SIGNING_PKCS11_MODULE="",
            SIGNING_PKCS12=folder / "keys" / "signer.p12",
        ),
        django_db_blocker.unblock(),
    ):
        try:
            call_command("registry", "load", stdout=io.StringIO())
            demo_users_ensure(password=PASSWORD)
            demo_meetings_ensure()
            demo_documents_ensure()
            yield
        finally:
            call_command("flush", "--no-input", verbosity=0)


def test_the_mix_runs_against_a_live_server_without_error(
    load: ModuleType, demo: None, live_server: Any, transactional_db: None, tmp_path: Path
) -> None:
    comments_before = Comment.objects.count()
    report_path = tmp_path / "report.json"

    status = load.main(
        [
            "--url",
            live_server.url,
            "--users",
            "8",
            "--spawn-rate",
            "8",
            "--duration",
            "6",
            "--think",
            "0.1,0.3",
            "--step-every",
            "1",
            # One delegation: the live server's threads share one in-memory SQLite database,
            # where two steps at once collide on the audit chain's next number.
            "--step-delegations",
            "1",
            "--accounts",
            "2",
            "--password",
            PASSWORD,
            "--workdir",
            str(tmp_path / "work"),
            "--json",
            str(report_path),
        ]
    )

    report = json.loads(report_path.read_text())
    assert report["error_samples"] == []
    assert report["total"]["errors"] == 0
    for kind in load.KINDS:
        assert report["kinds"][kind]["requests"] > 0, kind
        assert report["kinds"][kind]["errors"] == 0, kind
    # Every page of the mix was read by some user: public, staff and delegations' own.
    names = set(report["by_name"])
    for expected in ("/summits/", "/meetings/<id>/", "/documents/<id>/", "/api/meetings/<id>"):
        assert any(name.endswith(" " + expected) for name in names), expected
    # Each step answered as recorded is a comment in the database.
    steps = report["kinds"]["steps"]["requests"]
    assert Comment.objects.count() - comments_before == steps
    assert report["cpu_ms_per_request"] >= 0
    assert status == (0 if report["ok"] else 1)
    goals = {g["goal"]: g["ok"] for g in report["goals"]}
    assert goals["no error"] is True


def _args(**overrides: Any) -> argparse.Namespace:
    values = {
        "users": 4,
        "duration": 10.0,
        "spawn_rate": 4.0,
        "think": (1.0, 2.0),
        "step_every": 60.0,
    }
    return argparse.Namespace(**{**values, **overrides})


def _samples(pages: list[float], errors: int = 0) -> dict[str, Any]:
    return {
        "times": {"pages": pages, "api": [5.0]},
        "by_name": {"pages GET /": pages, "api GET /api/work": [5.0]},
        "errors": {"pages": errors} if errors else {},
        "errors_by_name": {"pages GET /": errors} if errors else {},
        "error_samples": ["pages GET /: 500"] if errors else [],
        "first_and_last": [100.0, 110.0],
    }


def test_percentiles_are_nearest_rank(load: ModuleType) -> None:
    values = [float(v) for v in range(1, 101)]
    assert load.percentile(values, 50) == 50.0
    assert load.percentile(values, 99) == 99.0
    assert load.percentile([7.0], 99) == 7.0
    assert load.percentile([], 99) == 0.0


def test_the_report_meets_its_goals_only_without_errors_and_with_fast_pages(
    load: ModuleType,
) -> None:
    cpu = {"gunicorn": 3.0, "nginx": 0.5, "postgres": 1.5, "client": 1.0, "others": 0.0}
    fast = load.summarise(_samples([10.0] * 99 + [40.0]), cpu, _args())
    slow = load.summarise(_samples([10.0] * 98 + [600.0, 700.0]), cpu, _args())
    failing = load.summarise(_samples([10.0] * 100, errors=1), cpu, _args())

    assert fast["ok"] is True
    assert fast["total"]["requests"] == 101
    assert fast["kinds"]["pages"]["rps"] == 10.0
    assert fast["cpu_ms_per_request"] == pytest.approx(1000 * 5.0 / 101, abs=0.01)
    assert slow["ok"] is False
    assert [g["ok"] for g in slow["goals"]] == [True, False]
    assert failing["ok"] is False
    assert failing["by_name"]["pages GET /"]["errors"] == 1
    assert [g["ok"] for g in failing["goals"]] == [False, True]
    assert any("FAILED" in line for line in load.table(failing))


def test_the_start_stack_population_is_make_runs() -> None:
    """--start-stack fills its template as `make run` fills its database: the harness's
    migrate and registry load, the bench's seed steps, then each host's index and static files;
    a step added to `make run` and not to bench/load_stack.py fails here."""
    sys.path.insert(0, str(BENCH))
    try:
        import load_stack
    finally:
        sys.path.remove(str(BENCH))
    make_run = make_run_steps()
    harness = [("migrate", "--no-input"), ("registry", "load")]
    per_host = [("databank", "reindex"), ("collectstatic", "--no-input", "--verbosity", "0")]
    assert make_run == [*harness, *load_stack.POPULATE_STEPS, *per_host]
    for step in load_stack.POPULATE_STEPS:
        assert f"call_command(*{step!r})" in load_stack.SEED
    assert load_stack.ENV["SECRETARIAT_RATELIMIT"] == "0"
