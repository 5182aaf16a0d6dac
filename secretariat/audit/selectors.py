"""Reads of the audit log: an object's history for those who may see it, the whole log for
``audit.all``, and the verification of the chain."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Max, Min, Subquery
from django.utils.translation import gettext_lazy as _

from secretariat.audit import labels
from secretariat.audit.chain import HASHED_FIELDS, ChainChecker, VerifyReport
from secretariat.audit.handlers import is_audited
from secretariat.audit.models import HEAD_PK, AuditEntry, AuditHead
from secretariat.audit.visibility import can_see_object
from secretariat.core.access import Member, require
from secretariat.core.errors import NotFoundError

#: Entries per page of a history or of the log.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000

#: The verbs of the automatic entries, as the pages show them.
ACTION_LABELS = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "login": _("logged in"),
    "logout": _("logged out"),
    "login_failed": _("login failed"),
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an entry: its name, its label, and its value before and after."""

    field: str
    label: str
    old: Any
    new: Any
    #: The field's choices, value -> label: a status is shown by its name, never its code.
    choices: dict[Any, str] = dataclasses.field(default_factory=dict)
    #: The HTML ``lang`` of its values when they are in one language ("name_en": "en").
    lang: str = ""

    @property
    def old_text(self) -> str:
        return _as_text(self.choices.get(self.old, self.old) if _hashable(self.old) else self.old)

    @property
    def new_text(self) -> str:
        return _as_text(self.choices.get(self.new, self.new) if _hashable(self.new) else self.new)


@dataclass(frozen=True, slots=True)
class EntryView:
    """An entry as a reader sees it: ``origin`` is None unless they may see addresses."""

    entry: AuditEntry
    origin: str | None
    changes: list[FieldChange]

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.entry.action, self.entry.action))


@dataclass(frozen=True, slots=True)
class Page:
    """Entries newest first, and the seq to ask for the next (older) page, if any."""

    entries: list[EntryView]
    older_than: int | None


@dataclass(frozen=True, slots=True)
class ObjectHistory:
    model_label: str
    object_id: str
    #: The object's model, as people call it ("state").
    model_name: str
    #: How the object calls itself now, or called itself last.
    object_repr: str
    page: Page


# --- an object's history ------------------------------------------------------------------


def history_for(
    user: Member | None,
    model_label: str,
    object_id: str,
    *,
    before_seq: int | None = None,
    limit: int = PAGE_SIZE,
) -> ObjectHistory:
    """The history of one object, for a user with ``audit.history`` who may see the object.

    An object the user may not see is "not found", like one that does not exist, so that
    the answer does not tell whether it exists.
    """
    user = require(user, "audit.history")
    label = model_label.lower()
    model, obj, key = _object(label, object_id)
    if not can_see_object(user, label, obj):
        raise NotFoundError(_("There is no such object, or you may not see it."))
    entries = AuditEntry.objects.filter(model_label=label, object_id=key)
    page = _page(user, entries, model, before_seq=before_seq, limit=limit)
    last_repr = page.entries[0].entry.object_repr if page.entries else key
    return ObjectHistory(
        model_label=label,
        object_id=key,
        model_name=labels.kind_label(model),
        object_repr=labels.object_name(obj) if obj is not None else last_repr,
        page=page,
    )


def _object(label: str, object_id: str) -> tuple[type[models.Model], models.Model | None, str]:
    """The model, the object (None once deleted) and its key as the log spells it."""
    not_found = NotFoundError(_("There is no such object, or you may not see it."))
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise not_found from None
    if not is_audited(model):  # type: ignore[arg-type]  # model classes are hashable
        raise not_found
    try:
        pk = model._meta.pk.to_python(object_id)
    except ValidationError:
        raise not_found from None
    if pk is None:
        raise not_found
    return model, model._base_manager.filter(pk=pk).first(), str(pk)


# --- the whole log ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogFilters:
    model_label: str = ""
    action: str = ""
    actor: str = ""

    @property
    def active(self) -> bool:
        return bool(self.model_label or self.action or self.actor)


