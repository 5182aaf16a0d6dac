"""Benchmark: the meeting page and the meeting API under load, against two floors.

    python bench/meetings.py [--db sqlite|postgresql|both] [--meetings N] [--duration S]
        [--connections C] [--workers W] [--threads T] [--seed S] [--keep] [--profile] ...

For each database, a fresh one is migrated, the SCO registry is loaded and its delegations
derived, and ten years of synthetic meetings are generated for every body (2022-2031, seen
as on 2027-01-01): meetings of every procedure with a workflow, in states their dates make
plausible, each with its deadlines (computed by the rules engine), the transitions that led
to its state, its events, initiators and consents, and from the circulation of the agenda
on its agenda items; the Board's meetings also have attendance per national part, each
part's position on each item, the signatures of the minutes and their distribution. The
planner's statistics are then gathered (ANALYZE), as autovacuum would have.

The real stack then serves them: gunicorn with ``config.wsgi`` (development settings with
DEBUG off: production settings refuse the floors), 2 sync workers by default (one per
core: threads measured slower here), the same for every target. From a second process,
``wrk`` loads four targets one after the other, each with C connections for S seconds
after a short warm-up that is not counted, once the machine is idle:

- ``page``: the meeting page, ``/meetings/<id>/``, logged in as a Secretariat officer;
- ``api``: the meeting's API, ``/api/meetings/<id>``, with the officer's bearer token;
- ``floor-meeting``: ``/bench-floor/meeting/<id>``, the same meeting with its agenda items
  and their positions read in two queries, no permission check, no engine, no template;
- ``floor-json``: ``/bench-floor/json``, a constant small JSON answer.

Every target rotates over the same handful of meetings (every procedure, over and under
way, all with agenda items; the Board's with positions). Printed per target: requests per
second, p50 and p99 latency, answers other than 2xx (any fails the run: exit status 1),
the queries and bytes of one request, and the CPU the server and PostgreSQL spent per
request and other processes took meanwhile; then the ratios to the minimal floor
(``floor-meeting``) and the goals: the API at least 0.6x the floor's requests per second
with p99 at most 2x the floor's, the page at least 0.4x. See docs/bench-meetings.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import json
import os
import pstats
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

FIRST_YEAR = 2022
DEFAULT_YEARS = 10
#: The day the synthetic calendar is seen from: meetings before it are over, after it planned.
AS_OF = dt.date(2027, 1, 1)
DEFAULT_MEETINGS = 5_200
DEFAULT_SAMPLE = 12
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/secretariat_bench"

#: Share of the meetings held by a body; the others share the rest equally.
BODY_SHARE: Mapping[str, float] = {"bcb": 0.35, "cmfa": 0.10}
#: The Board is served by the Business Council's Secretariat: only its own procedures.
BOARD = "bcb"
#: Share of meetings cancelled or refused on the way.
OFF_PATH_SHARE = 0.06
#: How many days ahead a meeting starts moving through its preparation.
LEAD_DAYS = 150
#: A national part's Board members present: 0 (absent) or up to 3 (BCB-COMPOSITION).
PRESENT_WEIGHTS: Mapping[int, int] = {0: 1, 1: 1, 2: 3, 3: 6}
#: Share of the items put to a decision on which one part objected (left undecided).
OBJECTION_SHARE = 0.08
CITIES: Mapping[str, str] = {
    "CN": "Beijing",
    "RU": "Moscow",
    "KZ": "Astana",
    "KG": "Bishkek",
    "TJ": "Dushanbe",
    "UZ": "Tashkent",
    "IN": "New Delhi",
    "PK": "Islamabad",
    "IR": "Tehran",
    "BY": "Minsk",
}
TOPICS = (
    "Budget of the year",
    "Report of the Secretariat",
    "Cooperation in transport and logistics",
    "Energy cooperation programme",
    "Digital economy working group",
    "Plan of events of the chairmanship",
    "Admission of new members of the Board",
    "Interbank association: joint projects",
    "Report on the implementation of decisions",
    "Date and venue of the next meeting",
    "Agriculture and food security",
    "Regulations of the working groups",
)

#: Goals, as ratios to the minimal floor (floor-meeting).
GOAL_API_RPS = 0.6
GOAL_API_P99 = 2.0
GOAL_PAGE_RPS = 0.4
TARGETS = ("page", "api", "floor-meeting", "floor-json")
FLOOR = "floor-meeting"


# --- the synthetic calendar ------------------------------------------------------------------


@dataclass(slots=True)
class Generated:
    """How many rows of each kind the generator wrote."""

    meetings: int = 0
    agenda_items: int = 0
    positions: int = 0
    attendance: int = 0
    deadlines: int = 0
    transitions: int = 0
    events: int = 0
    initiatives: int = 0
    consents: int = 0
    circulations: int = 0
    signatures: int = 0
    distribution: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_state: dict[str, int] = field(default_factory=dict)
    by_body: dict[str, int] = field(default_factory=dict)
    first: str = ""
    last: str = ""


def kinds_for(
    body_code: str, procedures: Mapping[str, str], with_workflow: Sequence[str]
) -> list[str]:
    """The procedures a body's meetings follow: its own, and those the Secretariat serves."""
    own = [k for k in with_workflow if procedures[k] == body_code]
    if body_code == BOARD:
        return own
    return own + [k for k in with_workflow if procedures[k] == "secretariat"]


def off_path_states(workflow: Any) -> set[str]:
    """Final states a meeting reaches by being cancelled or refused."""
    return {s for s in workflow.final if s in {"cancelled", "refused"}}


def main_path(workflow: Any) -> tuple[list[str], list[Any]]:
    """The states from the initial one to the main final one, and the steps between them.

    At each state the first step that moves on is taken (not a loop, not a cancellation or
    a refusal): the order workflows.yaml lists them in.
    """
    off = off_path_states(workflow)
    state = workflow.initial
    states, steps = [state], []
    while state not in workflow.final:
        step = next(
            t for t in workflow.available(state) if t.target != state and t.target not in off
        )
        steps.append(step)
        state = step.target
        states.append(state)
    return states, steps


