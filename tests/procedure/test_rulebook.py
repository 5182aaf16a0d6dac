"""The rulebook holds exactly the rules of regulations.md, as data, each citing its source.

regulations.md and the seed texts live in ../shared beside the repository; the tests that
read them are skipped, with the reason, when that folder is absent.
"""

from __future__ import annotations

import io
import re
import shutil
import tokenize
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import secretariat.procedure as procedure_package
from secretariat.procedure.rules import (
    REGULATIONS_DIR,
    Rulebook,
    RulebookError,
    load_rulebook,
    rulebook,
)
from secretariat.procedure.text import LANGS

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
SPEC = SHARED / "spec" / "regulations.md"
SEEDS = SHARED / "seeds"
#: The engine's code as imported (the same files as in the repository, when installed editable).
ENGINE = Path(procedure_package.__file__).resolve().parent

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
#: The count a rule id announces: BCB-EXTRA-NOTICE-30D, CMFA-EXTRA-NOTICE-1M, ...-5WD.
ID_COUNT = re.compile(r"-(\d+)(WD|D|M)$")
ID_COUNT_KINDS = {"D": "days", "WD": "working_days", "M": "months"}
ALL_RULE_IDS = sorted(rulebook().rules)


def collapse(text: str) -> str:
    return " ".join(text.split())


def spec_text() -> str:
    if not SPEC.is_file():
        pytest.skip(f"{SPEC.resolve()} is absent: shared/ must sit beside the repository")
    return SPEC.read_text(encoding="utf-8")


def spec_rows() -> list[tuple[str, dict[str, str]]]:
    """Every rule row of regulations.md's tables, as (section heading, {column: cell})."""
    rows: list[tuple[str, dict[str, str]]] = []
    heading, header = "", None
    for line in spec_text().splitlines():
        if line.startswith("## "):
            heading, header = line, None
            continue
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif RULE_ID.match(cells[0]):
            rows.append((heading, dict(zip(header, cells, strict=True))))
    return rows


def seed_text(file: str) -> str:
    path = SEEDS / file
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS.resolve()} is absent: shared/ must sit beside the repository")
    assert path.is_file(), f"the rule cites {file}, which is not in {SEEDS.resolve()}"
    return collapse(path.read_text(encoding="utf-8"))


# --- The rules are those of regulations.md ---------------------------------------------


def test_the_rule_ids_are_exactly_those_of_regulations_md(book: Rulebook) -> None:
    in_spec = [row["id"] for _, row in spec_rows()]

    assert len(in_spec) == len(set(in_spec)), "regulations.md lists an id twice"
    assert set(book.rules) == set(in_spec), (
        f"only in the rulebook: {sorted(set(book.rules) - set(in_spec))}; "
        f"only in regulations.md: {sorted(set(in_spec) - set(book.rules))}"
    )


def test_the_spec_parser_finds_every_table_of_regulations_md() -> None:
    # Guards the test above: a parser that found no rows would compare nothing.
    sections = {heading for heading, _ in spec_rows()}

    assert len(spec_rows()) >= 40
    assert any("Business Council" in s for s in sections)
    assert any("Foreign Affairs" in s for s in sections)
    assert any("Secretariat" in s for s in sections)


def test_every_rule_has_its_wording_in_english_russian_and_chinese(book: Rulebook) -> None:
    for rule in book.rules.values():
        for lang in LANGS:
            assert rule.wording[lang].strip(), f"{rule.id} has no {lang} wording"
        assert rule.wording.ru != rule.wording.en, f"{rule.id}: ru wording is the English one"
        assert rule.wording.zh != rule.wording.en, f"{rule.id}: zh wording is the English one"


@pytest.mark.parametrize("rule_id", ALL_RULE_IDS)
def test_the_original_wording_occurs_verbatim_in_its_seed_file(
    book: Rulebook, rule_id: str
) -> None:
    rule = book.rule(rule_id)

    assert rule.original_text.strip()
    assert collapse(rule.original_text) in seed_text(rule.source.file), (
        f"{rule.id}: its original text is not found in {rule.source.file}"
    )


def test_the_sources_cited_in_regulations_md_are_those_of_the_rules(book: Rulebook) -> None:
    problems = []
    for heading, row in spec_rows():
        rule = book.rule(row["id"])
        cited = {(s.file[:3], s.paragraph) for s in rule.sources}
        if "source" in row:  # "000 §2; 001 ¶5"
            for part in row["source"].split(";"):
                seed, paragraph = part.split()
                if (seed, paragraph) not in cited:
                    problems.append(f"{rule.id}: cites {sorted(cited)}, the spec {part.strip()}")
        seed = re.search(r"seed (\d{3})", heading)
        if seed and "source" not in row and rule.source.file[:3] != seed.group(1):
            problems.append(f"{rule.id}: from {rule.source.file}, the spec says seed {seed[1]}")
        if "§" in row and rule.source.paragraph != row["§"]:
            problems.append(f"{rule.id}: paragraph {rule.source.paragraph}, the spec {row['§']}")

    assert not problems, "\n".join(problems)


