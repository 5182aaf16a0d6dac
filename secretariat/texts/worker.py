"""The child process that reads an uploaded file's text, within limits set on itself.

``python -m secretariat.texts.worker KIND NAME MAX_PAGES CPU_SECONDS MEMORY_BYTES`` reads
the file's bytes from stdin and writes one JSON object to stdout: ``{"paragraphs": [...],
"pages": n}``, or ``{"error": "encrypted" | "pages" | "memory" | "corrupt"}`` (``pages``
with ``"found"``, the number of pages). Past its CPU time the kernel ends it (SIGXCPU,
then SIGKILL); past its memory an allocation fails. ``secretariat.texts.isolated`` starts
it, waits for it no longer than its wall-time limit, and tells the user what happened.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
from typing import Any


def _limit(cpu_seconds: int, memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def run(kind: str, name: str, max_pages: int, data: bytes) -> dict[str, Any]:
    """Read ``data`` (here, in this process): what the parent is sent back."""
    from django.conf import settings

    if not settings.configured:
        # The readers' messages are never rendered here: only their kind is sent back.
        settings.configure(USE_I18N=False)
    from secretariat.texts import extract

    if kind not in extract.FORMAT_NAMES:
        return {"error": "corrupt"}
    try:
        paragraphs, pages = extract.read_paragraphs(kind, data, name, max_pages=max_pages)
    except extract.UploadEncryptedError:
        return {"error": "encrypted"}
    except extract.UploadTooManyPagesError as exc:
        return {"error": "pages", "found": exc.params["pages"]}
    except MemoryError:
        return {"error": "memory"}
    except (Exception, SystemExit):  # any reader's failure is a damaged file to the user
        return {"error": "corrupt"}
    return {"paragraphs": paragraphs, "pages": pages}


def main(argv: list[str]) -> int:
    kind, name, max_pages, cpu_seconds, memory_bytes = argv
    _limit(int(cpu_seconds), int(memory_bytes))
    data = sys.stdin.buffer.read()
    # A reader that prints (odfpy's parser does, on broken XML) must not spoil the answer.
    with contextlib.redirect_stdout(sys.stderr):
        answer = run(kind, name, int(max_pages), data)
    json.dump(answer, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
