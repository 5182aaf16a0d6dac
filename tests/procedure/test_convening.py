"""Convening an extraordinary meeting: initiators, notice, consents.

BCB (seed 004 §7): at least two national parts; the joint appeal is SENT to the BC
Secretariat not later than 30 days before the proposed date.
CMFA (seed 001 ¶1): at least two member states, the consent of the other states' foreign
ministers, the letters SENT to the CMFA Chair not later than a month before. The notice
binds the sending day; the day of receipt is recorded too (regulations.md).
"""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.procedure.convening import check_convening
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.verdicts import InputError
from tests.said import RULE_ID, day_said, rule_said

from .builders import MEMBERS, day

OTHERS_THAN_CN_RU = [m for m in MEMBERS if m not in ("CN", "RU")]


def convene(book: Rulebook, reference: ReferenceData, body: str, **kwargs: Any) -> Any:
    defaults: dict[str, Any] = {
        "bcb": {"sent": "2026-05-20", "meeting_start": "2026-06-30"},
        "cmfa": {"sent": "2026-02-20", "meeting_start": "2026-03-31"},
    }.get(body, {"sent": "2026-05-20", "meeting_start": "2026-06-30"})
    args = {**defaults, **kwargs}
    return check_convening(
        book,
        reference,
        body,
        initiators=args["initiators"],
        sent=day(args["sent"]) if args["sent"] else None,
        received=day(args["received"]) if args.get("received") else None,
        initiator_sent={c: day(d) for c, d in (args.get("initiator_sent") or {}).items()},
        meeting_start=day(args["meeting_start"]),
        members=list(MEMBERS),
        consents=args.get("consents"),
    )


@pytest.mark.parametrize(
    ("initiators", "received", "ok", "outcome"),
    [
        pytest.param(
            ["CN"], "2026-05-20", False, "too_few_initiators", id="one national part is refused"
        ),
        pytest.param(
            ["CN", "CN"],
            "2026-05-20",
            False,
            "too_few_initiators",
            id="the same part twice is still one",
        ),
        pytest.param(
            ["CN", "RU"], "2026-05-20", True, "may_convene", id="two national parts may convene"
        ),
        pytest.param(
            ["CN", "RU", "KZ"],
            "2026-05-31",
            True,
            "may_convene",
            id="sent on the 30th day before",
        ),
        pytest.param(
            ["CN", "RU"],
            "2026-06-01",
            False,
            "late",
            id="sent on the 29th day before is refused",
        ),
    ],
)
def test_an_extraordinary_board_meeting_needs_two_parts_and_30_days_notice(
    book: Rulebook,
    reference: ReferenceData,
    initiators: list[str],
    received: str,
    ok: bool,
    outcome: str,
) -> None:
    verdict = convene(book, reference, "bcb", initiators=initiators, sent=received)

    assert verdict.ok is ok
    assert verdict.outcome == outcome
    assert verdict.facts["notice_due"] == "2026-05-31"
    assert verdict.rules == ("BCB-EXTRA-INITIATORS", "BCB-EXTRA-NOTICE-30D")


def test_every_reason_for_refusal_is_reported(book: Rulebook, reference: ReferenceData) -> None:
    verdict = convene(book, reference, "bcb", initiators=["CN"], sent="2026-06-10")

    assert verdict.outcome == "too_few_initiators"
    assert verdict.facts["failures"] == ["too_few_initiators", "late"]
    assert [w.code for w in verdict.warnings] == ["convening.sent_late"]


