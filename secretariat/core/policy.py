"""The permission matrix (roles.yaml), loaded once: which role may do which action."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from secretariat.procedure.text import Text

#: The matrix lives beside the accounts it governs; the kernel reads it (and imports no app).
ROLES_FILE = Path(__file__).resolve().parent.parent / "accounts" / "roles.yaml"
PUBLIC = "public"


class PolicyError(ValueError):
    """roles.yaml is inconsistent (an unknown action, a role without a name)."""


@dataclass(frozen=True, slots=True)
class RoleSpec:
    code: str
    name: Text
    delegation_kinds: frozenset[str]
    actions: frozenset[str]


@dataclass(frozen=True, slots=True)
class AdminGrant:
    """Django model permissions an action grants: ``all`` or only ``view`` ones."""

    action: str
    models: tuple[str, ...]
    view_only: bool

    def covers(self, app_label: str, model: str) -> bool:
        return f"{app_label}.{model}" in self.models or f"{app_label}.*" in self.models


@dataclass(frozen=True, slots=True)
class Policy:
    actions: dict[str, Text]
    roles: dict[str, RoleSpec]
    admin_grants: tuple[AdminGrant, ...] = ()

    def grants_model_permission(self, role: str | None, app_label: str, codename: str) -> bool:
        """Whether ``role`` has the Django permission ``app_label.codename`` (e.g. change_state)."""
        verb, _, model = codename.partition("_")
        for grant in self.admin_grants:
            if not grant.covers(app_label, model) or not self.allows(role, grant.action):
                continue
            if verb == "view" or not grant.view_only:
                return True
        return False

    def allows(self, role: str | None, action: str) -> bool:
        """Whether ``role`` (None: a visitor who is not logged in) may do ``action``."""
        if action not in self.actions:
            raise PolicyError(f"unknown action {action!r}")
        if action == PUBLIC:
            return True
        spec = self.roles.get(role or "")
        return spec is not None and action in spec.actions

    def role_choices(self) -> list[tuple[str, str]]:
        return [(code, spec.name.en) for code, spec in self.roles.items()]


def load_policy(path: Path = ROLES_FILE) -> Policy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    actions = {
        code: Text.from_mapping(text, f"roles.yaml: action {code}")
        for code, text in raw["actions"].items()
    }
    roles: dict[str, RoleSpec] = {}
    for code, spec in raw["roles"].items():
        unknown = set(spec["actions"]) - set(actions)
        if unknown:
            raise PolicyError(f"roles.yaml: {code} names unknown actions {sorted(unknown)}")
        roles[code] = RoleSpec(
            code=code,
            name=Text.from_mapping(spec.get("name"), f"roles.yaml: role {code}"),
            delegation_kinds=frozenset(spec["delegation_kinds"]),
            actions=frozenset(spec["actions"]),
        )
    grants: list[AdminGrant] = []
    for action, spec in (raw.get("admin_models") or {}).items():
        if action not in actions:
            raise PolicyError(f"roles.yaml: admin_models names unknown action {action!r}")
        for kind, models in spec.items():
            grants.append(AdminGrant(action, tuple(models), view_only=(kind == "view")))
    return Policy(actions=actions, roles=roles, admin_grants=tuple(grants))


@cache
def policy() -> Policy:
    """The project's permission matrix."""
    return load_policy()