def test_the_russian_quotations_of_regulations_md_are_in_the_rules_original(
    book: Rulebook,
) -> None:
    quoted = 0
    for _, row in spec_rows():
        for quotation in re.findall(r"«(.*?)»", row.get("wording", "")):
            for piece in quotation.split("…"):
                quoted += 1
                assert collapse(piece) in book.rule(row["id"]).original_text, (
                    f"{row['id']}: «{piece.strip()}» is not in its original text"
                )
    assert quoted >= 5


# --- Numbers are parameters, taken from the source ---------------------------------------


def test_every_dated_rule_has_its_number_in_its_parameters(book: Rulebook) -> None:
    dated = [rule for rule in book.rules.values() if rule.deadline is not None]

    assert len(dated) >= 10
    for rule in dated:
        assert rule.deadline is not None
        if rule.deadline.count == "none":
            assert rule.deadline.direction == "on", f"{rule.id}: no count, so on the day"
            continue
        n = rule.parameters.get(rule.deadline.count)
        assert type(n) is int, f"{rule.id}: N is {n!r}"
        assert n >= 0


@pytest.mark.parametrize(
    "rule_id",
    [
        "BCB-EXTRA-NOTICE-30D",
        "BCB-EXTRA-INFORM-5D",
        "BCB-EXTRA-REPLY-10D",
        "BCB-EXTRA-RELAY-3D",
        "BCB-AGENDA-PROPOSALS-10D",
        "BCB-AGENDA-CIRCULATE-5D",
        "BCB-MINUTES-DISTRIBUTE-5WD",
        "CMFA-EXTRA-NOTICE-1M",
        "CMFA-EXTRA-NOTIFY-2D",
        "SEC-CIRCULATE-20D",
        "SEC-CERTIFIED-7D",
        "SEC-PLAN-6M",
    ],
)
def test_the_count_in_a_rule_id_is_the_rules_parameter(book: Rulebook, rule_id: str) -> None:
    match = ID_COUNT.search(rule_id)
    assert match is not None
    n, kind = int(match[1]), ID_COUNT_KINDS[match[2]]
    rule = book.rule(rule_id)

    assert rule.parameters.get(kind) == n
    if rule.deadline is not None:
        assert rule.deadline.count == kind


NUMBERS_IN_THE_SOURCES = [
    ("BCB-COMPOSITION", "members_per_part", 3, "по три представителя от каждой"),
    ("BCB-EXTRA-INITIATORS", "min_initiators", 2, "не менее двух национальных частей"),
    ("BCB-EXTRA-NOTICE-30D", "days", 30, "не позднее, чем за тридцать дней до"),
    ("BCB-EXTRA-INFORM-5D", "days", 5, "в течение пяти дней информирует"),
    ("BCB-EXTRA-REPLY-10D", "days", 10, "в течение десяти дней направляют"),
    ("BCB-EXTRA-RELAY-3D", "days", 3, "в трехдневный срок"),
    ("BCB-AGENDA-PROPOSALS-10D", "days", 10, "не менее чем за 10 дней до"),
    ("BCB-AGENDA-CIRCULATE-5D", "days", 5, "не позднее, чем за пять дней до начала"),
    ("BCB-QUORUM", "plus_members", 1, "не менее половины состава Правления плюс один"),
    ("BCB-QUORUM", "min_states", 5, "не менее пяти государств-членов"),
    ("BCB-MINUTES-DISTRIBUTE-5WD", "working_days", 5, "в течение пяти рабочих дней"),
    ("CMFA-EXTRA-INITIATORS", "min_initiators", 2, "не менее двух государств-членов"),
    ("CMFA-EXTRA-NOTICE-1M", "months", 1, "не позднее, чем за месяц до"),
    ("CMFA-EXTRA-NOTIFY-2D", "days", 2, "в течение двух дней уведомляет"),
    ("CNC-FREQ-3", "min_meetings_per_year", 3, "не реже трех раз в год"),
    ("SEC-CIRCULATE-20D", "days", 20, "not later than 20 days before"),
    ("SEC-CERTIFIED-7D", "days", 7, "within 7 days after"),
]


@pytest.mark.parametrize(
    ("rule_id", "parameter", "value", "words_of_the_source"),
    NUMBERS_IN_THE_SOURCES,
    ids=[f"{rule_id} {parameter}" for rule_id, parameter, _, _ in NUMBERS_IN_THE_SOURCES],
)
def test_a_number_of_the_regulation_is_the_one_its_source_text_gives(
    book: Rulebook, rule_id: str, parameter: str, value: int, words_of_the_source: str
) -> None:
    rule = book.rule(rule_id)

    assert words_of_the_source in rule.original_text
    assert rule.param(parameter) == value


