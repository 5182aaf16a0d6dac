"""What every browser test shares: one password for the users it writes, logging in through
the login page, and submitting a form to wait for the page the server answers with."""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Browser, Locator, Page, Response, expect

#: One password for every user of the browser tests (at least 12 characters, never committed).
PASSWORD = secrets.token_urlsafe(18)
#: The authenticator key (hex) of the users whose role requires a second factor.
TOTP_KEY = secrets.token_hex(20)


def with_authenticator(user: Any) -> None:
    """Give ``user`` a confirmed authenticator app holding TOTP_KEY: a role that requires a
    second factor logs in with its code (write it before the browser opens)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="Browser test", key=TOTP_KEY, confirmed=True)


def _current_code() -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(TOTP_KEY)):06d}"


def _answer(response: Response) -> bool:
    """The page the server answers a form with: a document, after any redirect."""
    return response.request.is_navigation_request() and not 300 <= response.status < 400


def submit(page: Page, button: Locator) -> int:
    """Click a form's button and wait for the page that answers; its HTTP status."""
    with page.expect_response(_answer) as answer:
        button.click()
    page.wait_for_load_state()
    return answer.value.status


def login(chromium: Browser, base_url: str, username: str, next_path: str) -> Page:
    """A fresh browser context for ``username`` (in English), logged in through the login
    page and sent on to ``next_path``."""
    context = chromium.new_context(base_url=base_url, locale="en-GB")
    page = context.new_page()
    page.goto(f"/accounts/login/?{urlencode({'next': next_path})}")
    form = page.locator("main form").filter(has=page.locator("#id_password"))
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(PASSWORD)
    assert submit(page, form.get_by_role("button", name="Log in", exact=True)) == 200
    if "/accounts/login/code/" in page.url:  # the second factor (with_authenticator)
        coded = page.locator("main form").filter(has=page.locator("#id_code"))
        coded.locator("#id_code").fill(_current_code())
        assert submit(page, coded.get_by_role("button", name="Log in", exact=True)) == 200
    expect(page.locator(".user-menu")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))
    return page
