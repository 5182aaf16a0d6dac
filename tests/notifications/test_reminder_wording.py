"""A reminder reads as a whole sentence in its recipient's language, one sentence per kind of
reminder (days left, the last day, overdue): the step's action is quoted, never made the
subject of an English sentence, the rule is cited by its document and paragraph, never by
its id, and a deadline is «срок», not «срок действия» (issue 17).

The suite's clock stands at 6 December 2026 at the Secretariat's seat (tests/clock.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from secretariat.notifications.messages import message_render

PARAMS = {
    "action": {
        "en": "Certified copies are handed to the member states",
        "ru": "Заверенные копии передаются государствам-членам",
        "zh": "向成员国移交核证副本",
    },
    "rule": "SEC-CERTIFIED-7D",
}


def body(language: str, due: dt.date, subject_code: str = "deadline") -> str:
    return message_render(
        subject_code=subject_code, params=PARAMS, deadline=due, link="", language=language
    ).body


@pytest.mark.parametrize(
    ("due", "ru"),
    [
        pytest.param(
            dt.date(2026, 12, 7),
            "Напоминаем: до истечения срока (7 декабря 2026 г.) для шага «Заверенные копии "
            "передаются государствам-членам» (Секретариат ШОС: краткая справка, п. 5) "
            "остался 1 день.",
            id="one day left",
        ),
        pytest.param(
            dt.date(2026, 12, 8),
            "Напоминаем: до истечения срока (8 декабря 2026 г.) для шага «Заверенные копии "
            "передаются государствам-членам» (Секретариат ШОС: краткая справка, п. 5) "
            "осталось 2 дня.",
            id="two days left",
        ),
        pytest.param(
            dt.date(2026, 12, 13),
            "Напоминаем: до истечения срока (13 декабря 2026 г.) для шага «Заверенные копии "
            "передаются государствам-членам» (Секретариат ШОС: краткая справка, п. 5) "
            "осталось 7 дней.",
            id="seven days left",
        ),
    ],
)
def test_a_reminder_before_the_deadline_says_how_many_days_are_left(due: dt.date, ru: str) -> None:
    text = body("ru", due)

    assert text.startswith(ru)
    assert "срок действия" not in text


def test_a_reminder_in_chinese_and_english_quotes_the_step() -> None:
    due = dt.date(2026, 12, 8)

    assert body("zh-hans", due).startswith(
        "特此提醒：距“向成员国移交核证副本”这一步骤的期限（2026年12月8日）还有2天"
        "（上海合作组织秘书处简介 第5条）。"
    )
    assert body("en", due).startswith(
        "Reminder: 2 days are left until the deadline, Dec. 8, 2026, for the step «Certified "
        "copies are handed to the member states» (SCO Secretariat in brief, para. 5)."
    )


def test_a_reminder_on_the_last_day_says_so() -> None:
    today = dt.date(2026, 12, 6)

    assert body("ru", today).startswith(
        "Напоминаем: сегодня, 6 декабря 2026 г., — последний день срока для шага «Заверенные "
        "копии передаются государствам-членам» (Секретариат ШОС: краткая справка, п. 5)."
    )
    assert body("zh-hans", today).startswith(
        "特此提醒：今天（2026年12月6日）是“向成员国移交核证副本”这一步骤的最后期限"
    )


def test_an_overdue_reminder_counts_the_days_late_and_ends_no_sentence_with_a_date() -> None:
    text = body("ru", dt.date(2026, 12, 1), "overdue")

    assert text.startswith(
        "Напоминаем: срок для шага «Заверенные копии передаются государствам-членам» (Секретариат "
        "ШОС: краткая справка, п. 5) истёк 1 декабря 2026 г., просрочка — 5 дней."
    )
    assert "г.." not in text