def progress(
    rng: random.Random, workflow: Any, start: dt.date, end: dt.date, as_of: dt.date
) -> tuple[list[Any], str]:
    """The steps a meeting has taken by ``as_of``, and the state they led to.

    Over a month before ``as_of``: at the end of its procedure; just over: between the
    session and the end; under way: in session; ahead: moving through its preparation over
    the last LEAD_DAYS. A few are cancelled or refused at some state that allows it.
    """
    states, steps = main_path(workflow)
    off = off_path_states(workflow)
    if off and rng.random() < OFF_PATH_SHARE:
        exits = [
            (i, t) for i, s in enumerate(states) for t in workflow.available(s) if t.target in off
        ]
        i, exit_step = exits[rng.randrange(len(exits))]
        return [*steps[:i], exit_step], exit_step.target
    session = states.index("in_session")
    last = len(states) - 1
    if end < as_of:
        index = last if (as_of - end).days > 30 else rng.randint(session + 1, last)
    elif start <= as_of:
        index = session
    else:
        ahead = (start - as_of).days
        index = max(0, min(session - 1, int(session * (1 - ahead / LEAD_DAYS))))
    return steps[:index], states[index]


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _weighted(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    return rng.choices(list(weights), list(weights.values()))[0]


class _Calendar:
    """The rows of the synthetic meetings, built in memory, then bulk-inserted."""

    def __init__(self, rng: random.Random, as_of: dt.date, by: Any) -> None:
        from secretariat.accounts.models import Delegation, DelegationKind, User
        from secretariat.meetings import models
        from secretariat.procedure.rules import rulebook
        from secretariat.procedure.workflows import workflows
        from secretariat.registry.models import Body, State
        from secretariat.registry.reference import reference_from_registry

        self.rng, self.as_of, self.by = rng, as_of, by
        self.m = models
        self.book = rulebook()
        self.flows = workflows(self.book)
        self.ref = reference_from_registry()
        procedures = {code: p.body for code, p in self.book.procedures.items()}
        with_workflow = sorted(self.flows.workflows)
        bodies = list(Body.objects.order_by("code"))
        if not bodies:
            raise RuntimeError("the registry is not loaded: run `secretariat registry load`")
        self.kinds = {b.code: kinds_for(b.code, procedures, with_workflow) for b in bodies}
        bodies = [b for b in bodies if self.kinds[b.code]]
        shared = [b for b in bodies if b.code not in BODY_SHARE]
        rest = (1 - sum(BODY_SHARE.get(b.code, 0) for b in bodies)) / max(1, len(shared))
        self.body_weights = {b: BODY_SHARE.get(b.code, rest) for b in bodies}
        delegations = {d.code: d for d in Delegation.objects.select_related("state")}
        self.part_states = sorted(b.state for b in self.ref.national_parts() if b.state)
        self.parts = {
            d.state.code: d
            for d in sorted(delegations.values(), key=lambda d: d.code)
            if d.kind == DelegationKind.NATIONAL_PART and d.state
            if d.state.code in self.part_states
        }
        self.members = {
            d.state.code: d
            for d in sorted(delegations.values(), key=lambda d: d.code)
            if d.kind == DelegationKind.MEMBER_STATE and d.state is not None
        }
        if len(self.parts) < 2 or "sco-secretariat" not in delegations:
            raise RuntimeError("no delegations: run `secretariat accounts sync-delegations`")
        self.secretariats = {
            True: delegations["bc-secretariat"],
            False: delegations["sco-secretariat"],
        }
        self.states = {s.code: s for s in State.objects.all()}
        self.signers = _signers(User, list(self.parts.values()))
        self.meetings: list[Any] = []
        self.items: list[Any] = []
        self.stances: list[dict[str, str]] = []
        self.rows: dict[str, list[Any]] = {name: [] for name in ROW_MODELS}
        self._verdicts: dict[tuple[str, str], dict[str, Any]] = {}
        self._decisions: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}

    # -- the calendar --

    def plan(self, n: int, first_year: int, years: int) -> list[tuple[int, Any, str, Any, Any]]:
        """``n`` (number, body, kind, start, end), in date order."""
        first = dt.date(first_year, 1, 1)
        span = (dt.date(first_year + years, 1, 1) - first).days
        plans = []
        for number in range(1, n + 1):
            body = _weighted(self.rng, self.body_weights)
            kind = self.rng.choice(self.kinds[body.code])
            start = first + dt.timedelta(days=self.rng.randrange(span))
            length = 0 if self.rng.random() < 0.7 else self.rng.randint(1, 2)
            plans.append((number, body, kind, start, start + dt.timedelta(days=length)))
        plans.sort(key=lambda p: (p[3], p[0]))
        return plans

    def meeting(self, number: int, body: Any, kind: str, start: dt.date, end: dt.date) -> Any:
        from secretariat.procedure.text import LANGS

        workflow = self.flows.get(kind)
        taken, state = progress(self.rng, workflow, start, end, self.as_of)
        host = self.rng.choice(self.part_states)
        title = self.book.procedures[kind].title
        meeting = self.m.Meeting(
            body=body,
            kind=kind,
            extraordinary=kind.endswith("-extraordinary"),
            state=state,
            **{f"title_{lang}": f"{title[lang]} ({body.code}-{number})" for lang in LANGS},
            venue_city_en=CITIES.get(host, ""),
            venue_state=self.states.get(host),
            date_start=start,
            date_end=end,
            created_by=self.by,
        )
        meeting.taken = taken
        self.meetings.append(meeting)
        return meeting

    # -- what each meeting holds (the meeting rows have their ids by then) --

    def content(self, meeting: Any) -> None:
        taken = meeting.taken
        done = {t.event for t in taken}
        board = meeting.body.code == BOARD
        events = self._events(meeting, taken)
        initiators = self._initiators(meeting, board)
        self._consents(meeting, initiators, done)
        circulate = next((t for t in taken if t.event == "circulate_agenda"), None)
        if circulate is not None:
            self.rows["circulations"].append(
                self.m.AgendaCirculation(
                    meeting=meeting,
                    circulated_at=_aware(meeting.date_start - dt.timedelta(days=20)),
                    circulated_by=self.by,
                    cnc_consent=True if "SEC-CIRCULATE-CNC" in circulate.rules else None,
                )
            )
        present, chairs = (
            self._attendance(meeting) if board and "open_session" in done else ({}, {})
        )
        adopted = self._agenda(meeting, board, present, done) if circulate is not None else 0
        if board and meeting.state in {"minutes_signed", "minutes_distributed"}:
            self._signatures(meeting, chairs)
        if "distribute_minutes" in done:
            self._distribution(meeting, board)
        self._history(meeting, taken, adopted, events)
        self._deadlines(meeting, events)

    def _events(self, meeting: Any, taken: Sequence[Any]) -> dict[str, dt.date]:
        events: dict[str, dt.date] = {}
        received = meeting.date_start - dt.timedelta(days=self.rng.randint(35, 75))
        for step in taken:
            if step.requires_event == "received":
                events["received"] = received
            elif step.requires_event == "informed":
                events["informed"] = received + dt.timedelta(days=self.rng.randint(1, 4))
        self.rows["events"] += [
            self.m.MeetingEvent(meeting=meeting, event=e, date=d, recorded_by=self.by)
            for e, d in events.items()
        ]
        return events

    def _initiators(self, meeting: Any, board: bool) -> list[Any]:
        if not meeting.extraordinary:
            return []
        pool = list((self.parts if board else self.members).values())
        chosen = self.rng.sample(pool, self.rng.randint(2, min(4, len(pool))))
        self.rows["initiatives"] += [
            self.m.Initiative(meeting=meeting, delegation=d) for d in chosen
        ]
        return chosen

    def _consents(self, meeting: Any, initiators: Sequence[Any], done: set[str]) -> None:
        transitions = self.flows.get(meeting.kind).transitions
        if not any("all_consented" in t.guards for t in transitions):
            return
        initiating = {d.state.code for d in initiators}
        others = [
            self.members[s]
            for s in self.ref.members_on(meeting.date_start)
            if s not in initiating and s in self.members
        ]
        refuser = self.rng.choice(others) if "decline" in done and others else None
        for d in others:
            answer = "yes" if "collect_consents" in done or self.rng.random() < 0.5 else "pending"
            answer = "no" if d is refuser else answer
            self.rows["consents"].append(
                self.m.Consent(
                    meeting=meeting,
                    delegation=d,
                    answer=answer,
                    answered_at=None if answer == "pending" else _aware(meeting.date_start, 12),
                )
            )

    def _attendance(self, meeting: Any) -> tuple[dict[str, int], dict[str, bool]]:
        """Board members present per part (quorate, as the session was opened)."""
        from secretariat.procedure.quorum import check_quorum

        present = {s: _weighted(self.rng, PRESENT_WEIGHTS) for s in self.parts}
        while not check_quorum(self.book, present, len(self.parts)).ok:
            absent = sorted(s for s, c in present.items() if c == 0) or sorted(present)
            present[absent[0]] = 3
        chairs = {s: c > 0 and self.rng.random() < 0.9 for s, c in present.items()}
        for state, d in self.parts.items():
            self.rows["attendance"].append(
                self.m.Attendance(
                    meeting=meeting,
                    delegation=d,
                    members_present=present[state],
                    chair_present=chairs[state],
                    recorded_at=_aware(meeting.date_start, 9),
                    recorded_by=self.by,
                )
            )
        return present, chairs

    def _agenda(self, meeting: Any, board: bool, present: Mapping[str, int], done: set[str]) -> int:
        """Three to eight items; in the Board's session, positions and decisions."""
        adopted = 0
        for number in range(1, self.rng.randint(3, 8) + 1):
            item = self.m.AgendaItem(
                meeting=meeting,
                number=number,
                title_en=TOPICS[self.rng.randrange(len(TOPICS))],
                owner_delegation=self.secretariats[board],
                circulated_to_members=True,
            )
            stances: dict[str, str] = {}
            if present:
                decided = "conclude" in done or self.rng.random() < 0.5
                for state in self.parts:
                    if present[state] and (decided or self.rng.random() < 0.6):
                        stances[state] = "support" if self.rng.random() < 0.85 else "abstain"
                if decided and stances and self.rng.random() < OBJECTION_SHARE:
                    # An objection: services.item_decide writes nothing, the item stays open.
                    stances[self.rng.choice(sorted(stances))] = "object"
                elif decided:
                    counted = {
                        s: stances.get(s, "abstain" if present[s] else "absent") for s in self.parts
                    }
                    item.decision = self._decision(counted)
                    item.adopted = True
                    item.decided_at = _aware(meeting.date_start, 11 + number % 6)
                    adopted += 1
            self.items.append(item)
            self.stances.append(stances)
        return adopted

    def _signatures(self, meeting: Any, chairs: Mapping[str, bool]) -> None:
        """Every part signs: its head if present, else an authorised Board member."""
        for state, d in self.parts.items():
            chair = chairs.get(state, False)
            self.rows["signatures"].append(
                self.m.MinutesSignature(
                    meeting=meeting,
                    delegation=d,
                    signed_by=self.signers[d.code][0 if chair else 1],
                    signed_at=_aware(meeting.date_end, 18),
                    as_authorised_member=not chair,
                )
            )

    def _distribution(self, meeting: Any, board: bool) -> None:
        """The minutes as they reached each recipient (where the model exists)."""
        model = getattr(self.m, "MinutesDistribution", None)
        if model is None:
            return
        if board:
            recipients = list(self.parts.values())
        else:
            members = self.ref.members_on(meeting.date_start)
            recipients = [self.members[s] for s in members if s in self.members]
        digest = hashlib.sha256(f"minutes {meeting.pk}".encode()).hexdigest()
        sent_on = meeting.date_end + dt.timedelta(days=self.rng.randint(0, 6))
        for d in recipients:
            self.rows["distribution"].append(
                model(
                    meeting=meeting,
                    delegation=d,
                    method="handed" if board and self.rng.random() < 0.5 else "sent",
                    sent_on=sent_on,
                    late=False,
                    pdf_sha256=digest,
                    recorded_at=_aware(sent_on, 16),
                    recorded_by=self.by,
                )
            )

    def _history(
        self, meeting: Any, taken: Sequence[Any], adopted: int, events: Mapping[str, dt.date]
    ) -> None:
        """Every step taken, one adopt_decision per adopted item, with dates in order."""
        workflow = self.flows.get(meeting.kind)
        history = list(taken)
        if adopted:
            at = next(i for i, t in enumerate(history) if t.event == "open_session") + 1
            adopt = next(t for t in workflow.transitions if t.event == "adopt_decision")
            history[at:at] = [adopt] * adopted
        begin = min([meeting.date_start - dt.timedelta(days=60), *events.values()])
        state = workflow.initial
        for i, step in enumerate(history):
            row = self.m.MeetingTransition(
                meeting=meeting,
                from_state=state,
                to_state=step.target,
                event=step.event,
                by=self.by,
                verdict=self._verdict(meeting.kind, step),
            )
            # bulk_create stamps ``at`` with the time of the insert; _restamp writes this.
            row.stamp = _aware(min(begin + dt.timedelta(days=i * 3), self.as_of), 8 + i % 10)
            self.rows["transitions"].append(row)
            state = step.target
        meeting.version = 1 + len(history)  # raised by every step, as services._bump does

    def _deadlines(self, meeting: Any, events: Mapping[str, dt.date]) -> None:
        """The engine's schedule, as services.deadlines_sync writes it (without reminders)."""
        from secretariat.procedure.schedules import compute_schedule
        from secretariat.procedure.text import LANGS

        known = self.book.procedures[meeting.kind].events
        schedule = compute_schedule(
            self.book,
            self.ref,
            meeting.kind,
            meeting_start=meeting.date_start,
            meeting_end=meeting.date_end,
            events={e: d for e, d in events.items() if e in known},
        )
        for s in schedule.steps:
            self.rows["deadlines"].append(
                self.m.Deadline(
                    meeting=meeting,
                    rule_id=s.rule.id,
                    anchor=s.anchor,
                    anchor_date=s.anchor_date,
                    due=s.due,
                    actor=s.actor.code,
                    done_at=_aware(s.due) if s.due < self.as_of else None,
                    warnings=[{lang: w.render(lang) for lang in LANGS} for w in s.warnings],
                )
            )

    def _verdict(self, kind: str, step: Any) -> dict[str, Any]:
        """A step's verdict in the shape of Verdict.render: a summary and the rules cited."""
        from secretariat.procedure.text import LANGS

        key = (kind, step.event)
        if key not in self._verdicts:
            rules = [self.book.rule(r) for r in step.rules]
            self._verdicts[key] = {
                lang: {
                    "check": "workflow",
                    "outcome": "allowed",
                    "ok": True,
                    "summary": step.name[lang],
                    "facts": {"event": step.event, "target": step.target},
                    "rules": [
                        {
                            "id": r.id,
                            "source": r.cite(),
                            "wording": r.wording[lang],
                            "original": r.original_text,
                        }
                        for r in rules
                    ],
                    "warnings": [],
                }
                for lang in LANGS
            }
        return self._verdicts[key]

    def _decision(self, positions: Mapping[str, str]) -> dict[str, Any]:
        """The consensus verdict on an item (BCB-CONSENSUS), rendered in every language."""
        from secretariat.procedure.consensus import Position as Stance
        from secretariat.procedure.consensus import check_consensus
        from secretariat.procedure.text import LANGS

        key = tuple(sorted(positions.items()))
        if key not in self._decisions:
            verdict = check_consensus(self.book, {s: Stance(p) for s, p in positions.items()})
            self._decisions[key] = {lang: verdict.render(self.book, lang) for lang in LANGS}
        return self._decisions[key]

    # -- writing --

    def write(self) -> Generated:
        """Insert the meetings, then what they hold; the counts."""
        self.m.Meeting.objects.bulk_create(self.meetings, batch_size=500)
        for meeting in self.meetings:
            self.content(meeting)
        self.m.Meeting.objects.bulk_update(self.meetings, ["version"], batch_size=500)
        self.m.AgendaItem.objects.bulk_create(self.items, batch_size=1000)
        positions = [
            self.m.Position(
                meeting_id=item.meeting_id,
                item=item,
                delegation=self.parts[state],
                position=stance,
                recorded_at=item.decided_at or _aware(item.meeting.date_start, 10),
                recorded_by=self.by,
            )
            for item, stances in zip(self.items, self.stances, strict=True)
            for state, stance in stances.items()
        ]
        self.m.Position.objects.bulk_create(positions, batch_size=2000)
        report = Generated(
            meetings=len(self.meetings), agenda_items=len(self.items), positions=len(positions)
        )
        for name, model_name in ROW_MODELS.items():
            model = getattr(self.m, model_name, None)
            if model is not None:
                model.objects.bulk_create(self.rows[name], batch_size=1000)
            setattr(report, name, len(self.rows[name]))
        _restamp(self.m.MeetingTransition, "at", self.rows["transitions"])
        report.by_kind = dict(sorted(Counter(m.kind for m in self.meetings).items()))
        report.by_state = dict(sorted(Counter(m.state for m in self.meetings).items()))
        report.by_body = dict(sorted(Counter(m.body.code for m in self.meetings).items()))
        if self.meetings:
            report.first = min(m.date_start for m in self.meetings).isoformat()
            report.last = max(m.date_end for m in self.meetings).isoformat()
        return report


