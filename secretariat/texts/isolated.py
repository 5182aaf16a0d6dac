"""Read a file's text in a child process with CPU, memory and wall-time limits.

A PDF of a few kilobytes can hold a CPU for minutes in pypdf's layout mode (one content
stream drawn on hundreds of pages, thousands of operators each); docx and odt go through
lxml and odfpy. Each is read by ``python -m secretariat.texts.worker``, a fresh interpreter
(no fork of a threaded server: it works the same under gunicorn, runserver and
pytest-xdist), which limits its own CPU time and address space before it reads a byte; the
parent waits at most ``TEXT_EXTRACT_WALL_SECONDS`` and kills it after that. A file read
past the limits is refused with ``upload_too_complex``, in the user's language.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

#: Defaults when the settings do not say (docs/configuration.md).
DEFAULTS: dict[str, int] = {
    "TEXT_EXTRACT_CPU_SECONDS": 20,
    "TEXT_EXTRACT_WALL_SECONDS": 40,
    "TEXT_EXTRACT_MEMORY_BYTES": 1024 * 1024 * 1024,
    "PDF_MAX_PAGES": 500,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


class Outcome:
    """What the child said, or ``too_complex`` when it was stopped."""

    def __init__(self, answer: dict[str, Any] | None) -> None:
        self.answer = answer or {"error": "complex"}

    @property
    def error(self) -> str | None:
        error = self.answer.get("error")
        return None if error is None else str(error)


def read_in_child(kind: str, data: bytes, name: str) -> Outcome:
    """Run the worker on ``data``; ``Outcome.error`` is ``complex`` when a limit stopped it."""
    command = [
        sys.executable,
        "-m",
        "secretariat.texts.worker",
        kind,
        name,
        str(limit("PDF_MAX_PAGES")),
        str(limit("TEXT_EXTRACT_CPU_SECONDS")),
        str(limit("TEXT_EXTRACT_MEMORY_BYTES")),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, arguments not a shell line
            command,
            input=data,
            capture_output=True,
            timeout=limit("TEXT_EXTRACT_WALL_SECONDS"),
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed it
        return Outcome(None)
    if done.returncode != 0:  # killed by the CPU limit (SIGXCPU/SIGKILL), or out of memory
        log.warning(
            "text extraction of %s stopped (exit %s): %s",
            name,
            done.returncode,
            done.stderr.decode(errors="replace")[-500:],
        )
        return Outcome(None)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        return Outcome(None)
    return Outcome(answer if isinstance(answer, dict) else None)
