"""The S3-compatible backend of the file store (``SECRETARIAT_STORAGE=s3``, docs/storage.md).

Imported only when that backend is configured: the local folder needs neither boto3 nor this.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from secretariat.core.storage import StorageUnavailableError

logger = logging.getLogger(__name__)


def _not_found(error: ClientError) -> bool:
    meta = error.response.get("ResponseMetadata", {})
    code = str(error.response.get("Error", {}).get("Code", ""))
    return meta.get("HTTPStatusCode") == 404 or code in {"404", "NoSuchKey", "NotFound"}


@contextmanager
def _reaching(action: str, name: str) -> Iterator[None]:
    """Turn the store's failures into ``StorageUnavailableError``; a missing object stays
    ``FileNotFoundError``, as on the file system."""
    try:
        yield
    except ClientError as error:
        if _not_found(error):
            raise FileNotFoundError(f"not in the file store: {name}") from error
        logger.warning("file store refused to %s %s: %s", action, name, error)
        raise StorageUnavailableError() from error
    except BotoCoreError as error:
        logger.warning("file store unreachable to %s %s: %s", action, name, error)
        raise StorageUnavailableError() from error


class ObjectStorage(S3Storage):  # type: ignore[misc]  # django-storages is untyped
    """A private bucket of an S3-compatible store (AWS S3, MinIO, Ceph, Garage, ...).

    Differences from django-storages' ``S3Storage``: objects are never overwritten (a second
    file of the same name gets a new name, as on the file system), never given an ACL (the
    bucket's own policy, private, applies), read into a spooled file (memory up to
    ``max_memory_size``, then disk), and every call is bounded by short timeouts and few
    retries, its failures turned into ``StorageUnavailableError``.
    """

    def get_default_settings(self) -> dict[str, Any]:
        defaults: dict[str, Any] = super().get_default_settings()
        defaults.update(
            file_overwrite=False,
            default_acl=None,
            querystring_auth=True,
            querystring_expire=60,
            max_memory_size=2 * 1024 * 1024,
            connect_timeout=5,
            read_timeout=30,
            max_attempts=3,
        )
        return defaults

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.client_config = Config(
            s3={"addressing_style": self.addressing_style},
            signature_version=self.signature_version,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            retries={"max_attempts": self.max_attempts, "mode": "standard"},
        )

    def _open(self, name: str, mode: str = "rb") -> Any:
        with _reaching("read", name):
            handle = super()._open(name, mode)
            if "r" in mode:
                # Fetch it now, inside the view, not while a response is being streamed.
                handle.file  # noqa: B018
            return handle

    def _save(self, name: str, content: Any) -> str:
        with _reaching("write", name):
            saved: str = super()._save(name, content)
            return saved

    def delete(self, name: str) -> None:
        with _reaching("delete", name):
            super().delete(name)

    def exists(self, name: str) -> bool:
        with _reaching("look up", name):
            found: bool = super().exists(name)
            return found

    def size(self, name: str) -> int:
        with _reaching("measure", name):
            size: int = super().size(name)
            return size

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        with _reaching("list", path):
            listing: tuple[list[str], list[str]] = super().listdir(path)
            return listing
