"""The start page on a phone (390 × 844, in Russian): a login lands on "My work", which fits
the screen's width without sideways scrolling; the header takes one line and the menu opens
behind its "Menu" button (no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from secretariat.accounts.services import delegations_sync
from secretariat.notifications.models import SentEmail
from secretariat.registry.services import reference_load
from tests.browser.pages import PASSWORD, submit
from tests.factories import accounts
from tests.factories.meetings import bcb_extraordinary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_my_work_fits_a_phone_and_its_menu_opens(
    browser: Callable[[], AbstractContextManager[Browser]], live_server: Any
) -> None:
    reference_load()
    delegations_sync()
    accounts.user("bc-officer", "bc_secretariat_officer", "bc-secretariat", password=PASSWORD)
    accounts.user("cn-chair", "np_chair", "np-cn", password=PASSWORD, language="ru")
    accounts.user(
        "sg", "secretary_general", "sco-secretariat", password=PASSWORD, language="zh-hans"
    )
    # Something overdue, something due soon and later, with long names and rule ids.
    bcb_extraordinary("CN", "RU", start="2026-12-20")
    # An e-mail in the log, with a long subject, address and Message-ID.
    SentEmail.objects.create(
        recipient=None,
        address="np-kz-secretariat.very-long-address@business-council.example.org",
        subject="Ответ национальной части «Казахстанская национальная часть Делового совета "
        "ШОС» зафиксирован: Внеочередное заседание Правления Делового совета ШОС",
        kind="consent",
        message_id="<reminder.0123456789abcdef0123456789abcdef@secretariat.local>",
        sent_at=timezone.now(),
        state="sent",
    )

    with browser() as chromium:
        context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="ru-RU")
        page = context.new_page()
        page.goto("/accounts/login/")
        form = page.locator("main form").filter(has=page.locator("#id_password"))
        form.locator("#id_username").fill("cn-chair")
        form.locator("#id_password").fill(PASSWORD)
        assert submit(page, form.locator("button[type=submit]")) == 200
        # A login without ?next= lands on the start page, in the user's language.
        assert page.url.endswith("/ru/work/")
        expect(page.locator("h1")).to_have_text("Мои дела")
        expect(page.locator("#due .work-item").first).to_be_visible()

        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # The header is the brand and the button, on one line.
        expect(page.locator("header.site-header")).not_to_contain_text("{#")
        header = page.locator("header.site-header").bounding_box()
        assert header is not None
        assert header["height"] < PHONE["height"] / 10

        menu = page.locator("label.menu-button")
        nav = page.locator("nav.site-nav")
        expect(menu).to_be_visible()
        expect(menu).to_have_text("Меню")
        expect(nav).to_be_hidden()
        menu.click()
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name="Мои дела")).to_be_visible()
        expect(nav.get_by_role("link", name="Входящие")).to_be_visible()
        expect(nav.get_by_role("link", name="Календарь")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # The keyboard opens and closes it too (the checkbox behind the button).
        menu.click()
        expect(nav).to_be_hidden()
        page.locator("#menu-toggle").focus()
        page.keyboard.press("Space")
        expect(nav).to_be_visible()

        # The BC Secretariat's page (longer lists, other steps) fits as well, and so does the
        # Secretary-General's, with its filters, in Chinese.
        for username, ending in (("bc-officer", "/work/"), ("sg", "/zh-hans/work/")):
            phone = chromium.new_context(base_url=live_server.url, viewport=PHONE)
            other = phone.new_page()
            other.goto("/accounts/login/")
            form = other.locator("main form").filter(has=other.locator("#id_password"))
            form.locator("#id_username").fill(username)
            form.locator("#id_password").fill(PASSWORD)
            assert submit(other, form.locator("button[type=submit]")) == 200
            assert other.url.endswith(ending)
            expect(other.locator(".work-item.is-overdue").first).to_be_visible()
            assert other.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        filters = other.locator("form.work-filters")
        filters.locator("#f-delegation").select_option("bc-secretariat")
        filters.locator("input[name=overdue]").check()
        assert submit(other, filters.locator("button[type=submit]")) == 200
        assert "delegation=bc-secretariat" in other.url
        expect(other.locator("#waiting .work-item").first).to_contain_text("已逾期")
        assert other.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # The inbox, the choices, the e-mail log and a new feed address fit as well.
        for path in ("/inbox/", "/inbox/preferences/", "/inbox/sent/", "/inbox/feeds/"):
            other.goto(f"/zh-hans{path}")
            assert other.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        make = other.locator("main form").filter(has=other.locator("input[value=user]")).first
        assert submit(other, make.locator("button[type=submit]").first) == 200
        expect(other.locator("input[readonly]")).to_be_visible()
        assert other.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
