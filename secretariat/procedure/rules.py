"""The rulebook: every rule of the regulations, loaded from ``regulations/*.yaml``.

A rule carries its id, body, parameters (every number of the regulation), source
(seed file and paragraph), original wording, wording in en/ru/zh and effective dates.
Dated rules also say how their date is counted (``Deadline``) and who acts (``Step``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from secretariat.procedure.text import Lang, Message, Text, TextError

REGULATIONS_DIR = Path(__file__).with_name("regulations")
# Files in regulations/ that are not regulations.
_NOT_REGULATIONS = {"procedures.yaml", "actors.yaml", "workflows.yaml", "notifications.yaml"}

Count = Literal["days", "months", "working_days", "none"]
Direction = Literal["before", "after", "on"]
# Events a caller may supply about a meeting or a document.
MEETING_EVENTS = frozenset({"meeting_start", "meeting_end"})


class RulebookError(ValueError):
    """A regulation file is malformed: the message names the file and the rule."""


SOURCES_FILE = Path(__file__).with_name("sources.yaml")


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    paragraph: str

    def cite(self) -> str:
        """The machine reference: seed file and paragraph (the API's ``source``, tests)."""
        return f"{self.file} {self.paragraph}"

    def citation(self) -> Message:
        """The source as a reader cites it: the document's title and its paragraph
        (Regulations of the SCO Business Council Board, para. 7 / Регламент Правления Делового
        совета ШОС, п. 7 / 上海合作组织实业家委员会理事会条例 第7条)."""
        documents, sections = source_titles()
        title = documents[self.file]
        if self.paragraph.startswith("§"):
            return Message("source.point", {"title": title, "number": self.paragraph[1:]})
        if self.paragraph.startswith("¶"):
            return Message("source.paragraph", {"title": title, "number": self.paragraph[1:]})
        return Message("source.section", {"title": title, "section": sections[self.paragraph]})


@cache
def source_titles() -> tuple[dict[str, Text], dict[str, Text]]:
    """The cited documents' titles by seed file, and the sections of seed 002 by heading."""
    raw = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))
    try:
        documents = {
            str(f): Text.from_mapping(t, f"sources.yaml: {f}") for f, t in raw["documents"].items()
        }
        sections = {
            str(h): Text.from_mapping(t, f"sources.yaml: {h}") for h, t in raw["sections"].items()
        }
    except TextError as exc:
        raise RulebookError(str(exc)) from exc
    return documents, sections


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a deadline counts from: an event, a rule's due date, or the earliest of several."""

    names: tuple[str, ...]
    earliest: bool = False


@dataclass(frozen=True, slots=True)
class Deadline:
    count: Count
    direction: Direction
    anchor: Anchor
    #: The event that must happen by the due date; a later one is a violation.
    event: str | None


@dataclass(frozen=True, slots=True)
class Step:
    actor: str
    action: Text


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    body: str
    regulation: str
    source: Source
    also: tuple[Source, ...]
    original_lang: str
    original_text: str
    wording: Text
    effective_from: dt.date | None
    effective_to: dt.date | None
    parameters: Mapping[str, Any]
    deadline: Deadline | None
    step: Step | None
    extra: Mapping[str, Any]

    def param(self, name: str) -> Any:
        """A parameter of the rule; a missing one is a data error, never a silent default."""
        try:
            return self.parameters[name]
        except KeyError:
            raise RulebookError(f"{self.id}: parameter {name!r} is missing") from None

    @property
    def sources(self) -> tuple[Source, ...]:
        return (self.source, *self.also)

    def cite(self) -> str:
        """The machine reference of every source (seed file and paragraph)."""
        return "; ".join(s.cite() for s in self.sources)

    def citation(self, lang: Lang) -> str:
        """Every source as a reader cites it, in ``lang``: document title and paragraph."""
        sep = "；" if lang == "zh" else "; "
        return sep.join(s.citation().render(lang) for s in self.sources)

    def timing(self) -> tuple[Deadline, Step]:
        """The deadline and step of a dated rule; a rule without a date is a data error here."""
        if self.deadline is None or self.step is None:
            raise RulebookError(f"{self.id} puts no date on a step")
        return self.deadline, self.step

    def in_force_on(self, day: dt.date) -> bool:
        if self.effective_from and day < self.effective_from:
            return False
        return not (self.effective_to and day > self.effective_to)

    def force_warning(self, day: dt.date) -> Message | None:
        """A warning when the rule was not in force on ``day`` (it is applied all the same)."""
        if self.in_force_on(day):
            return None
        return Message(
            "warning.rule_not_in_force",
            {"rule": citations([self]), "effective": self.effective_from or "?", "day": day},
        )


def citations(rules: Sequence[Rule]) -> Text:
    """Rules as a sentence names them, by their sources' titles and paragraphs in each language
    («Регламент Правления Делового совета ШОС, п. 7»), never by their codes, which stay the
    machine's ids (a verdict's ``rules``)."""
    # Two rules of one paragraph are cited once.
    return Text(
        en="; ".join(dict.fromkeys(r.citation("en") for r in rules)),
        ru="; ".join(dict.fromkeys(r.citation("ru") for r in rules)),
        zh="；".join(dict.fromkeys(r.citation("zh") for r in rules)),
    )


