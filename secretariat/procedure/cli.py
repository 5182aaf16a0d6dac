"""``secretariat rules``: ask the rules engine a question (a public contract, docs/rules-cli.md).

Exit codes: 0 when the question was answered (whatever the verdict); 2 when it could
not be asked (unknown procedure, body or rule, malformed date, impossible input), with
one line on stderr saying what is wrong and what is valid. Never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

from secretariat.procedure.calendars import UnknownCalendarError, calendar_for, supported_states
from secretariat.procedure.chairmanship import check_chair
from secretariat.procedure.consensus import check_consensus, consensus_names, parse_position
from secretariat.procedure.deadlines import out_of_range
from secretariat.procedure.quorum import check_quorum
from secretariat.procedure.reference import ReferenceData
from secretariat.procedure.rules import Rule, Rulebook, rulebook
from secretariat.procedure.schedules import compute_schedule, estimated_warning
from secretariat.procedure.text import Lang, Message
from secretariat.procedure.verdicts import InputError, Verdict

EXIT_ANSWERED = 0
EXIT_BAD_INPUT = 2
#: Working days that `working-days` counts at most (about forty years): a bound on the loop,
#: not a number from any regulation.
MAX_WORKING_DAYS = 10_000
ReferenceFactory = Callable[[], ReferenceData]


class _UsageError(Exception):
    """The command line itself is malformed (argparse's complaint, one line)."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are raised, to be reported as one line, exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _msg(code: str, lang: Lang, **params: object) -> str:
    return Message(code, params).render(lang)


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            "bad_date", Message("error.bad_date", {"option": option, "value": value})
        ) from None


#: How the command line names each input of the engine (``InputError.field``).
FIELD_FLAGS = {
    "meeting_start": "--meeting-start DATE",
    "meeting_end": "--meeting-end DATE",
    "received": "--received DATE",
    "sent": "--sent DATE",
}


def _pairs(option: str, value: str, example: str) -> list[tuple[str, str]]:
    if not value.strip(" ,"):
        raise InputError(
            "empty_option", Message("error.empty_option", {"option": option, "example": example})
        )
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        code, sep, val = item.partition("=")
        code = code.strip().upper()
        if not sep or not code or not val.strip():
            raise InputError(
                "bad_pair",
                Message("error.bad_pair", {"option": option, "value": item, "example": example}),
            )
        if code in seen:
            raise InputError(
                "duplicate_state",
                Message("error.duplicate_state", {"option": option, "state": code}),
            )
        seen.add(code)
        pairs.append((code, val.strip()))
    return pairs


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _board_states(reference: ReferenceData) -> frozenset[str]:
    parts = {b.state for b in reference.national_parts() if b.state}
    return frozenset(parts | set(reference.members_on(_today())))


# --- commands -----------------------------------------------------------------------------


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "body": rule.body,
        "source": rule.cite(),
        "sources": [{"file": s.file, "paragraph": s.paragraph} for s in rule.sources],
        "wording": rule.wording.as_dict(),
        "parameters": dict(rule.parameters),
    }


def cmd_list(args: argparse.Namespace, book: Rulebook, out: TextIO, _ref: ReferenceFactory) -> int:
    rules = [book.rules[k] for k in sorted(book.rules)]
    if args.json:
        _dump({"rules": [_rule_json(r) for r in rules]}, out)
        return EXIT_ANSWERED
    for rule in rules:
        out.write(
            f"{rule.id:<28} {rule.body:<12} {rule.citation(args.lang)}\n"
            f"    {rule.wording[args.lang]}\n"
        )
    return EXIT_ANSWERED


