"""An extraordinary Board meeting walked in a real browser, from the appeal to the distributed
minutes, stage by stage, with time frozen and moved forward as the days pass.

Each stage runs inside its own ``with on(day), browser() as chromium:`` block (the ORM is not
used while the browser is open; see conftest.py), so a test can look at the database, the
inboxes and the mail between two stages. ``test_procedures_in_their_language`` walks it to
check the procedure; ``test_who_is_told`` walks it to check who is told what after each stage.

- Two national parts send a joint appeal (each joins the initiative itself); the BC Secretariat
  registers it and informs the parts (late, and the page says so); two parts reply; the replies
  are relayed, the meeting convened, the agenda circulated; the session cannot open before its
  first day, then opens, decides, closes; each part's head signs the frozen minutes and the BC
  Secretariat sends them out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import time_machine
from playwright.sync_api import Browser, Locator, expect

from secretariat.accounts.models import Delegation
from secretariat.accounts.services import delegations_sync
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Lang
from secretariat.procedure.workflows import workflows
from secretariat.registry.services import reference_load
from tests.browser.pages import PASSWORD, submit
from tests.factories import accounts
from tests.said import day_said

PARTS = ("CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY")
SIXTEEN_FROM_SIX = {"CN": 3, "RU": 3, "KZ": 3, "KG": 3, "TJ": 3, "UZ": 1}
BEIJING = ZoneInfo("Asia/Shanghai")
MOSCOW = ZoneInfo("Europe/Moscow")
#: A user's language -> the prefix of the pages in it, and the key of the rulebook's names.
PREFIX = {"en": "", "ru": "/ru", "zh-hans": "/zh-hans"}
SHORT: dict[str, Lang] = {"en": "en", "ru": "ru", "zh-hans": "zh"}
LOCALE = {"en": "en-GB", "ru": "ru-RU", "zh-hans": "zh-CN"}


@contextmanager
def on(day: str, hour: int = 10, zone: ZoneInfo = BEIJING) -> Iterator[None]:
    """The clock moved forward to ``day`` at ``hour`` (ticking on from there)."""
    instant = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=zone)
    with time_machine.travel(instant, tick=True):
        yield


def names(kind: str, lang: Lang) -> tuple[dict[str, str], dict[str, str]]:
    """Each step's and each state's name in ``lang`` (en, ru, zh), as the page says them."""
    workflow = workflows(rulebook()).get(kind)
    steps = {t.event: t.name[lang] for t in workflow.transitions}
    states = {code: name[lang] for code, name in workflow.states.items()}
    return steps, states


class Acting:
    """One user's browser page, in the user's language."""

    def __init__(
        self, chromium: Browser, base_url: str, username: str, language: str = "ru"
    ) -> None:
        self.language = language
        self.prefix = PREFIX[language]
        self.steps, self.states = names("bcb-extraordinary", SHORT[language])
        self.page = chromium.new_context(base_url=base_url, locale=LOCALE[language]).new_page()
        self.page.goto(
            f"{self.prefix}/accounts/login/?{urlencode({'next': f'{self.prefix}/meetings/'})}"
        )
        form = self.page.locator("main form").filter(has=self.page.locator("#id_password"))
        form.locator("#id_username").fill(username)
        form.locator("#id_password").fill(PASSWORD)
        assert submit(self.page, form.locator("button[type=submit]")) == 200
        expect(self.page.locator(".user-menu")).to_be_visible()

    def close(self) -> None:
        self.page.context.close()

    def open(self, path: str) -> Acting:
        self.page.goto(f"{self.prefix}{path}")
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


def cast_board(languages: dict[str, str] | None = None, *, emails: bool = False) -> dict[str, int]:
    """The registry, the delegations, the BC Secretariat's officer and each national part's
    head (``chair-xx``) and secretariat (``sec-xx``); their languages (Russian unless
    ``languages`` says otherwise) and, with ``emails``, an address each. The delegations' ids."""
    reference_load()
    delegations_sync()
    languages = languages or {}

    def user(username: str, role: str, delegation: str) -> None:
        extra = {"email": f"{username}@example.org"} if emails else {}
        language = languages.get(username, "ru")
        accounts.user(username, role, delegation, password=PASSWORD, language=language, **extra)

    user("bc-officer", "bc_secretariat_officer", "bc-secretariat")
    for state in PARTS:
        code = state.lower()
        user(f"chair-{code}", "np_chair", f"np-{code}")
        user(f"sec-{code}", "np_secretariat", f"np-{code}")
    return dict(Delegation.objects.values_list("code", "pk"))