def cited_ids(value: object, book: Rulebook | None = None) -> object:
    """Rule ids given to a sentence ("BCB-CHAIR", "A, B", ["A", "B"]) as their ``citations``;
    any other value (already a citation, an empty string) is returned as it is."""
    if isinstance(value, str):
        ids = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        ids = [str(v) for v in value]
    else:
        return value
    book = book or rulebook()
    if not ids or any(i not in book.rules for i in ids):
        return value
    return citations([book.rule(i) for i in ids])


@dataclass(frozen=True, slots=True)
class Actor:
    code: str
    name: Text
    #: A body code whose seat gives the calendar; "sco_chair"; or None (no single calendar).
    seat_of: str | None


@dataclass(frozen=True, slots=True)
class EventSpec:
    name: str
    #: A rule id (its due date is assumed) or another event's name (its day is assumed).
    default_rule: str | None
    required: bool


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str
    body: str
    title: Text
    needs_meeting: bool
    #: Rule ids, own and included, in the order they were listed.
    rule_ids: tuple[str, ...]
    events: Mapping[str, EventSpec]


@dataclass(frozen=True, slots=True)
class Regulation:
    code: str
    title: Text
    authoritative_language: str
    effective_from: dt.date | None


class Rulebook:
    """All regulations, actors and procedures, indexed by id."""

    def __init__(
        self,
        regulations: Mapping[str, Regulation],
        rules: Mapping[str, Rule],
        actors: Mapping[str, Actor],
        procedures: Mapping[str, Procedure],
    ) -> None:
        self.regulations = dict(regulations)
        self.rules = dict(rules)
        self.actors = dict(actors)
        self.procedures = dict(procedures)

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    raise RulebookError(f"{where}: expected an ISO date, got {value!r}")


def _source(value: Any, where: str) -> Source:
    if not isinstance(value, Mapping) or not value.get("file") or not value.get("paragraph"):
        raise RulebookError(f"{where}: a source needs file and paragraph")
    source = Source(file=str(value["file"]), paragraph=str(value["paragraph"]))
    documents, sections = source_titles()
    if source.file not in documents:
        raise RulebookError(f"{where}: {source.file} has no title in sources.yaml")
    if source.paragraph[:1] not in ("§", "¶") and source.paragraph not in sections:
        raise RulebookError(f"{where}: section {source.paragraph!r} has no title in sources.yaml")
    return source


def _anchor(value: Any, where: str) -> Anchor:
    if isinstance(value, str):
        return Anchor(names=(value,))
    if isinstance(value, Mapping) and isinstance(value.get("earliest_of"), list):
        return Anchor(names=tuple(str(v) for v in value["earliest_of"]), earliest=True)
    raise RulebookError(f"{where}: anchor must be a name or {{earliest_of: [...]}}")


_COUNTS = {"days", "months", "working_days", "none"}


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_DIRECTIONS = {"before", "after", "on"}


def _rule(raw: Mapping[str, Any], regulation: str, file: str) -> Rule:
    rid = str(raw.get("id") or "")
    where = f"{file}: {rid or '<rule without id>'}"
    if not rid:
        raise RulebookError(f"{where}: missing id")
    try:
        original = raw["original"]
        effective = raw.get("effective") or {}
        parameters = dict(raw.get("parameters") or {})
        deadline = None
        step = None
        if raw.get("deadline") is not None:
            d = raw["deadline"]
            count = str(d["count"])
            direction = str(d["direction"])
            if count not in _COUNTS or direction not in _DIRECTIONS:
                raise RulebookError(f"{where}: deadline count/direction {count}/{direction}")
            if count != "none" and count not in parameters:
                raise RulebookError(f"{where}: deadline counts {count} but no such parameter")
            if count != "none" and not _is_count(parameters[count]):
                raise RulebookError(
                    f"{where}: parameter {count} must be a whole number >= 0, "
                    f"not {parameters[count]!r}"
                )
            deadline = Deadline(
                count=count,  # type: ignore[arg-type]  # checked against _COUNTS above
                direction=direction,  # type: ignore[arg-type]  # checked against _DIRECTIONS
                anchor=_anchor(d["anchor"], where),
                event=d.get("event"),
            )
            s = raw.get("step")
            if not isinstance(s, Mapping):
                raise RulebookError(f"{where}: a dated rule needs a step (actor, action)")
            step = Step(actor=str(s["actor"]), action=Text.from_mapping(s["action"], where))
        known = {
            "id", "body", "source", "also", "original", "wording", "effective",
            "parameters", "deadline", "step",
        }  # fmt: skip
        return Rule(
            id=rid,
            body=str(raw["body"]),
            regulation=regulation,
            source=_source(raw["source"], where),
            also=tuple(_source(s, where) for s in raw.get("also") or ()),
            original_lang=str(original["lang"]),
            original_text=" ".join(str(original["text"]).split()),
            wording=Text.from_mapping(raw["wording"], where),
            effective_from=_date(effective.get("from"), where),
            effective_to=_date(effective.get("to"), where),
            parameters=parameters,
            deadline=deadline,
            step=step,
            extra={k: v for k, v in raw.items() if k not in known},
        )
    except TextError as exc:
        raise RulebookError(str(exc)) from exc
    except (KeyError, TypeError) as exc:
        raise RulebookError(f"{where}: {exc}") from exc


