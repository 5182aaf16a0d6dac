"""No sentence shows a rule's id (issue 17): the engine's sentences and the reminder e-mails
cite a rule by its source document's title and paragraph in the reader's language, in
brackets, while the id stays the machine's (a verdict's ``rules``, a link's target).

Every catalogue sentence with a ``{rule}`` or ``{rules}`` placeholder is rendered with ids, as
verdicts and reminders store them, in Russian and Chinese (and English)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from secretariat.notifications.messages import MESSAGES, message_render
from secretariat.procedure.text import LANGS, Message, catalogue
from tests.said import RULE_ID, rule_said

#: The ids a sentence is given, as the engine and the reminders keep them.
RULE = "BCB-EXTRA-NOTICE-30D"
RULES = ["SEC-CONSULT", "BCB-CHAIR"]

#: Tokens that look like ids but are not rules.
NOT_RULES = {"SHA-256"}

_PLACEHOLDER = re.compile(r"\{(\w+)(?:\|[^{}]*)?\}")


def ids_in(text: str) -> list[str]:
    return [token for token in RULE_ID.findall(text) if token not in NOT_RULES]


def citing_sentences() -> list[str]:
    return sorted(
        code
        for code, text in catalogue().items()
        if {"rule", "rules"} & set(_PLACEHOLDER.findall(text["en"]))
    )


def sample(code: str) -> Message:
    names = set(_PLACEHOLDER.findall(catalogue()[code]["en"]))
    params: dict[str, object] = dict.fromkeys(names, 2)
    if "rule" in names:
        params["rule"] = RULE
    if "rules" in names:
        params["rules"] = RULES
    return Message(code, params)


def test_the_catalogue_has_sentences_that_cite_rules() -> None:
    # The sample below is not empty: the reworded sentences are among them.
    codes = citing_sentences()
    assert len(codes) > 30
    for code in ("meetings.refused", "chair.host_presides", "participation.organisation"):
        assert code in codes


@pytest.mark.parametrize("code", citing_sentences())
def test_a_sentence_cites_rules_by_document_and_paragraph_never_by_id(code: str) -> None:
    message = sample(code)
    cited = [RULE] if "rule" in message.params else RULES
    for lang in LANGS:
        text = message.render(lang)
        assert ids_in(text) == [], f"{code} [{lang}]: {text}"
        for rule_id in cited:
            assert rule_said(rule_id, lang) in text, f"{code} [{lang}]: {text}"


def test_no_catalogue_sentence_names_a_rule_by_its_id() -> None:
    for code, text in catalogue().items():
        for lang in LANGS:
            assert ids_in(text[lang]) == [], f"{code} [{lang}]: {text[lang]}"


def test_the_host_presiding_on_its_summit_day_cites_both_chairmanship_rules() -> None:
    rules = ["CNC-CHAIR", "BCB-CHAIR"]
    message = Message("chair.host_presides", {"state": "Китай", "rules": rules})
    assert message.render("ru") == (
        "В день саммита председательствует принимающее государство — Китай: председательство "
        "переходит по окончании саммита (Выдержки из положений об органах ШОС, абзац 3; "
        "Регламент Правления Делового совета ШОС, п. 3)."
    )
    assert message.render("zh").endswith(
        "（上海合作组织机构条例摘编 第3段；上海合作组织实业家委员会理事会条例 第3条）。"
    )


def _reminder_names() -> set[str]:
    import secretariat.notifications.event_messages as events
    import secretariat.notifications.messages as reminders

    found: set[str] = set()
    for module in (events, reminders):
        assert module.__file__ is not None
        with open(module.__file__, encoding="utf-8") as source:
            found |= set(re.findall(r"%\((\w+)\)s", source.read()))
    return found


#: Every parameter a reminder's sentence takes, the rule given as its id.
REMINDER_PARAMS: dict[str, object] = {
    **dict.fromkeys(_reminder_names(), "…"),
    "action": {"en": "Step", "ru": "Шаг", "zh": "步骤"},
    "rule": RULE,
}


def mail(code: str, language: str, due: dt.date) -> tuple[str, str]:
    rendered = message_render(
        subject_code=code, params=REMINDER_PARAMS, deadline=due, link="", language=language
    )
    return rendered.subject, rendered.body


def citing_reminders() -> list[str]:
    # Those whose English body carries the rule, as an id or as a citation.
    return sorted(
        code
        for code in MESSAGES
        if RULE in mail(code, "en", dt.date(2026, 12, 8))[1]
        or rule_said(RULE, "en") in mail(code, "en", dt.date(2026, 12, 8))[1]
    )


def test_the_reminders_that_cite_a_rule_are_many() -> None:
    assert len(citing_reminders()) >= 20
    assert {"deadline", "deadline_today", "overdue", "replies_relayed"} <= set(citing_reminders())


@pytest.mark.parametrize("language", ["ru", "zh-hans", "en"])
@pytest.mark.parametrize("due", [dt.date(2026, 12, 8), dt.date(2026, 12, 6), dt.date(2026, 12, 1)])
def test_a_reminder_cites_its_rule_by_document_and_paragraph(language: str, due: dt.date) -> None:
    lang = "zh" if language.startswith("zh") else language
    for code in citing_reminders():
        subject, body = mail(code, language, due)
        for text in (subject, body):
            assert ids_in(text) == [], f"{code} [{language}]: {text}"
        assert rule_said(RULE, lang) in body, f"{code} [{language}]: {body}"
        if lang == "ru":
            assert not re.search(r"\bправил[оау]?\b", body), body
        if lang == "zh":
            assert "规则" not in body, body
