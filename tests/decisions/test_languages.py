"""Decisions in three languages (issue 17): tasks and progress reports are shown in the
reader's language, or in the language they were given in, marked "translation pending"; the
task form takes the three titles, Russian and Chinese first, and names bodies and states."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from secretariat.decisions import services
from secretariat.decisions.models import Decision, Task
from secretariat.registry.models import State
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.meetings import first_item, held_board_meeting
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def secretariat() -> Client:
    return logged_in(user("sco-officer", "secretariat_officer", "sco-secretariat"))


def decision() -> Decision:
    return services.decision_record(item=first_item(held_board_meeting()))


def task(of: Decision, title: dict[str, str]) -> Task:
    return services.task_add(
        decision=of,
        title=title,
        responsible="secretariat",
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )


def test_a_russian_and_a_chinese_reader_see_the_task_and_its_report_in_their_language() -> None:
    taken = decision()
    done = task(taken, {"en": "Draft the plan", "ru": "Подготовить план", "zh": "起草计划"})
    services.task_report(task=done, percent=40, text={"ru": "Начато.", "zh": "已开始。"})

    russian = secretariat().get(f"/ru/decisions/{taken.pk}/").content.decode()
    chinese = secretariat().get(f"/zh-hans/decisions/{taken.pk}/").content.decode()

    assert "Подготовить план" in russian
    assert "Начато." in russian
    assert "起草计划" in chinese
    assert "已开始。" in chinese


def test_a_report_written_in_one_language_is_marked_pending_for_the_others() -> None:
    taken = decision()
    done = task(taken, {"ru": "Подготовить план"})
    services.task_report(task=done, percent=40, text="Рабочая группа создана.")

    chinese = secretariat().get(f"/zh-hans/decisions/{taken.pk}/").content.decode()

    assert '<span lang="ru">Подготовить план</span>' in chinese
    assert '<span lang="ru">Рабочая группа создана.</span>' in chinese
    assert done.reports.get().text_ru == "Рабочая группа создана."


def test_the_task_form_saves_three_titles_and_names_states_in_the_readers_language() -> None:
    taken = decision()
    client = secretariat()
    page = client.get(f"/ru/decisions/{taken.pk}/").content.decode()
    form = page[page.index('id="task-form"') :]

    added = client.post(
        f"/ru/decisions/{taken.pk}/task/",
        {
            "title_ru": "Доклад",
            "title_zh": "报告",
            "title_en": "Report",
            "responsible": "member_state",
            "state": "KZ",
            "due_on": str(timezone.localdate() + dt.timedelta(days=10)),
            "expected_version": taken.version,
        },
    )

    made = Task.objects.get(decision=taken)
    assert added.status_code == 302
    assert (made.title_ru, made.title_zh, made.title_en) == ("Доклад", "报告", "Report")
    assert form.index('name="title_ru"') < form.index('name="title_en"')
    states = re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', form)
    assert dict(states)["KZ"] == State.objects.get(code="KZ").name_ru
    assert [name for _code, name in states] == sorted(name for _code, name in states)
