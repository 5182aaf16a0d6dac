"""The meetings load benchmark: its generator, its floors and its report (no timing asserts)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import include, path

from secretariat.accounts.models import Delegation, DelegationKind
from secretariat.accounts.services import api_token_create, delegations_sync
from secretariat.benchfloor.views import BARE
from secretariat.meetings.models import (
    AgendaCirculation,
    AgendaItem,
    Attendance,
    Deadline,
    Meeting,
    MeetingEvent,
    MeetingTransition,
    MinutesSignature,
    Position,
)
from secretariat.procedure.rules import rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body
from secretariat.registry.reference import reference_from_registry
from tests.factories import accounts
from tests.factories.registry import registry_loaded

BENCH_SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "meetings.py"
MEETINGS = 240
SEED = 5


def __getattr__(name: str) -> Any:
    """``urlpatterns``: the site with the floors mounted, as SECRETARIAT_BENCH_FLOOR=1 mounts
    them; built when Django first reads it (the site's URLs import every app's views)."""
    if name != "urlpatterns":
        raise AttributeError(name)
    from config.urls import urlpatterns as site_urlpatterns

    return [*site_urlpatterns, path("bench-floor/", include("secretariat.benchfloor.urls"))]


with_floors = pytest.mark.urls(__name__)


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """bench/meetings.py, loaded as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_meetings", BENCH_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_loaded(django_db_blocker), django_db_blocker.unblock():
        delegations_sync()
        try:
            yield
        finally:
            Delegation.objects.all().delete()


@pytest.fixture
def generated(bench: ModuleType, registry: None, db: None) -> Any:
    return bench.generate(MEETINGS, seed=SEED)


def test_the_generator_writes_what_it_reports(generated: Any) -> None:
    assert generated.meetings == Meeting.objects.count() == MEETINGS
    assert generated.agenda_items == AgendaItem.objects.count() > 0
    assert generated.positions == Position.objects.count() > 0
    assert generated.attendance == Attendance.objects.count() > 0
    assert generated.deadlines == Deadline.objects.count() > 0
    assert generated.transitions == MeetingTransition.objects.count() > 0
    assert generated.events == MeetingEvent.objects.count() > 0
    assert generated.signatures == MinutesSignature.objects.count() > 0
    assert generated.circulations == AgendaCirculation.objects.count() > 0
    assert sum(generated.by_kind.values()) == MEETINGS


def test_ten_years_of_meetings_for_every_body_in_every_procedure(
    bench: ModuleType, generated: Any
) -> None:
    book = rulebook()
    flows = workflows(book)
    procedures = {code: p.body for code, p in book.procedures.items()}
    years = {m.date_start.year for m in Meeting.objects.all()}

    assert years == set(range(bench.FIRST_YEAR, bench.FIRST_YEAR + bench.DEFAULT_YEARS))
    assert set(generated.by_body) == set(Body.objects.values_list("code", flat=True))
    assert set(generated.by_kind) == set(flows.workflows)
    for meeting in Meeting.objects.select_related("body"):
        assert meeting.kind in bench.kinds_for(
            meeting.body.code, procedures, sorted(flows.workflows)
        )
        assert meeting.state in flows.get(meeting.kind).states
        assert meeting.date_start <= meeting.date_end
        assert meeting.extraordinary == meeting.kind.endswith("-extraordinary")


def test_each_history_leads_from_the_initial_state_to_the_meeting_s_state(
    generated: Any,
) -> None:
    flows = workflows(rulebook())
    history: dict[int, list[MeetingTransition]] = {}
    for row in MeetingTransition.objects.order_by("at", "pk"):
        history.setdefault(row.meeting_id, []).append(row)
    for meeting in Meeting.objects.all():
        workflow = flows.get(meeting.kind)
        state = workflow.initial
        for row in history.get(meeting.pk, []):
            step = next(t for t in workflow.available(state) if t.event == row.event)
            assert (row.from_state, row.to_state) == (state, step.target)
            assert set(row.verdict) == {"en", "ru", "zh"}
            state = step.target
        assert state == meeting.state
        assert meeting.version == 1 + len(history.get(meeting.pk, []))


def test_the_board_s_content_is_consistent_with_its_state(generated: Any) -> None:
    parts = set(
        Delegation.objects.filter(kind=DelegationKind.NATIONAL_PART).values_list("pk", flat=True)
    )
    present = {(a.meeting_id, a.delegation_id): a.members_present for a in Attendance.objects.all()}
    for position in Position.objects.select_related("item", "meeting__body"):
        assert position.meeting.body.code == "bcb"
        assert position.item.meeting_id == position.meeting_id
        assert present[(position.meeting_id, position.delegation_id)] > 0
    for item in AgendaItem.objects.filter(meeting__body__code="bcb"):
        stances = set(item.positions.values_list("position", flat=True))
        # Adopted by consensus, or left open: an objection decides nothing (item_decide).
        assert item.adopted == (item.decided_at is not None)
        if item.adopted:
            assert "object" not in stances
            assert set(item.decision) == {"en", "ru", "zh"}
    assert Position.objects.filter(position="object").exists()
    opened = MeetingTransition.objects.filter(event="open_session").values_list(
        "meeting_id", flat=True
    )
    for meeting in Meeting.objects.filter(body__code="bcb", pk__in=opened):
        assert set(meeting.attendance.values_list("delegation_id", flat=True)) == parts
    for meeting in Meeting.objects.filter(state__in=["minutes_signed", "minutes_distributed"]):
        if meeting.body.code == "bcb":
            assert set(meeting.signatures.values_list("delegation_id", flat=True)) == parts


