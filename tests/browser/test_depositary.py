"""The depositary in a real browser: an original entered with its scan, certified copies made
and signed, one handed over and downloaded, then verified by anyone on the public page (and
an altered copy refused there)."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
import typst
from playwright.sync_api import Browser, Page, expect

from secretariat.accounts.services import delegations_sync
from secretariat.depositary.models import CertifiedCopy, Original
from secretariat.depositary.services import register_verify
from secretariat.documents.models import Document
from secretariat.registry.services import reference_load
from tests.browser.pages import PASSWORD, login, submit, with_authenticator
from tests.factories import accounts, decisions
from tests.factories.signing import use_keys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def adopted_document() -> Document:
    """The registry, an adopted Board decision's document and the depositary officer."""
    reference_load()
    delegations_sync()
    with_authenticator(
        accounts.user("depositary", "secretariat_depositary", "sco-secretariat", password=PASSWORD)
    )
    return decisions.adopted_document()


def scan() -> bytes:
    pdf = typst.compile(b"The original, page 1\n#pagebreak()\npage 2", ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf


def verify_on_the_public_page(page: Page, pdf: bytes, name: str) -> None:
    page.goto("/depositary/verify/")
    page.set_input_files(
        "#verify-form input[name=file]",
        files=[{"name": name, "mimeType": "application/pdf", "buffer": pdf}],
    )
    assert submit(page, page.locator("#verify-form button[type=submit]")) == 200


def test_a_certified_copy_made_on_the_pages_is_verified_by_anyone_and_an_altered_one_is_not(
    browser: Callable[[], AbstractContextManager[Browser]],
    live_server: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    use_keys(settings, tmp_path / "keys")
    settings.MEDIA_ROOT = tmp_path / "files"
    document = adopted_document()
    # The ORM stays out of the browser's thread (conftest): values are read beforehand.
    title = document.title_en

    with browser() as chromium:
        page = login(chromium, live_server.url, "depositary", "/depositary/")
        form = page.locator("#original-form")
        form.locator("select[name=document]").select_option(label=title)
        form.locator("input[name=storage_location_en]").fill("Strongroom 1, shelf 4")
        page.set_input_files(
            "#original-form input[name=scan]",
            files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": scan()}],
        )
        assert submit(page, form.locator("button[type=submit]")) == 200
        expect(page.locator("h1")).to_contain_text(re.compile(r"SCO-DEP-\d{4}-0001"))

        assert submit(page, page.locator("#copies-form button")) == 200
        rows = page.locator("table.copies tbody tr")
        expect(rows).to_have_count(10)
        kazakhstan = rows.filter(has_text="/KZ")
        assert submit(page, kazakhstan.get_by_role("button", name="Record")) == 200
        kazakhstan = page.locator("table.copies tbody tr").filter(has_text="/KZ")
        expect(kazakhstan.locator("time")).to_have_count(1)
        with page.expect_download() as download:
            kazakhstan.get_by_role("link").click()
        copy = Path(download.value.path()).read_bytes()

        anyone = chromium.new_context(base_url=live_server.url, locale="en-GB").new_page()
        verify_on_the_public_page(anyone, copy, "copy.pdf")
        expect(anyone.locator("#verdict")).to_contain_text("Authentic")
        expect(anyone.locator("#verdict")).to_contain_text("/KZ")
        altered = bytearray(copy)
        altered[len(altered) // 3] ^= 0x01
        verify_on_the_public_page(anyone, bytes(altered), "altered.pdf")
        expect(anyone.locator("#verdict")).to_contain_text("Not valid")

    original = Original.objects.get()
    assert original.pages == 2
    assert CertifiedCopy.objects.filter(original=original).count() == 10
    assert CertifiedCopy.objects.get(copy_number__endswith="/KZ").dispatched_on is not None
    assert register_verify().intact