def cmd_show(args: argparse.Namespace, book: Rulebook, out: TextIO, _ref: ReferenceFactory) -> int:
    rule = book.rules.get(args.rule_id) or book.rules.get(args.rule_id.upper())
    if rule is None:
        raise InputError(
            "unknown_rule",
            Message("error.unknown_rule", {"value": args.rule_id, "count": len(book.rules)}),
        )
    lang: Lang = args.lang
    data = _rule_json(rule) | {
        "source_file": rule.source.file,
        "paragraph": rule.source.paragraph,
        "original": {"lang": rule.original_lang, "text": rule.original_text},
        "text": rule.wording[lang],
        "effective_from": rule.effective_from.isoformat() if rule.effective_from else None,
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
    }
    if rule.deadline and rule.step:
        data["deadline"] = {
            "count": rule.deadline.count,
            "direction": rule.deadline.direction,
            "anchor": list(rule.deadline.anchor.names),
            "actor": rule.step.actor,
            "action": rule.step.action[lang],
        }
    if args.json:
        _dump(data, out)
        return EXIT_ANSWERED
    out.write(f"{rule.id} ({rule.body})\n{rule.wording[lang]}\n\n")
    out.write(f"{_msg('cli.source', lang)}: {rule.citation(lang)}\n")
    out.write(f"{_msg('cli.original', lang)} ({rule.original_lang}): {rule.original_text}\n")
    if rule.parameters:
        params = ", ".join(f"{k}={v}" for k, v in rule.parameters.items())
        out.write(f"{_msg('cli.parameters', lang)}: {params}\n")
    start = rule.effective_from.isoformat() if rule.effective_from else "…"
    end = rule.effective_to.isoformat() if rule.effective_to else "…"
    out.write(f"{_msg('cli.effective', lang)}: {_msg('cli.from_to', lang, start=start, end=end)}\n")
    return EXIT_ANSWERED


def cmd_schedule(
    args: argparse.Namespace, book: Rulebook, out: TextIO, reference: ReferenceFactory
) -> int:
    lang: Lang = args.lang
    start = _date("--meeting-start", args.meeting_start)
    end = _date("--meeting-end", args.meeting_end)
    procedure = book.procedures.get(args.procedure)
    events: dict[str, dt.date] = {}
    for name in ("sent", "received"):
        value = _date(f"--{name}", getattr(args, name))
        if value is None:
            continue
        if procedure is not None and name not in procedure.events:
            raise InputError(
                f"unexpected_{name}",
                Message(
                    "error.procedure_takes_no_event",
                    {"procedure": procedure.code, "option": f"--{name}"},
                ),
            )
        events[name] = value
    schedule = compute_schedule(
        book, reference(), args.procedure, meeting_start=start, meeting_end=end, events=events
    )
    data = schedule.render(lang)
    if args.json:
        _dump(data, out)
        return EXIT_ANSWERED
    out.write(f"{data['title']} ({schedule.procedure.code})\n")
    if schedule.meeting_start:
        span = _msg("cli.from_to", lang, start=data["meeting_start"], end=data["meeting_end"])
        out.write(f"{_msg('cli.meeting', lang)}: {span}\n")
    out.write("\n")
    for step in data["steps"]:
        out.write(f"{step['due']}  {step['rule']:<28} {step['action']} — {step['actor']}\n")
        out.write(f"            {_msg('cli.source', lang)}: {step['citation']}\n")
        for warning in step["warnings"]:
            out.write(f"            ! {warning}\n")
    if data["warnings"]:
        out.write(f"\n{_msg('cli.warnings', lang)}:\n")
        for w in data["warnings"]:
            out.write(f"  {w['rule']}: {w['message']}\n")
    out.write(f"\n{_msg('cli.violations', lang)}: ")
    if not data["violations"]:
        out.write(f"{_msg('cli.none', lang)}\n")
    else:
        out.write("\n")
        for v in data["violations"]:
            out.write(f"  {v['rule']}: {v['message']}\n")
    return EXIT_ANSWERED


