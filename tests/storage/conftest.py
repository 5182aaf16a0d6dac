"""The object store of the storage tests: one S3-compatible server process per test session
(per pytest-xdist worker), a fresh bucket for each test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.storage.s3server import S3Server, free_port, s3_server, storage_options


@pytest.fixture(scope="session")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


@dataclass(frozen=True)
class Store:
    server: S3Server
    bucket: str
    #: MEDIA_ROOT during the test: the local folder, which must stay empty.
    media: Path

    def objects(self) -> list[str]:
        return self.server.keys(self.bucket)

    def get(self, key: str) -> bytes:
        return self.server.get(self.bucket, key)

    def files_on_disk(self) -> list[Path]:
        return [p for p in self.media.rglob("*") if p.is_file()] if self.media.exists() else []


@pytest.fixture
def store(s3: S3Server, settings: Any, tmp_path: Path) -> Store:
    """settings.STORAGES["default"] is the object store, in a new bucket; MEDIA_ROOT is an
    empty folder of this test (nothing may land there)."""
    bucket = s3.new_bucket()
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {**settings.STORAGES, "default": storage_options(s3.endpoint, bucket)}
    return Store(s3, bucket, tmp_path / "files")


@pytest.fixture
def unreachable_store(settings: Any, tmp_path: Path) -> Path:
    """settings.STORAGES["default"] is an object store on a port where nothing listens."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_options(
            f"http://127.0.0.1:{free_port()}", "nowhere", connect_timeout=1, max_attempts=1
        ),
    }
    return tmp_path / "files"
