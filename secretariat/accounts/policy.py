"""The permission matrix (roles.yaml), loaded once: which role may do which action."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from secretariat.procedure.text import Text

ROLES_FILE = Path(__file__).with_name("roles.yaml")
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
class Policy:
    actions: dict[str, Text]
    roles: dict[str, RoleSpec]

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
    return Policy(actions=actions, roles=roles)


@cache
def policy() -> Policy:
    """The project's permission matrix."""
    return load_policy()
