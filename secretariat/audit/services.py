"""Writes of the audit log: append one entry, in the caller's transaction, under the head lock.

Model writes are recorded automatically (``handlers``); a service calls ``audit_record``
itself for what no model signal sees: a bulk update, a load, a refusal it wants on record.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from secretariat.audit.context import Actor, current_actor, current_request
from secretariat.audit.models import HEAD_PK, AuditEntry, AuditHead
from secretariat.audit.snapshots import Snapshot, jsonable, redacted

__all__ = ["AuditChainError", "audit_record"]

#: The lengths of AuditEntry.object_repr and AuditEntry.action.
REPR_LENGTH = 200
ACTION_LENGTH = 40
#: Where anonymous callers' refusals go instead of the chain (code, status, path, client).
refusals_log = logging.getLogger("secretariat.refusals")


class AuditChainError(RuntimeError):
    """The log cannot be appended to safely (its head is missing while entries exist)."""


def audit_record(
    *,
    action: str,
    instance: models.Model | None = None,
    model: type[models.Model] | str | None = None,
    object_id: Any = None,
    object_repr: str = "",
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    actor: Actor | None = None,
) -> AuditEntry:
    """Append an entry for ``action`` on an object (``instance``, or ``model`` and ``object_id``).

    It joins the current transaction: if the write is rolled back, so is its entry. Secret
    fields in ``before``/``after`` are redacted; ``actor`` defaults to the current one.
    """
    if instance is not None:
        model = instance._meta.concrete_model  # not type(): request.user is a lazy proxy
        object_id = instance.pk
        object_repr = object_repr or object_repr_of(instance)
    label = model._meta.label_lower if isinstance(model, type) else (model or "")
    if not action or len(action) > ACTION_LENGTH:
        raise ValueError(f"an audit action is 1 to {ACTION_LENGTH} characters: {action!r}")
    clean_before, clean_after = redacted(jsonable(before), jsonable(after))
    who = actor or _actor()
    with transaction.atomic():
        head = _head_locked()
        entry = AuditEntry(
            seq=head.last_seq + 1,
            at=timezone.now(),
            actor_id=who.user_id,
            actor_name=who.username[:150],
            origin=who.origin[:100],
            action=action,
            model_label=label.lower(),
            object_id="" if object_id is None else str(object_id),
            object_repr=object_repr[:REPR_LENGTH],
            before=clean_before,
            after=clean_after,
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        head.last_seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def object_repr_of(instance: models.Model) -> str:
    """How the object calls itself, or its label and key when that needs a missing row."""
    try:
        return str(instance)[:REPR_LENGTH]
    except models.ObjectDoesNotExist:
        return f"{instance._meta.label_lower} {instance.pk}"


def _actor() -> Actor:
    """The current actor; during an API request, the user its token belongs to.

    The middleware sets the actor before Django Ninja has checked an API token, so a
    token's user is found on ``request.auth`` at the time of writing.
    """
    actor = current_actor()
    if actor.user_id is not None:
        return actor
    user = getattr(current_request(), "auth", None)
    if isinstance(user, AbstractBaseUser) and user.is_authenticated:
        return Actor(user_id=user.pk, username=user.get_username(), origin=actor.origin)
    return actor


def _head_locked() -> AuditHead:
    """The head row, locked until the transaction ends; created with the first entry."""
    head = AuditHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is not None:
        return head
    # No head yet. Of two first writers, one inserts it; the other's insert waits for that
    # transaction, then does nothing, and the second read finds the row.
    AuditHead.objects.bulk_create([AuditHead(pk=HEAD_PK)], ignore_conflicts=True)
    head = AuditHead.objects.select_for_update().get(pk=HEAD_PK)
    if head.last_seq == 0 and AuditEntry.objects.exists():
        # The head was removed: starting a new chain would hide that. Stop (the insert
        # above is rolled back with the caller's transaction).
        raise AuditChainError(
            "The audit head is missing while the log holds entries; nothing can be recorded "
            "until it is restored. Run `secretariat audit verify` and see docs/audit.md."
        )
    return head


def audit_refusal(*, request: Any, code: str, status: int) -> AuditEntry | None:
    """Record that a request was refused (bad input, no permission, conflict).

    Called by the error mappers after the refused work has been rolled back, so the entry
    stands on its own: who asked, for what, and the stable code of the refusal. Only a
    signed-in user's refusal joins the hash-chained log, which is never pruned; an anonymous
    caller's goes to the ordinary ``secretariat.refusals`` log (anyone can send thousands).
    """
    # A NUL in the path (``%00``) cannot be stored (core.columns refuses it): written escaped.
    path = str(request.path).replace("\x00", "\\x00")
    who = _actor()
    if who.user_id is None:
        refusals_log.info(
            "refused %s %s %s %s from %s",
            status,
            code,
            request.method,
            path,
            who.origin,
            extra={
                "code": code,
                "status": status,
                "method": request.method,
                "path": path,
                "client": who.origin,
            },
        )
        return None
    return audit_record(
        action="refused",
        model="",
        object_id="",
        object_repr=f"{request.method} {path}"[:200],
        after={"code": code, "status": status, "method": request.method, "path": path},
        actor=who,
    )
