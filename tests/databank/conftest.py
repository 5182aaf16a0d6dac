from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from secretariat.databank.search import outbox
from secretariat.databank.search.engine import SearchIndex


@pytest.fixture
def search_index(settings: Any, tmp_path: Path) -> SearchIndex:
    """A fresh, empty search index for one test (ids are reused between tests)."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    return outbox.search_index()
