"""The demo users ``secretariat accounts demo`` creates: one for each role of roles.yaml.

Delegation codes are those ``delegations_sync`` derives from the registry. No password is
kept here or anywhere in the repository: they come from SECRETARIAT_DEMO_PASSWORD or are
generated, and are printed once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: str
    delegation: str
    language: str
    first_name: str = ""
    last_name: str = ""
    is_superuser: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    # A member state's delegation
    DemoUser("kz-coordinator", "national_coordinator", "kz", "ru"),
    DemoUser("ru-permrep", "permanent_representative", "ru", "ru"),
    DemoUser("cn-deputy", "deputy", "cn", "zh-hans"),
    DemoUser("in-expert", "expert", "in", "en"),
    # Business Council national parts
    DemoUser("np-ru-chair", "np_chair", "np-ru", "ru"),
    DemoUser("np-kz-board", "np_board_member", "np-kz", "ru"),
    DemoUser("np-cn-secretariat", "np_secretariat", "np-cn", "zh-hans"),
    # The SCO Secretariat
    DemoUser("sg", "secretary_general", "sco-secretariat", "ru"),
    DemoUser("officer", "secretariat_officer", "sco-secretariat", "en"),
    DemoUser("legal", "secretariat_legal", "sco-secretariat", "zh-hans"),
    DemoUser("finance", "secretariat_finance", "sco-secretariat", "ru"),
    DemoUser("depositary", "secretariat_depositary", "sco-secretariat", "en"),
    DemoUser("sysadmin", "secretariat_admin", "sco-secretariat", "en", is_superuser=True),
    # Business Council Secretariat, RATS
    DemoUser("bc-officer", "bc_secretariat_officer", "bc-secretariat", "ru"),
    DemoUser("rats-officer", "rats_officer", "rats", "zh-hans"),
    # Partners
    DemoUser("tr-liaison", "partner_liaison", "partner-tr", "en"),
    DemoUser("asean-liaison", "partner_liaison", "org-asean", "en"),
)
