"""Writing a file whole or not at all.

Several processes of a host read files another rewrites (the translation catalogues, the
search index's schema file): a file written in place can be read half-written or empty.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename:
    a reader sees the old file or the new one, never part of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fileobj:
            fileobj.write(data)
        os.chmod(tmp, 0o644)  # as a plain write would make it (catalogues are public text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