def cmd_quorum(
    args: argparse.Namespace, book: Rulebook, out: TextIO, reference: ReferenceFactory
) -> int:
    present: dict[str, int] = {}
    for code, value in _pairs("--present", args.present, "CN=3,RU=3,KZ=2"):
        try:
            present[code] = int(value)
        except ValueError:
            raise InputError(
                "bad_count",
                Message("error.bad_count", {"option": "--present", "value": f"{code}={value}"}),
            ) from None
    ref = reference()
    valid = _board_states(ref)
    parts = args.parts if args.parts is not None else (len(ref.national_parts()) or len(valid))
    verdict = check_quorum(book, present, parts, valid_states=valid, names=ref.part_names())
    facts = verdict.facts
    payload = {
        "quorate": verdict.ok,
        "present": facts["present"],
        "required": facts["required"],
        "states": facts["states"],
        "required_states": facts["required_states"],
        "size": facts["size"],
        "rules": list(verdict.rules),
        "parts": facts["parts"],
    }
    return _answer(args, book, out, verdict, payload)


def cmd_consensus(
    args: argparse.Namespace, book: Rulebook, out: TextIO, reference: ReferenceFactory
) -> int:
    example = "CN=support,RU=object,IN=abstain,PK=absent"
    positions = {
        code: parse_position(v.lower())
        for code, v in _pairs("--positions", args.positions, example)
    }
    ref = reference()
    valid = _board_states(ref)
    unknown = sorted(set(positions) - valid)
    if unknown:
        raise InputError(
            "unknown_state",
            Message("error.unknown_state", {"value": unknown, "valid": sorted(valid)}),
        )
    verdict = check_consensus(book, positions, names=consensus_names(ref, "BCB-CONSENSUS"))
    payload = {
        "adopted": verdict.ok,
        "objections": list(verdict.facts["objections"]),
        "rules": list(verdict.rules),
    }
    return _answer(args, book, out, verdict, payload)


def cmd_chair(
    args: argparse.Namespace, book: Rulebook, out: TextIO, reference: ReferenceFactory
) -> int:
    day = _date("--on", args.on)
    assert day is not None  # noqa: S101  # argparse makes --on required
    ref = reference()
    verdict = check_chair(book, ref, args.body, day)
    payload = {
        "body": args.body,
        "on": day.isoformat(),
        "chair_state": verdict.facts["chair_state"],
        "deputy_state": verdict.facts.get("deputy_state"),
        "rules": list(verdict.rules),
        "term_from": verdict.facts["term_from"],
        "term_to": verdict.facts["term_to"],
        "confidence": verdict.facts["confidence"],
        "reference": ref.origin,
    }
    return _answer(args, book, out, verdict, payload)


def cmd_working_days(
    args: argparse.Namespace, book: Rulebook, out: TextIO, reference: ReferenceFactory
) -> int:
    lang: Lang = args.lang
    start = _date("--from", getattr(args, "from"))
    assert start is not None  # noqa: S101  # argparse makes --from required
    seat = args.seat.upper()
    ref = reference()
    valid = sorted(c for c in ref.states if c in supported_states())
    if seat not in valid:
        raise InputError(
            "unknown_seat", Message("error.unknown_seat", {"value": args.seat, "valid": valid})
        )
    if not 0 <= args.days <= MAX_WORKING_DAYS:
        raise InputError(
            "days_out_of_range",
            Message("error.days_out_of_range", {"value": args.days, "max": MAX_WORKING_DAYS}),
        )
    try:
        calendar = calendar_for(seat, ref.overrides_for(seat))
    except UnknownCalendarError:  # pragma: no cover - filtered by `valid` above
        raise InputError(
            "unknown_seat", Message("error.unknown_seat", {"value": seat, "valid": valid})
        ) from None
    try:
        date, skipped = calendar.add_working_days(start, args.days)
    except OverflowError:
        raise out_of_range(start) from None
    except UnknownCalendarError:
        raise InputError(
            "calendar_year_unknown",
            Message("error.calendar_year_unknown", {"seat": seat, "from": start}),
        ) from None
    estimated = calendar.estimated_years(start, date)
    warnings = [estimated_warning(ref, seat, year).render(lang) for year in estimated]
    payload = {
        "seat": seat,
        "from": start.isoformat(),
        "days": args.days,
        "date": date.isoformat(),
        "skipped": [
            {"date": d.date.isoformat(), "reason": d.describe().render(lang)} for d in skipped
        ],
        "estimated": [{"state": seat, "year": year} for year in estimated],
        "warnings": warnings,
    }
    if args.json:
        _dump(payload, out)
        return EXIT_ANSWERED
    name = ref.states[seat].name[lang]
    out.write(
        _msg("cli.working_day", lang, days=args.days, start=start, seat=name, date=date) + "\n"
    )
    if skipped:
        out.write(f"{_msg('cli.skipped', lang)}:\n")
        for item in payload["skipped"]:
            out.write(f"  {item['reason']}\n")
    if warnings:
        out.write(f"{_msg('cli.warnings', lang)}:\n")
        for w in warnings:
            out.write(f"  ! {w}\n")
    return EXIT_ANSWERED


