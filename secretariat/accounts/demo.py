"""The demo users ``secretariat accounts demo`` creates: one for each role of roles.yaml, and
for each member state and national part the users who act for it in the procedures.

Every member state has its national coordinator (``<state>-coordinator``: answers the CMFA's
consent requests and the Secretariat's requests); every national part of the Business
Council its chair (``np-<state>-chair``: the head of the part, who signs the Board's minutes
and, for the Chair's and the Deputy Chair's states, agrees invitations) and its secretariat
(``np-<state>-secretariat``: answers and proposes for the part). The persons are fictitious;
their names are written in Latin letters, the one form every reader's language can show (a
user has one name). Delegation codes are those ``delegations_sync`` derives from the
registry. No password is kept here or anywhere in the repository: they come from
SECRETARIAT_DEMO_PASSWORD or are generated, and are printed once.
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

    @property
    def email(self) -> str:
        """An address at example.org (RFC 2606): what the demo's e-mails are written to."""
        return f"{self.username}@example.org"


#: The member states (and their national parts) with the language their demo users read:
#: code, language.
STATES: tuple[tuple[str, str], ...] = (
    ("cn", "zh-hans"),
    ("kz", "ru"),
    ("kg", "ru"),
    ("ru", "ru"),
    ("tj", "ru"),
    ("uz", "ru"),
    ("in", "en"),
    ("pk", "en"),
    ("ir", "en"),
    ("by", "ru"),
)
#: Fictitious names (first name, last name) by state: national coordinator, chair of the
#: national part, secretariat of the national part.
NAMES: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "cn": (("Na", "Li"), ("Wei", "Zhang"), ("Jing", "Chen")),
    "kz": (("Aigerim", "Bekova"), ("Yerlan", "Sadykov"), ("Dana", "Akhmetova")),
    "kg": (("Nurlan", "Asanov"), ("Bakyt", "Osmonov"), ("Aida", "Toktogulova")),
    "ru": (("Pavel", "Orlov"), ("Sergei", "Volkov"), ("Olga", "Smirnova")),
    "tj": (("Farrukh", "Nazarov"), ("Rustam", "Saidov"), ("Madina", "Rahimova")),
    "uz": (("Dilnoza", "Karimova"), ("Jasur", "Rakhimov"), ("Nodira", "Yusupova")),
    "in": (("Anjali", "Rao"), ("Vikram", "Mehta"), ("Priya", "Nair")),
    "pk": (("Imran", "Qureshi"), ("Asad", "Malik"), ("Sana", "Iqbal")),
    "ir": (("Reza", "Moradi"), ("Hossein", "Karimi"), ("Maryam", "Ahmadi")),
    "by": (("Alena", "Kovalenko"), ("Andrei", "Novik"), ("Irina", "Zhuk")),
}


def _for_each_state() -> tuple[DemoUser, ...]:
    """Each member state's national coordinator, each national part's chair and secretariat."""
    users: list[DemoUser] = []
    for code, language in STATES:
        coordinator, chair, secretariat = NAMES[code]
        users += [
            DemoUser(f"{code}-coordinator", "national_coordinator", code, language, *coordinator),
            DemoUser(f"np-{code}-chair", "np_chair", f"np-{code}", language, *chair),
            DemoUser(
                f"np-{code}-secretariat", "np_secretariat", f"np-{code}", language, *secretariat
            ),
        ]
    return tuple(users)


DEMO_USERS: tuple[DemoUser, ...] = (
    # A member state's delegation: its national coordinator below, with every state's
    DemoUser("ru-permrep", "permanent_representative", "ru", "ru", "Dmitry", "Sokolov"),
    DemoUser("cn-deputy", "deputy", "cn", "zh-hans", "Min", "Wang"),
    DemoUser("in-expert", "expert", "in", "en", "Arjun", "Iyer"),
    # Business Council national parts: every part's chair and secretariat below
    DemoUser("np-kz-board", "np_board_member", "np-kz", "ru", "Timur", "Abenov"),
    # The SCO Secretariat
    DemoUser("sg", "secretary_general", "sco-secretariat", "ru", "Askar", "Temirov"),
    DemoUser("officer", "secretariat_officer", "sco-secretariat", "en", "Elena", "Markova"),
    DemoUser("legal", "secretariat_legal", "sco-secretariat", "zh-hans", "Hui", "Zhou"),
    DemoUser("finance", "secretariat_finance", "sco-secretariat", "ru", "Gulnara", "Ismailova"),
    DemoUser("depositary", "secretariat_depositary", "sco-secretariat", "en", "Rahul", "Verma"),
    DemoUser("sysadmin", "secretariat_admin", "sco-secretariat", "en", is_superuser=True),
    # Business Council Secretariat, RATS
    DemoUser("bc-officer", "bc_secretariat_officer", "bc-secretariat", "ru", "Anna", "Belova"),
    DemoUser("rats-officer", "rats_officer", "rats", "zh-hans", "Qiang", "Liu"),
    # Partners
    DemoUser("tr-liaison", "partner_liaison", "partner-tr", "en", "Elif", "Demir"),
    DemoUser("asean-liaison", "partner_liaison", "org-asean", "en", "Siti", "Rahman"),
    # Each member state and national part
    *_for_each_state(),
)
