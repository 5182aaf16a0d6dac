"""The wording of messages follows the term base: where a message's English names an
enforced concept (consensus, depositary, certified copy...), its Russian and Chinese use one
of the concept's admitted terms. Walks the gettext catalogues and the engine's catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

from secretariat.terms.termbase_file import ConceptRecord, TermRecord, read_termbase
from secretariat.terms.wording import Translated, wording_offences

ROOT = Path(__file__).resolve().parents[2]
PO_LANGS = {"ru": "ru", "zh_Hans": "zh"}


def gettext_messages() -> Iterator[Translated]:
    for folder, lang in PO_LANGS.items():
        path = ROOT / "locale" / folder / "LC_MESSAGES" / "django.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            where = f"{path.relative_to(ROOT)}:{message.lineno}"
            for english in ids:
                for text in texts:
                    yield Translated(where, english, lang, text or "")


def engine_messages() -> Iterator[Translated]:
    folder = ROOT / "secretariat" / "procedure"
    for path in [folder / "messages.yaml", *sorted((folder / "messages").glob("*.yaml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for code, texts in (data.get("messages") or {}).items():
            for lang in ("ru", "zh"):
                where = f"{path.relative_to(ROOT)}: {code}"
                yield Translated(where, str(texts["en"]), lang, str(texts.get(lang, "")))


#: Messages whose English uses a concept's word for something else, with the reason.
NOT_THE_CONCEPT = {
    (
        "secretariat",
        "“%(language)s” is not a language of Secretariat: use en, ru or zh-hans.",
    ): "Secretariat here is this system's name, not the SCO Secretariat",
    ("observer-state", "{name} (observed)"): "a holiday observed on another day, not an observer",
    (
        "observer-state",
        "{name} (observed, estimated)",
    ): "a holiday observed on another day, not an observer",
    (
        "member-state",
        "{state} is a member state: its relations with the Secretariat are not external relations.",
    ): "the Russian says it as a predicate, «Государство {state} — член ШОС»",
}


def test_every_message_naming_an_enforced_concept_uses_its_terms_in_russian_and_chinese() -> None:
    concepts = read_termbase().concepts
    offences = wording_offences([*gettext_messages(), *engine_messages()], concepts)
    found = [str(o) for o in offences if (o.concept, o.english) not in NOT_THE_CONCEPT]
    assert found == []


def test_the_walk_reads_both_catalogues() -> None:
    # A walk that read nothing would pass the test above without checking anything.
    gettext = list(gettext_messages())
    assert {m.lang for m in gettext} == {"ru", "zh"}
    assert len(gettext) > 1000
    assert any(m.where.endswith("consensus") or "consensus" in m.english for m in engine_messages())


DEPOSITARY = ConceptRecord(
    key="depositary",
    domain="legal",
    enforce=True,
    terms=(
        TermRecord("en", "depositary", True, "seed-000"),
        TermRecord("ru", "депозитарий", True, "seed-000"),
        TermRecord("zh", "保存机构", True, "seed-000"),
        TermRecord("zh", "保存人", False, "seed-000"),
    ),
)


def test_a_translation_without_the_concepts_term_is_an_offence() -> None:
    messages = [
        Translated("here", "The depositary certifies copies.", "ru", "Хранитель заверяет копии."),
        Translated("there", "The depositary certifies copies.", "zh", "保存人核证副本。"),
        Translated("again", "Send it to the depositary.", "ru", "Направьте депозитарию."),
    ]
    [offence] = wording_offences(messages, [DEPOSITARY])
    assert (offence.where, offence.concept, offence.lang) == ("here", "depositary", "ru")
    assert offence.expected == ("депозитарий",)


def test_a_concept_not_enforced_is_not_checked() -> None:
    relaxed = ConceptRecord("depositary", "legal", DEPOSITARY.terms, enforce=False)
    message = Translated("here", "The depositary", "ru", "Хранитель")
    assert wording_offences([message], [relaxed]) == []