#: The rows written after the meetings and their items: name in Generated -> model.
ROW_MODELS: Mapping[str, str] = {
    "attendance": "Attendance",
    "events": "MeetingEvent",
    "initiatives": "Initiative",
    "consents": "Consent",
    "circulations": "AgendaCirculation",
    "signatures": "MinutesSignature",
    "distribution": "MinutesDistribution",
    "transitions": "MeetingTransition",
    "deadlines": "Deadline",
}


def generate(
    n: int = DEFAULT_MEETINGS,
    *,
    seed: int = 2026,
    first_year: int = FIRST_YEAR,
    years: int = DEFAULT_YEARS,
    as_of: dt.date = AS_OF,
    by: Any = None,
) -> Generated:
    """Write ``n`` meetings over ``years`` years from ``first_year``, with their content.

    Needs the registry loaded and the delegations synced. Everything is bulk-inserted in
    one transaction, so no signal fires: the audit log and the reminders are left out.
    The same seed writes the same meetings (their ids depend on the database).
    """
    from django.db import transaction

    if n < 0 or years < 1:
        raise ValueError("need n >= 0 meetings over at least one year")
    with transaction.atomic():
        calendar = _Calendar(random.Random(seed), as_of, by)
        for plan in calendar.plan(n, first_year, years):
            calendar.meeting(*plan)
        return calendar.write()