def test_a_late_appeal_is_refused_naming_the_notice_rule(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = convene(book, reference, "bcb", initiators=["CN", "RU"], sent="2026-06-01")

    for lang in ("en", "ru", "zh"):
        text = verdict.summary.render(lang)
        assert rule_said("BCB-EXTRA-NOTICE-30D", lang) in text
        assert not RULE_ID.search(text)
        assert day_said("2026-05-31", lang) in text


@pytest.mark.parametrize(
    ("consents", "received", "ok", "outcome", "named"),
    [
        pytest.param(
            dict.fromkeys(OTHERS_THAN_CN_RU, True),
            "2026-02-20",
            True,
            "may_convene",
            [],
            id="all others consent",
        ),
        pytest.param(
            {**dict.fromkeys(OTHERS_THAN_CN_RU, True), "IN": False},
            "2026-02-20",
            False,
            "consent_refused",
            ["IN"],
            id="one refuses",
        ),
        pytest.param(
            {**dict.fromkeys(OTHERS_THAN_CN_RU, True), "PK": None},
            "2026-02-20",
            False,
            "consent_pending",
            ["PK"],
            id="one has not answered",
        ),
        pytest.param(
            {s: True for s in OTHERS_THAN_CN_RU if s != "BY"},
            "2026-02-20",
            False,
            "consent_pending",
            ["BY"],
            id="one is missing",
        ),
        pytest.param(
            None, "2026-02-20", False, "consent_pending", OTHERS_THAN_CN_RU, id="no answers yet"
        ),
        pytest.param(
            dict.fromkeys(OTHERS_THAN_CN_RU, True),
            "2026-03-01",
            False,
            "late",
            [],
            id="letters less than a month ahead",
        ),
    ],
)
def test_an_extraordinary_cmfa_meeting_needs_the_consent_of_every_other_state(
    book: Rulebook,
    reference: ReferenceData,
    consents: dict[str, bool | None] | None,
    received: str,
    ok: bool,
    outcome: str,
    named: list[str],
) -> None:
    verdict = convene(
        book, reference, "cmfa", initiators=["CN", "RU"], sent=received, consents=consents
    )

    assert verdict.ok is ok
    assert verdict.outcome == outcome
    assert verdict.facts["notice_due"] == "2026-02-28"
    key = "consents_refused" if outcome == "consent_refused" else "consents_pending"
    assert verdict.facts[key] == named
    assert verdict.rules == ("CMFA-EXTRA-INITIATORS", "CMFA-EXTRA-NOTICE-1M")


def test_one_cmfa_initiator_is_refused(book: Rulebook, reference: ReferenceData) -> None:
    others = {m: True for m in MEMBERS if m != "CN"}

    verdict = convene(book, reference, "cmfa", initiators=["CN"], consents=others)

    assert verdict.outcome == "too_few_initiators"


@pytest.mark.parametrize(
    ("body", "initiators", "code"),
    [
        pytest.param(
            "chs", ["CN", "RU"], "unknown_body", id="a body without extraordinary meetings"
        ),
        pytest.param("bcb", ["CN", "XX"], "unknown_state", id="an initiator that is not a member"),
    ],
)
def test_an_impossible_convening_is_an_input_error(
    book: Rulebook, reference: ReferenceData, body: str, initiators: list[str], code: str
) -> None:
    with pytest.raises(InputError) as raised:
        convene(book, reference, body, initiators=initiators)

    assert raised.value.code == code


def test_the_notice_binds_the_sending_day_not_the_day_of_receipt(
    book: Rulebook, reference: ReferenceData
) -> None:
    # regulations.md: appeal sent 2026-05-31, received 2026-06-02, meeting 2026-06-30.
    verdict = convene(
        book, reference, "bcb", initiators=["CN", "RU"], sent="2026-05-31", received="2026-06-02"
    )

    assert verdict.ok
    assert verdict.facts["sent"] == "2026-05-31"
    assert verdict.facts["received"] == "2026-06-02"
    assert verdict.facts["notice_due"] == "2026-05-31"


def test_an_appeal_sent_a_day_late_is_refused_whatever_its_receipt(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = convene(
        book, reference, "bcb", initiators=["CN", "RU"], sent="2026-06-01", received="2026-06-01"
    )

    assert verdict.outcome == "late"
    for lang in ("en", "ru", "zh"):
        assert day_said("2026-06-01", lang) in verdict.summary.render(lang)


def test_without_a_sending_day_the_notice_cannot_be_judged(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = convene(book, reference, "bcb", initiators=["CN", "RU"], sent=None)

    assert not verdict.ok
    assert verdict.outcome == "sent_not_recorded"
    assert rule_said("BCB-EXTRA-NOTICE-30D", "en") in verdict.summary.render("en")
    assert not RULE_ID.search(verdict.summary.render("en"))
    assert "не указан" in verdict.summary.render("ru")


def test_a_receipt_before_the_sending_day_is_an_input_error(
    book: Rulebook, reference: ReferenceData
) -> None:
    with pytest.raises(InputError) as raised:
        convene(
            book,
            reference,
            "bcb",
            initiators=["CN", "RU"],
            sent="2026-05-20",
            received="2026-05-19",
        )

    assert raised.value.code == "received_before_sent"
    for lang in ("en", "ru", "zh"):
        assert day_said("2026-05-19", lang) in raised.value.render(lang)


def test_the_joint_sending_day_is_the_latest_initiators_and_differing_days_are_warned(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = convene(
        book,
        reference,
        "bcb",
        initiators=["CN", "RU"],
        sent=None,
        initiator_sent={"CN": "2026-05-25", "RU": "2026-06-01"},
    )

    assert verdict.outcome == "late"  # RU sent on 1 June, the 29th day before
    assert verdict.facts["sent"] == "2026-06-01"
    [warning] = [w for w in verdict.warnings if w.code == "convening.not_simultaneous"]
    english = warning.render("en")
    assert "China on 2026-05-25" in english
    assert "Russia on 2026-06-01" in english
    assert "одновременно" in warning.render("ru")
    assert rule_said("BCB-EXTRA-NOTICE-30D", "zh") in warning.render("zh")
    assert not RULE_ID.search(warning.render("zh"))


def test_initiators_sending_on_the_same_day_send_simultaneously(
    book: Rulebook, reference: ReferenceData
) -> None:
    verdict = convene(
        book,
        reference,
        "bcb",
        initiators=["CN", "RU"],
        sent=None,
        initiator_sent={"CN": "2026-05-25", "RU": "2026-05-25"},
    )

    assert verdict.ok
    assert not verdict.warnings