@dataclass
class BoardWalk:
    """The walk's state between stages: who acts in which language, and the meeting's path."""

    base: str
    ids: dict[str, int]
    languages: dict[str, str] = field(default_factory=dict)
    path: str = ""

    def acting(self, chromium: Browser, username: str) -> Acting:
        return Acting(chromium, self.base, username, self.languages.get(username, "ru"))

    # --- the stages, in order ------------------------------------------------------------

    def open_initiative(self, chromium: Browser) -> None:
        """6 December 2026: the Chinese part opens the initiative, naming the Russian part."""
        cn = self.acting(chromium, "chair-cn")
        cn.page.goto(f"{cn.prefix}/meetings/new/extraordinary/")
        form = cn.page.locator("main form.stacked")
        expect(form.locator("#id_body option")).to_have_count(1)  # the Board only
        form.locator("#id_proposed_start").fill("2027-01-20")
        form.locator("#id_proposed_end").fill("2027-01-21")
        form.locator(f"#id_subject_{SHORT[cn.language]}").fill(
            {"ru": "Энергетический клуб ШОС", "zh": "上合组织能源俱乐部"}.get(
                SHORT[cn.language], "The SCO Energy Club"
            )
        )
        form.locator(f"input[name=initiators][value='{self.ids['np-ru']}']").check()
        expect(form.locator(f"input[name=initiators][value='{self.ids['ru']}']")).to_have_count(0)
        form.locator("#id_venue_city_ru").fill("Бишкек")
        assert submit(cn.page, form.locator("button[type=submit]")) == 200
        expect(cn.page).to_have_url(re.compile(r"/meetings/\d+/$"))
        self.path = re.sub(r"^https?://[^/]+(/ru|/zh-hans)?", "", cn.page.url)
        expect(cn.state).to_have_text(cn.states["initiative"])
        if cn.language == "ru":
            expect(cn.page.locator("ul.initiators")).to_contain_text(
                "присоединение ещё не подтверждено"
            )

    def join(self, chromium: Browser) -> None:
        """The Russian part joins the joint appeal itself, the same day."""
        ru = self.acting(chromium, "chair-ru").open(self.path)
        ru.done(ru.send("join-form"))
        expect(ru.page.locator("ul.initiators")).not_to_contain_text("ещё не подтверждено")

    def register(self, chromium: Browser) -> None:
        """The BC Secretariat registers the appeal, received that day."""
        officer = self.acting(chromium, "bc-officer").open(self.path)
        officer.speaks("ru", ENGLISH)
        officer.done(officer.step("receive_appeal", on_day="2026-12-06"))
        expect(officer.state).to_have_text(officer.states["appeal_received"])

    def inform(self, chromium: Browser) -> None:
        """Informed on 14 December, three days after BCB-EXTRA-INFORM-5D's latest day."""
        officer = self.acting(chromium, "bc-officer").open(self.path)
        row = officer.page.locator("table.deadlines tr.overdue")
        expect(row).to_contain_text("BCB-EXTRA-INFORM-5D")
        officer.done(officer.step("inform", on_day="2026-12-14"))
        inform = officer.page.locator("table.deadlines tbody tr").filter(
            has_text="BCB-EXTRA-INFORM-5D"
        )
        expect(inform.locator(".badge.late")).to_contain_text("с опозданием")
        expect(officer.page.locator("table.history")).to_contain_text("С опозданием на 3 дня")

    def reply(self, chromium: Browser) -> None:
        """Two parts' secretariats reply for their own parts."""
        for code, answer in (("cn", "agree"), ("ru", "comments")):
            secretary = self.acting(chromium, f"sec-{code}").open(self.path)
            form = secretary.form("reply-form")
            form.locator(f"input[name=answer][value={answer}]").check()
            form.locator("textarea[name=text]").fill("Поддерживаем проведение заседания.")
            secretary.done(secretary.send("reply-form"))
            secretary.close()

    def convene(self, chromium: Browser) -> None:
        """The reply deadline passed: the collection closes, the replies go to the Board, the
        meeting is convened."""
        officer = self.acting(chromium, "bc-officer").open(self.path)
        expect(officer.page.locator("table.replies tbody tr")).to_have_count(2)
        for event in ("collect_replies", "relay", "convene"):
            officer.done(officer.step(event))
        expect(officer.state).to_have_text(officer.states["convened"])

    def circulate(self, chromium: Browser) -> None:
        """A proposal received, the agenda prepared and circulated, the attendance recorded;
        the session cannot open fifteen days before its first day, and the page says so."""
        officer = self.acting(chromium, "bc-officer").open(self.path)
        form = officer.form("received-form")
        form.locator("#id_delegation").select_option(str(self.ids["np-cn"]))
        form.locator("#id_received_on").fill("2027-01-05")
        form.locator("#id_title_ru").fill("План работы до следующего заседания")
        form.locator("#id_title_zh").fill("至下次会议的工作计划")
        officer.done(officer.send("received-form"))
        officer.done(officer.send("prepare-form"))
        expect(officer.page.locator("ol.agenda > li")).to_have_count(1)
        expect(officer.form("circulate-form").locator("input[name=cnc_consent]")).to_have_count(0)
        officer.done(officer.send("circulate-form"))
        expect(officer.state).to_have_text(officer.states["agenda_circulated"])
        for state, count in SIXTEEN_FROM_SIX.items():
            form = officer.form("attendance-form")
            form.locator("#id_delegation").select_option(str(self.ids[f"np-{state.lower()}"]))
            form.locator("#id_members_present").fill(str(count))
            form.locator("#id_chair_present").check()
            officer.done(officer.send("attendance-form"))
        opening = officer.form("step-open_session")
        expect(opening.locator("button[type=submit]")).to_be_disabled()
        # The first day as the officer's language writes it in a sentence.
        first_day = re.compile(
            "|".join(day_said("2027-01-20", lang) for lang in ("en", "ru", "zh"))
        )
        expect(opening.locator(".warning")).to_contain_text(first_day)

    def session(self, chromium: Browser) -> None:
        """The first day, 09:00 in Moscow: the session opens and decides its one item."""
        officer = self.acting(chromium, "bc-officer").open(self.path)
        officer.done(officer.step("open_session"))
        expect(officer.state).to_have_text(officer.states["in_session"])
        for code in ("np-cn", "np-ru"):
            form = officer.form("position-form")
            form.locator("#id_number").fill("1")
            form.locator("#id_delegation").select_option(str(self.ids[code]))
            form.locator("#id_position").select_option("support")
            officer.done(officer.send("position-form"))
        item = officer.page.locator("ol.agenda > li[data-item='1']")
        officer.done(submit(officer.page, item.locator("form button[type=submit]").first))
        expect(item.locator("p.ok")).to_be_visible()

    def conclude(self, chromium: Browser) -> None:
        """The last day, 17:00 in Moscow: the session closes; the minutes await signatures."""
        officer = self.acting(chromium, "bc-officer").open(self.path)
        officer.done(officer.step("conclude"))
        expect(officer.state).to_have_text(officer.states["concluded"])
        expect(officer.form("step-sign_minutes")).to_have_count(0)  # no officer's click

    def sign(self, chromium: Browser) -> None:
        """Each part's head signs the frozen minutes."""
        for state in PARTS:
            head = self.acting(chromium, f"chair-{state.lower()}").open(self.path)
            expect(head.page.locator("#minutes-to-sign")).to_be_visible()
            head.done(head.send("sign-form"))
            expect(head.form("sign-form")).to_have_count(0)
            head.close()
        officer = self.acting(chromium, "bc-officer").open(self.path)
        expect(officer.state).to_have_text(officer.states["minutes_signed"])
        expect(officer.page.locator("table.signatures tbody tr")).to_have_count(len(PARTS))

    def distribute(self, chromium: Browser) -> None:
        """The BC Secretariat sends the minutes out."""
        officer = self.acting(chromium, "bc-officer").open(self.path)
        form = officer.form("distribute-form")
        form.locator("#id_sent_on").fill("2027-01-22")
        form.locator("#id_method").select_option("sent")
        officer.done(officer.send("distribute-form"))
        expect(officer.state).to_have_text(officer.states["minutes_distributed"])
        officer.speaks("ru", ENGLISH)
        assert officer.steps["distribute_minutes"] in (
            officer.page.locator("table.history").inner_text()
        )

    def stages(
        self,
    ) -> list[tuple[str, tuple[str, int, ZoneInfo] | None, Callable[[Browser], None]]]:
        """Each stage's name, its moment (day, hour, zone; None: now) and what is done then."""
        return [
            # The first day is the tests' frozen one (tests/clock.py): its clock runs on.
            ("open_initiative", None, self.open_initiative),
            ("join", None, self.join),
            ("register", None, self.register),
            ("inform", ("2026-12-14", 10, BEIJING), self.inform),
            ("reply", ("2026-12-16", 10, BEIJING), self.reply),
            ("convene", ("2026-12-25", 10, BEIJING), self.convene),
            ("circulate", ("2027-01-05", 10, BEIJING), self.circulate),
            ("session", ("2027-01-20", 9, MOSCOW), self.session),
            ("conclude", ("2027-01-21", 17, MOSCOW), self.conclude),
            ("sign", ("2027-01-21", 18, MOSCOW), self.sign),
            ("distribute", ("2027-01-22", 10, BEIJING), self.distribute),
        ]

    def walk(
        self,
        browser: Callable[[], AbstractContextManager[Browser]],
        after: Callable[[str], None] | None = None,
    ) -> None:
        """Every stage on its day, each in its own browser; ``after(stage)`` between them."""
        for name, moment, stage in self.stages():
            with on(*moment) if moment else contextlib.nullcontext():
                with browser() as chromium:
                    stage(chromium)
                if after is not None:
                    after(name)
