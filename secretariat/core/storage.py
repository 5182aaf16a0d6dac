"""Where uploaded files and certified copies are kept: the local folder or an object store.

Every file the Secretariat keeps (drafts' files, originals' scans, certified copies, press and
mission files) is a ``FileField`` written and read through Django's storage API, so the backend
is a setting (``SECRETARIAT_STORAGE``, docs/storage.md): the folder ``MEDIA_ROOT`` by default,
or a private bucket of an S3-compatible store through django-storages
(``secretariat.core.object_storage.ObjectStorage``).

A file is never served by the store itself: pages and the API read it through the storage
after their access checks (``stored_bytes``, ``stored_response``), so a bucket needs no public
access and no signed URL ever leaves the application.

When the store cannot be reached (network, credentials, a missing bucket), the backend raises
``StorageUnavailableError``: a 503 with a stable code and a message in the reader's language,
mapped like every other refusal (an HTML page or the API's ``{"code", "message"}``, audited).
Raised inside a service's transaction, it rolls the row back: no row names a file that was
not stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from secretariat.core.errors import SecretariatError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class StorageUnavailableError(SecretariatError):
    """The file store cannot be reached or refuses us: the installation's fault, not the user's."""

    status = 503
    code = "storage_unavailable"

    def __init__(self) -> None:
        super().__init__(
            _(
                "The file store cannot be reached, so the file could not be saved or read. "
                "Nothing was changed. Try again later; if it persists, tell an administrator."
            )
        )


class StoredFileMissingError(SecretariatError):
    """A file a record names is not in the store (lost, or not restored with the database)."""

    status = 500
    code = "stored_file_missing"

    def __init__(self) -> None:
        super().__init__(
            _("The stored file is missing from the file store. An administrator must restore it.")
        )


def _name(field: FieldFile) -> str:
    if not field.name:
        raise StoredFileMissingError()
    return str(field.name)


def _stored(field: FieldFile, read: Callable[[FieldFile], T]) -> T:
    try:
        return read(field)
    except FileNotFoundError as missing:
        logger.error("a stored file is missing: %s", field.name)
        raise StoredFileMissingError() from missing


def stored_bytes(field: FieldFile) -> bytes:
    """The whole content of a stored file (one a page or the API has checked access to)."""

    def read(f: FieldFile) -> bytes:
        with f.storage.open(_name(f), "rb") as handle:
            data: bytes = handle.read()
        return data

    return _stored(field, read)


def stored_response(field: FieldFile, *, filename: str) -> FileResponse:
    """A download of a stored file, streamed from the store in blocks, as an attachment.

    Call it only after the view's access check: the store itself is never exposed."""
    handle = _stored(field, lambda f: f.storage.open(_name(f), "rb"))
    return FileResponse(handle, as_attachment=True, filename=filename)
