"""Fixtures for the whole suite."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.clock import FROZEN_AT
from tests.notifications.support import MailStore, smtp_server

#: When this process started its tests, on the monotonic clock (which is never frozen).
_STARTED = time.monotonic()


@pytest.fixture(scope="module", autouse=True)
def frozen_time(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test module runs at FROZEN_AT (tests/clock.py), its module-scoped set-up
    included, unless it is marked ``real_time`` (``pytestmark = pytest.mark.real_time``).

    The clock ticks on (``tick=True``): timestamps still order rows, and code that waits or
    measures time works (monotonic clocks are never moved). Each module starts where the
    previous one left off (FROZEN_AT plus the time this process has been running tests), so
    the clock never goes back: the audit chain, which outlives a module, checks that its
    entries' times are in order. Processes the tests start (the CLI, the worker, Chromium,
    pdfsig) keep the real clock."""
    if request.node.get_closest_marker("real_time") is not None:
        yield
        return
    at = FROZEN_AT + dt.timedelta(seconds=time.monotonic() - _STARTED)
    with time_machine.travel(at, tick=True):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Hash test passwords quickly: the real hasher is slow on purpose, dozens of times over."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _session_search_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("search-index")


@pytest.fixture(scope="session")
def _session_media_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("files")


@pytest.fixture(autouse=True)
def media_dir(settings: Any, _session_media_dir: Any) -> None:
    """Uploaded files of the suite go to a temporary directory of this process (one per
    pytest-xdist worker), never into var/files, whose files `make run` serves. Tests that
    look at the files they wrote set a fresh one themselves (``tmp_path``)."""
    settings.MEDIA_ROOT = _session_media_dir


@pytest.fixture(autouse=True)
def search_dir(settings: Any, _session_search_dir: Any) -> None:
    """The search index of the suite lives in a temporary directory, never in var/search
    (whose index `make run` serves). Tests that search take a fresh one: ``search_index``."""
    settings.SEARCH_INDEX_DIR = _session_search_dir
    # Embeddings cost tens of milliseconds a piece: only the tests of meaning turn them on.
    settings.SEARCH_MEANING = False


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: database ids are reused between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def no_rate_limits(settings: Any) -> None:
    """The suite calls pages thousands of times from one address: the rate limits of
    anonymous callers are off, except in the tests of tests/limits that turn them on."""
    settings.RATELIMIT_ENABLED = False


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts and ends in the default language: one that activates another (a page
    under /zh-hans/, a command in the user's language) must not leak it into the next test,
    whose URLs would then carry that language's prefix."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def mail(settings: Any) -> Iterator[MailStore]:
    """A local SMTP server (aiosmtpd) on a free port; EMAIL_* point at it (the notifications'
    tests and the browser walks read what arrives)."""
    store = MailStore()
    with smtp_server(store) as (host, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = host
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield store


@pytest.fixture(autouse=True)
def logins_with_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """``client.force_login(user)`` stands for a whole login: for a user whose role requires a
    second factor (settings.SECRETARIAT_TWO_FACTOR_ROLES), the session is also marked verified
    with a confirmed authenticator device, as the login page's code step does. Tests of the
    password step alone use tests.accounts.support.password_only."""
    from django.test import Client

    from tests.accounts.support import force_login_with_second_factor

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)
