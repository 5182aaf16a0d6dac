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
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Browser, Locator, expect

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.audit.selectors import audit_verify
from secretariat.meetings.models import Meeting
from secretariat.procedure.rules import rulebook
from secretariat.procedure.workflows import workflows
from secretariat.registry.services import reference_load
from tests.browser.pages import PASSWORD, submit
from tests.factories import accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = ("CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY")
SIXTEEN_FROM_SIX = {"CN": 3, "RU": 3, "KZ": 3, "KG": 3, "TJ": 3, "UZ": 1}
BEIJING = ZoneInfo("Asia/Shanghai")
MOSCOW = ZoneInfo("Europe/Moscow")


@contextmanager
def on(day: str, hour: int = 10, zone: ZoneInfo = BEIJING) -> Iterator[None]:
    """The clock moved forward to ``day`` at ``hour`` (ticking on from there)."""
    instant = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=zone)
    with time_machine.travel(instant, tick=True):
        yield


def names(kind: str, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Each step's and each state's name in ``lang``, as the page says them."""
    workflow = workflows(rulebook()).get(kind)
    steps = {t.event: t.name[lang] for t in workflow.transitions}
    states = {code: name[lang] for code, name in workflow.states.items()}
    return steps, states


class Acting:
    """One user's browser page, in their language (``prefix``: /ru, /zh-hans)."""

    def __init__(self, chromium: Browser, base_url: str, username: str, prefix: str) -> None:
        self.prefix = prefix
        locale = {"/ru": "ru-RU", "/zh-hans": "zh-CN"}[prefix]
        self.page = chromium.new_context(base_url=base_url, locale=locale).new_page()
        self.page.goto(f"{prefix}/accounts/login/?{urlencode({'next': f'{prefix}/meetings/'})}")
        form = self.page.locator("main form").filter(has=self.page.locator("#id_password"))
        form.locator("#id_username").fill(username)
        form.locator("#id_password").fill(PASSWORD)
        assert submit(self.page, form.locator("button[type=submit]")) == 200
        expect(self.page.locator(".user-menu")).to_be_visible()

    def close(self) -> None:
        self.page.context.close()

    def open(self, meeting_path: str) -> Acting:
        self.page.goto(f"{self.prefix}{meeting_path}")
        return self

    @property
    def state(self) -> Locator:
        return self.page.locator("dl.facts dd strong")

    @property
    def error(self) -> Locator:
        return self.page.locator("main .error[role=alert]")

    def form(self, form_id: str) -> Locator:
        return self.page.locator(f"form#{form_id}")

    def done(self, status: int) -> None:
        assert status == 200, self.error.all_inner_texts()
        expect(self.error).to_have_count(0)
        expect(self.page.locator("ul.messages li.message-success")).to_be_visible()

    def refused(self, status: int, rule: str) -> None:
        assert status == 400, status
        expect(self.error).to_be_visible()
        expect(self.error.locator("code", has_text=rule).first).to_be_visible()

    def send(self, form_id: str) -> int:
        return submit(self.page, self.form(form_id).locator("button[type=submit]"))

    def step(self, event: str, *, on_day: str | None = None, reason: str = "") -> int:
        """Take a step of "Next steps" from its own form (its day, its reason)."""
        form = self.form(f"step-{event}")
        if on_day is not None:
            form.locator("input[name=on]").fill(on_day)
        if reason:
            form.locator("textarea[name=reason]").fill(reason)
            form.locator("input[name=confirm]").check()
        return submit(self.page, form.locator("button[type=submit]"))

    def speaks(self, lang: str, never: tuple[str, ...]) -> None:
        """The page is in ``lang``, and none of the English ``never`` shows."""
        expect(self.page.locator("html")).to_have_attribute("lang", lang)
        text = self.page.locator("main").inner_text()
        for english in never:
            assert english not in text, english


ENGLISH = ("Next steps", "Where it stands", "History", "Initiators", "Overdue", "done on")


def cast_board() -> dict[str, Any]:
    reference_load()
    delegations_sync()
    users: dict[str, str] = {}

    def user(username: str, role: str, delegation: str, language: str = "ru") -> str:
        accounts.user(username, role, delegation, password=PASSWORD, language=language)
        users[username] = username
        return username

    user("bc-officer", "bc_secretariat_officer", "bc-secretariat")
    for state in PARTS:
        code = state.lower()
        user(f"chair-{code}", "np_chair", f"np-{code}")
        user(f"sec-{code}", "np_secretariat", f"np-{code}")
    return {"delegations": dict(Delegation.objects.values_list("code", "pk"))}


def test_an_extraordinary_board_meeting_in_russian_from_the_appeal_to_distributed_minutes(
    live_server: Any, browser: Callable[[], AbstractContextManager[Browser]]
) -> None:
    ids = cast_board()["delegations"]
    steps, states = names("bcb-extraordinary", "ru")
    base = str(live_server.url)

    with browser() as chromium:
        # 6 December 2026: the Chinese part opens the initiative, naming the Russian part.
        cn = Acting(chromium, base, "chair-cn", "/ru")
        cn.page.goto("/ru/meetings/new/extraordinary/")
        form = cn.page.locator("main form.stacked")
        expect(form.locator("#id_body option")).to_have_count(1)  # the Board only
        form.locator("#id_proposed_start").fill("2027-01-20")
        form.locator("#id_proposed_end").fill("2027-01-21")
        form.locator("#id_subject_ru").fill("Энергетический клуб ШОС")
        form.locator(f"input[name=initiators][value='{ids['np-ru']}']").check()
        expect(form.locator(f"input[name=initiators][value='{ids['ru']}']")).to_have_count(0)
        form.locator("#id_venue_city").fill("Бишкек")
        assert submit(cn.page, form.locator("button[type=submit]")) == 200
        expect(cn.page).to_have_url(re.compile(r"/ru/meetings/\d+/$"))
        path = re.sub(r"^https?://[^/]+/ru", "", cn.page.url)
        expect(cn.state).to_have_text(states["initiative"])
        expect(cn.page.locator("ul.initiators")).to_contain_text(
            "присоединение ещё не подтверждено"
        )

        # The Russian part joins the joint appeal itself, the same day.
        ru = Acting(chromium, base, "chair-ru", "/ru").open(path)
        ru.done(ru.send("join-form"))
        expect(ru.page.locator("ul.initiators")).not_to_contain_text("ещё не подтверждено")
        ru.close()

        # The BC Secretariat registers the appeal, received that day.
        officer = Acting(chromium, base, "bc-officer", "/ru").open(path)
        officer.speaks("ru", ENGLISH)
        officer.done(officer.step("receive_appeal", on_day="2026-12-06"))
        expect(officer.state).to_have_text(states["appeal_received"])

    with on("2026-12-14"), browser() as chromium:
        # Informed on 14 December, three days after BCB-EXTRA-INFORM-5D's latest day.
        officer = Acting(chromium, base, "bc-officer", "/ru").open(path)
        row = officer.page.locator("table.deadlines tr.overdue")
        expect(row).to_contain_text("BCB-EXTRA-INFORM-5D")
        officer.done(officer.step("inform", on_day="2026-12-14"))
        inform = officer.page.locator("table.deadlines tbody tr").filter(
            has_text="BCB-EXTRA-INFORM-5D"
        )
        expect(inform.locator(".badge.late")).to_contain_text("с опозданием")
        expect(officer.page.locator("table.history")).to_contain_text("С опозданием на 3 дн.")

    with on("2026-12-16"), browser() as chromium:
        # Two parts' secretariats reply for their own parts.
        for code, answer in (("cn", "agree"), ("ru", "comments")):
            secretary = Acting(chromium, base, f"sec-{code}", "/ru").open(path)
            form = secretary.form("reply-form")
            form.locator(f"input[name=answer][value={answer}]").check()
            form.locator("textarea[name=text]").fill("Поддерживаем проведение заседания.")
            secretary.done(secretary.send("reply-form"))
            secretary.close()

    with on("2026-12-25"), browser() as chromium:
        # The reply deadline passed: the collection closes, the replies go to the Board.
        officer = Acting(chromium, base, "bc-officer", "/ru").open(path)
        expect(officer.page.locator("table.replies tbody tr")).to_have_count(2)
        for event in ("collect_replies", "relay", "convene"):
            officer.done(officer.step(event))
        expect(officer.state).to_have_text(states["convened"])

    with on("2027-01-05"), browser() as chromium:
        officer = Acting(chromium, base, "bc-officer", "/ru").open(path)
        form = officer.form("received-form")
        form.locator("#id_delegation").select_option(str(ids["np-cn"]))
        form.locator("#id_received_on").fill("2027-01-05")
        form.locator("#id_title").fill("План работы до следующего заседания")
        officer.done(officer.send("received-form"))
        officer.done(officer.send("prepare-form"))
        expect(officer.page.locator("ol.agenda > li")).to_have_count(1)
        expect(officer.form("circulate-form").locator("input[name=cnc_consent]")).to_have_count(0)
        officer.done(officer.send("circulate-form"))
        expect(officer.state).to_have_text(states["agenda_circulated"])
        for state, count in SIXTEEN_FROM_SIX.items():
            form = officer.form("attendance-form")
            form.locator("#id_delegation").select_option(str(ids[f"np-{state.lower()}"]))
            form.locator("#id_members_present").fill(str(count))
            form.locator("#id_chair_present").check()
            officer.done(officer.send("attendance-form"))
        # Fifteen days before the first day: the session cannot open, and the page says so
        # beside a disabled button rather than offering it.
        opening = officer.form("step-open_session")
        expect(opening.locator("button[type=submit]")).to_be_disabled()
        expect(opening.locator(".warning")).to_contain_text("2027-01-20")

    with on("2027-01-20", 9, MOSCOW), browser() as chromium:
        officer = Acting(chromium, base, "bc-officer", "/ru").open(path)
        officer.done(officer.step("open_session"))
        expect(officer.state).to_have_text(states["in_session"])
        for code in ("np-cn", "np-ru"):
            form = officer.form("position-form")
            form.locator("#id_number").fill("1")
            form.locator("#id_delegation").select_option(str(ids[code]))
            form.locator("#id_position").select_option("support")
            officer.done(officer.send("position-form"))
        item = officer.page.locator("ol.agenda > li[data-item='1']")
        officer.done(submit(officer.page, item.locator("form button[type=submit]").first))
        expect(item.locator("p.ok")).to_be_visible()

    with on("2027-01-21", 17, MOSCOW), browser() as chromium:
        officer = Acting(chromium, base, "bc-officer", "/ru").open(path)
        officer.done(officer.step("conclude"))
        expect(officer.state).to_have_text(states["concluded"])
        expect(officer.form("step-sign_minutes")).to_have_count(0)  # no officer's click
        for state in PARTS:
            head = Acting(chromium, base, f"chair-{state.lower()}", "/ru").open(path)
            expect(head.page.locator("#minutes-to-sign")).to_be_visible()
            head.done(head.send("sign-form"))
            expect(head.form("sign-form")).to_have_count(0)
            head.close()
        officer.open(path)
        expect(officer.state).to_have_text(states["minutes_signed"])
        expect(officer.page.locator("table.signatures tbody tr")).to_have_count(len(PARTS))

    with on("2027-01-22"), browser() as chromium:
        officer = Acting(chromium, base, "bc-officer", "/ru").open(path)
        form = officer.form("distribute-form")
        form.locator("#id_sent_on").fill("2027-01-22")
        form.locator("#id_method").select_option("sent")
        officer.done(officer.send("distribute-form"))
        expect(officer.state).to_have_text(states["minutes_distributed"])
        officer.speaks("ru", ENGLISH)
        assert steps["distribute_minutes"] in officer.page.locator("table.history").inner_text()

    meeting = Meeting.objects.get(pk=int(path.strip("/").rsplit("/", 1)[-1]))
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
        cn = Acting(chromium, base, "coord-cn", "/zh-hans")
        cn.page.goto("/zh-hans/meetings/new/extraordinary/")
        form = cn.page.locator("main form.stacked")
        expect(form.locator("#id_body option")).to_have_count(1)  # the CMFA only
        form.locator("#id_proposed_start").fill("2027-02-10")
        form.locator("#id_subject_zh").fill("地区安全形势")
        form.locator(f"input[name=initiators][value='{ids['ru']}']").check()
        assert submit(cn.page, form.locator("button[type=submit]")) == 200
        path = re.sub(r"^https?://[^/]+/zh-hans", "", cn.page.url)
        expect(cn.state).to_have_text(states["initiative"])
        ru = Acting(chromium, base, "coord-ru", "/zh-hans").open(path)
        ru.done(ru.send("join-form"))
        ru.close()

    with on("2026-12-07"), browser() as chromium:
        officer = Acting(chromium, base, "sco-officer", "/zh-hans").open(path)
        officer.speaks("zh-hans", ENGLISH)
        officer.done(officer.step("receive_letters", on_day="2026-12-07"))
        officer.done(officer.step("notify_secretariat"))
        expect(officer.state).to_have_text(states["secretariat_notified"])

    with on("2026-12-10"), browser() as chromium:
        for state in PARTS:
            if state in ("CN", "RU"):
                continue
            coordinator = Acting(chromium, base, f"coord-{state.lower()}", "/zh-hans").open(path)
            coordinator.form("consent-form").locator("input[name=answer][value=yes]").check()
            coordinator.done(coordinator.send("consent-form"))
            coordinator.close()
        cn = Acting(chromium, base, "coord-cn", "/zh-hans").open(path)
        form = cn.form("propose-form")
        form.locator("#id_title").fill("地区安全形势")
        cn.done(cn.send("propose-form"))
        officer = Acting(chromium, base, "sco-officer", "/zh-hans").open(path)
        officer.done(officer.step("collect_consents"))
        officer.done(officer.step("convene"))
        officer.done(officer.send("prepare-form"))
        officer.form("circulate-form").locator("input[name=cnc_consent]").check()
        officer.done(officer.send("circulate-form"))
        expect(officer.state).to_have_text(states["agenda_circulated"])

    with on("2027-02-10", 9), browser() as chromium:
        officer = Acting(chromium, base, "sco-officer", "/zh-hans").open(path)
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