def test_items_exist_once_the_agenda_is_circulated(generated: Any) -> None:
    circulated = set(AgendaCirculation.objects.values_list("meeting_id", flat=True))
    with_items = set(AgendaItem.objects.values_list("meeting_id", flat=True))
    taken = set(
        MeetingTransition.objects.filter(event="circulate_agenda").values_list(
            "meeting_id", flat=True
        )
    )

    assert circulated == with_items == taken
    counts = Counter(AgendaItem.objects.values_list("meeting_id", flat=True))
    assert all(3 <= n <= 8 for n in counts.values())


def test_deadlines_are_the_engine_s_schedule(generated: Any) -> None:
    book = rulebook()
    ref = reference_from_registry()
    for meeting in Meeting.objects.all()[:60]:
        events = {e.event: e.date for e in meeting.events.all()}
        schedule = compute_schedule(
            book,
            ref,
            meeting.kind,
            meeting_start=meeting.date_start,
            meeting_end=meeting.date_end,
            events=events,
        )
        assert {d.rule_id: d.due for d in meeting.deadlines.all()} == {
            s.rule.id: s.due for s in schedule.steps
        }


def test_the_same_seed_writes_the_same_meetings(
    bench: ModuleType, registry: None, db: None
) -> None:
    def calendar(seed: int) -> list[tuple[Any, ...]]:
        with transaction.atomic():
            bench.generate(40, seed=seed)
            rows = list(
                Meeting.objects.order_by("date_start", "title_en").values_list(
                    "body__code", "kind", "state", "date_start", "date_end", "title_en"
                )
            )
            transaction.set_rollback(True)  # the next calendar starts from none
        return rows

    assert calendar(7) == calendar(7)
    assert calendar(7) != calendar(8)


def test_the_sample_has_agenda_items_in_every_procedure_and_positions_for_the_board(
    bench: ModuleType, generated: Any
) -> None:
    ids = bench.sample_meetings(12, SEED)
    chosen = Meeting.objects.filter(pk__in=ids).select_related("body")

    assert len(ids) >= 8
    assert {m.kind for m in chosen} == set(generated.by_kind)
    for meeting in chosen:
        assert meeting.agenda_items.exists()
        if meeting.body.code == "bcb":
            assert meeting.positions.exists()


@with_floors
def test_the_meeting_floor_returns_the_items_and_their_positions(generated: Any) -> None:
    meeting = Meeting.objects.filter(positions__isnull=False).first()
    assert meeting is not None

    answer = Client().get(f"/bench-floor/meeting/{meeting.pk}")

    assert answer.status_code == 200
    data = json.loads(answer.content)
    assert data["id"] == meeting.pk
    assert data["state"] == meeting.state
    assert [i["number"] for i in data["items"]] == list(
        meeting.agenda_items.order_by("number").values_list("number", flat=True)
    )
    stated = {
        (p.item.number, p.delegation.code): p.position
        for p in meeting.positions.select_related("item", "delegation")
    }
    returned = {
        (i["number"], code): position
        for i in data["items"]
        for code, position in i["positions"].items()
    }
    assert returned == stated


@with_floors
def test_the_floors_need_no_login_and_a_missing_meeting_is_not_found(db: None) -> None:
    client = Client()

    assert json.loads(client.get("/bench-floor/json").content) == BARE
    assert client.get("/bench-floor/meeting/999999").status_code == 404


def test_the_floors_are_not_mounted_without_the_setting(db: None) -> None:
    assert Client().get("/bench-floor/json").status_code == 404


@with_floors
def test_every_target_answers_for_the_sample_with_its_queries_counted(
    bench: ModuleType, generated: Any
) -> None:
    officer = accounts.user("bench-officer", "secretariat_officer", "sco-secretariat")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    _token, key = api_token_create(user=officer, name="bench")

    checked = bench.check_targets(
        bench.sample_meetings(8, SEED), client.cookies["sessionid"].value, f"Bearer {key}"
    )

    assert set(checked) == set(bench.TARGETS)
    assert checked["floor-json"]["queries"] == 0
    assert checked["floor-meeting"]["queries_max"] == 2
    assert checked["page"]["queries"] > 0
    assert checked["api"]["queries"] > 0


def test_the_wrk_script_rotates_the_paths_with_the_headers(bench: ModuleType) -> None:
    script = bench.lua_script(["/a/1", "/a/2"], {"Authorization": "Bearer x"})

    assert 'local paths = {"/a/1", "/a/2"}' in script
    assert 'wrk.headers["Authorization"] = "Bearer x"' in script
    assert "function response(status" in script
    assert "percentile(99)" in script


def test_the_goals_are_ratios_to_the_minimal_floor(bench: ModuleType) -> None:
    def load(target: str, requests: int, p99: float) -> Any:
        return bench.Load(target, requests, 20.0, p99 / 2, p99, 0, 0)

    loads = {
        "page": load("page", 400, 90),
        "api": load("api", 700, 50),
        "floor-meeting": load("floor-meeting", 1000, 30),
        "floor-json": load("floor-json", 3000, 10),
    }

    met = {goal.split()[0] + goal.split()[1]: ok for goal, _ratio, ok in bench.goals(loads)}

    assert met == {"apireq/s": True, "apip99": True, "pagereq/s": True}
    loads["api"] = load("api", 500, 70)
    assert [ok for _goal, _ratio, ok in bench.goals(loads)] == [False, False, True]


def test_without_wrk_the_benchmark_says_how_to_install_it(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench.shutil, "which", lambda _name: None)

    assert bench.main(["--db", "sqlite"]) == 2
    assert "apt-get install -y wrk" in capsys.readouterr().out
