"""JSON API of the audit app, mounted at /api/audit/.

``origin`` (the client address) appears only for those with ``audit.all``; for others the
key is absent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema

from secretariat.audit import selectors
from secretariat.audit.selectors import EntryView, LogFilters
from secretariat.core.access import ActionRouter, user_of
from secretariat.core.schemas import Limit, Offset

router = ActionRouter(tags=["audit"])


class FieldChangeOut(Schema):
    field: str
    label: str
    old: Any = None
    new: Any = None


class EntryOut(Schema):
    seq: int
    #: ISO 8601 in UTC with microseconds, exactly as hashed (JSON dates keep milliseconds).
    at: str
    actor_id: int | None
    actor_name: str
    #: The client address, "cli:<command>" or "system"; only with audit.all.
    origin: str | None = None
    action: str
    model_label: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changes: list[FieldChangeOut]
    prev_hash: str
    hash: str


class HistoryOut(Schema):
    model_label: str
    object_id: str
    object_repr: str
    entries: list[EntryOut]
    #: Ask again with ``before_seq`` set to this for older entries; null when there are none.
    older_than: int | None


class EntriesOut(Schema):
    entries: list[EntryOut]
    #: Ask again with ``after_seq`` set to this for the entries that follow; null at the end.
    next_after_seq: int | None


class ProblemOut(Schema):
    #: removed, altered, out_of_order, broken_link, head_missing, head_mismatch, beyond_head
    kind: str
    first: int | None
    last: int | None
    message: str


class VerifyOut(Schema):
    intact: bool
    entries: int
    last_seq: int
    last_hash: str
    problems: list[ProblemOut]


class EntriesQuery(Schema):
    model: str = ""
    action: str = ""
    actor: str = ""
    after_seq: Offset = 0
    limit: Limit = 100


def _entry(view: EntryView) -> dict[str, Any]:
    e = view.entry
    out: dict[str, Any] = {
        "seq": e.seq,
        "at": e.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": e.actor_id,
        "actor_name": e.actor_name,
        "action": e.action,
        "model_label": e.model_label,
        "object_id": e.object_id,
        "object_repr": e.object_repr,
        "before": e.before,
        "after": e.after,
        "changes": [
            {"field": c.field, "label": c.label, "old": c.old, "new": c.new} for c in view.changes
        ],
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    }
    if view.origin is not None:
        out["origin"] = view.origin
    return out


@router.read(
    "/history/{model_label}/{object_id}",
    action="audit.history",
    response=HistoryOut,
    exclude_unset=True,
)
def history(
    request: HttpRequest, model_label: str, object_id: str, before_seq: int | None = None
) -> dict[str, Any]:
    """The history of an object one may see, newest first (404 for one one may not see)."""
    found = selectors.history_for(user_of(request), model_label, object_id, before_seq=before_seq)
    return {
        "model_label": found.model_label,
        "object_id": found.object_id,
        "object_repr": found.object_repr,
        "entries": [_entry(v) for v in found.page.entries],
        "older_than": found.page.older_than,
    }


@router.read("/entries", action="audit.all", response=EntriesOut)
def entries(request: HttpRequest, query: Query[EntriesQuery]) -> dict[str, Any]:
    """Entries after ``after_seq``, oldest first, filtered by model, action and actor."""
    filters = LogFilters(model_label=query.model, action=query.action, actor=query.actor)
    views = selectors.log_entries_after(
        user_of(request), filters, after_seq=query.after_seq, limit=query.limit
    )
    return {
        "entries": [_entry(v) for v in views],
        "next_after_seq": views[-1].entry.seq if views else None,
    }


@router.read("/verify", action="audit.all", response=VerifyOut)
def verify(request: HttpRequest) -> dict[str, Any]:
    """Re-check the hash chain: what ``secretariat audit verify`` reports, as JSON."""
    report = selectors.audit_verify()
    return {
        "intact": report.intact,
        "entries": report.entries,
        "last_seq": report.last_seq,
        "last_hash": report.last_hash,
        "problems": [
            {"kind": p.kind, "first": p.first, "last": p.last, "message": p.message}
            for p in report.problems
        ],
    }