def _answer(
    args: argparse.Namespace, book: Rulebook, out: TextIO, verdict: Verdict, payload: dict[str, Any]
) -> int:
    lang: Lang = args.lang
    explained = verdict.render(book, lang)
    if args.json:
        payload = payload | {
            "outcome": verdict.outcome,
            "explanation": explained["summary"],
            "citations": explained["rules"],
            "warnings": explained["warnings"],
            "facts": explained["facts"],
        }
        _dump(payload, out)
        return EXIT_ANSWERED
    out.write(f"{_msg('cli.verdict', lang)}: {explained['summary']}\n\n")
    out.write(f"{_msg('cli.rules_applied', lang)}:\n")
    for rule in explained["rules"]:
        out.write(f"  {rule['id']} ({rule['citation']}): {rule['wording']}\n")
    if explained["warnings"]:
        out.write(f"\n{_msg('cli.warnings', lang)}:\n")
        for w in explained["warnings"]:
            out.write(f"  ! {w}\n")
    return EXIT_ANSWERED


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON (a stable contract)")
    common.add_argument("--lang", choices=["en", "ru", "zh"], default="en", help="language of text")

    parser = _Parser(prog="secretariat rules", description="Ask the SCO rules engine.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("list", parents=[common], help="all rules")
    show = sub.add_parser("show", parents=[common], help="one rule with its source")
    show.add_argument("rule_id")

    schedule = sub.add_parser("schedule", parents=[common], help="timetable of a procedure")
    schedule.add_argument("procedure")
    schedule.add_argument("--meeting-start")
    schedule.add_argument("--meeting-end")
    schedule.add_argument("--received")
    schedule.add_argument("--sent")

    quorum = sub.add_parser("quorum", parents=[common], help="Board quorum")
    quorum.add_argument("--body", choices=["bcb"], default="bcb")
    quorum.add_argument("--present", required=True)
    quorum.add_argument("--parts", type=int)

    consensus = sub.add_parser("consensus", parents=[common], help="consensus outcome")
    consensus.add_argument("--positions", required=True)

    chair = sub.add_parser("chair", parents=[common], help="who chairs on a day")
    chair.add_argument("--body", choices=["cnc", "bcb"], required=True)
    chair.add_argument("--on", required=True)

    wd = sub.add_parser(
        "working-days", parents=[common], help="N-th working day in a seat's calendar"
    )
    wd.add_argument("--seat", required=True)
    wd.add_argument("--from", required=True)
    wd.add_argument("--days", type=int, required=True)
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace, Rulebook, TextIO, ReferenceFactory], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "schedule": cmd_schedule,
    "quorum": cmd_quorum,
    "consensus": cmd_consensus,
    "chair": cmd_chair,
    "working-days": cmd_working_days,
}


def main(
    argv: Sequence[str] | None = None,
    *,
    reference_factory: ReferenceFactory | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run ``secretariat rules`` and return the exit code."""
    from secretariat.procedure.reference import load_reference_file

    out = out or sys.stdout
    err = err or sys.stderr
    factory = reference_factory or load_reference_file
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except _UsageError as exc:
        err.write(f"secretariat rules: error: {exc}\n")
        return EXIT_BAD_INPUT
    except SystemExit as exc:  # --help printed its text
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args, rulebook(), out, factory)
    except InputError as exc:
        err.write(f"secretariat rules: error: {exc.render(args.lang, FIELD_FLAGS)}\n")
        return EXIT_BAD_INPUT
