"""Two whole procedures in a real browser, each in the language of those who act, with time
frozen and moved forward between the steps as the days pass.

- An extraordinary Board meeting, in Russian: two national parts send a joint appeal (each
  joins the initiative itself), the BC Secretariat registers it and informs the parts (late,
  and the page says so), two parts reply, the replies are relayed, the meeting is convened,
  the agenda circulated; the session cannot open before its first day, then opens, decides,
  closes; each part's head signs the frozen minutes and the BC Secretariat sends them out.
- An extraordinary meeting of the Council of Ministers of Foreign Affairs, in Chinese: two
  member states send their letters, every other member state consents through its
  coordinator, the SCO Secretariat convenes it, circulates the agenda with the CNC's consent,
  holds the session and distributes the minutes.

Each user logs in through the login page and acts through the forms of the meeting page; the
pages speak the user's language (no English step, state or button on the way).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.audit.selectors import audit_verify
from secretariat.meetings.models import Meeting
from secretariat.registry.services import reference_load
from tests.browser.board import (
    ENGLISH,
    PARTS,
    Acting,
    BoardWalk,
    cast_board,
    names,
    on,
)
from tests.browser.pages import PASSWORD, submit
from tests.factories import accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_extraordinary_board_meeting_in_russian_from_the_appeal_to_distributed_minutes(
    live_server: Any, browser: Callable[[], AbstractContextManager[Browser]]
) -> None:
    walk = BoardWalk(base=str(live_server.url), ids=cast_board())
    walk.walk(browser)

    meeting = Meeting.objects.get(pk=int(walk.path.strip("/").rsplit("/", 1)[-1]))
    assert meeting.state == "minutes_distributed"
    assert meeting.deadlines.get(rule_id="BCB-EXTRA-INFORM-5D").late
    assert not meeting.deadlines.get(rule_id="BCB-EXTRA-NOTICE-30D").late
    assert meeting.signatures.count() == len(PARTS)
    events = {e.event: e.date.isoformat() for e in meeting.events.all()}
    assert {"sent": "2026-12-06", "received": "2026-12-06", "informed": "2026-12-14"}.items() <= (
        events.items()
    )
    assert meeting.transitions.get(event="open_session").on == dt.date(2027, 1, 20)
    report = audit_verify()
    assert report.intact, report.lines()


def cast_cmfa() -> None:
    reference_load()
    delegations_sync()
    accounts.user(
        "sco-officer",
        "secretariat_officer",
        "sco-secretariat",
        password=PASSWORD,
        language="zh-hans",
    )
    for state in PARTS:
        code = state.lower()
        accounts.user(
            f"coord-{code}", "national_coordinator", code, password=PASSWORD, language="zh-hans"
        )


def test_an_extraordinary_cmfa_in_chinese_from_the_letters_to_distributed_minutes(
    live_server: Any, browser: Callable[[], AbstractContextManager[Browser]]
) -> None:
    cast_cmfa()
    ids = dict(Delegation.objects.values_list("code", "pk"))
    _steps, states = names("cmfa-extraordinary", "zh")
    base = str(live_server.url)

    with browser() as chromium:
        # 6 December 2026: China's coordinator opens the initiative naming Russia.
        cn = Acting(chromium, base, "coord-cn", "zh-hans")
        cn.page.goto("/zh-hans/meetings/new/extraordinary/")
        form = cn.page.locator("main form.stacked")
        expect(form.locator("#id_body option")).to_have_count(1)  # the CMFA only
        form.locator("#id_proposed_start").fill("2027-02-10")
        form.locator("#id_subject_zh").fill("地区安全形势")
        form.locator(f"input[name=initiators][value='{ids['ru']}']").check()
        assert submit(cn.page, form.locator("button[type=submit]")) == 200
        path = re.sub(r"^https?://[^/]+/zh-hans", "", cn.page.url)
        expect(cn.state).to_have_text(states["initiative"])
        ru = Acting(chromium, base, "coord-ru", "zh-hans").open(path)
        ru.done(ru.send("join-form"))
        ru.close()

    with on("2026-12-07"), browser() as chromium:
        officer = Acting(chromium, base, "sco-officer", "zh-hans").open(path)
        officer.speaks("zh-hans", ENGLISH)
        officer.done(officer.step("receive_letters", on_day="2026-12-07"))
        officer.done(officer.step("notify_secretariat"))
        expect(officer.state).to_have_text(states["secretariat_notified"])

    with on("2026-12-10"), browser() as chromium:
        for state in PARTS:
            if state in ("CN", "RU"):
                continue
            coordinator = Acting(chromium, base, f"coord-{state.lower()}", "zh-hans").open(path)
            coordinator.form("consent-form").locator("input[name=answer][value=yes]").check()
            coordinator.done(coordinator.send("consent-form"))
            coordinator.close()
        cn = Acting(chromium, base, "coord-cn", "zh-hans").open(path)
        form = cn.form("propose-form")
        form.locator("#id_title_zh").fill("地区安全形势")
        cn.done(cn.send("propose-form"))
        officer = Acting(chromium, base, "sco-officer", "zh-hans").open(path)
        officer.done(officer.step("collect_consents"))
        officer.done(officer.step("convene"))
        officer.done(officer.send("prepare-form"))
        officer.form("circulate-form").locator("input[name=cnc_consent]").check()
        officer.done(officer.send("circulate-form"))
        expect(officer.state).to_have_text(states["agenda_circulated"])

    with on("2027-02-10", 9), browser() as chromium:
        officer = Acting(chromium, base, "sco-officer", "zh-hans").open(path)
        officer.done(officer.step("open_session"))
        item = officer.page.locator("ol.agenda > li[data-item='1']")
        officer.done(submit(officer.page, item.locator("form button[type=submit]").first))
        officer.done(officer.step("conclude"))
        form = officer.form("distribute-form")
        form.locator("#id_sent_on").fill("2027-02-10")
        officer.done(officer.send("distribute-form"))
        expect(officer.state).to_have_text(states["minutes_distributed"])
        officer.speaks("zh-hans", ENGLISH)

    meeting = Meeting.objects.get(pk=int(path.strip("/").rsplit("/", 1)[-1]))
    assert meeting.state == "minutes_distributed"
    assert all(
        c.answer == "yes" for c in meeting.consents.exclude(delegation__code__in=["cn", "ru"])
    )
    assert meeting.events.get(event="received").date == dt.date(2026, 12, 7)
