"""A healthy installation for the readiness checks: a search index, a file folder, signing
keys and a worker that has just reported, each in this test's own folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from secretariat.databank.search.engine import SearchIndex
from secretariat.health import checks, heartbeat
from secretariat.signing.keys import KeyFiles, keys_init

#: The token of the tests (settings.HEALTH_TOKEN).
TOKEN = "health-test-token-0123456789"  # noqa: S105  # a test's own token


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeyFiles:
    return keys_init(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def healthy(settings: Any, tmp_path: Path, keys: KeyFiles, db: None) -> Iterator[Any]:
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    SearchIndex(settings.SEARCH_INDEX_DIR)  # an index, as `databank reindex` leaves it
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.SIGNING_PKCS11_MODULE = ""
    settings.SIGNING_PKCS12 = keys.pkcs12
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_PASSPHRASE_FILE = keys.passphrase
    settings.HEALTH_TOKEN = TOKEN
    settings.HEALTH_ALLOWED_NETWORKS = ["127.0.0.1/32", "::1/128"]
    heartbeat.beat("host-a:101", poll=5.0)
    checks.forget_signing()
    yield settings
    checks.forget_signing()
