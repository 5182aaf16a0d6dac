"""Issue 17 in a real browser, for a Russian and a Chinese user: a form's date field comes up
filled and is sent as it is; an address without a language prefix keeps the reader's
language; amounts are grouped as the language groups them; Chinese text is drawn with the
font the site serves (a computer without CJK fonts would otherwise show empty boxes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from secretariat.accounts.services import delegations_sync
from secretariat.budget.demo import demo_budget_ensure
from secretariat.budget.models import Spending
from secretariat.meetings.models import Meeting
from secretariat.registry.services import reference_load
from tests.browser.board import BoardWalk, cast_board
from tests.browser.pages import PASSWORD, login, submit, with_authenticator
from tests.factories import accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: «2 250 000,00 USD»: groups of three after a (no-break) space, a decimal comma, the code.
RUSSIAN_MONEY = re.compile(r"^\d{1,3}([\s\u00a0]\d{3})+,\d{2}[\s\u00a0][A-Z]{3}$")
#: «2,250,000.00»: an amount of a table whose heading names the currency.
CHINESE_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})+\.\d{2}$")
FONT_FAMILY = "Secretariat Noto Sans SC"


def _finance_officer(username: str, language: str) -> int:
    """A finance officer speaking ``language`` and the year's demo budget; its id."""
    reference_load()
    delegations_sync()
    with_authenticator(
        accounts.user(
            username,
            "secretariat_finance",
            "sco-secretariat",
            password=PASSWORD,
            language=language,
        )
    )
    budget = demo_budget_ensure().budget
    assert budget is not None
    return budget.pk


def _drawn_with_the_sites_font(page: Page, selector: str) -> bool:
    """Whether Chromium drew ``selector``'s text with a web font (not a system one)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return any(f["isCustomFont"] and f["glyphCount"] > 0 for f in fonts)


def test_a_chinese_page_is_drawn_with_the_bundled_font_its_amounts_grouped_its_date_filled(
    browser: Callable[[], AbstractContextManager[Browser]], live_server: Any
) -> None:
    budget_id = _finance_officer("wang-caiwu", "zh-hans")
    before = Spending.objects.count()

    with browser() as chromium:
        page = login(chromium, live_server.url, "wang-caiwu", f"/budget/{budget_id}/")
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

        statuses = page.evaluate(
            """async (family) => {
                await document.fonts.ready;
                return [...document.fonts]
                    .filter((face) => face.family.replaceAll('"', "") === family)
                    .map((face) => face.status);
            }""",
            FONT_FAMILY,
        )
        assert statuses == ["loaded"]
        assert page.evaluate(
            "(family) => document.fonts.check(`16px \"${family}\"`, '上海合作组织')", FONT_FAMILY
        )
        assert _drawn_with_the_sites_font(page, "header .brand")

        total = page.locator("table.execution tfoot th.money").first
        expect(total).to_have_text(CHINESE_AMOUNT)

        form = page.locator("#spending-form")
        spent_on = form.locator("input[name=spent_on]")
        expect(spent_on).to_have_value(ISO_DAY)
        day = spent_on.input_value()
        form.locator("select[name=article]").select_option("4")
        form.locator("input[name=amount]").fill("1250.00")
        form.locator("input[name=description_zh]").fill("会议室（浏览器测试）")
        assert submit(page, form.locator("button[type=submit]")) == 200

    assert Spending.objects.count() == before + 1
    assert Spending.objects.latest("pk").spent_on.isoformat() == day


def test_a_russian_reader_following_an_unprefixed_link_stays_in_russian_with_grouped_money(
    browser: Callable[[], AbstractContextManager[Browser]], live_server: Any
) -> None:
    _finance_officer("ivanova", "ru")

    with browser() as chromium:
        page = login(chromium, live_server.url, "ivanova", "/work/")
        # A bookmark, or a link a colleague pasted: the English address, without /ru/.
        page.goto("/budget/")
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        expect(page.locator("nav.site-nav a[href='/ru/budget/']")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("Budget")
        expect(page.locator("table td.money").first).to_have_text(RUSSIAN_MONEY)


class _DistributionAsOffered(BoardWalk):
    """The board walk, the minutes sent out on the day the form offers (not typed in)."""

    offered: str = ""

    def distribute(self, chromium: Browser) -> None:
        officer = self.acting(chromium, "bc-officer").open(self.path)
        form = officer.form("distribute-form")
        sent_on = form.locator("#id_sent_on")
        expect(sent_on).to_have_value(ISO_DAY)  # in Russian it came up empty (06.12.2026)
        self.offered = sent_on.input_value()
        form.locator("#id_method").select_option("sent")
        officer.done(officer.send("distribute-form"))
        expect(officer.state).to_have_text(officer.states["minutes_distributed"])


def test_a_russian_officer_sends_the_minutes_out_on_the_day_the_form_comes_up_with(
    browser: Callable[[], AbstractContextManager[Browser]], live_server: Any
) -> None:
    walk = _DistributionAsOffered(base=str(live_server.url), ids=cast_board())
    walk.walk(browser)

    meeting = Meeting.objects.get(pk=int(walk.path.strip("/").rsplit("/", 1)[-1]))
    assert meeting.state == "minutes_distributed"
    sent = {d.sent_on.isoformat() for d in meeting.distribution.all()}
    assert sent == {walk.offered}
