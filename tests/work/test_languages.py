"""The start page in three languages (issue 17): what a step concerns (a decision's, a
document's title) is shown in the reader's language, or in the language it was given in,
marked "translation pending" with its ``lang``."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation

from secretariat.work.items import item, named


def decision(**titles: str) -> SimpleNamespace:
    return SimpleNamespace(**{f"title_{lang}": titles.get(lang, "") for lang in ("en", "ru", "zh")})


def test_a_title_in_the_readers_language_is_shown_unmarked() -> None:
    assert named("CNC-2026-3", decision(ru="О плане", zh="关于计划"), "zh") == (
        "CNC-2026-3 关于计划",
        "",
    )


def test_a_title_given_in_another_language_is_shown_marked_pending_on_the_start_page() -> None:
    title, title_lang = named("CNC-2026-3", decision(ru="О плане"), "zh")
    shown = item(
        source="task",
        title=title,
        title_lang=title_lang,
        action="报告",
        rule_id="",
        lang="zh",
        due=None,
        today=dt.date(2026, 12, 6),
        link="/zh-hans/decisions/1/",
        who="",
    )

    with translation.override("zh-hans"):
        html = render_to_string("work/_item.html", {"i": shown})

    assert (title, title_lang) == ("CNC-2026-3 О плане", "ru")
    assert '<span lang="ru">CNC-2026-3 О плане</span>' in html
    assert "pending-translation" in html
