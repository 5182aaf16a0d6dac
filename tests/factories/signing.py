"""The development signing key the tests sign with, made in a temporary directory."""

from __future__ import annotations

from typing import Any


def use_keys(settings: Any, directory: Any) -> None:
    """Point the signing settings at a development key made in ``directory``."""
    from secretariat.signing.keys import keys_init
    from tests.signing.conftest import use_keys as use_key_files

    use_key_files(settings, keys_init(directory))
