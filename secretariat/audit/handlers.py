"""Record every model write, login and logout, through Django's signals (connected in apps.py).

``pre_save`` reads the row as it is in the database (``before``); ``post_save`` and
``post_delete`` append the entry. Signals do not fire for ``QuerySet.update()``,
``bulk_create()`` or raw SQL: see docs/audit.md for what services must do instead.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest

from secretariat.audit.context import Actor, current_actor
from secretariat.audit.services import audit_record
from secretariat.audit.snapshots import Snapshot, jsonable, snapshot

CREATE, UPDATE, DELETE = "create", "update", "delete"
LOGIN, LOGOUT, LOGIN_FAILED = "login", "logout", "login_failed"

#: Apps whose models are bookkeeping, not records: never audited.
NOISE_APPS = frozenset({"audit", "sessions", "axes", "contenttypes", "migrations"})
#: Single models left out, with the reason.
NOISE_MODELS = frozenset(
    {
        "admin.logentry",  # the admin's own history of the same writes, recorded here already
        # The search index's queues and vectors: derived from writes recorded here already.
        "databank.searchoutbox",
        "databank.meaningoutbox",
        "databank.meaningvector",
    }
)
#: Fields that change on every use: an update touching only these is not recorded.
USE_FIELDS: dict[str, frozenset[str]] = {
    "accounts.apitoken": frozenset({"last_used"}),
    # Every login sets last_login; the login entry records it.
    "accounts.user": frozenset({"last_login"}),
    # Every accepted code moves these.
    "otp_totp.totpdevice": frozenset({"last_t", "drift", "last_used_at"}),
}

#: Where pre_save leaves the row as it was, for post_save.
_BEFORE = "_audit_before"
#: Where pre-m2m_changed leaves the related ids as they were, for post-m2m_changed.
_M2M_BEFORE = "_audit_m2m_before"


@cache
def is_audited(model: type[models.Model]) -> bool:
    """Whether writes to ``model`` are recorded."""
    meta = model._meta
    if meta.apps is not global_apps:
        return False  # a historical model in a data migration: the schema's history, not ours
    if meta.auto_created:
        return False  # a many-to-many table: see record_m2m_changed
    if meta.proxy:
        return is_audited(meta.concrete_model)
    return meta.app_label not in NOISE_APPS and meta.label_lower not in NOISE_MODELS


# --- saves and deletions ------------------------------------------------------------------


def record_pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_audited(sender):
        return
    before = None
    if instance.pk is not None:
        current = sender._base_manager.using(kwargs.get("using")).filter(pk=instance.pk).first()
        before = snapshot(current) if current is not None else None
    instance.__dict__[_BEFORE] = before


def record_post_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    if not is_audited(sender):
        return
    before: Snapshot | None = instance.__dict__.pop(_BEFORE, None)
    if created or before is None:
        audit_record(action=CREATE, instance=instance, after=snapshot(instance))
        return
    if update_fields is None:
        after = snapshot(instance)
    else:
        # Only these columns were written; the others are as the database has them.
        after = dict(before)
        for f in sender._meta.concrete_fields:
            if f.name in update_fields or f.attname in update_fields:
                after[f.name] = jsonable(f.value_from_object(instance))
    changed = {name for name in after if before.get(name) != after[name]}
    if not changed or changed <= USE_FIELDS.get(sender._meta.label_lower, frozenset()):
        return  # nothing changed, or only a use stamp
    audit_record(action=UPDATE, instance=instance, before=before, after=after)


def record_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_audited(sender):
        return
    audit_record(action=DELETE, instance=instance, before=snapshot(instance))


# --- many-to-many ---------------------------------------------------------------------------


@cache
def _m2m_field(through: type[models.Model]) -> models.ManyToManyField[Any, Any] | None:
    """The many-to-many field whose table is ``through``."""
    for model in global_apps.get_models():
        for field in model._meta.local_many_to_many:
            if field.remote_field.through is through:
                return field
    return None


def record_m2m_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """Record a change of a many-to-many field as an update of that one field, as ids."""
    field = _m2m_field(sender)
    if field is None or not is_audited(field.model):
        return
    stage, _, what = action.partition("_")
    if what not in {"add", "remove", "clear"}:
        return
    owner_model = field.model
    if stage == "pre":
        if not reverse:
            owners = [instance]
        elif pk_set is None:  # clearing from the other side: every object that pointed here
            owners = list(owner_model._base_manager.filter(**{field.name: instance.pk}))
        else:
            owners = list(owner_model._base_manager.filter(pk__in=pk_set))
        instance.__dict__[_M2M_BEFORE] = [(o, _related_ids(o, field)) for o in owners]
        return
    for owner, before_ids in instance.__dict__.pop(_M2M_BEFORE, []):
        after_ids = _related_ids(owner, field)
        if after_ids != before_ids:
            audit_record(
                action=UPDATE,
                instance=owner,
                before={field.name: before_ids},
                after={field.name: after_ids},
            )


def _related_ids(owner: models.Model, field: models.ManyToManyField[Any, Any]) -> list[Any]:
    return sorted(getattr(owner, field.name).values_list("pk", flat=True))


# --- logins ---------------------------------------------------------------------------------


def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # The request began anonymous; the entry is the user's.
    actor = Actor(user_id=user.pk, username=user.get_username(), origin=current_actor().origin)
    audit_record(action=LOGIN, instance=user, actor=actor)


def record_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return  # the session had no user: nothing to say
    actor = Actor(user_id=user.pk, username=user.get_username(), origin=current_actor().origin)
    audit_record(action=LOGOUT, instance=user, actor=actor)


def record_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Record the username given (never the password), on that user's history if one exists."""
    user_model = get_user_model()
    given = str(credentials.get(user_model.USERNAME_FIELD) or credentials.get("username") or "")
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: given}).first()
    audit_record(
        action=LOGIN_FAILED,
        model=user_model,
        object_id=user.pk if user is not None else None,
        object_repr=given,
        after={"username": given},
    )


def connect() -> None:
    """Connect the handlers (AuditConfig.ready)."""
    uid = "secretariat.audit"
    pre_save.connect(record_pre_save, dispatch_uid=f"{uid}.pre_save")
    post_save.connect(record_post_save, dispatch_uid=f"{uid}.post_save")
    post_delete.connect(record_post_delete, dispatch_uid=f"{uid}.post_delete")
    m2m_changed.connect(record_m2m_changed, dispatch_uid=f"{uid}.m2m_changed")
    user_logged_in.connect(record_login, dispatch_uid=f"{uid}.login")
    user_logged_out.connect(record_logout, dispatch_uid=f"{uid}.logout")
    user_login_failed.connect(record_login_failed, dispatch_uid=f"{uid}.login_failed")
