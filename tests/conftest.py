"""Fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Hash test passwords quickly: the real hasher is slow on purpose, dozens of times over."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _session_search_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("search-index")


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
def default_language() -> Iterator[None]:
    """Each test starts and ends in the default language: one that activates another (a page
    under /zh-hans/, a command in the user's language) must not leak it into the next test,
    whose URLs would then carry that language's prefix."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