def test_the_quorum_fraction_is_one_half(book: Rulebook) -> None:
    # "не менее половины состава Правления плюс один" (seed 004, §12).
    from fractions import Fraction

    assert Fraction(str(book.rule("BCB-QUORUM").param("fraction"))) == Fraction(1, 2)


def test_a_missing_parameter_is_a_rulebook_error_naming_the_rule(book: Rulebook) -> None:
    with pytest.raises(RulebookError, match=r"BCB-QUORUM.*no_such_parameter"):
        book.rule("BCB-QUORUM").param("no_such_parameter")


# --- A malformed regulation file is refused, naming the rule -----------------------------

Mutation = Callable[[Path], None]


def edit_yaml(file: str, change: Callable[[dict[str, Any]], None]) -> Mutation:
    def mutate(directory: Path) -> None:
        path = directory / file
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(raw)
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")

    return mutate


def in_rule(
    rule_id: str, change: Callable[[dict[str, Any]], None]
) -> Callable[[dict[str, Any]], None]:
    def apply(raw: dict[str, Any]) -> None:
        change(next(rule for rule in raw["rules"] if rule["id"] == rule_id))

    return apply


def in_procedure(
    code: str, change: Callable[[dict[str, Any]], None]
) -> Callable[[dict[str, Any]], None]:
    def apply(raw: dict[str, Any]) -> None:
        change(raw["procedures"][code])

    return apply


MALFORMED: list[Any] = [
    pytest.param(
        edit_yaml("bcb.yaml", in_rule("BCB-QUORUM", lambda r: r["wording"].pop("zh"))),
        "BCB-QUORUM",
        id="a rule without its Chinese wording",
    ),
    pytest.param(
        edit_yaml(
            "cmfa.yaml", in_rule("CMFA-EXTRA-NOTIFY-2D", lambda r: r["wording"].update(ru=" "))
        ),
        "CMFA-EXTRA-NOTIFY-2D",
        id="a rule whose Russian wording is blank",
    ),
    pytest.param(
        edit_yaml(
            "bcb.yaml",
            in_rule("BCB-EXTRA-INFORM-5D", lambda r: r["step"].update(actor="bc_secretariot")),
        ),
        "BCB-EXTRA-INFORM-5D",
        id="a step done by an unknown actor",
    ),
    pytest.param(
        edit_yaml(
            "procedures.yaml",
            in_procedure("bcb-regular", lambda p: p["rules"].append("BCB-NO-SUCH-RULE")),
        ),
        "BCB-NO-SUCH-RULE",
        id="a procedure naming an unknown rule",
    ),
    pytest.param(
        edit_yaml(
            "procedures.yaml",
            in_procedure("sco-meeting", lambda p: p["rules"].append("SEC-DEPOSITARY")),
        ),
        "SEC-DEPOSITARY",
        id="a procedure naming a rule that has no date",
    ),
    pytest.param(
        edit_yaml(
            "bcb.yaml",
            in_rule(
                "BCB-EXTRA-RELAY-3D",
                lambda r: r["deadline"].update(
                    anchor={"earliest_of": ["BCB-EXTRA-REPLY-11D", "last_reply"]}
                ),
            ),
        ),
        "BCB-EXTRA-RELAY-3D",
        id="a deadline counted from an unknown rule",
    ),
    pytest.param(
        edit_yaml("bcb.yaml", in_rule("BCB-EXTRA-INFORM-5D", lambda r: r.update(parameters={}))),
        "BCB-EXTRA-INFORM-5D",
        id="a dated rule without its number",
    ),
    pytest.param(
        edit_yaml(
            "bcb.yaml",
            in_rule("BCB-EXTRA-INFORM-5D", lambda r: r["deadline"].update(count="weeks")),
        ),
        "BCB-EXTRA-INFORM-5D",
        id="a deadline counted in an unknown unit",
    ),
    pytest.param(
        edit_yaml("bcb.yaml", in_rule("BCB-EXTRA-INFORM-5D", lambda r: r.pop("step"))),
        "BCB-EXTRA-INFORM-5D",
        id="a dated rule without a step",
    ),
    pytest.param(
        edit_yaml("bcb.yaml", in_rule("BCB-QUORUM", lambda r: r.pop("original"))),
        "BCB-QUORUM",
        id="a rule without its original text",
    ),
    pytest.param(
        edit_yaml(
            "bcb.yaml",
            in_rule("BCB-QUORUM", lambda r: r["effective"].update({"from": "14 June 2006"})),
        ),
        "BCB-QUORUM",
        id="a rule with a date that is not a date",
    ),
    pytest.param(
        edit_yaml("cnc.yaml", lambda raw: raw["rules"].append(dict(raw["rules"][-1]))),
        "CNC-CHAIR",
        id="a rule defined twice",
    ),
    pytest.param(
        edit_yaml(
            "procedures.yaml",
            in_procedure("bcb-extraordinary", lambda p: p.update(include=["bcb-regulr"])),
        ),
        "bcb-regulr",
        id="a procedure including an unknown procedure",
    ),
    pytest.param(
        edit_yaml(
            "bcb.yaml",
            in_rule("BCB-EXTRA-INFORM-5D", lambda r: r["deadline"].update(anchor="recieved")),
        ),
        "BCB-EXTRA-INFORM-5D",
        id="a deadline counted from an unknown event",
    ),
    pytest.param(
        edit_yaml(
            "procedures.yaml",
            in_procedure(
                "bcb-extraordinary", lambda p: p["events"].update(informed={"default": "BCB-NOPE"})
            ),
        ),
        "BCB-NOPE",
        id="an event assumed from an unknown rule",
    ),
    pytest.param(
        edit_yaml(
            "bcb.yaml",
            in_rule("BCB-EXTRA-INFORM-5D", lambda r: r["parameters"].update(days="five")),
        ),
        "BCB-EXTRA-INFORM-5D",
        id="a day count that is not a number",
    ),
    pytest.param(
        edit_yaml("procedures.yaml", in_procedure("bcb-regular", lambda p: p["title"].pop("zh"))),
        "bcb-regular",
        id="a procedure without its Chinese title",
    ),
    pytest.param(
        edit_yaml("actors.yaml", lambda raw: raw["actors"]["bcb"]["name"].pop("ru")),
        "bcb",
        id="an actor without its Russian name",
    ),
]