def _restamp(model: Any, name: str, rows: Sequence[Any]) -> None:
    """Write each row's ``stamp`` into its auto_now_add column ``name``, 500 rows a query."""
    from django.db.models import Case, DateTimeField, When

    for chunk in range(0, len(rows), 500):
        part = rows[chunk : chunk + 500]
        model.objects.filter(pk__in=[r.pk for r in part]).update(
            **{
                name: Case(
                    *(When(pk=r.pk, then=r.stamp) for r in part), output_field=DateTimeField()
                )
            }
        )


def _signers(user_model: Any, parts: Sequence[Any]) -> dict[str, list[Any]]:
    """A chair and a Board member per national part, to sign the minutes (no password)."""
    from django.contrib.auth.hashers import make_password

    wanted = [
        user_model(
            username=f"bench-{d.code}-{role.replace('_', '-')}",
            role=role,
            delegation=d,
            password=make_password(None),
        )
        for d in parts
        for role in ("np_chair", "np_board_member")
    ]
    user_model.objects.bulk_create(wanted, ignore_conflicts=True)
    found = {u.username: u for u in user_model.objects.filter(username__startswith="bench-np-")}
    return {
        d.code: [found[f"bench-{d.code}-np-chair"], found[f"bench-{d.code}-np-board-member"]]
        for d in parts
    }


