"""A meeting's lifecycle is data (regulations/workflows.yaml), each step guarded by the rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.text import LANGS
from secretariat.procedure.verdicts import InputError
from secretariat.procedure.workflows import (
    GUARD_FACTS,
    GUARDS,
    WORKFLOWS_FILE,
    WorkflowError,
    available_transitions,
    check_transition,
    check_year_plan,
    load_workflows,
    workflows,
)

from .builders import MEMBERS, day

KINDS = ("bcb-regular", "bcb-extraordinary", "cmfa-extraordinary", "sco-meeting")


def bcb_appeal(sent: str, initiators: tuple[str, ...] = ("CN", "RU")) -> dict[str, Any]:
    """An appeal sent on ``sent`` and received by the BC Secretariat two days later."""
    return {
        "meeting_start": day("2026-06-30"),
        "events": {"sent": day(sent), "received": day(sent) + dt.timedelta(days=2)},
        "initiators": list(initiators),
        "members": list(MEMBERS),
    }


def cmfa_letters(consents: dict[str, bool | None]) -> dict[str, Any]:
    return {
        "meeting_start": day("2026-03-31"),
        "events": {"sent": day("2026-02-20"), "received": day("2026-02-20")},
        "initiators": ["CN", "RU"],
        "members": list(MEMBERS),
        "consents": consents,
    }


def test_there_is_a_workflow_for_every_kind_of_meeting(book: Rulebook) -> None:
    assert set(workflows(book).workflows) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_state_is_reachable_from_the_initial_state(book: Rulebook, kind: str) -> None:
    workflow = workflows(book).get(kind)

    assert workflow.reachable() == set(workflow.states)


@pytest.mark.parametrize("kind", KINDS)
def test_every_transition_cites_rules_that_exist_and_guards_that_are_implemented(
    book: Rulebook, kind: str
) -> None:
    for transition in workflows(book).get(kind).transitions:
        assert transition.rules, transition.event
        assert all(rule in book for rule in transition.rules)
        assert all(guard in GUARDS for guard in transition.guards)


@pytest.mark.parametrize("kind", KINDS)
def test_every_state_and_step_is_named_in_three_languages(book: Rulebook, kind: str) -> None:
    workflow = workflows(book).get(kind)
    for text in (*workflow.states.values(), *(t.name for t in workflow.transitions)):
        assert len({text[lang] for lang in LANGS}) == 3


def test_no_number_of_a_regulation_is_written_in_the_workflows() -> None:
    raw = WORKFLOWS_FILE.read_text(encoding="utf-8")
    body = "\n".join(line.split("#")[0] for line in raw.splitlines())
    # Digits appear only inside rule ids (BCB-EXTRA-NOTICE-30D) and 5WD/10D suffixes.
    stripped = body
    for rule_id in sorted(set(_rule_ids(yaml.safe_load(raw))), key=len, reverse=True):
        stripped = stripped.replace(rule_id, "")
    assert not any(ch.isdigit() for ch in stripped)


def _rule_ids(raw: dict[str, Any]) -> list[str]:
    ids = [plan["rule"] for plan in raw["year_plans"].values()]
    ids.extend(plan["rule"] for plan in raw["plans"].values())
    for workflow in raw["workflows"].values():
        for transition in workflow["transitions"]:
            ids.extend(transition["rules"])
    return ids


def test_a_timely_joint_appeal_of_two_national_parts_is_received(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal",
        bcb_appeal("2026-05-20"),
    )  # fmt: skip

    assert verdict.ok
    assert verdict.facts["target"] == "appeal_received"
    assert verdict.rules == ("BCB-EXTRA-INITIATORS", "BCB-EXTRA-NOTICE-30D")


def test_a_late_appeal_cannot_reach_appeal_received(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal",
        bcb_appeal("2026-06-10"),
    )  # fmt: skip

    assert not verdict.ok
    assert verdict.outcome == "late"
    assert verdict.rules == ("BCB-EXTRA-NOTICE-30D",)
    for lang in LANGS:
        rendered = verdict.render(book, lang)
        assert book.rule("BCB-EXTRA-NOTICE-30D").citation(lang) in rendered["summary"]
        assert "BCB-EXTRA-NOTICE-30D" not in rendered["summary"]
        assert rendered["rules"][0]["wording"] == book.rule("BCB-EXTRA-NOTICE-30D").wording[lang]
    assert len({verdict.summary.render(lang) for lang in LANGS}) == 3


def test_one_initiator_is_refused(book: Rulebook, reference: ReferenceData) -> None:
    verdict = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal",
        bcb_appeal("2026-05-20", initiators=("CN",)),
    )  # fmt: skip

    assert not verdict.ok
    assert verdict.outcome == "too_few_initiators"
    assert verdict.rules == ("BCB-EXTRA-INITIATORS",)


def test_an_appeal_needs_its_day_of_receipt_recorded(
    book: Rulebook, reference: ReferenceData
) -> None:
    facts = {**bcb_appeal("2026-05-20"), "events": {}}

    verdict = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal", facts
    )

    assert not verdict.ok
    assert verdict.outcome == "event_not_recorded"


def test_cmfa_without_every_consent_stays_waiting(book: Rulebook, reference: ReferenceData) -> None:
    consents: dict[str, bool | None] = dict.fromkeys(MEMBERS[2:], True)
    consents["IN"] = None

    verdict = check_transition(
        book, reference, "cmfa-extraordinary", "secretariat_notified", "collect_consents",
        cmfa_letters(consents),
    )  # fmt: skip

    assert not verdict.ok
    assert verdict.outcome == "consent_pending"
    assert verdict.rules == ("CMFA-EXTRA-INITIATORS",)
    assert verdict.facts["consents_pending"] == ["IN"]


def test_cmfa_with_every_consent_goes_on(book: Rulebook, reference: ReferenceData) -> None:
    verdict = check_transition(
        book, reference, "cmfa-extraordinary", "secretariat_notified", "collect_consents",
        cmfa_letters(dict.fromkeys(MEMBERS[2:], True)),
    )  # fmt: skip

    assert verdict.ok
    assert verdict.facts["target"] == "consented"


def test_cmfa_is_declined_only_when_a_state_refuses(
    book: Rulebook, reference: ReferenceData
) -> None:
    refused: dict[str, bool | None] = {**dict.fromkeys(MEMBERS[2:], True), "PK": False}
    waiting: dict[str, bool | None] = dict.fromkeys(MEMBERS[2:], None)

    declined = check_transition(
        book, reference, "cmfa-extraordinary", "secretariat_notified", "decline",
        cmfa_letters(refused),
    )  # fmt: skip
    not_declined = check_transition(
        book, reference, "cmfa-extraordinary", "secretariat_notified", "decline",
        cmfa_letters(waiting),
    )  # fmt: skip

    assert declined.ok
    assert declined.facts["target"] == "refused"
    assert not not_declined.ok


def test_a_meeting_without_quorum_does_not_open(book: Rulebook, reference: ReferenceData) -> None:
    facts = {"present": dict.fromkeys(MEMBERS[:4], 3), "parts": 10}

    verdict = check_transition(
        book, reference, "bcb-regular", "agenda_circulated", "open_session", facts
    )

    assert not verdict.ok
    assert verdict.outcome == "not_quorate"
    assert "BCB-QUORUM" in verdict.rules


def test_an_objection_stops_a_decision(book: Rulebook, reference: ReferenceData) -> None:
    # Quorate at that moment (16 members from 6 parts), then the consensus is checked.
    present = {"CN": 3, "RU": 3, "KZ": 3, "KG": 3, "TJ": 3, "UZ": 1}
    facts = {"present": present, "parts": 10, "positions": {"CN": "support", "RU": "object"}}

    verdict = check_transition(
        book, reference, "bcb-regular", "in_session", "adopt_decision", facts
    )

    assert not verdict.ok
    assert verdict.rules == ("BCB-CONSENSUS",)
    assert [c.guard for c in verdict.checks] == ["quorate", "no_objection"]


def test_an_unknown_event_is_an_input_error(book: Rulebook, reference: ReferenceData) -> None:
    with pytest.raises(InputError) as raised:
        check_transition(book, reference, "bcb-extraordinary", "initiative", "convene", {})

    assert raised.value.code == "unknown_transition"
    assert "receive_appeal" in raised.value.render("ru")


def test_an_unknown_kind_or_state_is_an_input_error(book: Rulebook) -> None:
    with pytest.raises(InputError):
        available_transitions(book, "bcb-nonsense", "initiative")
    with pytest.raises(InputError):
        available_transitions(book, "bcb-regular", "initiative")


def test_a_missing_fact_is_an_input_error(book: Rulebook, reference: ReferenceData) -> None:
    with pytest.raises(InputError) as raised:
        check_transition(book, reference, "bcb-regular", "agenda_circulated", "open_session", {})

    assert raised.value.code == "missing_fact"


def test_a_cnc_plan_of_two_meetings_a_year_is_warned_about(book: Rulebook) -> None:
    short = check_year_plan(book, "cnc", 2026, 2)
    enough = check_year_plan(book, "cnc", 2026, 3)

    assert short.outcome == "short"
    assert short.warnings
    assert short.rules == ("CNC-FREQ-3",)
    assert enough.outcome == "enough"
    assert not enough.warnings


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda w: w["bcb-regular"]["transitions"][0].update(to="nowhere"), "unknown state"),
        (lambda w: w["bcb-regular"]["transitions"][0].update(rules=["BCB-NOPE"]), "unknown rule"),
        (lambda w: w["bcb-regular"]["transitions"][0].update(guards=["luck"]), "unknown guard"),
        (lambda w: w["bcb-regular"]["transitions"][0].update(actor="nobody"), "unknown actor"),
        (lambda w: w["bcb-regular"].update(initial="nowhere"), "unknown initial state"),
        (lambda w: w.update(nonsense=w["bcb-regular"]), "no such procedure"),
    ],
)
def test_a_malformed_workflow_file_is_refused_with_a_clear_error(
    book: Rulebook, tmp_path: Path, change: Any, complaint: str
) -> None:
    raw = yaml.safe_load(WORKFLOWS_FILE.read_text(encoding="utf-8"))
    change(raw["workflows"])
    path = tmp_path / "workflows.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    with pytest.raises(WorkflowError, match=complaint):
        load_workflows(book, path)


def test_an_appeal_received_on_time_but_without_its_sending_day_is_not_judged(
    book: Rulebook, reference: ReferenceData
) -> None:
    facts = {**bcb_appeal("2026-05-20"), "events": {"received": day("2026-05-22")}}

    verdict = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal", facts
    )

    assert not verdict.ok
    assert verdict.outcome == "sent_not_recorded"
    assert verdict.rules == ("BCB-EXTRA-NOTICE-30D",)
    assert "not recorded" in verdict.summary.render("en")


def test_the_sending_day_not_the_receipt_decides_the_notice(
    book: Rulebook, reference: ReferenceData
) -> None:
    # regulations.md: sent 31 May, received 2 Jun, meeting 30 Jun: on time.
    facts = {
        **bcb_appeal("2026-05-31"),
        "events": {"sent": day("2026-05-31"), "received": day("2026-06-02")},
    }

    verdict = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal", facts
    )

    assert verdict.ok


def test_initiators_sending_on_different_days_pass_with_a_warning_on_the_latest_day(
    book: Rulebook, reference: ReferenceData
) -> None:
    facts = {
        **bcb_appeal("2026-05-20"),
        "events": {"received": day("2026-05-29")},
        "initiator_sent": {"CN": day("2026-05-20"), "RU": day("2026-05-27")},
    }

    verdict = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal", facts
    )

    assert verdict.ok
    [warning] = verdict.warnings
    assert warning.code == "convening.not_simultaneous"
    text = warning.render("ru")
    assert "одновременно" in text
    assert "Китай" in text
    assert "27 мая 2026\u202fг." in text
    late = {**facts, "initiator_sent": {"CN": day("2026-05-20"), "RU": day("2026-06-01")}}
    late["events"] = {"received": day("2026-06-02")}
    refused = check_transition(
        book, reference, "bcb-extraordinary", "initiative", "receive_appeal", late
    )
    assert refused.outcome == "late"
    assert [w.code for w in refused.warnings] == ["convening.not_simultaneous"]


def test_the_notice_guard_reads_the_sending_facts() -> None:
    assert {"events", "initiator_sent"} <= GUARD_FACTS["notice_on_time"]


def test_the_quorum_guard_works_at_each_decision(
    book: Rulebook, reference: ReferenceData, tmp_path: Path
) -> None:
    # Another workflow file may add `quorate` to adopt_decision: the step then reads who is
    # in the room as well as the positions, and the guard counts the quorum at that moment.
    raw = yaml.safe_load(WORKFLOWS_FILE.read_text(encoding="utf-8"))
    for transition in raw["workflows"]["bcb-regular"]["transitions"]:
        if transition["event"] == "adopt_decision":
            transition["guards"] = ["quorate", *transition["guards"]]
    path = tmp_path / "workflows.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    flows = load_workflows(book, path)
    [adopt] = [t for t in flows.get("bcb-regular").transitions if t.event == "adopt_decision"]
    assert {"present", "parts", "positions"} <= adopt.reads
    assert adopt.checks_quorum

    facts = {"present": dict.fromkeys(MEMBERS[:6], 3), "parts": 10, "positions": {"CN": "support"}}
    assert GUARDS["quorate"](book, reference, "bcb", facts).ok
    left = {**facts, "present": {**dict.fromkeys(MEMBERS[:4], 3), "KG": 1}}
    verdict = GUARDS["quorate"](book, reference, "bcb", left)
    assert not verdict.ok
    assert verdict.outcome == "not_quorate"
    assert verdict.rules == ("BCB-QUORUM", "BCB-COMPOSITION")
