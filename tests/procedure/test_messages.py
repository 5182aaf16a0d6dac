"""Verdicts explain themselves in English, Russian and Chinese (regulations.md, "What a
verdict must look like"), from whole sentences of messages.yaml."""

from __future__ import annotations

import ast
import string
import typing
from pathlib import Path

import pytest
import yaml

import secretariat.procedure as procedure_package
from secretariat.procedure import calendars
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.consensus import Position, check_consensus
from secretariat.procedure.convening import check_convening
from secretariat.procedure.quorum import check_quorum
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import LANGS, Message, catalogue
from secretariat.procedure.verdicts import InputError, Verdict

from .builders import MEMBERS, day

ENGINE = Path(procedure_package.__file__).resolve().parent
RAW_CATALOGUE = yaml.safe_load((ENGINE / "messages.yaml").read_text(encoding="utf-8"))["messages"]


def placeholders(template: str) -> set[str]:
    """The parameters a sentence names (``{count|form|form}`` names ``count``)."""
    return {
        name.split("|")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name is not None
    }


@pytest.mark.parametrize("code", sorted(RAW_CATALOGUE))
def test_a_message_has_the_same_placeholders_in_all_three_languages(code: str) -> None:
    texts = RAW_CATALOGUE[code]

    assert set(texts) >= set(LANGS)
    assert placeholders(texts["ru"]) == placeholders(texts["en"])
    assert placeholders(texts["zh"]) == placeholders(texts["en"])


@pytest.mark.parametrize("code", sorted(RAW_CATALOGUE))
def test_a_message_renders_in_each_language_and_is_translated(code: str) -> None:
    params = {name: f"<{name}>" for name in placeholders(RAW_CATALOGUE[code]["en"])}
    message = Message(code, params)

    rendered = {lang: message.render(lang) for lang in LANGS}

    assert all(rendered.values())
    assert rendered["ru"] != rendered["en"]
    assert rendered["zh"] != rendered["en"]
    for value in params.values():
        assert all(value in text for text in rendered.values())