def sample_meetings(k: int = DEFAULT_SAMPLE, seed: int = 2026) -> list[int]:
    """About ``k`` meeting ids with agenda items, from every procedure, most of them over.

    Per procedure: two meetings in a final state, one still under way (its page offers the
    next steps); the Board's only among those with positions.
    """
    from django.db.models import Exists, OuterRef

    from secretariat.meetings.models import AgendaItem, Meeting, Position
    from secretariat.procedure.rules import rulebook
    from secretariat.procedure.workflows import workflows

    flows = workflows(rulebook())
    rng = random.Random(seed)
    rows = (
        Meeting.objects.filter(Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"))))
        .annotate(stated=Exists(Position.objects.filter(meeting=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "kind", "state", "body__code", "stated")
    )
    pools: dict[tuple[str, bool], list[int]] = {}
    for pk, kind, state, body, positions in rows:
        if body == BOARD and not positions:
            continue
        pools.setdefault((kind, state in flows.get(kind).final), []).append(pk)
    kinds = sorted({kind for kind, _final in pools})
    per_kind = max(1, round(k / max(1, len(kinds))))
    chosen: list[int] = []
    for kind in kinds:
        finals = pools.get((kind, True), [])
        going = pools.get((kind, False), [])
        take_going = min(len(going), max(1, per_kind // 3))
        take_final = min(len(finals), per_kind - take_going)
        chosen += rng.sample(finals, take_final) + rng.sample(going, take_going)
    return sorted(chosen)


# --- the server's side: prepare a database (run in a child process) -----------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The anonymous rate limits would refuse the repeated requests measured here.
    os.environ.setdefault("SECRETARIAT_RATELIMIT", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@contextmanager
def _timer(seconds: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    seconds[name] = round(time.perf_counter() - started, 2)


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate, load the registry, generate the meetings, log in; what the load needs."""
    _django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    import secretariat
    from secretariat.accounts.services import api_token_create, delegations_sync, user_create
    from secretariat.audit.context import Actor, acting_as
    from secretariat.registry.services import reference_load

    seconds: dict[str, float] = {}
    with acting_as(Actor(user_id=None, username="bench", origin="cli:bench")):
        with _timer(seconds, "migrate"):
            call_command("migrate", verbosity=0, interactive=False)
        with _timer(seconds, "registry"):
            reference_load()
            delegations_sync()
        officer = user_create(
            username="bench-officer",
            password=secrets.token_urlsafe(24),
            delegation="sco-secretariat",
            role="secretariat_officer",
            language="en",
        )
        with _timer(seconds, "generate"):
            generated = generate(args.meetings, seed=args.seed, by=officer)
            # Statistics for the planner, as autovacuum (PostgreSQL) or `PRAGMA optimize`
            # would gather on a database that grew over years: without them PostgreSQL
            # scans all the positions to find one meeting's.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        _token, key = api_token_create(user=officer, name="bench")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    authorization = f"Bearer {key}"
    ids = sample_meetings(args.sample, args.seed)
    out: dict[str, Any] = {
        # Where the code served comes from (a copy of the tree can be measured too).
        "code": str(Path(secretariat.__file__).resolve().parent),
        "generated": asdict(generated),
        "seconds": seconds,
        "ids": ids,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session}",
        "authorization": authorization,
        "checked": check_targets(ids, session, authorization),
    }
    if args.profile:
        out["profile"] = profile_targets(ids, session, authorization)
    return out


def target_paths(target: str, ids: Sequence[int]) -> list[str]:
    """The paths a target rotates over."""
    if target == "page":
        return [f"/meetings/{i}/" for i in ids]
    if target == "api":
        return [f"/api/meetings/{i}" for i in ids]
    if target == "floor-meeting":
        return [f"/bench-floor/meeting/{i}" for i in ids]
    return ["/bench-floor/json"]


def _client(target: str, session: str, authorization: str) -> tuple[Any, dict[str, str]]:
    from django.conf import settings
    from django.test import Client

    client = Client()
    extra: dict[str, str] = {}
    if target == "page":
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    elif target == "api":
        extra["HTTP_AUTHORIZATION"] = authorization
    return client, extra


def check_targets(ids: Sequence[int], session: str, authorization: str) -> dict[str, Any]:
    """Each target answers 200 for every meeting; queries and bytes per request (mean)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    checked: dict[str, Any] = {}
    for target in TARGETS:
        client, extra = _client(target, session, authorization)
        paths = target_paths(target, ids)
        queries, sizes = [], []
        for path in paths:
            client.get(path, **extra)  # the first request of a process pays for imports
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, **extra)
            if response.status_code != 200:
                raise RuntimeError(f"{target}: GET {path} answered {response.status_code}")
            queries.append(len(captured.captured_queries))
            sizes.append(len(response.content))
            if target == "floor-meeting" and not json.loads(response.content)["items"]:
                raise RuntimeError(f"{path}: no agenda items")
        checked[target] = {
            "queries": round(sum(queries) / len(queries), 1),
            "queries_max": max(queries),
            "bytes": round(sum(sizes) / len(sizes)),
        }
    return checked


def profile_targets(
    ids: Sequence[int], session: str, authorization: str, rounds: int = 10
) -> dict[str, str]:
    """cProfile of ``rounds`` passes over the meetings, page and API, in this process."""
    out = {}
    for target in ("page", "api"):
        client, extra = _client(target, session, authorization)
        paths = target_paths(target, ids)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(rounds):
            for path in paths:
                client.get(path, **extra)
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("cumulative").print_stats(r"/secretariat/", 40)
        stats.sort_stats("tottime").print_stats(15)
        out[target] = text.getvalue()
    return out


# --- the client's side: databases, the server, wrk ----------------------------------------


@dataclass(slots=True)
class Database:
    name: str
    url: str
    where: str
    cleanup: Any = None


def _sqlite(workdir: Path) -> Database:
    path = workdir / "bench.sqlite3"
    return Database("sqlite", f"sqlite:///{path}", str(path))


def _postgresql(url: str) -> Database:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"

    def run(statement: str) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(name)))

    run("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    run("CREATE DATABASE {}")
    return Database("postgresql", url, url, lambda: run("DROP DATABASE IF EXISTS {} WITH (FORCE)"))


def _environment(database: Database, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRETARIAT_ENV": "development",
            "SECRETARIAT_DEBUG": "0",
            "SECRETARIAT_BENCH_FLOOR": "1",
            "DATABASE_URL": database.url,
            "SECRETARIAT_VAR_DIR": str(workdir),
            # One key for the process that logs in and the server that reads the session.
            "SECRETARIAT_SECRET_KEY": secrets.token_urlsafe(50),
            "SECRETARIAT_LOG_LEVEL": "WARNING",
            "SECRETARIAT_RATELIMIT": "0",  # what is measured is the page, not the limiter
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(slots=True)
class Server:
    """A running gunicorn: its address and the process ids of its master and workers."""

    base: str
    process: subprocess.Popen[bytes]

    def pids(self) -> list[int]:
        return [self.process.pid, *_children(self.process.pid)]


@contextmanager
def serving(env: Mapping[str, str], workdir: Path, workers: int, threads: int) -> Iterator[Server]:
    """gunicorn with config.wsgi on a free port, until the block ends."""
    port = _free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--log-level",
        "warning",
        "--chdir",
        str(ROOT),
    ]
    log_path = workdir / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=dict(env), stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        server = Server(f"http://127.0.0.1:{port}", process)
        try:
            _wait_until_up(server, log_path)
            yield server
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(server: Server, log_path: Path, limit: float = 300.0) -> None:
    """Until the floor answers, for up to ``limit`` seconds: on a machine shared with other
    work, gunicorn can take over a minute to import the project and warm it."""
    deadline = time.monotonic() + limit
    while True:
        try:
            with urllib.request.urlopen(f"{server.base}/bench-floor/json", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (OSError, ValueError):
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("gunicorn did not start:\n" + log_path.read_text()[-3000:])
        time.sleep(0.2)


# --- CPU accounting (Linux /proc): who used the machine while wrk ran ------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _ticks(pid: int) -> int:
    """User and system CPU of a process, in clock ticks (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _postgres_pids() -> list[int]:
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                pids.append(int(comm.parent.name))
        except (OSError, ValueError):
            continue
    return pids


def _busy_ticks() -> int:
    """CPU used on the whole machine since boot, in clock ticks (idle and iowait left out)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0
    user, nice, system, _idle, _iowait, irq, softirq, *rest = fields
    return user + nice + system + irq + softirq + (rest[0] if rest else 0)


@dataclass(frozen=True, slots=True)
class CpuSnapshot:
    busy: int
    server: Mapping[int, int]
    database: Mapping[int, int]
    children: float

    @staticmethod
    def take(server: Server) -> CpuSnapshot:
        import resource

        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return CpuSnapshot(
            busy=_busy_ticks(),
            server={pid: _ticks(pid) for pid in server.pids()},
            database={pid: _ticks(pid) for pid in _postgres_pids()},
            children=usage.ru_utime + usage.ru_stime,
        )


@dataclass(frozen=True, slots=True)
class Cpu:
    """CPU seconds used during one load: by gunicorn, PostgreSQL, wrk and everything else."""

    server: float
    database: float
    wrk: float
    others: float


def _cpu_between(before: CpuSnapshot, after: CpuSnapshot) -> Cpu:
    def spent(was: Mapping[int, int], now: Mapping[int, int]) -> float:
        return sum(max(0, t - was.get(pid, 0)) for pid, t in now.items()) / TICK

    server = spent(before.server, after.server)
    database = spent(before.database, after.database)
    wrk = after.children - before.children  # wrk is the only child reaped meanwhile
    busy = (after.busy - before.busy) / TICK
    return Cpu(server, database, wrk, max(0.0, busy - server - database - wrk))


def wait_for_quiet(limit: float, cores: int, threshold: float = 0.1) -> float | None:
    """Wait (at most ``limit`` s) until the machine is idle for 2 s: other work (a test suite
    run meanwhile) would take CPU from the server. The share of the machine busy at the end,
    or None where /proc is not there."""
    if not Path("/proc/stat").exists():
        return None
    deadline = time.monotonic() + limit
    said = False
    while True:
        before = _busy_ticks()
        time.sleep(2)
        share = (_busy_ticks() - before) / TICK / (2 * cores)
        if share < threshold or time.monotonic() > deadline:
            return share
        if not said:
            print(f"  (the machine is {share:.0%} busy: waiting up to {limit:g} s for it to idle)")
            said = True


# --- wrk ------------------------------------------------------------------------------------

LUA = """-- written by bench/meetings.py: rotate over the paths, count answers other than 2xx
local paths = {%(paths)s}
%(headers)s
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  bad = 0
  counter = 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status < 200 or status > 299 then
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
    '"max_us": %%d, "non2xx": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, total, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True, slots=True)
class Load:
    """What wrk measured for one target, and who used the CPU meanwhile."""

    target: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int
    cpu: Cpu | None = None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def per_request_ms(self, seconds: float) -> float:
        return seconds / self.requests * 1e3 if self.requests else 0.0


def lua_script(paths: Sequence[str], headers: Mapping[str, str]) -> str:
    """The wrk script: rotate over ``paths`` with ``headers``, count non-2xx, print JSON."""
    quoted = ", ".join(json.dumps(p) for p in paths)
    lines = "\n".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
    return LUA % {"paths": quoted, "headers": lines}


def load(
    server: Server,
    target: str,
    paths: Sequence[str],
    headers: Mapping[str, str],
    *,
    connections: int,
    duration: float,
    threads: int,
    workdir: Path,
) -> Load:
    """Run wrk against ``paths`` (rotating) for ``duration`` seconds."""
    script = workdir / f"{target}.lua"
    script.write_text(lua_script(paths, headers))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s"]
    command += ["--timeout", "30s", "-s", str(script), server.base + paths[0]]
    before = CpuSnapshot.take(server)
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    cpu = _cpu_between(before, CpuSnapshot.take(server))
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    figures = json.loads(line[4:])
    return Load(
        target=target,
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1e3,
        p99_ms=figures["p99_us"] / 1e3,
        non2xx=figures["non2xx"],
        socket_errors=sum(figures[k] for k in ("connect", "read", "write", "timeout")),
        cpu=cpu,
    )


def headers_for(target: str, prepared: Mapping[str, Any]) -> dict[str, str]:
    """The page sends the officer's session cookie, the API the bearer token, floors nothing."""
    if target == "page":
        return {"Cookie": prepared["cookie"]}
    if target == "api":
        return {"Authorization": prepared["authorization"]}
    return {}


# --- the report -----------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def goals(loads: Mapping[str, Load]) -> list[tuple[str, float, bool]]:
    """(goal, ratio measured, met) for each goal, against the minimal floor."""
    floor, api, page = loads[FLOOR], loads["api"], loads["page"]
    if not floor.requests or not floor.p99_ms:
        return [("floor answered nothing", 0.0, False)]
    api_rps = api.rps / floor.rps
    api_p99 = api.p99_ms / floor.p99_ms if api.requests else float("inf")
    page_rps = page.rps / floor.rps
    return [
        (f"api  req/s >= {GOAL_API_RPS}x floor", api_rps, api_rps >= GOAL_API_RPS),
        (f"api  p99   <= {GOAL_API_P99}x floor", api_p99, api_p99 <= GOAL_API_P99),
        (f"page req/s >= {GOAL_PAGE_RPS}x floor", page_rps, page_rps >= GOAL_PAGE_RPS),
    ]


def _others_share(r: Load, cores: int) -> float:
    """The share of the machine other processes used while ``r`` ran."""
    if r.cpu is None or not r.seconds:
        return 0.0
    return r.cpu.others / (r.seconds * cores)


def report(prepared: Mapping[str, Any], loads: Mapping[str, Load], cores: int) -> bool:
    """Print one database's figures; True when every answer was a 2xx and none failed."""
    checked = prepared["checked"]
    print(
        f"{'target':<14}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'errors':>8}"
        f"{'queries':>9}{'KB':>6}{'cpu ms':>8}{'db ms':>7}{'others':>8}"
    )
    clean = True
    for target in TARGETS:
        r = loads[target]
        clean = clean and r.requests > 0 and r.non2xx == 0 and r.socket_errors == 0
        cpu = r.cpu or Cpu(0, 0, 0, 0)
        others = _others_share(r, cores) * 100
        print(
            f"{target:<14}{r.rps:>8,.0f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.non2xx:>9}"
            f"{r.socket_errors:>8}{checked[target]['queries']:>9g}"
            f"{checked[target]['bytes'] / 1024:>6.1f}{r.per_request_ms(cpu.server):>8.2f}"
            f"{r.per_request_ms(cpu.database):>7.2f}{others:>7.0f}%"
        )
    print(
        "  cpu ms, db ms: CPU of the gunicorn workers, and of PostgreSQL, per request; "
        "others: CPU of every other process, as a share of the machine"
    )
    floor = loads[FLOOR]
    print(
        f"ratios to the minimal floor ({FLOOR}: {floor.rps:,.0f} req/s, p99 {floor.p99_ms:.1f} ms):"
    )
    for target in TARGETS:
        r = loads[target]
        if target != FLOOR and floor.rps and floor.p99_ms:
            print(
                f"  {target:<14} req/s x{r.rps / floor.rps:.2f}"
                f"   p99 x{r.p99_ms / floor.p99_ms:.2f}"
            )
    for goal, ratio, met in goals(loads):
        print(f"goal {goal}: {_verdict(met)} ({ratio:.2f}x)")
    busy = [t for t in TARGETS if _others_share(loads[t], cores) > 0.1]
    if busy:
        print(f"WARNING: other processes used over 10% of the machine during {', '.join(busy)}")
    if not clean:
        print("ERROR: some answers were not 2xx, or sockets failed: the figures are not valid")
    return clean


def _code_state() -> str:
    """The commit the code is at, and how many files the working tree changes."""
    try:
        head = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "status", "--porcelain"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {head}, {len(changed)} files changed or added in the working tree"


def _print_prepared(prepared: Mapping[str, Any], seconds: float) -> None:
    g = prepared["generated"]
    print(f"code: {prepared['code']} ({_code_state()})")
    print(
        f"prepared in {seconds:.0f} s (migrate {prepared['seconds']['migrate']} s, registry "
        f"{prepared['seconds']['registry']} s, generate {prepared['seconds']['generate']} s): "
        f"{g['meetings']:,} meetings of {len(g['by_body'])} bodies, {g['first']} .. {g['last']}"
    )
    print(
        f"  {g['agenda_items']:,} agenda items, {g['positions']:,} positions, "
        f"{g['attendance']:,} attendance rows, {g['deadlines']:,} deadlines, "
        f"{g['transitions']:,} transitions, {g['events']:,} events, "
        f"{g['initiatives']:,} initiatives, {g['consents']:,} consents, "
        f"{g['signatures']:,} signatures, {g['distribution']:,} minutes sent"
    )
    print("  procedures: " + ", ".join(f"{k} {v:,}" for k, v in g["by_kind"].items()))
    print("  states: " + ", ".join(f"{k} {v:,}" for k, v in g["by_state"].items()))
    print(f"  meetings rotated ({len(prepared['ids'])}): {prepared['ids']}")
    for target, text in prepared.get("profile", {}).items():
        print(f"\n--- profile of the {target} (in-process, test client) ---\n{text}")


def run_database(name: str, args: argparse.Namespace) -> bool:
    """Prepare one database, serve it and load every target; True when all answers were 2xx."""
    workdir = Path(tempfile.mkdtemp(prefix=f"secretariat-bench-{name}-"))
    database = _sqlite(workdir) if name == "sqlite" else _postgresql(args.pg_url)
    env = _environment(database, workdir)
    print(f"\n=== {name}: {database.where}")
    try:
        child = [sys.executable, str(Path(__file__).resolve()), "prepare"]
        child += ["--meetings", str(args.meetings), "--seed", str(args.seed)]
        child += ["--sample", str(args.sample)] + (["--profile"] if args.profile else [])
        started = time.perf_counter()
        done = subprocess.run(child, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        line = next((x for x in done.stdout.splitlines() if x.startswith("PREPARED ")), None)
        if done.returncode != 0 or line is None:
            raise RuntimeError(f"preparing failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
        prepared = json.loads(line[len("PREPARED ") :])
        _print_prepared(prepared, time.perf_counter() - started)
        kind = "gthread" if args.threads > 1 else "sync"
        print(
            f"server: gunicorn config.wsgi:application, {args.workers} workers x "
            f"{args.threads} threads ({kind}); SECRETARIAT_ENV=development, DEBUG off, "
            "floors on, no access log"
        )
        print(
            f"load: wrk, {args.wrk_threads} thread(s), {args.connections} connections, "
            f"{args.duration:g} s per target, one after the other, each after "
            f"{args.warmup:g} s of warm-up"
        )
        loads: dict[str, Load] = {}
        with serving(env, workdir, args.workers, args.threads) as server:
            for target in TARGETS:
                paths = target_paths(target, prepared["ids"])
                headers = headers_for(target, prepared)
                options = {
                    "connections": args.connections,
                    "threads": args.wrk_threads,
                    "workdir": workdir,
                }
                if args.quiet_wait > 0:
                    wait_for_quiet(args.quiet_wait, os.cpu_count() or 1)
                if args.warmup > 0:
                    warm = load(server, target, paths, headers, duration=args.warmup, **options)
                    if warm.non2xx or warm.socket_errors:
                        raise RuntimeError(f"{target}: answers other than 2xx during warm-up")
                loads[target] = load(
                    server, target, paths, headers, duration=args.duration, **options
                )
        return report(prepared, loads, os.cpu_count() or 1)
    finally:
        if args.keep:
            print(f"kept: {database.where} (and {workdir})")
        else:
            if database.cleanup is not None:
                database.cleanup()
            shutil.rmtree(workdir, ignore_errors=True)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "command", nargs="?", default="run", choices=["run", "prepare"], help=argparse.SUPPRESS
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--meetings", type=int, default=DEFAULT_MEETINGS, help="meetings")
    parser.add_argument("--duration", type=float, default=20, help="seconds per target")
    parser.add_argument("--warmup", type=float, default=3, help="seconds before each target")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--sample", type=int, default=DEFAULT_SAMPLE, help="meetings rotated")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="PostgreSQL database to create")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=300,
        help="before each target, wait up to this many seconds for the machine to idle",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--profile", action="store_true", help="cProfile the page and the API")
    args = parser.parse_args(argv)
    if args.meetings < 1 or args.duration <= 0 or args.connections < 1 or args.sample < 1:
        parser.error("--meetings, --duration, --connections and --sample must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures (1 when an answer was not 2xx)."""
    args = _parse(argv)
    if args.command == "prepare":
        print("PREPARED " + json.dumps(prepare(args), default=str))
        return 0
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk (Debian, Ubuntu) or brew install wrk")
        return 2
    names = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(f"{os.cpu_count()} cores; {args.meetings:,} meetings, seed {args.seed}")
    results = [run_database(name, args) for name in names]  # every one, even after a failure
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
