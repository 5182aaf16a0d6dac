"""Search in a real browser: a visitor finds the public regulations with the words marked; a
Secretariat officer finds a draft the visitor does not, and narrows it down with a filter."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from secretariat.accounts.services import delegations_sync
from secretariat.databank.services import seeds_import
from secretariat.registry.services import reference_load
from tests.browser.pages import PASSWORD, login, submit
from tests.factories import accounts
from tests.factories.documents import board_draft
from tests.factories.meetings import held_board_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_from_the_page_as_a_visitor_and_as_the_secretariat(
    browser: Callable[[], AbstractContextManager[Browser]],
    live_server: Any,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    reference_load()
    delegations_sync()
    seeds_import()
    accounts.user("officer", "secretariat_officer", "sco-secretariat", password=PASSWORD)
    draft = board_draft(held_board_meeting())

    with browser() as chromium:
        visitor = chromium.new_context(base_url=live_server.url, locale="en-GB").new_page()
        visitor.goto("/databank/")
        visitor.locator("#id_q").fill("заверенных копий")
        assert submit(visitor, visitor.get_by_role("button", name="Search", exact=True)) == 200
        first = visitor.locator("li.result").first
        expect(first.locator("mark").first).to_have_text("заверенных")
        expect(first.locator("a").first).to_have_attribute(
            "href", "/databank/sources/001_f2b3b639556f710e/#p6"
        )

        visitor.goto("/databank/?q=energy+club&kind=document")
        expect(visitor.locator("#result-count")).to_contain_text("0 results")

        officer = login(chromium, live_server.url, "officer", "/databank/")
        officer.locator("#id_q").fill("энергетическом клубе")
        assert submit(officer, officer.get_by_role("button", name="Search", exact=True)) == 200
        result = officer.locator(f'li.result[data-key="document:{draft.pk}"]')
        expect(result).to_be_visible()
        expect(result.locator(".languages")).to_contain_text("English")
        expect(result.locator(".languages")).to_contain_text("Chinese")

        officer.locator("summary").click()
        officer.locator("input[name=kind][value=meeting]").check()
        assert submit(officer, officer.get_by_role("button", name="Search", exact=True)) == 200
        expect(officer.locator(f'li.result[data-key="document:{draft.pk}"]')).to_have_count(0)
