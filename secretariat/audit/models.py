"""The audit log: one row per write, chained by hashes, and the head that seals the chain.

The application only ever appends (``services.audit_record``): saving an existing entry,
deleting one, and the queryset's ``update``/``delete``/``bulk_create`` all refuse. Someone
with database access can still change rows; ``secretariat audit verify`` finds out.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from secretariat.audit.chain import GENESIS_HASH, HASHED_FIELDS, entry_hash

#: The primary key of the one AuditHead row.
HEAD_PK = 1


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit entry through the application."""


def _refuse(what: str) -> NoReturn:
    raise AppendOnlyError(f"the audit log is append-only: {what} is refused")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Reads as usual; every bulk write refuses."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("QuerySet.update()")

    def delete(self) -> NoReturn:
        _refuse("QuerySet.delete()")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("QuerySet.bulk_create() (entries are appended one by one, under the head lock)")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("QuerySet.bulk_update()")


class AuditEntry(models.Model):
    """Who did what to which object, when and from where, with the object before and after."""

    #: Position in the chain: 1, 2, 3... without gaps. Also the primary key.
    seq = models.PositiveBigIntegerField(primary_key=True)
    #: When the entry was appended (in the write's transaction).
    at = models.DateTimeField()
    #: The user's primary key; no foreign key, so a user can be deleted without
    #: rewriting history. None for the system and for visitors who are not logged in.
    actor_id = models.BigIntegerField(null=True, blank=True)
    #: The username at the time, "anonymous" or "system".
    actor_name = models.CharField(max_length=150)
    #: The client address of a web request, "cli:<command>" or "system".
    origin = models.CharField(max_length=100)
    #: create, update, delete, login, logout, login_failed, or a verb such as "registry.load".
    action = models.CharField(max_length=40)
    #: The model's label, lower case: "registry.state".
    model_label = models.CharField(max_length=100, blank=True)
    #: The object's primary key as text ("" when the entry is about no one object).
    object_id = models.CharField(max_length=255, blank=True)
    #: How the object called itself at the time.
    object_repr = models.CharField(max_length=200, blank=True)
    #: The object's fields before the write (None for a creation); secrets are redacted.
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    #: The object's fields after the write (None for a deletion); secrets are redacted.
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    #: The hash of entry seq - 1 (GENESIS_HASH for entry 1).
    prev_hash = models.CharField(max_length=64)
    #: sha256(prev_hash + canonical JSON of every other field), hex: see chain.entry_hash.
    hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        # Related lookups and Django internals use the base manager: make it refuse too.
        base_manager_name = "objects"
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["model_label", "object_id"], name="audit_entry_object"),
            models.Index(fields=["actor_name"], name="audit_entry_actor"),
            models.Index(fields=["action"], name="audit_entry_action"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.model_label} {self.object_id}".rstrip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse(f"changing entry {self.seq}")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(f"deleting entry {self.seq}")

    def hashed_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HASHED_FIELDS}

    def compute_hash(self) -> str:
        """The hash this entry's content calls for."""
        return entry_hash(self.hashed_fields())


class AuditHead(models.Model):
    """The one row (pk=1) that holds the last entry's seq and hash.

    Appending locks it (``select_for_update`` on PostgreSQL; SQLite takes the write lock at
    BEGIN IMMEDIATE), so entries get their seq one at a time. It also seals the end of the
    chain: an entry removed from the end leaves the head pointing past it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_PK)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=HEAD_PK), name="audit_one_head")
        ]

    def __str__(self) -> str:
        return f"audit head: entry {self.last_seq}, {self.last_hash}"
