"""Warming a web process (secretariat/web/warm.py, called by deploy/gunicorn.conf.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connections
from django.template import engines

from secretariat.databank.search import analysis
from secretariat.web import warm


def _cached_templates() -> set[str]:
    loaders = engines["django"].engine.template_loaders  # type: ignore[attr-defined]
    cached = [loader for loader in loaders if hasattr(loader, "get_template_cache")]
    assert cached, "the cached template loader is not in use"
    return {name for loader in cached for name in loader.get_template_cache}


def test_every_template_is_found() -> None:
    names = warm.template_names()
    assert "web/base.html" in names
    assert all(name.endswith(".html") and not name.startswith("/") for name in names)


@pytest.mark.django_db(transaction=True)
def test_the_master_compiles_every_template_and_asks_the_database_nothing(
    django_assert_num_queries: Any,
) -> None:
    # A connection the master opened would be shared by every forked worker.
    with django_assert_num_queries(0):
        took = warm.warm_master()
    assert set(took) == {"urls", "translations", "templates"}
    assert set(warm.template_names()) <= _cached_templates()


@pytest.mark.django_db(transaction=True)
def test_a_worker_warms_each_application_and_closes_its_connection(
    settings: Any,
) -> None:
    analysis._segmenter.cache_clear()
    took = warm.warm_worker()
    assert set(took) == {path.removeprefix("secretariat.") for path in settings.WARM_UP}
    assert analysis._segmenter.cache_info().currsize == 1  # jieba's dictionary is loaded
    # (SQLite's in-memory test database cannot be closed; PostgreSQL's connection is.)
    assert all(
        connection.connection is None
        for connection in connections.all()
        if not (connection.vendor == "sqlite" and connection.is_in_memory_db())  # type: ignore[attr-defined]
    )


def test_the_master_loads_every_languages_catalogues() -> None:
    from django.utils.translation import trans_real

    trans_real._translations.clear()  # type: ignore[attr-defined]
    warm.warm_master()
    assert {"en", "ru", "zh-hans"} <= set(trans_real._translations)  # type: ignore[attr-defined]
