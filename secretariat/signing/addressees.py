"""To whom a certified copy goes, named as an official letter names its addressee.

Certified copies are handed to the Permanent Representatives of the member states to the
SCO Secretariat (seeds/000 §5; the Development Strategy speaks of "the permanent
representatives of the SCO member states to the Secretariat"), and to the Executive
Committee of RATS when a document concerns it. The addressee line of the certification
statement is in the dative in Russian («Постоянному представителю Российской Федерации при
Секретариате ШОС»), so each state's official name is needed in the genitive: Russian nouns
decline, and the reference data holds the nominative only. The member states' genitives are
kept here; a state without one (a new member) is named without declining its name, in a
construction that stays grammatical, until its form is added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: The official name of each member state in the Russian genitive, by ISO 3166 code.
RU_GENITIVE: dict[str, str] = {
    "BY": "Республики Беларусь",
    "CN": "Китайской Народной Республики",
    "IN": "Республики Индия",
    "IR": "Исламской Республики Иран",
    "KG": "Кыргызской Республики",
    "KZ": "Республики Казахстан",
    "PK": "Исламской Республики Пакистан",
    "RU": "Российской Федерации",
    "TJ": "Республики Таджикистан",
    "UZ": "Республики Узбекистан",
}
#: Official English names that take no article ("Mongolia", but "the Republic of ...").
_NO_ARTICLE = re.compile(r"^(?!.*\b(Republic|Federation|Kingdom|State|Union|Emirates)\b)")

RATS = {
    "en": "The Executive Committee of the SCO Regional Anti-Terrorist Structure",
    "ru": "Исполнительному комитету Региональной антитеррористической структуры ШОС",
    "zh": "上海合作组织地区反恐怖机构执行委员会",
}


def permanent_representative(code: str, official_name: Mapping[str, str]) -> dict[str, str]:
    """The addressee line for the Permanent Representative of the state ``code``.

    ``official_name``: the state's official name, keyed "en", "ru", "zh" (nominative)."""
    en = official_name["en"]
    article = "" if _NO_ARTICLE.match(en) else "the "
    genitive = RU_GENITIVE.get(code.upper())
    ru = (
        f"Постоянному представителю {genitive} при Секретариате ШОС"
        if genitive
        else f"Постоянному представителю при Секретариате ШОС (государство: {official_name['ru']})"
    )
    return {
        "en": f"The Permanent Representative of {article}{en} to the SCO Secretariat",
        "ru": ru,
        "zh": f"{official_name['zh']}常驻上海合作组织秘书处代表",
    }
