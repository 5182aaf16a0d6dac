"""The permission matrix: now ``secretariat.core.policy`` (the kernel's access layer reads it).

Kept so the apps that import it from here keep working; new code imports ``core.policy``.
"""

from secretariat.core.policy import PUBLIC, AdminGrant, Policy, PolicyError, RoleSpec, policy

__all__ = ["PUBLIC", "AdminGrant", "Policy", "PolicyError", "RoleSpec", "policy"]
