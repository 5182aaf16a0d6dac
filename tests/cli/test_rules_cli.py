"""`secretariat rules` keeps its public contract (docs/rules-cli.md).

Most tests call the command in-process (``secretariat.procedure.cli.main``), which reads
the shipped reference file; every command is also run as the installed command in a
subprocess, with no database configured and an empty var directory.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from secretariat.procedure import cli as rules_cli
from tests.said import day_said

ANSWERED = 0
BAD_INPUT = 2

#: Every rule id of regulations.md.
REGULATION_IDS = frozenset([
    "SEC-CIRCULATE-20D", "SEC-CIRCULATE-CNC", "SEC-AGENDA-PREP", "SEC-CONSULT", "SEC-DEPOSITARY",
    "SEC-CERTIFIED-7D", "SEC-ASSESS", "SEC-PLAN-6M", "SEC-WORKPLANS", "SEC-DATABANK",
    "SEC-REQUEST", "SEC-BUDGET", "SEC-PROTOCOL", "SEC-EXTERNAL", "SEC-PARTNERS", "SEC-NGO",
    "SEC-EXPERTS", "SEC-MISSIONS", "SEC-OVERSIGHT",
    "CMFA-EXTRA-INITIATORS", "CMFA-EXTRA-NOTICE-1M", "CMFA-EXTRA-NOTIFY-2D",
    "MIN-REGULAR",
    "CNC-FREQ-3", "CNC-CHAIR",
    "BCB-COMPOSITION", "BCB-CHAIR", "BCB-REGULAR", "BCB-EXTRA-INITIATORS",
    "BCB-EXTRA-NOTICE-30D", "BCB-EXTRA-INFORM-5D", "BCB-EXTRA-REPLY-10D", "BCB-EXTRA-RELAY-3D",
    "BCB-BUSINESS", "BCB-AGENDA-PROPOSALS-10D", "BCB-AGENDA-ADOPT", "BCB-AGENDA-CIRCULATE-5D",
    "BCB-PARTICIPANTS", "BCB-QUORUM", "BCB-CONSENSUS", "BCB-MINUTES-SIGN",
    "BCB-MINUTES-DISTRIBUTE-5WD",
    "STRAT-CONSENSUS", "STRAT-OBSERVERS", "STRAT-DIALOGUE", "STRAT-AREAS",
])  # fmt: skip
BCB_REGULAR_STEPS = {
    "BCB-AGENDA-PROPOSALS-10D",
    "BCB-AGENDA-CIRCULATE-5D",
    "BCB-MINUTES-DISTRIBUTE-5WD",
}
BCB_EXTRAORDINARY_STEPS = BCB_REGULAR_STEPS | {
    "BCB-EXTRA-NOTICE-30D",
    "BCB-EXTRA-INFORM-5D",
    "BCB-EXTRA-REPLY-10D",
    "BCB-EXTRA-RELAY-3D",
}
SIXTEEN_FROM_SIX_STATES = "CN=3,RU=3,KZ=3,KG=3,TJ=3,UZ=1"
FIFTEEN_FROM_FIVE_STATES = "CN=3,RU=3,KZ=3,KG=3,TJ=3"
SPEC_POSITIONS = "CN=support,RU=object,IN=abstain,PK=absent"

# Values that are the same in every language: ISO dates, rule ids, state codes.
NEUTRAL = re.compile(r"\d{4}-\d{2}-\d{2}|[A-Z]+(?:-[A-Z0-9]+)+|[A-Z]{2}")


# --- running the command --------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def ask(*args: str) -> Run:
    """Run ``secretariat rules ARGS`` in-process, on the shipped reference file."""
    out, err = io.StringIO(), io.StringIO()
    # Argument errors are argparse's: they write to sys.stderr and raise SystemExit(2).
    with contextlib.redirect_stderr(err):
        try:
            code = rules_cli.main(list(args), out=out, err=err)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Run(code, out.getvalue(), err.getvalue())


def ask_installed(*args: str, var_dir: Path) -> Run:
    """Run the installed ``secretariat rules ARGS`` in a subprocess, with no database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SECRETARIAT_VAR_DIR"] = str(var_dir)
    done = subprocess.run(  # noqa: S603  # our own command, with fixed arguments
        [sys.executable, "-m", "secretariat.cli", "rules", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=var_dir,
        timeout=180,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    """An empty var directory: no SQLite file, so no database is configured."""
    path = tmp_path / "var"
    path.mkdir()
    return path


def answered(run: Run) -> Any:
    """The JSON of an answered question (exit 0, nothing on stderr)."""
    assert run.code == ANSWERED, run.err
    assert run.err == ""
    return run.json()


# --- shapes of the JSON contract ------------------------------------------------------------

Shape = Mapping[str, type | tuple[type, ...]]

LIST_RULE: Shape = {"id": str, "body": str, "source": str, "wording": dict, "parameters": dict}
SHOW: Shape = {**LIST_RULE, "source_file": str, "paragraph": str, "original": dict}
SCHEDULE: Shape = {
    "procedure": str,
    "meeting_start": (str, type(None)),
    "meeting_end": (str, type(None)),
    "steps": list,
    "violations": list,
}
STEP: Shape = {"rule": str, "action": str, "actor": str, "due": str, "warnings": list}
VIOLATION: Shape = {"rule": str, "message": str}
QUORUM: Shape = {
    "quorate": bool,
    "present": int,
    "required": int,
    "states": int,
    "required_states": int,
    "size": int,
    "rules": list,
}
CONSENSUS: Shape = {"adopted": bool, "objections": list, "rules": list}
CHAIR: Shape = {
    "body": str,
    "on": str,
    "chair_state": str,
    "deputy_state": (str, type(None)),
    "rules": list,
}
WORKING_DAYS: Shape = {"seat": str, "from": str, "days": int, "date": str, "skipped": list}
SKIPPED: Shape = {"date": str, "reason": str}


def assert_shape(data: Mapping[str, Any], shape: Shape) -> None:
    """The required keys are all there (extra keys are allowed) with the contract's types."""
    missing = set(shape) - set(data)
    assert not missing, f"missing keys {sorted(missing)} in {sorted(data)}"
    for key, expected in shape.items():
        value = data[key]
        kinds = expected if isinstance(expected, tuple) else (expected,)
        # bool is an int in Python; the contract keeps them apart.
        ok = any(
            (type(value) is bool)
            if kind is bool
            else (isinstance(value, kind) and not (kind is int and type(value) is bool))
            for kind in kinds
        )
        assert ok, f"{key}={value!r} is not {expected}"


def assert_iso_date(value: str) -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value


def assert_schedule_shape(data: Mapping[str, Any]) -> None:
    assert_shape(data, SCHEDULE)
    for step in data["steps"]:
        assert_shape(step, STEP)
        assert_iso_date(step["due"])
        assert all(isinstance(w, str) and w for w in step["warnings"])
    for violation in data["violations"]:
        assert_shape(violation, VIOLATION)


def step(data: Mapping[str, Any], rule_id: str) -> dict[str, Any]:
    matches = [s for s in data["steps"] if s["rule"] == rule_id]
    assert len(matches) == 1, f"{rule_id}: {len(matches)} steps"
    return matches[0]


# --- every command, run as the installed command ----------------------------------------------

INSTALLED = [
    pytest.param(["list", "--json"], lambda d: [assert_shape(r, LIST_RULE) for r in d["rules"]],
                 id="list"),
    pytest.param(["show", "BCB-QUORUM", "--json"], lambda d: assert_shape(d, SHOW), id="show"),
    pytest.param(
        ["schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30", "--json"],
        assert_schedule_shape,
        id="schedule",
    ),
    pytest.param(
        ["quorum", "--body", "bcb", "--present", SIXTEEN_FROM_SIX_STATES, "--json"],
        lambda d: assert_shape(d, QUORUM),
        id="quorum",
    ),
    pytest.param(
        ["consensus", "--positions", SPEC_POSITIONS, "--json"],
        lambda d: assert_shape(d, CONSENSUS),
        id="consensus",
    ),
    pytest.param(
        ["chair", "--body", "bcb", "--on", "2026-01-15", "--json"],
        lambda d: assert_shape(d, CHAIR),
        id="chair",
    ),
    pytest.param(
        ["working-days", "--seat", "RU", "--from", "2026-06-30", "--days", "5", "--json"],
        lambda d: assert_shape(d, WORKING_DAYS),
        id="working-days",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("args", "check_shape"), INSTALLED)
def test_every_command_run_as_the_installed_command_answers_without_a_database(
    args: list[str], check_shape: Callable[[Any], object], var_dir: Path
) -> None:
    run = ask_installed(*args, var_dir=var_dir)

    data = answered(run)
    check_shape(data)
    assert "Traceback" not in run.out + run.err
    assert not list(var_dir.rglob("*.sqlite3*")), "a rules command created a database"


@pytest.mark.parametrize(("args", "check_shape"), INSTALLED)
def test_the_in_process_command_gives_the_same_json_as_the_installed_one(
    args: list[str], check_shape: Callable[[Any], object], var_dir: Path
) -> None:
    installed = answered(ask_installed(*args, var_dir=var_dir))

    in_process = answered(ask(*args))

    check_shape(in_process)
    assert in_process == installed


def test_every_command_in_human_form_answers_without_a_database(var_dir: Path) -> None:
    for args, _ in (p.values for p in INSTALLED):
        human = [a for a in args if a != "--json"]

        run = ask_installed(*human, var_dir=var_dir)

        assert run.code == ANSWERED, (human, run.err)
        assert run.out.strip()
        assert run.err == ""
    assert list(var_dir.iterdir()) == [], "the rules commands wrote into the var directory"


def test_chair_answers_from_the_shipped_file_when_no_database_is_configured(
    var_dir: Path,
) -> None:
    data = answered(
        ask_installed("chair", "--body", "cnc", "--on", "2026-01-15", "--json", var_dir=var_dir)
    )

    assert data["chair_state"] == "KG"
    assert data.get("reference", "file") == "file"


# --- list and show ----------------------------------------------------------------------------


def test_list_gives_every_rule_of_the_regulations_with_wording_in_three_languages() -> None:
    data = answered(ask("list", "--json"))

    assert set(data) >= {"rules"}
    rules = {r["id"]: r for r in data["rules"]}
    assert len(rules) == len(data["rules"]), "a rule id is listed twice"
    assert set(rules) >= REGULATION_IDS
    for rule in rules.values():
        assert_shape(rule, LIST_RULE)
        assert set(rule["wording"]) >= {"en", "ru", "zh"}
        assert all(rule["wording"][lang].strip() for lang in ("en", "ru", "zh"))
        assert rule["source"].strip()


def test_list_keeps_the_numbers_of_the_regulations_as_rule_parameters() -> None:
    rules = {r["id"]: r for r in answered(ask("list", "--json"))["rules"]}

    assert 30 in rules["BCB-EXTRA-NOTICE-30D"]["parameters"].values()
    assert 5 in rules["BCB-MINUTES-DISTRIBUTE-5WD"]["parameters"].values()
    assert 7 in rules["SEC-CERTIFIED-7D"]["parameters"].values()
    assert 5 in rules["BCB-QUORUM"]["parameters"].values()


def test_list_in_human_form_shows_every_rule_id() -> None:
    run = ask("list")

    assert run.code == ANSWERED
    for rule_id in REGULATION_IDS:
        assert rule_id in run.out


def test_show_cites_the_source_file_paragraph_and_original_wording() -> None:
    data = answered(ask("show", "BCB-QUORUM", "--json"))

    assert_shape(data, SHOW)
    assert data["id"] == "BCB-QUORUM"
    assert data["body"] == "bcb"
    assert data["source_file"].startswith("004")
    assert data["paragraph"] == "§12"
    assert data["original"]["lang"] == "ru"
    assert "правомочн" in data["original"]["text"]
    assert set(data["wording"]) >= {"en", "ru", "zh"}


def test_show_in_human_form_gives_the_wording_source_and_original() -> None:
    run = ask("show", "BCB-QUORUM", "--lang", "ru")

    assert run.code == ANSWERED
    assert "BCB-QUORUM" in run.out
    assert "Источник: Регламент Правления Делового совета ШОС, п. 12" in run.out
    assert "правомочн" in run.out


# --- schedule ---------------------------------------------------------------------------------


def test_extraordinary_board_schedule_has_the_dates_of_the_spec() -> None:
    data = answered(ask("schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30", "--json"))

    assert_schedule_shape(data)
    assert data["procedure"] == "bcb-extraordinary"
    assert data["meeting_start"] == data["meeting_end"] == "2026-06-30"
    notice = step(data, "BCB-EXTRA-NOTICE-30D")
    assert notice["due"] == "2026-05-31"
    assert notice["warnings"], "2026-05-31 is a Sunday: the step must warn"
    assert any("Sunday" in w for w in notice["warnings"])
    assert step(data, "BCB-MINUTES-DISTRIBUTE-5WD")["due"] == "2026-07-07"
    assert data["violations"] == []


def test_extraordinary_board_schedule_has_one_step_per_dated_rule() -> None:
    data = answered(ask("schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30", "--json"))

    ids = [s["rule"] for s in data["steps"]]
    assert len(ids) == len(set(ids))
    assert set(ids) >= BCB_EXTRAORDINARY_STEPS


def test_regular_board_schedule_has_no_extraordinary_steps() -> None:
    data = answered(ask("schedule", "bcb-regular", "--meeting-start", "2026-06-30", "--json"))

    ids = {s["rule"] for s in data["steps"]}
    assert ids >= BCB_REGULAR_STEPS
    assert not {i for i in ids if i.startswith("BCB-EXTRA-")}


PROCEDURES = [
    ["bcb-regular", "--meeting-start", "2026-06-30"],
    ["bcb-extraordinary", "--meeting-start", "2026-06-30"],
    ["bcb-extraordinary", "--meeting-start", "2026-06-30", "--received", "2026-06-05"],
    ["cmfa-extraordinary", "--meeting-start", "2026-03-31"],
    ["sco-meeting", "--meeting-start", "2026-06-30", "--meeting-end", "2026-07-02"],
    ["depositary", "--received", "2026-05-20"],
]


@pytest.mark.parametrize("args", PROCEDURES, ids=lambda a: " ".join(a))
def test_schedule_steps_are_in_date_order(args: list[str]) -> None:
    data = answered(ask("schedule", *args, "--json"))

    assert_schedule_shape(data)
    dues = [s["due"] for s in data["steps"]]
    assert dues, "a procedure has at least one dated step"
    assert dues == sorted(dues)


def test_a_late_appeal_is_answered_with_a_violation_and_exit_0() -> None:
    data = answered(
        ask(
            "schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30",
            "--sent", "2026-06-04", "--received", "2026-06-05", "--json",
        )
    )  # fmt: skip

    assert [v["rule"] for v in data["violations"]] == ["BCB-EXTRA-NOTICE-30D"]
    assert data["violations"][0]["message"].strip()
    assert step(data, "BCB-EXTRA-NOTICE-30D")["due"] == "2026-05-31"
    # The BC Secretariat informs within 5 days of the day it actually received the appeal.
    assert step(data, "BCB-EXTRA-INFORM-5D")["due"] == "2026-06-10"


def test_an_appeal_received_in_time_breaks_no_rule() -> None:
    data = answered(
        ask(
            "schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30",
            "--received", "2026-05-20", "--json",
        )
    )  # fmt: skip

    assert data["violations"] == []
    assert step(data, "BCB-EXTRA-INFORM-5D")["due"] == "2026-05-25"


def test_a_late_appeal_in_human_form_shows_the_violation() -> None:
    run = ask(
        "schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30",
        "--sent", "2026-06-05",
    )  # fmt: skip

    assert run.code == ANSWERED
    assert run.out.count("BCB-EXTRA-NOTICE-30D") >= 2  # the step and the violation
    assert "2026-05-31" in run.out


def test_a_multi_day_board_meeting_counts_before_from_its_first_day_and_after_from_its_last() -> (
    None
):
    data = answered(
        ask(
            "schedule", "bcb-regular", "--meeting-start", "2026-06-29",
            "--meeting-end", "2026-07-01", "--json",
        )
    )  # fmt: skip

    assert data["meeting_start"] == "2026-06-29"
    assert data["meeting_end"] == "2026-07-01"
    assert step(data, "BCB-AGENDA-PROPOSALS-10D")["due"] == "2026-06-19"
    assert step(data, "BCB-AGENDA-CIRCULATE-5D")["due"] == "2026-06-24"
    # Five working days after Wednesday 1 July in Moscow, over a weekend.
    assert step(data, "BCB-MINUTES-DISTRIBUTE-5WD")["due"] == "2026-07-08"


def test_cmfa_letters_are_due_one_month_before_clamped_to_the_end_of_the_month() -> None:
    args = ("cmfa-extraordinary", "--meeting-start", "2026-03-31", "--json")

    data = answered(ask("schedule", *args))

    assert step(data, "CMFA-EXTRA-NOTICE-1M")["due"] == "2026-02-28"
    assert data["violations"] == []


def test_cmfa_letters_received_late_are_a_violation_and_the_chair_notifies_within_2_days() -> None:
    data = answered(
        ask(
            "schedule", "cmfa-extraordinary", "--meeting-start", "2026-03-31",
            "--sent", "2026-03-04", "--received", "2026-03-05", "--json",
        )
    )  # fmt: skip

    assert [v["rule"] for v in data["violations"]] == ["CMFA-EXTRA-NOTICE-1M"]
    assert step(data, "CMFA-EXTRA-NOTIFY-2D")["due"] == "2026-03-07"
    # The Secretariat circulates the agenda and drafts 20 days before (SEC-CIRCULATE-20D).
    assert step(data, "SEC-CIRCULATE-20D")["due"] == "2026-03-11"


def test_the_notice_binds_the_sending_day_and_receipt_starts_the_inform_step() -> None:
    # regulations.md: sent 31 May, received 2 Jun, meeting 30 Jun: on time; inform by 7 Jun.
    data = answered(
        ask(
            "schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30",
            "--sent", "2026-05-31", "--received", "2026-06-02", "--json",
        )
    )  # fmt: skip

    assert data["violations"] == []
    assert data["warnings"] == []
    assert data["events"] == {"sent": "2026-05-31", "received": "2026-06-02"}
    assert step(data, "BCB-EXTRA-NOTICE-30D")["due"] == "2026-05-31"
    assert step(data, "BCB-EXTRA-INFORM-5D")["due"] == "2026-06-07"


def test_a_receipt_after_the_latest_sending_day_without_sent_is_a_warning_not_a_violation() -> None:
    data = answered(
        ask(
            "schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30",
            "--received", "2026-06-05", "--json", "--lang", "ru",
        )
    )  # fmt: skip

    assert data["violations"] == []
    [warning] = data["warnings"]
    assert warning["rule"] == "BCB-EXTRA-NOTICE-30D"
    assert "День направления не указан" in warning["message"]
    assert warning["message"] in step(data, "BCB-EXTRA-NOTICE-30D")["warnings"]
    assert step(data, "BCB-EXTRA-INFORM-5D")["due"] == "2026-06-10"


def test_a_receipt_before_the_sending_day_cannot_be_asked() -> None:
    run = ask(
        "schedule", "cmfa-extraordinary", "--meeting-start", "2026-03-31",
        "--sent", "2026-02-20", "--received", "2026-02-19",
    )  # fmt: skip

    assert run.code == BAD_INPUT
    assert "--received" in run.err
    assert "2026-02-19" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize(
    "received", [None, "2025-08-20"], ids=["received not typed", "received typed, same day"]
)
def test_day_off_warnings_do_not_depend_on_whether_received_was_typed(
    received: str | None,
) -> None:
    # 20 Aug 2025: China chairs; the meeting day, 20 Sep 2025, Kyrgyzstan (Tianjin summit).
    extra = ["--received", received] if received else []
    data = answered(
        ask("schedule", "cmfa-extraordinary", "--meeting-start", "2025-09-20", *extra, "--json")
    )
    plain = answered(
        ask("schedule", "cmfa-extraordinary", "--meeting-start", "2025-09-20", "--json")
    )

    for rule_id in ("CMFA-EXTRA-NOTICE-1M", "CMFA-EXTRA-NOTIFY-2D", "SEC-CIRCULATE-20D"):
        assert step(data, rule_id)["warnings"] == step(plain, rule_id)["warnings"]
        assert step(data, rule_id)["calendar"] == step(plain, rule_id)["calendar"]
    # The letters are sent in the calendar of the state chairing on their day: China.
    assert step(data, "CMFA-EXTRA-NOTICE-1M")["calendar"] == "CN"


def test_sco_meeting_materials_are_due_20_days_before_the_first_day() -> None:
    data = answered(
        ask(
            "schedule", "sco-meeting", "--meeting-start", "2026-06-30",
            "--meeting-end", "2026-07-02", "--json",
        )
    )  # fmt: skip

    assert step(data, "SEC-CIRCULATE-20D")["due"] == "2026-06-10"


def test_depositary_needs_no_meeting_and_copies_are_due_7_days_after_the_original() -> None:
    data = answered(ask("schedule", "depositary", "--received", "2026-05-20", "--json"))

    assert_schedule_shape(data)
    assert data["meeting_start"] is None
    assert step(data, "SEC-CERTIFIED-7D")["due"] == "2026-05-27"


# --- quorum -----------------------------------------------------------------------------------


def test_sixteen_board_members_from_six_states_of_ten_parts_are_quorate() -> None:
    data = answered(ask("quorum", "--body", "bcb", "--present", SIXTEEN_FROM_SIX_STATES, "--json"))

    assert_shape(data, QUORUM)
    assert data["quorate"] is True
    assert data["present"] == 16
    assert data["required"] == 16
    assert data["states"] == 6
    assert data["size"] == 30
    assert data["required_states"] == 5
    assert data["rules"] == ["BCB-QUORUM", "BCB-COMPOSITION"]


def test_fifteen_board_members_of_thirty_are_no_quorum_and_still_exit_0() -> None:
    data = answered(ask("quorum", "--present", FIFTEEN_FROM_FIVE_STATES, "--json"))

    assert data["quorate"] is False
    assert data["present"] == 15
    assert data["required"] == 16


def test_nine_national_parts_make_a_board_of_27_with_a_quorum_of_15() -> None:
    data = answered(ask("quorum", "--present", FIFTEEN_FROM_FIVE_STATES, "--parts", "9", "--json"))

    assert data["size"] == 27
    assert data["required"] == 15
    assert data["quorate"] is True


def test_enough_members_from_fewer_than_five_states_are_no_quorum() -> None:
    data = answered(ask("quorum", "--present", "CN=3,RU=3,KZ=3,KG=3", "--parts", "5", "--json"))

    assert data["present"] >= data["required"]
    assert data["states"] == 4
    assert data["quorate"] is False


def test_quorum_in_human_form_shows_the_verdict_and_cites_the_rules() -> None:
    run = ask("quorum", "--present", FIFTEEN_FROM_FIVE_STATES)

    assert run.code == ANSWERED
    assert "BCB-QUORUM" in run.out
    assert "BCB-COMPOSITION" in run.out


# --- consensus --------------------------------------------------------------------------------


def test_one_objection_blocks_consensus_and_abstention_or_absence_does_not() -> None:
    data = answered(ask("consensus", "--positions", SPEC_POSITIONS, "--json"))

    assert_shape(data, CONSENSUS)
    assert data["adopted"] is False
    assert data["objections"] == ["RU"]
    assert data["rules"] == ["BCB-CONSENSUS"]


def test_a_decision_with_only_abstentions_and_absences_is_adopted() -> None:
    data = answered(
        ask("consensus", "--positions", "CN=support,IN=abstain,PK=absent,RU=abstain", "--json")
    )

    assert data["adopted"] is True
    assert data["objections"] == []


# --- chair ------------------------------------------------------------------------------------


def test_kyrgyzstan_chairs_the_cnc_in_january_2026_with_no_deputy() -> None:
    data = answered(ask("chair", "--body", "cnc", "--on", "2026-01-15", "--json"))

    assert_shape(data, CHAIR)
    assert data["body"] == "cnc"
    assert data["on"] == "2026-01-15"
    assert data["chair_state"] == "KG"
    assert data["deputy_state"] is None
    assert data["rules"] == ["CNC-CHAIR"]


def test_kyrgyzstan_chairs_the_board_in_january_2026_and_a_deputy_is_given_or_null() -> None:
    data = answered(ask("chair", "--body", "bcb", "--on", "2026-01-15", "--json"))

    assert_shape(data, CHAIR)
    assert data["body"] == "bcb"
    assert data["chair_state"] == "KG"
    deputy = data["deputy_state"]
    assert deputy is None or re.fullmatch(r"[A-Z]{2}", deputy)
    assert deputy != "KG"
    assert data["rules"] == ["BCB-CHAIR"]


# --- working days -----------------------------------------------------------------------------


def test_the_fifth_working_day_after_tuesday_30_june_in_moscow_is_7_july() -> None:
    data = answered(
        ask("working-days", "--seat", "RU", "--from", "2026-06-30", "--days", "5", "--json")
    )

    assert_shape(data, WORKING_DAYS)
    assert data["seat"] == "RU"
    assert data["from"] == "2026-06-30"
    assert data["days"] == 5
    assert data["date"] == "2026-07-07"
    assert [d["date"] for d in data["skipped"]] == ["2026-07-04", "2026-07-05"]


def test_the_first_working_day_after_new_years_eve_in_russia_skips_the_holidays_with_reasons() -> (
    None
):
    data = answered(
        ask("working-days", "--seat", "RU", "--from", "2025-12-31", "--days", "1", "--json")
    )

    skipped = {d["date"]: d["reason"] for d in data["skipped"]}
    for item in data["skipped"]:
        assert_shape(item, SKIPPED)
        assert item["reason"].strip()
        assert item["date"] < data["date"]
    assert {f"2026-01-0{day}" for day in range(1, 9)} <= set(skipped)
    assert "New Year" in skipped["2026-01-01"]
    assert data["date"] == "2026-01-12"


def test_zero_working_days_after_a_day_is_that_day() -> None:
    data = answered(
        ask("working-days", "--seat", "CN", "--from", "2026-06-30", "--days", "0", "--json")
    )

    assert data["date"] == "2026-06-30"
    assert data["skipped"] == []


# --- languages --------------------------------------------------------------------------------


def _texts_of_verdict(d: Mapping[str, Any]) -> list[str]:
    return [d["explanation"], *d["warnings"], *(c["wording"] for c in d["citations"])]


TRANSLATED = [
    pytest.param(
        ["schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30",
         "--received", "2026-06-05"],
        lambda d: [
            *(s["action"] for s in d["steps"]),
            *(s["actor"] for s in d["steps"]),
            *(w for s in d["steps"] for w in s["warnings"]),
            *(v["message"] for v in d["violations"]),
        ],
        id="schedule",
    ),
    pytest.param(["show", "BCB-QUORUM"], lambda d: [d["text"]], id="show"),
    pytest.param(["quorum", "--present", FIFTEEN_FROM_FIVE_STATES], _texts_of_verdict,
                 id="quorum"),
    pytest.param(["consensus", "--positions", SPEC_POSITIONS], _texts_of_verdict,
                 id="consensus"),
    pytest.param(["chair", "--body", "bcb", "--on", "2026-01-15"], _texts_of_verdict, id="chair"),
    pytest.param(
        ["working-days", "--seat", "RU", "--from", "2025-12-31", "--days", "1"],
        lambda d: [s["reason"] for s in d["skipped"]],
        id="working-days",
    ),
]  # fmt: skip


def skeleton(value: Any) -> Any:
    """The JSON with every human text blanked: keys, ids, dates, codes, numbers remain."""
    if isinstance(value, dict):
        return {k: skeleton(v) for k, v in value.items()}
    if isinstance(value, list):
        return [skeleton(v) for v in value]
    if isinstance(value, str) and not NEUTRAL.fullmatch(value):
        return "<text>"
    return value


@pytest.mark.parametrize(("args", "human_texts"), TRANSLATED)
def test_lang_changes_the_wording_but_never_ids_dates_or_keys(
    args: list[str], human_texts: Callable[[Any], list[str]]
) -> None:
    by_lang = {lang: answered(ask(*args, "--json", "--lang", lang)) for lang in ("en", "ru", "zh")}

    assert skeleton(by_lang["ru"]) == skeleton(by_lang["en"])
    assert skeleton(by_lang["zh"]) == skeleton(by_lang["en"])
    english = human_texts(by_lang["en"])
    assert english, "the answer has human text to translate"
    for lang in ("ru", "zh"):
        translated = human_texts(by_lang[lang])
        assert len(translated) == len(english)
        for en, other in zip(english, translated, strict=True):
            assert other != en, f"{lang} text is still English: {en!r}"


def test_lang_does_not_change_the_json_of_list() -> None:
    english = answered(ask("list", "--json"))

    assert answered(ask("list", "--json", "--lang", "ru")) == english
    assert answered(ask("list", "--json", "--lang", "zh")) == english


def test_human_output_in_every_language_shows_the_same_dates_and_rule_ids() -> None:
    args = ("schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30")
    data = answered(ask(*args, "--json"))
    outputs = {lang: ask(*args, "--lang", lang) for lang in ("en", "ru", "zh")}

    for run in outputs.values():
        assert run.code == ANSWERED
        for s in data["steps"]:
            assert s["rule"] in run.out
            assert s["due"] in run.out
    assert outputs["en"].out != outputs["ru"].out != outputs["zh"].out


def test_russian_and_chinese_warnings_name_the_weekend_in_their_own_language() -> None:
    args = ("schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30", "--json")
    warnings = {
        lang: step(answered(ask(*args, "--lang", lang)), "BCB-EXTRA-NOTICE-30D")["warnings"]
        for lang in ("en", "ru", "zh")
    }

    assert "Sunday" in warnings["en"][0]
    assert "Sunday" not in warnings["ru"][0]
    assert "Sunday" not in warnings["zh"][0]
    assert all(day_said("2026-05-31", lang) in w[0] for lang, w in warnings.items())


# --- questions that cannot be asked: exit 2, one line, what is wrong and what is valid --------

ERRORS = [
    # (id, args, fragments the message must contain: what is wrong, and what is valid)
    ("unknown procedure", ["schedule", "nope", "--meeting-start", "2026-06-30"],
     ["nope", "bcb-extraordinary"]),
    ("unknown rule id", ["show", "NO-SUCH-RULE"], ["NO-SUCH-RULE", "rules list"]),
    ("malformed meeting date", ["schedule", "bcb-regular", "--meeting-start", "2026-13-01"],
     ["--meeting-start", "2026-13-01", "2026-06-30"]),
    ("malformed received date", ["schedule", "depositary", "--received", "2026-02-30"],
     ["--received", "2026-02-30"]),
    ("malformed chair date", ["chair", "--body", "cnc", "--on", "15.01.2026"],
     ["--on", "15.01.2026"]),
    ("malformed from date", ["working-days", "--seat", "RU", "--from", "yesterday", "--days", "1"],
     ["--from", "yesterday"]),
    ("four members of one national part", ["quorum", "--present", "CN=4"],
     ["Chinese national part", "4", "3"]),
    ("a negative number of members", ["quorum", "--present", "CN=-1"],
     ["Chinese national part", "3"]),
    ("end date before start",
     ["schedule", "bcb-regular", "--meeting-start", "2026-06-30", "--meeting-end", "2026-06-29"],
     ["2026-06-29", "2026-06-30", "--meeting-end"]),
    ("unknown seat", ["working-days", "--seat", "XX", "--from", "2026-06-30", "--days", "5"],
     ["XX", "RU"]),
    ("unknown position", ["consensus", "--positions", "CN=maybe"], ["maybe", "support"]),
    ("zero national parts", ["quorum", "--present", "CN=3", "--parts", "0"], ["--parts", "1"]),
    ("more states than parts", ["quorum", "--present", "CN=3,RU=3", "--parts", "1"],
     ["--parts"]),
    ("unknown state in quorum", ["quorum", "--present", "XX=3"], ["XX", "CN"]),
    ("unknown state in consensus", ["consensus", "--positions", "XX=support"], ["XX", "RU"]),
    ("a state given twice", ["quorum", "--present", "CN=3,CN=2"], ["CN"]),
    ("a pair without a value", ["quorum", "--present", "CN"], ["CN", "CN=3"]),
    ("missing --present", ["quorum"], ["--present"]),
    ("missing --positions", ["consensus"], ["--positions"]),
    ("missing --on", ["chair", "--body", "cnc"], ["--on"]),
    ("missing --days", ["working-days", "--seat", "RU", "--from", "2026-06-30"], ["--days"]),
    ("missing meeting start", ["schedule", "bcb-regular"], ["--meeting-start"]),
    ("empty quorum", ["quorum", "--present", ""], ["--present"]),
    ("empty rule id", ["show", ""], ["''"]),
    ("empty procedure", ["schedule", "", "--meeting-start", "2026-06-30"], ["''"]),
    ("empty chair day", ["chair", "--body", "cnc", "--on", ""], ["--on"]),
    ("empty seat", ["working-days", "--seat", "", "--from", "2026-01-01", "--days", "2"],
     ["''"]),
    ("empty meeting start", ["schedule", "bcb-regular", "--meeting-start", ""],
     ["--meeting-start"]),
    ("blank quorum", ["quorum", "--present", " , "], ["--present"]),
    ("empty positions", ["consensus", "--positions", ""], ["--positions"]),
    ("--sent for a procedure without it", ["schedule", "bcb-regular", "--meeting-start",
     "2026-06-30", "--sent", "2026-05-01"], ["bcb-regular", "--sent"]),
    ("malformed sent date", ["schedule", "bcb-extraordinary", "--meeting-start", "2026-06-30",
     "--sent", "2026-02-30"], ["--sent", "2026-02-30"]),
    ("depositary without --received", ["schedule", "depositary"], ["--received"]),
    ("received for a procedure without one",
     ["schedule", "sco-meeting", "--meeting-start", "2026-06-30", "--received", "2026-06-01"],
     ["sco-meeting", "--received"]),
    ("unknown chair body", ["chair", "--body", "rats", "--on", "2026-01-15"], ["rats", "cnc"]),
    ("unknown quorum body", ["quorum", "--body", "cmfa", "--present", "CN=3"], ["cmfa", "bcb"]),
    ("a day before the first summit", ["chair", "--body", "cnc", "--on", "1990-01-01"],
     ["2001"]),
    ("negative working days",
     ["working-days", "--seat", "RU", "--from", "2026-06-30", "--days", "-1"], ["--days", "-1"]),
    ("unknown command", ["frobnicate"], ["frobnicate", "schedule"]),
    ("unknown language", ["list", "--lang", "fr"], ["fr", "ru"]),
]  # fmt: skip
ERROR_PARAMS = [pytest.param(args, fragments, id=name) for name, args, fragments in ERRORS]


def assert_refused(run: Run, fragments: list[str]) -> None:
    assert run.code == BAD_INPUT, (run.code, run.out, run.err)
    assert "Traceback" not in run.out + run.err
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {run.err!r}"
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"


@pytest.mark.parametrize(("args", "fragments"), ERROR_PARAMS)
def test_a_question_that_cannot_be_asked_exits_2_with_one_line_naming_the_problem(
    args: list[str], fragments: list[str]
) -> None:
    assert_refused(ask(*args), fragments)


@pytest.mark.parametrize(("args", "fragments"), ERROR_PARAMS)
def test_the_installed_command_refuses_the_same_questions_without_a_traceback(
    args: list[str], fragments: list[str], var_dir: Path
) -> None:
    assert_refused(ask_installed(*args, var_dir=var_dir), fragments)


@pytest.mark.parametrize("lang", ["ru", "zh"])
@pytest.mark.parametrize(
    "args",
    [
        ["schedule", "nope", "--meeting-start", "2026-06-30"],
        ["show", "NO-SUCH-RULE"],
        ["quorum", "--present", "CN=4"],
        ["schedule", "bcb-regular", "--meeting-start", "2026-06-30", "--meeting-end", "2026-06-29"],
        ["consensus", "--positions", "CN=maybe"],
        ["working-days", "--seat", "XX", "--from", "2026-06-30", "--days", "5"],
    ],
    ids=["procedure", "rule", "count", "end-before-start", "position", "seat"],
)
def test_errors_in_russian_and_chinese_are_also_one_line_with_exit_2(
    args: list[str], lang: str
) -> None:
    english = ask(*args)
    translated = ask(*args, "--lang", lang)

    assert_refused(translated, [])
    assert translated.err != english.err


# --- bugs found while writing these tests -----------------------------------------------------


def test_in_process_main_returns_2_and_writes_argument_errors_to_its_err_stream() -> None:
    out, err = io.StringIO(), io.StringIO()

    code = rules_cli.main(["quorum"], out=out, err=err)

    assert code == BAD_INPUT
    assert "--present" in err.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["working-days", "--seat", "RU", "--from", "9999-12-31", "--days", "1"],
        ["schedule", "bcb-regular", "--meeting-start", "0001-01-05"],
        ["schedule", "bcb-regular", "--meeting-start", "9999-12-31"],
        ["schedule", "depositary", "--received", "9999-12-30"],
    ],
    ids=["working-day-after-9999-12-31", "deadline-before-year-1", "minutes-after-9999",
         "copies-after-9999"],
)  # fmt: skip
def test_a_date_at_the_edge_of_the_calendar_is_refused_with_exit_2_not_a_traceback(
    args: list[str], var_dir: Path
) -> None:
    run = ask_installed(*args, var_dir=var_dir)

    assert run.code == BAD_INPUT
    assert "Traceback" not in run.err
    assert len(run.err.splitlines()) == 1


def test_working_days_into_an_estimated_year_say_so() -> None:
    # China's 2027 calendar is not in the override table: 6 Oct 2027 may be a Golden Week
    # day off; the count is an estimate, and says so in each language.
    data = answered(
        ask("working-days", "--seat", "CN", "--from", "2027-09-30", "--days", "3", "--json")
    )

    assert data["estimated"] == [{"state": "CN", "year": 2027}]
    # 1-5 Oct are National Day holidays in the package; 6, 7, 8 Oct count as working days.
    assert data["date"] == "2027-10-08"
    assert "2027-10-06" not in [d["date"] for d in data["skipped"]]
    [warning] = data["warnings"]
    assert "China" in warning
    assert "2027" in warning
    ru = answered(
        ask("working-days", "--seat", "CN", "--from", "2027-09-30", "--days", "3", "--json",
            "--lang", "ru")
    )  # fmt: skip
    assert "Китай" in ru["warnings"][0]


def test_working_days_in_a_year_held_as_official_are_not_an_estimate() -> None:
    # Russia's 2027 calendar is held (its transfers are official overrides): 20 Feb 2027 is
    # a working Saturday, 22 Feb a day off.
    data = answered(
        ask("working-days", "--seat", "RU", "--from", "2027-02-18", "--days", "3", "--json")
    )

    assert data["estimated"] == []
    assert data["warnings"] == []
    assert data["date"] == "2027-02-24"
    assert "2027-02-20" not in [d["date"] for d in data["skipped"]]
    assert "2027-02-22" in [d["date"] for d in data["skipped"]]


def test_working_days_within_the_current_year_are_not_an_estimate() -> None:
    data = answered(
        ask("working-days", "--seat", "CN", "--from", "2026-09-28", "--days", "3", "--json")
    )

    assert data["estimated"] == []
    assert data["warnings"] == []
