"""Warming a web process before it takes requests (deploy/gunicorn.conf.py calls these).

A process's first request otherwise pays for everything loaded on first use: the URL
patterns and the views they import, the translation catalogues, each template's compilation,
jieba's dictionary, the embedding model, the stored meaning vectors. Measured on the 10-minute
load (docs/bench-load.md), a cold worker took its first requests in 1 to 5 s; a worker
replaced after ``max_requests`` paid it again, while its users waited.

Two halves, because gunicorn loads the application once in its master and forks the workers
from it (``preload_app``):

- :func:`warm_master` runs in the master, before any worker is forked: only what is safe to
  share through a fork. It opens no database connection, no thread pool and no index (a
  connection or a lock inherited by several processes is corrupted by the first to use it).
- :func:`warm_worker` runs in each worker before its first request: what needs the database
  or threads of its own (``settings.WARM_UP``: each app's own warming, e.g. the search's
  index, model and vectors), then closes the connections it opened.

Each returns the seconds each step took, for the log.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template.loader import get_template
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation
from django.utils.module_loading import import_string

#: The project's own applications: their templates are compiled once (not Django's admin's
#: or other libraries', which the public and the users' pages do not show).
PROJECT = Path(__file__).resolve().parent.parent


def _urls() -> None:
    resolver = get_resolver()
    # Populating the resolver imports every view module and builds its reverse table.
    resolver.reverse_dict  # noqa: B018 - computed on first access


def _translations() -> None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # activating a language loads its catalogues
            pass


def template_names() -> list[str]:
    """Every template the project's installed applications ship, by the name the loader
    finds it under (the folders are the app directories loader's own)."""
    names = []
    for folder in get_app_template_dirs("templates"):
        if not folder.is_relative_to(PROJECT):
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix == ".html":
                names.append(path.relative_to(folder).as_posix())
    return names


def _templates() -> None:
    for name in template_names():
        get_template(name)  # the cached loader keeps the compiled template


def _timed(steps: list[tuple[str, Callable[[], object]]]) -> dict[str, float]:
    took: dict[str, float] = {}
    for name, step in steps:
        started = time.perf_counter()
        step()
        took[name] = round(time.perf_counter() - started, 3)
    return took


def warm_master() -> dict[str, float]:
    """What every worker would load on first use and can share through a fork."""
    took = _timed([("urls", _urls), ("translations", _translations), ("templates", _templates)])
    connections.close_all()  # nothing above should connect; a fork must not share one
    return took


def warm_worker() -> dict[str, float]:
    """Each application's own warming (``settings.WARM_UP``), in this worker."""
    try:
        return _timed(
            [(path.removeprefix("secretariat."), import_string(path)) for path in settings.WARM_UP]
        )
    finally:
        connections.close_all()