def log_page(
    user: Member | None,
    filters: LogFilters,
    *,
    before_seq: int | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """The log newest first, filtered, for ``audit.all``."""
    user = require(user, "audit.all")
    return _page(user, _filtered(filters), None, before_seq=before_seq, limit=limit)


def log_entries_after(
    user: Member | None, filters: LogFilters, *, after_seq: int = 0, limit: int = 100
) -> list[EntryView]:
    """Entries after ``after_seq``, oldest first (for clients that follow the log)."""
    user = require(user, "audit.all")
    entries = _filtered(filters).filter(seq__gt=after_seq).order_by("seq")[: _bounded(limit)]
    return [_view(user, e, None) for e in entries]


def _filtered(filters: LogFilters) -> models.QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if filters.model_label:
        entries = entries.filter(model_label=filters.model_label.lower())
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.actor:
        entries = entries.filter(actor_name=filters.actor)
    return entries


def _page(
    user: Member,
    entries: models.QuerySet[AuditEntry],
    model: type[models.Model] | None,
    *,
    before_seq: int | None,
    limit: int,
) -> Page:
    limit = _bounded(limit)
    if before_seq is not None:
        entries = entries.filter(seq__lt=before_seq)
    rows = list(entries.order_by("-seq")[: limit + 1])
    older_than = rows[limit - 1].seq if len(rows) > limit else None
    return Page([_view(user, e, model) for e in rows[:limit]], older_than)


def _bounded(limit: int) -> int:
    return max(1, min(int(limit), MAX_PAGE_SIZE))


def _view(user: Member, entry: AuditEntry, model: type[models.Model] | None) -> EntryView:
    return EntryView(
        entry=entry,
        origin=entry.origin if user.can("audit.all") else None,
        changes=changes_of(entry, model),
    )


# --- what changed -------------------------------------------------------------------------


def changes_of(entry: AuditEntry, model: type[models.Model] | None = None) -> list[FieldChange]:
    """The fields an entry changed (all of them for a creation or a deletion), in order."""
    before: dict[str, Any] = entry.before if isinstance(entry.before, dict) else {}
    after: dict[str, Any] = entry.after if isinstance(entry.after, dict) else {}
    if model is None:
        model = _model_or_none(entry.model_label)
    names = list(dict.fromkeys([*before, *after]))
    return [
        FieldChange(
            name,
            _label(model, name),
            before.get(name),
            after.get(name),
            _choices(model, name),
            labels.value_lang(model, name),
        )
        for name in names
        if entry.before is None or entry.after is None or before.get(name) != after.get(name)
    ]


def _model_or_none(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _label(model: type[models.Model] | None, name: str) -> str:
    verbose_name: object = None
    if model is not None:
        try:
            verbose_name = model._meta.get_field(name).verbose_name  # type: ignore[union-attr]
        except (FieldDoesNotExist, AttributeError):
            verbose_name = None
    return labels.column_label(model, name, verbose_name)


def _choices(model: type[models.Model] | None, name: str) -> dict[Any, str]:
    """A field's choices by value, in the reader's language (empty for a free field)."""
    if model is None:
        return {}
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return {}
    return {value: str(label) for value, label in getattr(field, "flatchoices", None) or ()}


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | bool) or value is None


def _as_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# --- verification -------------------------------------------------------------------------


def audit_verify() -> VerifyReport:
    """Re-check the whole chain, streaming entries in seq order, and the head.

    The head is read first and entries are checked up to it, so that writes going on
    meanwhile are not mistaken for damage; entries beyond the head at the end are.
    """
    head = AuditHead.objects.filter(pk=HEAD_PK).values_list("last_seq", "last_hash").first()
    rows = AuditEntry.objects.order_by("seq").values(*HASHED_FIELDS, "hash")
    if head is not None:
        rows = rows.filter(seq__lte=head[0])
    checker = ChainChecker()
    for row in rows.iterator(chunk_size=2000):
        checker.feed(row)
    beyond = None
    if head is not None:
        # One statement: entries past the head as it is now. Appends move both together.
        now = AuditHead.objects.filter(pk=HEAD_PK).values("last_seq")[:1]
        span = AuditEntry.objects.filter(seq__gt=Subquery(now)).aggregate(
            first=Min("seq"), last=Max("seq")
        )
        if span["first"] is not None:
            beyond = (int(span["first"]), int(span["last"]))
    return checker.finish(head=(int(head[0]), str(head[1])) if head else None, beyond_head=beyond)


def entries_of(
    *, model_label: str = "", object_id: str = "", limit: int = 20
) -> Sequence[AuditEntry]:
    """The last ``limit`` entries, oldest first, of one model or object (for the command line)."""
    entries = AuditEntry.objects.all()
    if model_label:
        entries = entries.filter(model_label=model_label.lower())
    if object_id:
        entries = entries.filter(object_id=object_id)
    return list(reversed(entries.order_by("-seq")[: max(1, limit)]))
