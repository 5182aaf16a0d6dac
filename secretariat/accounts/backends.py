"""Django model permissions (used by the admin) derived from roles.yaml, not stored per user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from secretariat.accounts.models import User
from secretariat.core.policy import policy


class RolePermissionBackend(BaseBackend):
    """Answer ``user.has_perm("registry.change_state")`` from the user's role.

    Authentication itself stays with ModelBackend; this backend only grants permissions.
    """

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not isinstance(user_obj, User) or not user_obj.is_active or not user_obj.is_staff:
            return False
        app_label, _, codename = perm.partition(".")
        return policy().grants_model_permission(user_obj.role or None, app_label, codename)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not isinstance(user_obj, User) or not user_obj.is_active or not user_obj.is_staff:
            return False
        role = user_obj.role or None
        return any(
            g.models
            and policy().allows(role, g.action)
            and any(m.split(".")[0] == app_label for m in g.models)
            for g in policy().admin_grants
        )
