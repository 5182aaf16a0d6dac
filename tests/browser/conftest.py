"""Fixtures of the browser tests: Debian's Chromium, driven headless by Playwright.

Nothing is downloaded: Playwright launches /usr/bin/chromium, which `.ci/ensure-packages`
installs when it is missing (`make test` and `.ci/run` call it). The pages are served by
pytest-django's ``live_server``, so these tests run on a transactional database.

Django's ORM refuses to run in a thread where Playwright's sync API keeps its event loop
(``SynchronousOnlyOperation``). DJANGO_ALLOW_ASYNC_UNSAFE is not set: a test writes its rows
first, then opens the browser (``with browser() as chromium:``), and reads the database again
only after closing it. The live server answers in its own threads, where the ORM is at home.

When a step fails inside the ``with`` block, every open page is saved into var/browser/ as a
screenshot and as HTML, and the failure names the files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, expect, sync_playwright

#: Debian's package `chromium`; Playwright's own browsers are never installed.
CHROMIUM = Path("/usr/bin/chromium")
#: How long an action or an assertion waits for the page, in milliseconds.
TIMEOUT_MS = 15_000


def _save_pages(chromium: Browser, name: str) -> list[Path]:
    """Save a screenshot and the HTML of every open page; the paths written."""
    folder = Path(settings.VAR_DIR) / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    pages = [page for context in chromium.contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        stem = folder / f"{name}-{number}"
        try:
            page.screenshot(path=stem.with_suffix(".png"), full_page=True)
            stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
        except Exception:  # noqa: S112  # a page that cannot be saved must not hide the failure
            continue
        saved += [stem.with_suffix(".png"), stem.with_suffix(".html")]
    return saved


@contextmanager
def _chromium(name: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            yield chromium
        except Exception as exc:
            saved = _save_pages(chromium, name)
            exc.add_note("Pages saved: " + (", ".join(map(str, saved)) or "none"))
            raise
        finally:
            chromium.close()


@pytest.fixture
def browser(live_server: Any, request: pytest.FixtureRequest) -> Callable[[], Any]:
    """Open headless Chromium for the test (a context manager): ``with browser() as b:``.

    Each user gets a context of their own (``b.new_context(base_url=live_server.url)``), so
    cookies and sessions never mix.
    """
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/ensure-packages (make test does).")
    name = re.sub(r"[^\w.-]+", "_", request.node.name)

    def open_browser() -> AbstractContextManager[Browser]:
        return _chromium(name)

    return open_browser