@pytest.mark.parametrize(("mutate", "named"), MALFORMED)
def test_a_malformed_regulation_file_is_refused_naming_the_rule(
    tmp_path: Path, mutate: Mutation, named: str
) -> None:
    directory = tmp_path / "regulations"
    shutil.copytree(REGULATIONS_DIR, directory)
    mutate(directory)

    with pytest.raises(RulebookError, match=re.escape(named)):
        load_rulebook(directory)


def test_an_unchanged_copy_of_the_regulations_loads(tmp_path: Path, book: Rulebook) -> None:
    # The control for the table above: only the mutation makes a copy fail.
    directory = tmp_path / "regulations"
    shutil.copytree(REGULATIONS_DIR, directory)
    edit_yaml("bcb.yaml", lambda raw: None)(directory)

    copy = load_rulebook(directory)

    assert set(copy.rules) == set(book.rules)
    assert set(copy.procedures) == set(book.procedures)


# --- No number of a regulation in the engine's code ----------------------------------------

#: Integer literals the code may use freely: 0, 1, 2 are arithmetic (first, next, pairs).
SMALL = {0, 1, 2}


def regulation_numbers(book: Rulebook) -> set[int]:
    """Every whole number a regulation gives, plus the day counts of regulations.md."""
    found = {3, 5, 7, 10, 20, 30}
    for rule in book.rules.values():
        for value in rule.parameters.values():
            if isinstance(value, int) and not isinstance(value, bool):
                found.add(value)
    return found - SMALL


def integer_literals(source: str) -> list[tuple[int, int, str]]:
    """(line, value, line text) of every integer literal, except operands of ``**``.

    A power such as ``10**6`` is a magnitude (reference.py sorts undated summits last
    with it), not a count of days; any other use of a regulation's number is reported.
    """
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    ]
    found = []
    for i, token in enumerate(tokens):
        if token.type != tokenize.NUMBER:
            continue
        try:
            value = int(token.string, 0)
        except ValueError:  # floats and complex numbers
            continue
        before = tokens[i - 1].string if i else ""
        after = tokens[i + 1].string if i + 1 < len(tokens) else ""
        if "**" in (before, after):
            continue
        found.append((token.start[0], value, token.line.strip()))
    return found


def test_the_literal_scan_finds_a_day_count_and_ignores_a_power() -> None:
    sample = "due = start - dt.timedelta(days=30)\nBIG = 10**6\nn = 0x1E  # 30 in a comment\n"

    assert [value for _, value, _ in integer_literals(sample)] == [30, 30]


def test_no_number_of_a_regulation_is_written_in_the_engines_code(book: Rulebook) -> None:
    numbers = regulation_numbers(book)
    modules = sorted(ENGINE.glob("*.py"))
    assert len(modules) >= 10

    offenders = [
        f"{path.name}:{line}: {value} in `{text}`"
        for path in modules
        for line, value, text in integer_literals(path.read_text(encoding="utf-8"))
        if value in numbers
    ]

    assert not offenders, (
        "A regulation's number belongs in regulations/*.yaml, read through its rule id:\n"
        + "\n".join(offenders)
    )
