"""The steps of `make run` that fill the database, read from the Makefile (the one place they
are written): tests that load the demo as a newcomer sees it follow it, and a step added there
reaches them."""

from __future__ import annotations

from pathlib import Path

MAKEFILE = Path(__file__).resolve().parent.parent / "Makefile"


def make_run_steps() -> list[tuple[str, ...]]:
    """Each ``secretariat`` command of the ``run`` target, in its order, but the worker and the
    server it starts at the end."""
    recipe = MAKEFILE.read_text().split("\nrun: install\n", 1)[1].split("\n\n", 1)[0]
    return [
        tuple(line.split("$(BIN)/secretariat ", 1)[1].split())
        for line in recipe.splitlines()
        if line.startswith("\t$(BIN)/secretariat ")
        and " worker " not in line
        and " serve " not in line
    ]
