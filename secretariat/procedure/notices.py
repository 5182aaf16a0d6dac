"""Who is told what (``regulations/notifications.yaml``): for each event of a meeting's life,
the audiences told and the message they receive.

Pure: read and checked at load against the workflows (every step named must be an event of
``workflows.yaml``, of the workflow named) and the actors (every audience is an actor of
``actors.yaml`` or a named audience of the file). Which users an audience is, and the text of
a message, are the meetings' and notifications apps' business; the message codes are checked
against their catalogue by the tests.

Four sections: ``defaults`` (a step, in every workflow that has it), ``workflows`` (one
workflow's own answer; null: nobody is told), ``records`` (facts recorded beside the steps:
``RECORDS``) and ``others`` (events of the other apps: ``OTHERS``).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from secretariat.procedure.rules import REGULATIONS_DIR, Rulebook, rulebook
from secretariat.procedure.text import Text, TextError
from secretariat.procedure.workflows import Workflows, workflows

NOTIFICATIONS_FILE = REGULATIONS_DIR / "notifications.yaml"

#: Facts recorded beside the workflow's steps, which a service reports to ``tell``.
RECORDS = frozenset(
    {
        "initiative_named",
        "initiative_joined",
        "initiative_withdrawn",
        "consent_recorded",
        "reply_recorded",
        "signature_recorded",
        "minutes_sent",
    }
)
#: Events of the other apps: documents circulated, a comment resolved, a certified copy
#: dispatched, a task under a decision assigned or due.
OTHERS = frozenset(
    {"documents_circulated", "comment_resolved", "copy_dispatched", "task_assigned", "task_due"}
)
#: Where each section's events come from, for the table.
SECTIONS = ("defaults", "workflows", "records", "others")


class NoticesError(ValueError):
    """notifications.yaml is malformed: the message names the entry and what is wrong."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Whom an event tells (audiences, in order) and with which message."""

    event: str
    audiences: tuple[str, ...]
    message: str


@dataclass(frozen=True, slots=True)
class Notices:
    #: The named audiences, with their names.
    audiences: Mapping[str, Text]
    defaults: Mapping[str, Notice]
    #: Per workflow: event -> Notice, or None where the workflow tells no one of it.
    per_workflow: Mapping[str, Mapping[str, Notice | None]]
    records: Mapping[str, Notice]
    others: Mapping[str, Notice]

    def for_step(self, kind: str, event: str) -> Notice | None:
        """Whom the step ``event`` of a ``kind`` meeting tells, or None."""
        own = self.per_workflow.get(kind, {})
        if event in own:
            return own[event]
        return self.defaults.get(event)

    def for_record(self, event: str) -> Notice:
        return self.records[event]

    def for_other(self, event: str) -> Notice:
        return self.others[event]

    def rows(self) -> list[tuple[str, str, str, tuple[str, ...], str]]:
        """Every entry as (section, workflow or "", event, audiences, message), in file order."""
        out: list[tuple[str, str, str, tuple[str, ...], str]] = []
        for event, n in self.defaults.items():
            out.append(("defaults", "", event, n.audiences, n.message))
        for kind, entries in self.per_workflow.items():
            for event, found in entries.items():
                audiences = found.audiences if found else ()
                out.append(("workflows", kind, event, audiences, found.message if found else ""))
        for event, n in self.records.items():
            out.append(("records", "", event, n.audiences, n.message))
        for event, n in self.others.items():
            out.append(("others", "", event, n.audiences, n.message))
        return out

    def messages(self) -> frozenset[str]:
        return frozenset(row[4] for row in self.rows() if row[4])