def load_rulebook(directory: Path = REGULATIONS_DIR) -> Rulebook:
    """Read every regulation file and check that the rules fit together."""
    regulations: dict[str, Regulation] = {}
    rules: dict[str, Rule] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name in _NOT_REGULATIONS:
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        head = raw.get("regulation") or {}
        code = str(head.get("code") or path.stem)
        try:
            regulations[code] = Regulation(
                code=code,
                title=Text.from_mapping(head.get("title"), f"{path.name}: title"),
                authoritative_language=str(head.get("authoritative_language", "")),
                effective_from=_date(head.get("effective_from"), path.name),
            )
        except TextError as exc:
            raise RulebookError(str(exc)) from exc
        for item in raw.get("rules") or ():
            rule = _rule(item, code, path.name)
            if rule.id in rules:
                raise RulebookError(f"{path.name}: {rule.id} is defined twice")
            rules[rule.id] = rule

    actors_raw = yaml.safe_load((directory / "actors.yaml").read_text(encoding="utf-8"))
    try:
        actors = {
            code: Actor(
                code=code,
                name=Text.from_mapping(a.get("name"), f"actors.yaml: {code}"),
                seat_of=a.get("seat_of"),
            )
            for code, a in actors_raw["actors"].items()
        }
        procedures = _procedures(directory / "procedures.yaml", rules)
    except TextError as exc:
        raise RulebookError(str(exc)) from exc
    book = Rulebook(regulations, rules, actors, procedures)
    _check_references(book)
    return book


def _procedures(path: Path, rules: Mapping[str, Rule]) -> dict[str, Procedure]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["procedures"]

    def rule_ids(code: str, seen: tuple[str, ...] = ()) -> tuple[str, ...]:
        if code in seen:
            raise RulebookError(f"procedures.yaml: {code} includes itself")
        entry = raw.get(code)
        if entry is None:
            raise RulebookError(f"procedures.yaml: {seen[-1]} includes unknown procedure {code}")
        ids: list[str] = []
        for included in entry.get("include") or ():
            ids.extend(rule_ids(included, (*seen, code)))
        ids.extend(entry.get("rules") or ())
        return tuple(ids)

    out: dict[str, Procedure] = {}
    for code, entry in raw.items():
        events: dict[str, EventSpec] = {}
        for included in entry.get("include") or ():
            if included not in raw:
                raise RulebookError(
                    f"procedures.yaml: {code} includes unknown procedure {included}"
                )
            for name, spec in (raw[included].get("events") or {}).items():
                events[name] = _event(name, spec)
        for name, spec in (entry.get("events") or {}).items():
            events[name] = _event(name, spec)
        for event in events.values():
            default = event.default_rule
            if default is not None and default not in rules and default not in events:
                raise RulebookError(
                    f"procedures.yaml: {code}: event {event.name} assumes unknown rule "
                    f"or event {default}"
                )
        ids = rule_ids(code)
        for rid in ids:
            if rid not in rules:
                raise RulebookError(f"procedures.yaml: {code} names unknown rule {rid}")
            if rules[rid].deadline is None:
                raise RulebookError(f"procedures.yaml: {code} lists {rid}, which has no date")
        out[code] = Procedure(
            code=code,
            body=str(entry["body"]),
            title=Text.from_mapping(entry.get("title"), f"procedures.yaml: {code}"),
            needs_meeting=bool(entry.get("needs_meeting", True)),
            rule_ids=ids,
            events=events,
        )
    return out


def _event(name: str, spec: Mapping[str, Any] | None) -> EventSpec:
    spec = spec or {}
    return EventSpec(
        name=name, default_rule=spec.get("default"), required=bool(spec.get("required"))
    )


def _check_references(book: Rulebook) -> None:
    """Fail early when a rule names an actor, anchor or rule that does not exist."""
    events = set(MEETING_EVENTS)
    for procedure in book.procedures.values():
        events.update(procedure.events)
    for rule in book.rules.values():
        if rule.step and rule.step.actor not in book.actors:
            raise RulebookError(f"{rule.id}: unknown actor {rule.step.actor}")
        if rule.deadline:
            for name in rule.deadline.anchor.names:
                if name not in book.rules and name not in events:
                    raise RulebookError(
                        f"{rule.id}: anchor {name} is neither a rule nor an event "
                        f"({', '.join(sorted(events))})"
                    )


@cache
def rulebook() -> Rulebook:
    """The project's rulebook, loaded once per process."""
    return load_rulebook()
