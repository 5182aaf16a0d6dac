"""Who may see an object's history: whoever may see the object, by model.

Each app registers a checker for its models (``register_visibility``); a model without
one shows its history only to those with ``audit.all`` (the safe default). ``audit.all``
sees every object's history. The checkers of the registry and accounts apps are
registered here, in ``register_defaults``, until those apps register their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model

from secretariat.core.access import Member

#: (user, object) -> whether the user may see the object.
#: The user is the project's user model (each app types it as its own ``accounts.User``).
VisibilityCheck = Callable[[Any, Any], bool]

_checks: dict[str, VisibilityCheck] = {}


def register_visibility(model_label: str, check: VisibilityCheck) -> None:
    """Let ``check(user, obj)`` decide who may see objects of ``model_label`` ("app.model")."""
    _checks[model_label.lower()] = check


def can_see_object(user: Member | None, model_label: str, obj: Any | None) -> bool:
    """Whether ``user`` may see ``obj`` (None: the object no longer exists)."""
    if user is None or not user.is_active:
        return False
    if user.can("audit.all"):
        return True
    check = _checks.get(model_label.lower())
    if check is None or obj is None:
        # No checker, or a deleted object that can no longer be checked: audit.all only.
        return False
    return bool(check(user, obj))


def anyone(user: Member, obj: Any) -> bool:
    return True


def oneself_or_user_manager(user: Member, obj: Any) -> bool:
    """A user's own account and tokens; everyone's for those who manage users."""
    if user.can("users.manage"):
        return True
    owner_id = obj.pk if isinstance(obj, get_user_model()) else getattr(obj, "user_id", None)
    return owner_id is not None and owner_id == user.pk


def user_manager(user: Member, obj: Any) -> bool:
    return user.can("users.manage")


def register_defaults() -> None:
    """Register the checkers of the apps built so far (AuditConfig.ready)."""
    for model in apps.get_app_config("registry").get_models():
        register_visibility(model._meta.label_lower, anyone)  # the registry is public
    register_visibility("accounts.user", oneself_or_user_manager)
    register_visibility("accounts.apitoken", oneself_or_user_manager)
    register_visibility("accounts.delegation", user_manager)
