"""The meeting page on a phone: at 390×844 (an ordinary phone held upright), in Russian and in
Chinese, the page never scrolls sideways (tables reflow into one block per row, long names
wrap, forms stack), and at 1280 px wide the tables are still tables.

Two of the demo's meetings: the regular Board meeting, concluded, as the Chinese national
part's chair sees it (an agenda with decisions and positions, deadlines, attendance, history
and the form to sign the minutes), and the extraordinary CMFA meeting as a Secretariat officer
sees it (deadlines, history, the consents and the forms of the next steps and of a
reschedule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from secretariat.accounts.services import demo_users_ensure
from secretariat.meetings.demo import demo_meetings_ensure
from secretariat.registry.services import reference_load
from tests.browser.pages import PASSWORD, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = ViewportSize(width=390, height=844)
DESKTOP = ViewportSize(width=1280, height=900)
#: Each page's language prefix and a word the page must show in that language.
LANGUAGES = {"ru": "История", "zh-hans": "变更记录"}


def widest(page: Page) -> int:
    """How wide the page's content is: more than the window means sideways scrolling."""
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


def overflowing(page: Page) -> list[str]:
    """The elements reaching past the window's right edge (for the failure's message)."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 12)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                 + (e.className && typeof e.className === 'string' ? '.' + e.className : '')
                 + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    return found


def check_phone(page: Page, path: str, word: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(path)
    expect(page.get_by_role("heading", name=word)).to_be_visible()
    assert widest(page) <= PHONE["width"], (path, widest(page), overflowing(page))
    # Each deadline is one block: its day and what must be done are both in the window.
    first = page.locator("table.deadlines tbody tr").first
    box = first.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]


def test_the_meeting_page_fits_a_phone_in_russian_and_chinese_and_a_desktop(
    browser: Callable[[], AbstractContextManager[Browser]], live_server: Any
) -> None:
    reference_load()
    demo_users_ensure(password=PASSWORD)
    made = demo_meetings_ensure(dt.date(2026, 12, 6))
    held, cmfa = made[0], made[2]
    assert held.agenda_items.exists()
    assert held.deadlines.exists()
    assert cmfa.deadlines.exists()
    assert cmfa.transitions.exists()

    with browser() as chromium:
        chair = login(chromium, live_server.url, "np-cn-chair", f"/meetings/{held.pk}/")
        expect(chair.locator("#sign-form")).to_be_attached()
        officer = login(chromium, live_server.url, "officer", f"/meetings/{cmfa.pk}/")
        expect(officer.locator("form.step-form").first).to_be_attached()
        expect(officer.locator("#reschedule-form")).to_be_attached()
        for page, meeting in ((chair, held), (officer, cmfa)):
            for prefix, word in LANGUAGES.items():
                check_phone(page, f"/{prefix}/meetings/{meeting.pk}/", word)
            page.set_viewport_size(DESKTOP)
            page.goto(f"/meetings/{meeting.pk}/")
            assert widest(page) <= DESKTOP["width"], overflowing(page)
            # At desktop width a table is a table: the header row shows, cells side by side.
            expect(page.locator("table.deadlines thead")).to_be_visible()
            cells = page.locator("table.deadlines tbody tr").first.locator("td")
            first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
            assert first is not None
            assert second is not None
            assert abs(first["y"] - second["y"]) < 2
            assert second["x"] > first["x"]
