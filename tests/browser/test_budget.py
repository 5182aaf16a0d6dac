"""The budget in a real browser: the finance officer records spending on the year's budget;
a negative amount is refused with its reason and nothing is recorded; spending past an
article's amount is recorded and the article is marked over."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from secretariat.accounts.services import delegations_sync
from secretariat.budget.demo import demo_budget_ensure
from secretariat.budget.models import Spending
from secretariat.registry.services import reference_load
from tests.browser.pages import PASSWORD, login, submit, with_authenticator
from tests.factories import accounts
from tests.said import rule_said

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_spending_is_recorded_refused_when_negative_and_marked_over_the_article(
    browser: Callable[[], AbstractContextManager[Browser]], live_server: Any
) -> None:
    reference_load()
    delegations_sync()
    with_authenticator(
        accounts.user("finance", "secretariat_finance", "sco-secretariat", password=PASSWORD)
    )
    budget = demo_budget_ensure().budget
    assert budget is not None
    article = budget.articles.get(code="4")
    over = article.amount * 2
    before = Spending.objects.count()

    with browser() as chromium:
        page = login(chromium, live_server.url, "finance", f"/budget/{budget.pk}/")
        form = page.locator("#spending-form")

        def record(amount: str) -> int:
            form.locator("select[name=article]").select_option("4")
            form.locator("input[name=amount]").fill(amount)
            form.locator("input[name=spent_on]").fill(f"{budget.year}-06-01")
            form.locator("input[name=description_en]").fill("Conference hall (browser test)")
            return submit(page, form.get_by_role("button", name="Record the spending"))

        assert record("-5.00") == 400
        expect(page.get_by_role("alert").first).to_contain_text("cannot be negative")
        # The rule cited by its source and paragraph, never by its id.
        expect(page.get_by_role("alert").first).to_contain_text(rule_said("SEC-BUDGET", "en"))
        assert record(str(over)) == 200
        code = page.locator("td:first-child", has_text=re.compile(r"^4$"))
        row = page.locator("table.execution tbody tr").filter(has=code)
        expect(row).to_have_class("over")
        expect(row).to_contain_text("over the article")

    assert Spending.objects.count() == before + 1
    assert Spending.objects.filter(article=article, amount=over).exists()