def message_codes_in_the_engine() -> tuple[set[str], set[str]]:
    """Codes written literally in Message(...) calls, and prefixes of the f-string ones."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name != "Message":
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                literal.add(first.value)
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.add(str(first.values[0].value))
    return literal, prefixes


def test_every_message_the_engine_names_is_in_the_catalogue() -> None:
    literal, prefixes = message_codes_in_the_engine()

    assert len(literal) >= 20, "the scan found too few messages to be right"
    assert sorted(literal - set(catalogue())) == []
    for prefix in prefixes:
        assert any(code.startswith(prefix) for code in catalogue()), prefix


def test_every_computed_message_code_is_in_the_catalogue(book: Rulebook) -> None:
    # The codes the engine builds with f-strings, from the data they are built from.
    computed = {f"weekday.{i}" for i in range(7)}
    for kind in typing.get_args(calendars.DayOffKind):
        computed |= {f"dayoff.{kind}", f"warning.due_on_{kind}"}
    for rule in book.rules.values():
        if rule.deadline is not None and rule.deadline.event:
            computed.add(f"violation.{rule.deadline.event}")
    for procedure in book.procedures.values():
        computed |= {f"error.required.{e.name}" for e in procedure.events.values() if e.required}
    computed |= {"chair.cnc", "chair.bcb"}

    assert sorted(computed - set(catalogue())) == []


# --- Real verdicts, rendered ----------------------------------------------------------------


def verdicts(book: Rulebook, reference: ReferenceData) -> list[Verdict]:
    quorate = dict.fromkeys(MEMBERS[:6], 3)
    return [
        check_quorum(book, quorate, 10),
        check_quorum(book, dict.fromkeys(MEMBERS[:4], 3), 10),
        check_quorum(book, dict.fromkeys(MEMBERS[:4], 3), 4),
        check_quorum(book, dict.fromkeys(MEMBERS[:5], 3), 10),
        check_consensus(book, {"CN": Position.SUPPORT, "RU": Position.ABSTAIN}),
        check_consensus(book, {"CN": Position.SUPPORT, "RU": Position.OBJECT}),
        check_chair(book, reference, "cnc", day("2025-01-15")),
        check_chair(book, reference, "bcb", day("2026-01-15")),
        check_convening(
            book,
            reference,
            "bcb",
            initiators=["CN"],
            sent=day("2026-06-10"),
            meeting_start=day("2026-06-30"),
            members=list(MEMBERS),
        ),
        check_convening(
            book,
            reference,
            "bcb",
            initiators=["CN", "RU"],
            sent=day("2026-05-20"),
            meeting_start=day("2026-06-30"),
            members=list(MEMBERS),
        ),
        check_convening(
            book,
            reference,
            "cmfa",
            initiators=["CN", "RU"],
            sent=day("2026-02-20"),
            meeting_start=day("2026-03-31"),
            members=list(MEMBERS),
            consents={"IN": False},
        ),
        check_convening(
            book,
            reference,
            "cmfa",
            initiators=["CN", "RU"],
            sent=day("2026-02-20"),
            meeting_start=day("2026-03-31"),
            members=list(MEMBERS),
            consents={},
        ),
        check_convening(
            book,
            reference,
            "bcb",
            initiators=["CN", "RU"],
            initiator_sent={"CN": day("2026-05-20"), "RU": day("2026-05-22")},
            meeting_start=day("2026-06-30"),
            members=list(MEMBERS),
        ),
        check_convening(
            book,
            reference,
            "bcb",
            initiators=["CN", "RU"],
            meeting_start=day("2026-06-30"),
            members=list(MEMBERS),
        ),
    ]


def test_every_verdict_renders_in_english_russian_and_chinese(
    book: Rulebook, reference: ReferenceData
) -> None:
    outcomes = set()
    for verdict in verdicts(book, reference):
        rendered = {lang: verdict.render(book, lang) for lang in LANGS}
        outcomes.add(verdict.summary.code)
        for lang in ("ru", "zh"):
            assert rendered[lang]["summary"] != rendered["en"]["summary"], verdict.summary.code
            for mine, english in zip(
                rendered[lang]["warnings"], rendered["en"]["warnings"], strict=True
            ):
                assert mine != english
        for lang, explanation in rendered.items():
            assert explanation["summary"]
            assert explanation["facts"] == dict(verdict.facts)
            for cited, rule_id in zip(explanation["rules"], verdict.rules, strict=True):
                rule = book.rule(rule_id)
                assert cited["id"] == rule_id
                assert cited["wording"] == rule.wording[lang]
                assert cited["original"] == rule.original_text
                assert rule.source.file in cited["source"]
    # The table above reaches every outcome of quorum, consensus and convening.
    assert outcomes >= {
        "quorum.quorate",
        "quorum.short_of_both",
        "quorum.short_of_states",
        "quorum.short_of_members",
        "consensus.adopted",
        "consensus.objected",
        "chair.cnc",
        "chair.bcb",
        "convening.too_few_initiators",
        "convening.may_convene",
        "convening.consent_refused",
        "convening.consent_pending",
        "convening.sent_not_recorded",
    }


def test_a_state_is_named_in_the_readers_language(book: Rulebook, reference: ReferenceData) -> None:
    verdict = check_chair(book, reference, "cnc", day("2025-01-15"))

    assert "China" in verdict.summary.render("en")
    assert "Китай" in verdict.summary.render("ru")
    assert "中国" in verdict.summary.render("zh")


def test_a_schedule_renders_in_each_language(book: Rulebook, reference: ReferenceData) -> None:
    result = compute_schedule(
        book,
        reference,
        "bcb-extraordinary",
        meeting_start=day("2026-06-30"),
        events={"sent": day("2026-06-01")},
    )

    rendered = {lang: result.render(lang) for lang in LANGS}

    for lang in ("ru", "zh"):
        assert rendered[lang]["title"] != rendered["en"]["title"]
        assert [s["due"] for s in rendered[lang]["steps"]] == [
            s["due"] for s in rendered["en"]["steps"]
        ]
        for mine, english in zip(rendered[lang]["steps"], rendered["en"]["steps"], strict=True):
            assert mine["action"] != english["action"]
            assert mine["actor"] != english["actor"]
        assert (
            rendered[lang]["violations"][0]["message"] != rendered["en"]["violations"][0]["message"]
        )


@pytest.mark.parametrize(
    "ask",
    [
        pytest.param(lambda b, r: check_quorum(b, {"CN": 4}, 10), id="quorum: impossible count"),
        pytest.param(lambda b, r: check_consensus(b, {}), id="consensus: no positions"),
        pytest.param(
            lambda b, r: check_chair(b, r, "cnc", day("2020-01-01")),
            id="chair: before the first summit",
        ),
        pytest.param(
            lambda b, r: compute_schedule(b, r, "nope", meeting_start=day("2026-06-30")),
            id="schedule: unknown procedure",
        ),
        pytest.param(
            lambda b, r: compute_schedule(b, r, "depositary"), id="schedule: no received date"
        ),
        pytest.param(
            lambda b, r: compute_schedule(
                b, r, "bcb-regular", meeting_start=day("2026-06-30"), meeting_end=day("2026-06-01")
            ),
            id="schedule: end before start",
        ),
    ],
)
def test_an_input_error_says_what_is_wrong_in_each_language(
    book: Rulebook,
    reference: ReferenceData,
    ask: typing.Callable[[Rulebook, ReferenceData], object],
) -> None:
    with pytest.raises(InputError) as raised:
        ask(book, reference)

    error = raised.value
    assert str(error) == error.render("en")
    assert error.render("ru") != error.render("en")
    assert error.render("zh") != error.render("en")