def _notice(event: str, raw: Any, where: str, known: frozenset[str]) -> Notice:
    if not isinstance(raw, Mapping):
        raise NoticesError(f"{where}: expected {{tell: [...], message: ...}}, got {raw!r}")
    tell = raw.get("tell")
    if isinstance(tell, str):
        tell = [tell]
    if not isinstance(tell, list) or not tell:
        raise NoticesError(f"{where}: 'tell' must name at least one audience")
    unknown = [str(a) for a in tell if str(a) not in known]
    if unknown:
        raise NoticesError(
            f"{where}: unknown audience {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise NoticesError(f"{where}: 'message' must be a message code")
    extra = sorted(set(raw) - {"tell", "message"})
    if extra:
        raise NoticesError(f"{where}: unknown key {', '.join(extra)}")
    return Notice(event=event, audiences=tuple(str(a) for a in tell), message=message.strip())


def _section(raw: Any, name: str) -> Mapping[str, Any]:
    value = raw.get(name) or {}
    if not isinstance(value, Mapping):
        raise NoticesError(f"notifications.yaml: {name}: expected a mapping")
    return value


def load_notices(book: Rulebook, flows: Workflows, path: Path = NOTIFICATIONS_FILE) -> Notices:
    """Read notifications.yaml and check every event and audience it names."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, Mapping):
        raise NoticesError("notifications.yaml: expected a mapping")
    named: dict[str, Text] = {}
    for code, name in _section(raw, "audiences").items():
        if code in book.actors:
            raise NoticesError(f"notifications.yaml: audience {code} is already an actor")
        try:
            named[str(code)] = Text.from_mapping(name, f"notifications.yaml: audience {code}")
        except TextError as exc:
            raise NoticesError(str(exc)) from exc
    known = frozenset(book.actors) | frozenset(named)
    steps = {kind: {t.event for t in w.transitions} for kind, w in flows.workflows.items()}
    every_step = set().union(*steps.values()) if steps else set()

    defaults: dict[str, Notice] = {}
    for event, entry in _section(raw, "defaults").items():
        where = f"notifications.yaml: defaults: {event}"
        if event not in every_step:
            raise NoticesError(f"{where}: no workflow of workflows.yaml has this event")
        defaults[str(event)] = _notice(str(event), entry, where, known)

    per_workflow: dict[str, dict[str, Notice | None]] = {}
    for kind, entries in _section(raw, "workflows").items():
        if kind not in steps:
            raise NoticesError(f"notifications.yaml: workflows: {kind}: no such workflow")
        own: dict[str, Notice | None] = {}
        for event, entry in (entries or {}).items():
            where = f"notifications.yaml: workflows: {kind}: {event}"
            if event not in steps[kind]:
                raise NoticesError(f"{where}: {kind} has no such event in workflows.yaml")
            own[str(event)] = None if entry is None else _notice(str(event), entry, where, known)
        per_workflow[str(kind)] = own

    def fixed(section: str, allowed: frozenset[str]) -> dict[str, Notice]:
        found: dict[str, Notice] = {}
        for event, entry in _section(raw, section).items():
            where = f"notifications.yaml: {section}: {event}"
            if event not in allowed:
                raise NoticesError(f"{where}: unknown event (known: {', '.join(sorted(allowed))})")
            found[str(event)] = _notice(str(event), entry, where, known)
        return found

    records = fixed("records", RECORDS)
    others = fixed("others", OTHERS)
    extra = sorted(set(raw) - {"audiences", *SECTIONS})
    if extra:
        raise NoticesError(f"notifications.yaml: unknown section {', '.join(extra)}")
    return Notices(named, defaults, per_workflow, records, others)


@cache
def notices(book: Rulebook) -> Notices:
    """The project's notices, checked against ``book``'s workflows, loaded once."""
    return load_notices(book, workflows(book))


#: Where each section's events are reported from, as the table says it.
_WHERE = {
    "defaults": "step, every workflow",
    "workflows": "step, {kind}",
    "records": "recorded beside the steps",
    "others": "another app",
}


def notices_table(found: Notices) -> str:
    """The table "Who is told what" of docs/meetings.md, generated from the data
    (``python -m secretariat.procedure.notices`` prints it)."""
    lines = [
        "| Event | Where | Audiences told | Message |",
        "|---|---|---|---|",
    ]
    for section, kind, event, audiences, message in found.rows():
        where = _WHERE[section].format(kind=kind)
        told = ", ".join(f"`{a}`" for a in audiences) or "nobody"
        code = f"`{message}`" if message else "—"
        lines.append(f"| `{event}` | {where} | {told} | {code} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    sys.stdout.write(notices_table(notices(rulebook())))
