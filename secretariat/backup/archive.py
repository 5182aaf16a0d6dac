"""The archive: a tar file of members and, last, ``manifest.json`` naming each member's
SHA-256 and size, so a damaged or cut-short archive is found before anything is restored."""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from secretariat.backup import errors
from secretariat.backup.errors import BackupError

MANIFEST = "manifest.json"
FORMAT = 1
_CHUNK = 1024 * 1024


class Writer:
    """Members added one by one to ``path`` (made 0600: it holds the signing keys)."""

    def __init__(self, path: Path) -> None:
        self.members: dict[str, dict[str, Any]] = {}
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._tar = tarfile.open(  # noqa: SIM115  # closed by close() or abort()
            fileobj=self._file, mode="w", format=tarfile.PAX_FORMAT
        )

    def add(self, name: str, stream: IO[bytes], size: int, *, mode: int = 0o600) -> None:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = mode
        info.mtime = int(time.time())
        hashing = _Hashing(stream)
        self._tar.addfile(info, hashing)
        if hashing.read_bytes != size:
            raise BackupError(errors.ARCHIVE_CORRUPT, f"{name} changed while it was copied.")
        self.members[name] = {"sha256": hashing.digest.hexdigest(), "size": size}

    def close(self, manifest: dict[str, Any]) -> None:
        manifest = {**manifest, "members": self.members}
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mode = 0o600
        info.mtime = int(time.time())
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def abort(self) -> None:
        self._tar.close()
        self._file.close()


def unpack(path: Path, into: Path) -> dict[str, Any]:
    """Check every member against the manifest and write it under ``into``; return the manifest.

    Only names the manifest lists are written, and only below ``into``.
    """
    seen: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(path, mode="r:*") as tar:
            for info in tar:
                if info.name == MANIFEST:
                    manifest = _manifest(_read(tar, info).read())
                    continue
                name = _safe(info)
                handle = _read(tar, info)
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                seen[name] = {"sha256": digest.hexdigest(), "size": info.size}
    except FileNotFoundError:
        raise BackupError(errors.ARCHIVE_CORRUPT, f"{path}: no such file.") from None
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(
            errors.ARCHIVE_CORRUPT, f"{path} is not a whole backup archive ({exc})."
        ) from None
    if manifest is None:
        raise BackupError(
            errors.MANIFEST_INVALID, f"{path} has no {MANIFEST}: it is cut short or not a backup."
        )
    listed = manifest["members"]
    for name in sorted(set(listed) | set(seen)):
        if name not in seen:
            raise BackupError(errors.CHECKSUM_MISMATCH, f"{name} is listed but missing.")
        if name not in listed:
            raise BackupError(errors.CHECKSUM_MISMATCH, f"{name} is in the archive, not listed.")
        if seen[name] != listed[name]:
            raise BackupError(
                errors.CHECKSUM_MISMATCH, f"{name} differs from its checksum: it was altered."
            )
    return manifest


def members_under(manifest: dict[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    """(name without the prefix, member name) of every member below ``prefix/``."""
    for name in sorted(manifest["members"]):
        if name.startswith(prefix + "/"):
            yield name[len(prefix) + 1 :], name


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except ValueError:
        raise BackupError(errors.MANIFEST_INVALID, f"{MANIFEST} is not JSON.") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("members"), dict):
        raise BackupError(errors.MANIFEST_INVALID, f"{MANIFEST} lists no members.")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            errors.MANIFEST_INVALID,
            f"archive format {manifest.get('format')!r}: this version reads format {FORMAT}.",
        )
    shapes = {"migrations": dict, "counts": dict, "heads": dict, "vendor": str, "made_at": str}
    if wrong := sorted(k for k, kind in shapes.items() if not isinstance(manifest.get(k), kind)):
        raise BackupError(errors.MANIFEST_INVALID, f"{MANIFEST} lacks {', '.join(wrong)}.")
    manifest.setdefault("version", "")
    manifest.setdefault("commit", "")
    return manifest


def _read(tar: tarfile.TarFile, info: tarfile.TarInfo) -> IO[bytes]:
    handle = tar.extractfile(info)
    if handle is None:
        raise BackupError(errors.ARCHIVE_CORRUPT, f"unexpected member {info.name!r}.")
    return handle


def _safe(info: tarfile.TarInfo) -> str:
    name = posixpath.normpath(info.name)
    if not info.isfile() or name.startswith(("/", "../")) or name in {".", ".."}:
        raise BackupError(errors.ARCHIVE_CORRUPT, f"unexpected member {info.name!r}.")
    return name


class _Hashing(io.RawIOBase):
    """A stream read through, hashing and counting what is read."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.digest = hashlib.sha256()
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.digest.update(data)
        self.read_bytes += len(data)
        return data

    def readable(self) -> bool:
        return True
